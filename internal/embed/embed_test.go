package embed

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in, provider       string
		watch, embed, host string
	}{
		{"https://www.youtube.com/watch?v=dQw4w9WgXcQ", "", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "youtube.com"},
		{"https://youtu.be/dQw4w9WgXcQ?t=1m30s", "", "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&start=90", "youtube.com"},
		{"https://m.youtube.com/shorts/dQw4w9WgXcQ", "", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "youtube.com"},
		{"dQw4w9WgXcQ", "youtube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1", "youtube.com"},
		{"https://vimeo.com/76979871", "", "https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1", "vimeo.com"},
		{"76979871", "vimeo", "https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1", "vimeo.com"},
		{"https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "", "https://framatube.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "https://framatube.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d?autoplay=1", "framatube.org"},
		{"https://peertube.example/videos/watch/abcdef12", "", "https://peertube.example/w/abcdef12", "https://peertube.example/videos/embed/abcdef12?autoplay=1", "peertube.example"},
		{"replay.mp4", "", "", "", ""},
	}
	for _, tt := range tests {
		v, err := Parse(tt.in, tt.provider)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if v.Watch != tt.watch || v.Embed != tt.embed || v.Host != tt.host {
			t.Errorf("Parse(%q) = watch %q embed %q host %q, want %q %q %q", tt.in, v.Watch, v.Embed, v.Host, tt.watch, tt.embed, tt.host)
		}
	}
	if v, _ := Parse("replay.mp4", ""); !v.IsFile() || v.File != "replay.mp4" {
		t.Errorf("replay.mp4 is not a file: %+v", v)
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "https://example.org/page", "https://www.youtube.com/watch?v=", "javascript:alert(1)", "ftp://x/y"} {
		if v, err := Parse(in, ""); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", in, v)
		} else if !strings.Contains(err.Error(), "want") {
			t.Errorf("Parse(%q): %v says not what is wanted", in, err)
		}
	}
}
