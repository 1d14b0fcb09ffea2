package templates

import (
	"cmp"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"time"
)

// The functions below are those Hugo layouts use most, with Hugo's names
// and arguments, so that a Hugo user's layouts and partials run.

// hugoFuncs returns them; now is the build's clock.
func hugoFuncs(now time.Time) template.FuncMap {
	return template.FuncMap{
		"safeHTML": func(s any) template.HTML { return template.HTML(fmt.Sprint(s)) },
		"safeURL":  func(s any) template.URL { return template.URL(fmt.Sprint(s)) },
		"safeCSS":  func(s any) template.CSS { return template.CSS(fmt.Sprint(s)) },
		"safeJS":   func(s any) template.JS { return template.JS(fmt.Sprint(s)) },
		"safeHTMLAttr": func(s any) template.HTMLAttr {
			return template.HTMLAttr(fmt.Sprint(s))
		},
		"isset":     isset,
		"where":     where,
		"sort":      sortList,
		"uniq":      uniq,
		"in":        in,
		"hasPrefix": strings.HasPrefix,
		"hasSuffix": strings.HasSuffix,
		"trim":      strings.Trim,
		"split":     strings.Split,
		"delimit":   delimit,
		"last":      last,
		"after":     after,
		"seq":       seq,
		"mul":       func(a, b int) int { return a * b },
		"div":       func(a, b int) (int, error) { return safeDiv(a, b) },
		"mod":       func(a, b int) (int, error) { return safeMod(a, b) },
		"cond":      func(c bool, a, b any) any { return map[bool]any{true: a, false: b}[c] },
		"now":       func() time.Time { return now },
		"humanize":  ucfirst,
		"emojify":   func(s string) string { return s },
		"urlize":    func(s string) string { return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "-") },
		"countwords": func(s any) int {
			return len(strings.Fields(Plainify(s)))
		},
	}
}

func safeDiv(a, b int) (int, error) {
	if b == 0 {
		return 0, fmt.Errorf("div: division by zero")
	}
	return a / b, nil
}

func safeMod(a, b int) (int, error) {
	if b == 0 {
		return 0, fmt.Errorf("mod: division by zero")
	}
	return a % b, nil
}

// isset reports whether a map has a key, or a list an index.
func isset(c any, key any) bool {
	v := indirect(reflect.ValueOf(c))
	switch v.Kind() {
	case reflect.Map:
		k := reflect.ValueOf(key)
		if !k.IsValid() || !k.Type().AssignableTo(v.Type().Key()) {
			if k.IsValid() && k.Kind() == reflect.String && v.Type().Key().Kind() == reflect.String {
				k = k.Convert(v.Type().Key())
			} else {
				return false
			}
		}
		return v.MapIndex(k).IsValid()
	case reflect.Slice, reflect.Array:
		i, ok := key.(int)
		return ok && i >= 0 && i < v.Len()
	}
	return false
}

// indirect follows pointers and interfaces.
func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// field returns the value at a dotted path ("Params.couleur", ".Type") of
// v: struct fields, niladic methods and map keys; invalid when missing.
func field(v reflect.Value, path string) reflect.Value {
	for _, name := range strings.Split(strings.TrimPrefix(path, "."), ".") {
		if name == "" {
			continue
		}
		if m := v.MethodByName(name); m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
			v = m.Call(nil)[0]
			continue
		}
		v = indirect(v)
		switch v.Kind() {
		case reflect.Struct:
			if m := v.Addr().MethodByName(name); v.CanAddr() && m.IsValid() && m.Type().NumIn() == 0 && m.Type().NumOut() >= 1 {
				v = m.Call(nil)[0]
				continue
			}
			v = v.FieldByName(name)
		case reflect.Map:
			k := reflect.ValueOf(name)
			if !k.Type().AssignableTo(v.Type().Key()) {
				return reflect.Value{}
			}
			v = v.MapIndex(k)
		default:
			return reflect.Value{}
		}
		if !v.IsValid() {
			return v
		}
	}
	return v
}

// list returns the elements of a slice or array.
func list(c any, fn string) ([]reflect.Value, error) {
	v := indirect(reflect.ValueOf(c))
	if !v.IsValid() {
		return nil, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("%s wants a list, got %s", fn, typeName(c))
	}
	out := make([]reflect.Value, v.Len())
	for i := range out {
		out[i] = v.Index(i)
	}
	return out, nil
}

// typeName names a value's type for a layout's author: "a page", "a text".
func typeName(v any) string {
	switch v.(type) {
	case nil:
		return "nothing"
	case string:
		return "a text"
	case int, int64, float64:
		return "a number"
	case bool:
		return "true or false"
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Name() {
	case "Page":
		return "a page"
	case "Site":
		return "the site"
	}
	return "a " + t.Kind().String()
}

// where returns the elements of a list whose field at key compares to
// match with op (=, ==, !=, <>, <, <=, >, >=, in, not in, intersect), as
// Hugo's where does: where .Site.RegularPages "Section" "actualites".
func where(c any, key string, args ...any) (any, error) {
	op, match := "==", any(nil)
	switch len(args) {
	case 1:
		match = args[0]
	case 2:
		o, ok := args[0].(string)
		if !ok {
			return nil, fmt.Errorf("where: the operator must be a text such as \"==\" or \"in\"")
		}
		op, match = strings.ToLower(o), args[1]
	default:
		return nil, fmt.Errorf("where wants a list, a key, and a value (or an operator and a value)")
	}
	elems, err := list(c, "where")
	if err != nil {
		return nil, err
	}
	v := reflect.ValueOf(c)
	v = indirect(v)
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), 0, len(elems))
	for _, e := range elems {
		f := field(e, key)
		ok, err := compare(f, op, match)
		if err != nil {
			return nil, fmt.Errorf("where %q %q: %w", key, op, err)
		}
		if ok {
			out = reflect.Append(out, e)
		}
	}
	return out.Interface(), nil
}

