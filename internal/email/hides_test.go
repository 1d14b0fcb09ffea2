package email

import "testing"

// TestHides holds hides to the regular expression it stands for.
func TestHides(t *testing.T) {
	tests := []struct {
		style string
		want  bool
	}{
		{"display:none", true},
		{"DISPLAY : None", true},
		{"color:red;display:none", true},
		{"color:red; display:\tnone !important", true},
		{"display:nonesuch", true}, // as the regular expression says
		{"xdisplay:none", false},
		{"display:block", false},
		{"display:", false},
		{"display", false},
		{"mso-hide:all", true},
		{"font-size:0;mso-hide: ALL", true},
		{"mso-hide:none", false},
		{"diſplay:none", true}, // (?i) folds ſ to s
		{"mso-hide:all;color:é", true},
		{"color:é", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := hides(tc.style); got != tc.want {
			t.Errorf("hides(%q) = %t, want %t", tc.style, got, tc.want)
		}
		if re := displayNone.MatchString(tc.style); re != tc.want {
			t.Errorf("displayNone(%q) = %t, want %t", tc.style, re, tc.want)
		}
	}
}

func FuzzHides(f *testing.F) {
	for _, s := range []string{"display:none", "a;mso-hide : all", "Display:None", "diſplay:none", "display\n:\fnone"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hides(s), displayNone.MatchString(s); got != want {
			t.Errorf("hides(%q) = %t, the regular expression %t", s, got, want)
		}
	})
}
