package testsite

import "iter"

// hugoFiles returns the Hugo twin of the alliance site: the same pages and
// bodies, Hugo front matter, hugo.toml and layouts that do about the same
// work as alliance's default theme (frame with menu, paginated summaries,
// tags, charter by part with previous/next links, events upcoming then past,
// full-content RSS limited to 20 items, sitemap, robots.txt, search index).
func hugoFiles(opt Options) iter.Seq2[string, []byte] {
	return func(yield func(string, []byte) bool) {
		s := plan(opt)
		if !yield("hugo.toml", []byte(hugoTOML)) {
			return
		}
		for _, f := range hugoLayouts {
			if !yield(f.path, []byte(f.text)) {
				return
			}
		}
		for _, ix := range s.indexes() {
			if !yield(ix.path, []byte(ix.alliance())) {
				return
			}
		}
		for _, p := range s.pages {
			if !yield(p.path(), s.render(p, true)) {
				return
			}
		}
	}
}

// hugoTOML is the Hugo configuration. It builds with Hugo 0.111 (Debian) and
// with current Hugo: the pager size is set with [pagination] (Hugo >= 0.128),
// and older Hugo uses its default paginate of 10, which is the same value.
// The deprecated top-level paginate key is left out because current Hugo
// rejects it. buildFuture is on because an event's Hugo date is its start.
const hugoTOML = `baseURL = "https://example.org/"
languageCode = "fr"
defaultContentLanguage = "fr"
title = "Réseau des catalyseurs territoriaux"
buildFuture = true
enableRobotsTXT = true
removePathAccents = true

[pagination]
  pagerSize = 10

[taxonomies]
  tag = "tags"

[outputs]
  home = ["HTML", "RSS", "JSON"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]

[sitemap]
  filename = "sitemap.xml"

[markup.goldmark.renderer]
  unsafe = false

[markup.goldmark.parser]
  autoHeadingID = true
  autoHeadingIDType = "github-ascii"

[markup.goldmark.extensions]
  definitionList = true
  footnote = true
  linkify = true
  strikethrough = true
  table = true
  taskList = true
  typographer = true

[params]
  description = "Site de test généré : actualités, charte du faire alliance et événements."

[[menus.main]]
  name = "Actualités"
  url = "/actualites/"
  weight = 1

[[menus.main]]
  name = "La charte"
  url = "/charte/"
  weight = 2

[[menus.main]]
  name = "Événements"
  url = "/evenements/"
  weight = 3

[[menus.main]]
  name = "Thèmes"
  url = "/tags/"
  weight = 4
`

