package email

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// isDataTable says whether a table holds data (it has header cells and is
// not marked as a layout table) rather than lays out an e-mail: layout
// tables read as their cells' content, one after another; data tables as
// rows.
func isDataTable(n *html.Node) bool {
	switch strings.ToLower(strings.TrimSpace(attr(n, "role"))) {
	case "presentation", "none":
		return false
	}
	for _, row := range tableRows(n) {
		for _, cell := range rowCells(row) {
			if cell.DataAtom == atom.Th {
				return true
			}
		}
	}
	return false
}

// tableRows returns the rows of table n, not those of nested tables.
func tableRows(n *html.Node) []*html.Node {
	var rows []*html.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type != html.ElementNode {
			continue
		}
		switch k.DataAtom {
		case atom.Tr:
			rows = append(rows, k)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := k.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

func rowCells(row *html.Node) []*html.Node {
	var cells []*html.Node
	for k := row.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && (k.DataAtom == atom.Td || k.DataAtom == atom.Th) && !skipped(k) {
			cells = append(cells, k)
		}
	}
	return cells
}

// cellText is the content of a cell on one line, its links numbered in the
// text's list.
func (c *textConv) cellText(cell *html.Node) string {
	sub := getTextConv(1<<30, c.links)
	defer putTextConv(sub, true)
	sub.flat = true
	sub.children(cell)
	sub.flush()
	var b strings.Builder
	for l := range bytes.Lines(sub.out) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.Write(l)
		}
	}
	return b.String()
}

// dataTable writes a data table as aligned columns when they fit the
// width:
//
//	Date        | Lieu
//	------------+------
//	2 décembre  | Lyon
//
// and otherwise as one record per row, each cell on a line after its
// column's header ("Lieu : Lyon"), records separated by blank lines.
func (c *textConv) dataTable(n *html.Node) {
	c.block(2)
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == html.ElementNode && k.DataAtom == atom.Caption && !skipped(k) {
			c.children(k)
			c.block(2)
		}
	}
	var header []string
	var rows [][]string
	for i, row := range tableRows(n) {
		cells := rowCells(row)
		texts := make([]string, len(cells))
		allTh := len(cells) > 0
		for j, cell := range cells {
			texts[j] = c.cellText(cell)
			if cell.DataAtom != atom.Th {
				allTh = false
			}
		}
		if i == 0 && allTh {
			header = texts
			continue
		}
		rows = append(rows, texts)
	}
	cols := len(header)
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	widths := make([]int, cols)
	for _, r := range append([][]string{header}, rows...) {
		for j, cell := range r {
			widths[j] = max(widths[j], textWidth(cell))
		}
	}
	total := 3 * (cols - 1)
	for _, w := range widths {
		total += w
	}
	if cols > 1 && total <= c.avail() {
		if header != nil {
			c.emit(gridLine(header, widths))
			rules := make([]string, cols)
			for j, w := range widths {
				rules[j] = strings.Repeat("-", w)
			}
			c.emit(strings.Join(rules, "-+-"))
		}
		for _, r := range rows {
			c.emit(gridLine(r, widths))
		}
		c.block(2)
		return
	}
	for _, r := range rows {
		c.block(2)
		for j, cell := range r {
			if cell == "" {
				continue
			}
			c.block(1)
			if j < len(header) && header[j] != "" {
				c.addWords(header[j] + "\u00a0:")
			}
			c.addWords(cell)
		}
	}
	c.block(2)
}

// addWords adds the space-separated words of s.
func (c *textConv) addWords(s string) {
	c.endWord()
	for w := range strings.SplitSeq(s, " ") {
		if w != "" {
			c.addWord(w, false)
		}
	}
}

func gridLine(cells []string, widths []int) string {
	parts := make([]string, len(widths))
	for j := range widths {
		cell := ""
		if j < len(cells) {
			cell = cells[j]
		}
		parts[j] = cell + strings.Repeat(" ", widths[j]-textWidth(cell))
	}
	return strings.TrimRight(strings.Join(parts, " | "), " ")
}
