// Package data reads a site's data files, as Hugo's .Site.Data has them:
// data/NAME.yaml (or .yml), .json, .toml and .csv, each under its name
// without the extension, folders as nested maps: data/reseau/membres.yaml
// is .Site.Data.reseau.membres.
//
// # Values
//
// YAML, JSON and TOML files give what they hold (maps, lists, texts,
// numbers); a CSV file gives its rows, each a list of texts. A file and a
// folder of the same name, or two files of one name, are an error.
//
// # Errors
//
// A syntax error names the file and line: data/partenaires.yaml:4: ...
package data

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"gopkg.in/yaml.v3"

	"github.com/catalyseurs/alliance/internal/diag"
)

// Dir is the folder of data files in a site.
const Dir = "data"

// Data is what a site's data files hold, and a key that changes whenever
// one of them does.
type Data struct {
	Values map[string]any
	Key    uint64
}

// Load reads every data file under data/ in fsys; a site without the
// folder has no data. Errors come back as a diag.List.
func Load(ctx context.Context, fsys fs.FS) (Data, error) {
	d := Data{Values: map[string]any{}}
	if _, err := fs.Stat(fsys, Dir); err != nil {
		return d, nil
	}
	var files []string
	err := fs.WalkDir(fsys, Dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !e.IsDir() && kind(p) != "" && !strings.HasPrefix(e.Name(), ".") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return d, &diag.Error{Pos: diag.Pos{File: Dir}, Msg: "cannot read the data files: " + err.Error()}
	}
	sort.Strings(files)
	var errs diag.List
	taken := map[string]bool{}
	h := fnv.New64a()
	for _, p := range files {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(diag.Pos{File: p}, "cannot read: "+err.Error(), "")
			continue
		}
		h.Write([]byte(p))
		h.Write([]byte{0})
		h.Write(b)
		h.Write([]byte{0})
		v, err := Parse(p, b)
		if err != nil {
			errs.Append(err)
			continue
		}
		if err := put(d.Values, taken, p, v); err != nil {
			errs.Append(err)
		}
	}
	d.Key = h.Sum64()
	return d, errs.Err()
}

// kind returns the format of a data file by its extension, "" for none.
func kind(p string) string {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml":
		return "yaml"
	case ".json":
		return "json"
	case ".toml":
		return "toml"
	case ".csv":
		return "csv"
	}
	return ""
}

// put places v at the keys file's path makes (data/a/b.yaml: a, b);
// taken notes the keys used so far, each as a file or a folder.
func put(root map[string]any, taken map[string]bool, file string, v any) error {
	rel := strings.TrimPrefix(file, Dir+"/")
	keys := strings.Split(strings.TrimSuffix(rel, path.Ext(rel)), "/")
	clash := func(name string) error {
		return &diag.Error{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf("data: two data files, or a file and a folder, are named %q", name), Want: "one name for each"}
	}
	m := root
	for i, k := range keys[:len(keys)-1] {
		dir := strings.Join(keys[:i+1], "/")
		isDir, ok := taken[dir]
		if ok && !isDir {
			return clash(dir)
		}
		if !ok {
			taken[dir] = true
			m[k] = map[string]any{}
		}
		m = m[k].(map[string]any)
	}
	if _, ok := taken[strings.Join(keys, "/")]; ok {
		return clash(strings.Join(keys, "/"))
	}
	taken[strings.Join(keys, "/")] = false
	m[keys[len(keys)-1]] = v
	return nil
}

// Parse decodes one data file; the error is a *diag.Error with its line.
func Parse(file string, b []byte) (any, error) {
	fail := func(line int, msg string) error {
		return &diag.Error{Pos: diag.Pos{File: file, Line: line}, Msg: "data: " + msg}
	}
	if line := diag.InvalidUTF8(b); line > 0 {
		return nil, fail(line, "the file is not valid UTF-8 (want text saved as UTF-8)")
	}
	switch kind(file) {
	case "yaml":
		var v any
		if err := yaml.Unmarshal(b, &v); err != nil {
			line, msg := yamlLine(err)
			return nil, fail(line, msg)
		}
		return normalize(v), nil
	case "json":
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			var se *json.SyntaxError
			var te *json.UnmarshalTypeError
			switch {
			case errors.As(err, &se):
				return nil, fail(diag.LineAt(b, int(se.Offset)), err.Error())
			case errors.As(err, &te):
				return nil, fail(diag.LineAt(b, int(te.Offset)), err.Error())
			}
			return nil, fail(0, err.Error())
		}
		return v, nil
	case "toml":
		var v map[string]any
		if _, err := toml.Decode(string(b), &v); err != nil {
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, fail(pe.Position.Line, pe.Message)
			}
			return nil, fail(0, err.Error())
		}
		return v, nil
	case "csv":
		r := csv.NewReader(bytes.NewReader(b))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fail(pe.Line, pe.Err.Error())
			}
			return nil, fail(0, err.Error())
		}
		return rows, nil
	}
	return nil, fail(0, "not a data file (want .yaml, .json, .toml or .csv)")
}

// yamlLine splits yaml.v3's "yaml: line 3: did not find..." into its line
// and message.
func yamlLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if n, _ := fmt.Sscanf(msg, "line %d:", &line); n == 1 {
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return line, msg
	}
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return yamlLine(errors.New(te.Errors[0]))
	}
	return 0, msg
}

// normalize turns YAML's map[any]any (keys that are not texts) into
// map[string]any, which layouts index.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			v[k] = normalize(x)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[fmt.Sprint(k)] = normalize(x)
		}
		return m
	case []any:
		for i, x := range v {
			v[i] = normalize(x)
		}
	}
	return v
}