// hugoLayouts are the Hugo twin's templates and stylesheet. Hugo's PrevInSection
// is the next page in weight order, hence the swap in single.html. Alliance's
// own fields are read through $p: under .Params.params in Hugo < 0.123, merged
// into .Params in later versions.
var hugoLayouts = []struct{ path, text string }{
	{"layouts/_default/baseof.html", `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ with .Summary }}{{ . | plainify | htmlUnescape | truncate 160 }}{{ else }}{{ .Site.Params.description }}{{ end }}">
<link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}" title="{{ $.Site.Title }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header class="site-header">
<a class="site-title" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Site.Menus.main }}<li><a href="{{ .URL | relURL }}">{{ .Name }}</a></li>{{ end }}</ul></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<p>{{ .Site.Title }} · <a href="{{ "/index.xml" | relURL }}">RSS</a> · <a href="{{ "/sitemap.xml" | relURL }}">Plan du site</a></p>
</footer>
</body>
</html>
`},
	{"layouts/partials/meta.html", `{{ $p := .Params }}{{ with .Params.params }}{{ $p = . }}{{ end -}}
<p class="meta">
{{- if eq .Section "evenements" }}{{ with $p.published }}Publié le {{ time.Format ":date_long" . }}{{ end }}
{{- else if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ time.Format ":date_long" .Date }}</time>{{ end }}
{{- with $p.authors }} · par {{ delimit . ", " " et " }}{{ end }}
{{- with .ReadingTime }} · {{ . }} min de lecture{{ end }}</p>
`},
	{"layouts/partials/tags.html", `{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
`},
	{"layouts/partials/summary.html", `<article class="summary">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
{{ partial "meta.html" . }}
<p>{{ .Summary }}</p>
{{ partial "tags.html" . }}
</article>
`},
	{"layouts/partials/pager.html", `{{ if gt .TotalPages 1 }}<nav class="pager">
{{- with .Prev }}<a rel="prev" href="{{ .URL }}">← Précédent</a>{{ end }}
<span>Page {{ .PageNumber }} sur {{ .TotalPages }}</span>
{{- with .Next }}<a rel="next" href="{{ .URL }}">Suivant →</a>{{ end }}</nav>{{ end }}
`},
	{"layouts/partials/event.html", `{{ $p := .Params }}{{ with .Params.params }}{{ $p = . }}{{ end -}}
<dl class="event">
<dt>Date</dt><dd>{{ time.Format ":date_full" $p.start }}, {{ time.Format "15:04" $p.start }}{{ with $p.end }} – {{ time.Format ":date_full" . }}, {{ time.Format "15:04" . }}{{ end }}</dd>
{{ with $p.location }}<dt>Lieu</dt><dd>{{ . }}</dd>{{ end }}
{{ with $p.online }}<dt>En ligne</dt><dd><a href="{{ . }}">{{ . }}</a></dd>{{ end }}
{{ with $p.organizer }}<dt>Organisateur</dt><dd>{{ . }}</dd>{{ end }}
<dt>Tarif</dt><dd>{{ $p.price }}</dd>
{{ with $p.registration }}<dt>Inscription</dt><dd><a href="{{ . }}">{{ if $p.registrationrequired }}S'inscrire (obligatoire){{ else }}S'inscrire{{ end }}</a></dd>{{ end }}
{{ if ne $p.status "scheduled" }}<dt>Statut</dt><dd class="status">{{ if eq $p.status "cancelled" }}Annulé{{ else }}Reporté{{ end }}</dd>{{ end }}
</dl>
`},
	{"layouts/_default/single.html", `{{ define "main" }}
{{ $p := .Params }}{{ with .Params.params }}{{ $p = . }}{{ end -}}
<article class="page">
<h1>{{ .Title }}</h1>
{{ partial "meta.html" . }}
{{ if eq .Section "evenements" }}{{ partial "event.html" . }}{{ end }}
{{ if eq .Section "charte" }}<p class="part">{{ $p.part }} · chapitre {{ .Weight }}</p>{{ end }}
{{ .Content }}
{{ partial "tags.html" . }}
{{ if eq .Section "charte" }}<nav class="prevnext">
{{- with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
{{- with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}</nav>{{ end }}
</article>
{{ end }}
`},
	{"layouts/_default/list.html", `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ if eq .Kind "taxonomy" }}
<ul class="terms">{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ else if eq .Section "charte" }}
{{ range slice "Principes" "Actions collectives" "Moyens" }}{{ $part := . }}
<h2>{{ $part }}</h2>
<ol>{{ range $.Pages.ByWeight }}{{ $p := .Params }}{{ with .Params.params }}{{ $p = . }}{{ end }}{{ if eq $p.part $part }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}</ol>
{{ end }}
{{ else if eq .Section "evenements" }}
{{ $pager := .Paginate (where .Pages "Date" "lt" now).ByDate.Reverse }}
{{ if eq $pager.PageNumber 1 }}<h2>À venir</h2>
{{ range (where .Pages "Date" "ge" now).ByDate }}{{ partial "summary.html" . }}{{ end }}{{ end }}
<h2>Événements passés</h2>
{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ else }}
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
{{ range $pager.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
{{ end }}
`},
	{"layouts/index.html", `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<section><h2>Dernières actualités</h2>
{{ range first 10 (where .Site.RegularPages "Section" "actualites").ByDate.Reverse }}{{ partial "summary.html" . }}{{ end }}
<p><a href="{{ "/actualites/" | relURL }}">Toutes les actualités</a></p></section>
<section><h2>Prochains événements</h2>
<ul>{{ range first 5 (where (where .Site.RegularPages "Section" "evenements") "Date" "ge" now).ByDate }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>, {{ time.Format ":date_full" .Date }}</li>{{ end }}</ul></section>
<section><h2>La charte</h2>
<ul>{{ range slice "Principes" "Actions collectives" "Moyens" }}<li><a href="{{ "/charte/" | relURL }}">{{ . }}</a></li>{{ end }}</ul></section>
{{ end }}
`},
	{"layouts/index.json", `[{{ range $i, $e := .Site.RegularPages }}{{ if $i }},
{{ end }}{{ dict "title" .Title "url" .RelPermalink "summary" (.Summary | plainify) "text" .Plain | jsonify }}{{ end }}]
`},
	{"layouts/_default/rss.xml", `{{- $pages := .Pages -}}{{ if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{ printf "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ .Site.Title }}</title>
<link>{{ .Permalink }}</link>
<description>{{ .Site.Params.description }}</description>
<language>fr</language>
{{ with .OutputFormats.Get "RSS" }}{{ printf "<atom:link href=%q rel=\"self\" type=%q />" .Permalink .MediaType | safeHTML }}{{ end }}
{{ range first 20 $pages.ByDate.Reverse }}<item>
<title>{{ .Title }}</title>
<link>{{ .Permalink }}</link>
<pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
<guid>{{ .Permalink }}</guid>
<description>{{ printf "<![CDATA[%s]]>" .Content | safeHTML }}</description>
</item>
{{ end }}</channel>
</rss>
`},
	{"layouts/404.html", `{{ define "main" }}<h1>Page introuvable</h1><p><a href="{{ "/" | relURL }}">Retour à l'accueil</a></p>{{ end }}
`},
	{"static/css/style.css", `body{font-family:system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:0 1rem;line-height:1.6}
.site-header nav ul{list-style:none;padding:0;display:flex;gap:1rem}
.meta{color:#555;font-size:.9rem}.tags{list-style:none;padding:0;display:flex;gap:.5rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}
.event dt{font-weight:bold}.pager,.prevnext{display:flex;justify-content:space-between}
`},
}
