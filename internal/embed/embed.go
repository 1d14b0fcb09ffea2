// Package embed tells what a video URL written by an editor points to, and
// how to show it without letting the reader's browser ask another host for
// anything before the reader chooses to play it.
//
// # Hosts
//
//	YouTube   youtube.com/watch?v=ID, youtu.be/ID, youtube.com/embed/ID,
//	          youtube.com/shorts/ID, youtube.com/live/ID; played from
//	          youtube-nocookie.com
//	Vimeo     vimeo.com/ID, player.vimeo.com/video/ID; played with dnt=1
//	PeerTube  any host's /w/ID, /videos/watch/ID or /videos/embed/ID
//	a file    a path or URL ending in .mp4, .webm, .ogv, .ogg or .mov
//
// A start time (t=90, t=1m30s, start=90) is kept.
package embed

import (
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Video is what a video URL points to.
type Video struct {
	Provider string // "YouTube", "Vimeo", "PeerTube" or "" for a file
	Host     string // the host that serves it, as readers know it ("youtube.com")
	ID       string
	Watch    string // the page to watch it on (a plain link, without JavaScript)
	Embed    string // the player to load in a frame once the reader asks; "" for a file
	File     string // for a file: its URL as written
	Start    int    // seconds
}

// IsFile reports whether the video is a file played by the browser itself.
func (v Video) IsFile() bool { return v.File != "" }

var (
	youtubeID = regexp.MustCompile(`^[A-Za-z0-9_-]{6,20}$`)
	vimeoID   = regexp.MustCompile(`^[0-9]{3,12}$`)
	peertube  = regexp.MustCompile(`^/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{6,40})/?$`)
)

// Parse returns what s points to: a URL, or a bare YouTube or Vimeo ID
// when provider is "youtube" or "vimeo" (Hugo's {{< youtube ID >}}).
func Parse(s, provider string) (Video, error) {
	s = strings.TrimSpace(s)
	switch provider {
	case "youtube":
		if youtubeID.MatchString(s) {
			return youtube(s, 0), nil
		}
	case "vimeo":
		if vimeoID.MatchString(s) {
			return vimeo(s, 0), nil
		}
	}
	if s == "" {
		return Video{}, fmt.Errorf("no video given (want a YouTube, Vimeo or PeerTube URL, or a video file)")
	}
	u, err := url.Parse(s)
	if err != nil {
		return Video{}, fmt.Errorf("%q is not a URL (want a YouTube, Vimeo or PeerTube URL, or a video file)", s)
	}
	switch strings.ToLower(path.Ext(u.Path)) {
	case ".mp4", ".webm", ".ogv", ".ogg", ".mov", ".m4v":
		return Video{File: s, Host: u.Hostname()}, nil
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return Video{}, fmt.Errorf("%q is neither a video file nor a web address (want https://...)", s)
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	host = strings.TrimPrefix(host, "m.")
	start := startTime(u.Query())
	switch host {
	case "youtube.com", "youtube-nocookie.com":
		id := u.Query().Get("v")
		for _, p := range []string{"/embed/", "/shorts/", "/live/", "/v/"} {
			if rest, ok := strings.CutPrefix(u.Path, p); ok {
				id = strings.Trim(rest, "/")
			}
		}
		if youtubeID.MatchString(id) {
			return youtube(id, start), nil
		}
	case "youtu.be":
		if id := strings.Trim(u.Path, "/"); youtubeID.MatchString(id) {
			return youtube(id, start), nil
		}
	case "vimeo.com", "player.vimeo.com":
		id := path.Base(strings.TrimSuffix(u.Path, "/"))
		if vimeoID.MatchString(id) {
			return vimeo(id, start), nil
		}
	default:
		if m := peertube.FindStringSubmatch(u.Path); m != nil {
			origin := u.Scheme + "://" + u.Host
			v := Video{Provider: "PeerTube", Host: u.Hostname(), ID: m[1], Start: start,
				Watch: origin + "/w/" + m[1], Embed: origin + "/videos/embed/" + m[1] + "?autoplay=1"}
			if start > 0 {
				v.Embed += "&start=" + strconv.Itoa(start) + "s"
			}
			return v, nil
		}
		return Video{}, fmt.Errorf("%q is not a video this site can show (want a YouTube, Vimeo or PeerTube address, or a video file)", s)
	}
	return Video{}, fmt.Errorf("%q does not name a video (want the address of the video's page)", s)
}

func youtube(id string, start int) Video {
	v := Video{Provider: "YouTube", Host: "youtube.com", ID: id, Start: start,
		Watch: "https://www.youtube.com/watch?v=" + id,
		Embed: "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1"}
	if start > 0 {
		v.Watch += "&t=" + strconv.Itoa(start) + "s"
		v.Embed += "&start=" + strconv.Itoa(start)
	}
	return v
}

func vimeo(id string, start int) Video {
	v := Video{Provider: "Vimeo", Host: "vimeo.com", ID: id, Start: start,
		Watch: "https://vimeo.com/" + id,
		Embed: "https://player.vimeo.com/video/" + id + "?autoplay=1&dnt=1"}
	if start > 0 {
		v.Watch += "#t=" + strconv.Itoa(start) + "s"
		v.Embed += "#t=" + strconv.Itoa(start) + "s"
	}
	return v
}

var duration = regexp.MustCompile(`^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$`)

// startTime reads t= or start= (90, 90s, 1m30s, 1h2m3s).
func startTime(q url.Values) int {
	s := q.Get("t")
	if s == "" {
		s = q.Get("start")
	}
	m := duration.FindStringSubmatch(s)
	if s == "" || m == nil {
		return 0
	}
	n := 0
	for i, mul := range []int{3600, 60, 1} {
		if v, err := strconv.Atoi(m[i+1]); err == nil {
			n += v * mul
		}
	}
	return n
}
