package alliance

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// processSetters are the functions that change what the whole process does
// (its GC target, threads, environment, working folder, signals, default
// logger), by import path; processVars are the variables that do when they
// are assigned (profiling rate, time zone, HTTP defaults).
var processSetters = map[string][]string{
	"runtime/debug": {"SetGCPercent", "SetMemoryLimit", "SetMaxThreads", "SetMaxStack", "SetPanicOnFault", "SetTraceback"},
	"runtime":       {"GOMAXPROCS", "SetBlockProfileRate", "SetMutexProfileFraction", "SetCPUProfileRate", "LockOSThread"},
	"os":            {"Setenv", "Unsetenv", "Clearenv", "Chdir"},
	"syscall":       {"Umask", "Setrlimit", "Setenv", "Chdir"},
	"os/signal":     {"Notify", "Ignore", "Reset", "NotifyContext"},
	"log":           {"SetOutput", "SetFlags", "SetPrefix", "SetDefault"},
	"log/slog":      {"SetDefault", "SetLogLoggerLevel"},
	"mime":          {"AddExtensionType"},
	"net/http":      {"Handle", "HandleFunc"},
}

var processVars = map[string][]string{
	"runtime":  {"MemProfileRate"},
	"time":     {"Local", "UTC"},
	"net/http": {"DefaultClient", "DefaultTransport", "DefaultServeMux"},
}

// TestNoProcessSettings checks that no package of the engine changes
// process-wide settings: only the CLI (internal/cli) and the commands
// (package main) may, since a library cannot know what else runs in the
// process. runtime.GOMAXPROCS(0), which only reads, is allowed.
func TestNoProcessSettings(t *testing.T) {
	fset := token.NewFileSet()
	files := 0
	err := filepath.WalkDir("internal", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (path == filepath.Join("internal", "cli") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		files++
		imports := map[string]string{} // name in the file -> import path
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			name := p[strings.LastIndex(p, "/")+1:]
			if im.Name != nil {
				name = im.Name.Name
			}
			imports[name] = p
		}
		check := func(e ast.Expr, setters map[string][]string) {
			sel, ok := e.(*ast.SelectorExpr)
			if !ok {
				return
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				return
			}
			for _, name := range setters[imports[x.Name]] {
				if sel.Sel.Name == name && !readsGOMAXPROCS(f, sel) {
					t.Errorf("%s: %s.%s changes the whole process; only the CLI may", fset.Position(sel.Pos()), imports[x.Name], name)
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				check(n, processSetters)
			case *ast.AssignStmt:
				for _, l := range n.Lhs {
					check(l, processVars)
				}
			case *ast.UnaryExpr: // &time.Local, handed to something that may set it
				if n.Op == token.AND {
					check(n.X, processVars)
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Fatalf("read only %d files of the engine", files)
	}
}

// readsGOMAXPROCS reports whether sel is runtime.GOMAXPROCS called with 0,
// which reads the setting without changing it.
func readsGOMAXPROCS(f *ast.File, sel *ast.SelectorExpr) bool {
	if sel.Sel.Name != "GOMAXPROCS" {
		return false
	}
	reads := false
	ast.Inspect(f, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && c.Fun == sel && len(c.Args) == 1 {
			if lit, ok := c.Args[0].(*ast.BasicLit); ok && lit.Value == "0" {
				reads = true
			}
		}
		return !reads
	})
	return reads
}
