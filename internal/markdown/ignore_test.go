package markdown

import "testing"

func TestHTMLTextIgnore(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<p>Le replay</p><p class="video-host" data-search-ignore>Vidéo hébergée par YouTube</p>`, "Le replay"},
		{`<a href="x">S’inscrire<span class="visually-hidden" data-search-ignore> (site externe)</span></a> ensuite`, "S’inscrire ensuite"},
		{`<ul data-search-ignore><li><h3><a>Webinaire</a></h3><p>En ligne<br>gratuit</p></li></ul><p>après</p>`, "après"},
		{`<div data-search-ignore=""><div><img src="a.png"><p>cadre</p></div></div>texte`, "texte"},
		{`<video data-search-ignore controls><a href="v.mp4">Télécharger la vidéo</a></video><figcaption>Légende</figcaption>`, "Légende"},
		{`<p data-search-ignore/>garde`, "garde"},
		{`<p data-search-ignore>non <p>encore</p></p>oui`, "oui"},
		{`<p data-search>garde</p>`, "garde"},
		{`<script>x</script><p>texte</p>`, "texte"},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in); got != tt.want {
			t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
