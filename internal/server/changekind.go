package server

import (
	"path"

	"github.com/catalyseurs/alliance/internal/sitefs"
)

// cssOnly reports whether every path is a stylesheet under static/, so that
// tabs can swap their stylesheets instead of reloading.
func cssOnly(paths []string) bool {
	if len(paths) == 0 {
		return false
	}
	for _, p := range paths {
		if sitefs.RoleOf(p) != sitefs.Static || path.Ext(p) != ".css" {
			return false
		}
	}
	return true
}

// buildInputs reports whether any path is an input of the build.
func buildInputs(paths []string) bool {
	for _, p := range paths {
		if r := sitefs.RoleOf(p); r != sitefs.Other && r != sitefs.Archetype {
			return true
		}
	}
	return false
}