// compare compares a field's value with match.
func compare(f reflect.Value, op string, match any) (bool, error) {
	var a any
	if f = indirect(f); f.IsValid() {
		a = f.Interface()
	}
	switch op {
	case "=", "==", "eq":
		return equal(a, match), nil
	case "!=", "<>", "ne":
		return !equal(a, match), nil
	case "in":
		return in(match, a), nil
	case "not in":
		return !in(match, a), nil
	case "intersect":
		for _, x := range anyList(a) {
			if in(match, x) {
				return true, nil
			}
		}
		return false, nil
	case "<", "<=", ">", ">=", "lt", "le", "gt", "ge":
		c, ok := order(a, match)
		if !ok {
			return false, nil
		}
		switch op {
		case "<", "lt":
			return c < 0, nil
		case "<=", "le":
			return c <= 0, nil
		case ">", "gt":
			return c > 0, nil
		}
		return c >= 0, nil
	}
	return false, fmt.Errorf("unknown operator (want =, !=, <, <=, >, >=, in, not in or intersect)")
}

func equal(a, b any) bool {
	if c, ok := order(a, b); ok {
		return c == 0
	}
	return reflect.DeepEqual(a, b)
}

// order compares two numbers, texts or times.
func order(a, b any) (int, bool) {
	if x, ok := number(a); ok {
		if y, ok := number(b); ok {
			return cmp.Compare(x, y), true
		}
	}
	switch x := a.(type) {
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), true
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), true
		}
	}
	return 0, false
}

func number(v any) (float64, bool) {
	switch n := v.(type) {
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// anyList returns a list's elements, or the value alone.
func anyList(v any) []any {
	rv := indirect(reflect.ValueOf(v))
	if !rv.IsValid() {
		return nil
	}
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return []any{v}
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// in reports whether a list holds item, or a text holds a text.
func in(set, item any) bool {
	if s, ok := set.(string); ok {
		sub, ok := item.(string)
		return ok && strings.Contains(s, sub)
	}
	for _, x := range anyList(set) {
		if equal(x, item) {
			return true
		}
	}
	return false
}

// sortList sorts a list, by the field at key when given, "asc" or "desc".
func sortList(c any, args ...any) (any, error) {
	key, desc := "", false
	for i, a := range args {
		s, ok := a.(string)
		if !ok {
			return nil, fmt.Errorf("sort: the key and the order are texts")
		}
		switch {
		case i == len(args)-1 && (s == "asc" || s == "desc") && len(args) == 2 || len(args) == 1 && (s == "asc" || s == "desc"):
			desc = s == "desc"
		default:
			key = s
		}
	}
	elems, err := list(c, "sort")
	if err != nil || elems == nil {
		return c, err
	}
	keyOf := func(e reflect.Value) any {
		if key == "" || key == "value" {
			if e = indirect(e); e.IsValid() {
				return e.Interface()
			}
			return nil
		}
		if f := indirect(field(e, key)); f.IsValid() {
			return f.Interface()
		}
		return nil
	}
	slices.SortStableFunc(elems, func(a, b reflect.Value) int {
		c, _ := order(keyOf(a), keyOf(b))
		if desc {
			return -c
		}
		return c
	})
	v := indirect(reflect.ValueOf(c))
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), len(elems), len(elems))
	for i, e := range elems {
		out.Index(i).Set(e)
	}
	return out.Interface(), nil
}

// uniq returns a list without its repeated elements.
func uniq(c any) (any, error) {
	elems, err := list(c, "uniq")
	if err != nil || elems == nil {
		return c, err
	}
	v := indirect(reflect.ValueOf(c))
	out := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), 0, len(elems))
	var seen []any
	for _, e := range elems {
		x := e.Interface()
		if !slices.ContainsFunc(seen, func(y any) bool { return equal(x, y) }) {
			seen = append(seen, x)
			out = reflect.Append(out, e)
		}
	}
	return out.Interface(), nil
}

// delimit joins a list's elements with sep, and last before the last one.
func delimit(c any, sep string, lastSep ...string) (string, error) {
	elems, err := list(c, "delimit")
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, e := range elems {
		if i > 0 {
			if i == len(elems)-1 && len(lastSep) > 0 {
				b.WriteString(lastSep[0])
			} else {
				b.WriteString(sep)
			}
		}
		fmt.Fprint(&b, e.Interface())
	}
	return b.String(), nil
}

// last returns the last n elements of a list.
func last(n int, c any) (any, error) {
	v := indirect(reflect.ValueOf(c))
	if !v.IsValid() {
		return c, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("last wants a list, got %s", typeName(c))
	}
	return v.Slice(max(0, v.Len()-n), v.Len()).Interface(), nil
}

// after returns a list without its first n elements.
func after(n int, c any) (any, error) {
	v := indirect(reflect.ValueOf(c))
	if !v.IsValid() {
		return c, nil
	}
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return nil, fmt.Errorf("after wants a list, got %s", typeName(c))
	}
	return v.Slice(min(n, v.Len()), v.Len()).Interface(), nil
}

// seq returns 1..n, or from..to.
func seq(args ...int) ([]int, error) {
	from, to := 1, 0
	switch len(args) {
	case 1:
		to = args[0]
	case 2:
		from, to = args[0], args[1]
	default:
		return nil, fmt.Errorf("seq wants one or two numbers")
	}
	if to-from > 100000 {
		return nil, fmt.Errorf("seq: %d numbers is too many", to-from)
	}
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out, nil
}
