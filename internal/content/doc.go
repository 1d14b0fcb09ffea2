// Package content loads a site's Markdown files into typed pages and builds
// the indexes that layouts, feeds and calendars read. It produces no HTML.
//
// # Files
//
// Every file content/DIR/**/NAME.md is a page of section DIR, whose kind
// (news, charter, event, or a plain page) comes from site.yaml's sections.
// content/_index.md and content/DIR/_index.md give the home and section pages
// their title and text. Other files under content/ are listed in Site.Files
// for the build to publish (images processed, see package resources).
//
// # Front matter
//
// YAML (---), TOML (+++) or JSON ({) front matter, in UTF-8 with or without
// BOM, with LF or CRLF line ends. Errors name the file and the line of the
// key at fault. A body keeps its line numbers: Page.BodyLine is the line of
// the file where it starts.
//
// # URLs
//
// A page's URL is /DIR/SLUG/, its slug from the slug field or the file name
// (see package slug). Two sources of one URL are an error naming both.
// Drafts, and pages dated after Options.Now, are left out unless asked for;
// an event's start is not a publication date.
//
// # Recurring events
//
// An event with rrule (or rdate) is a series (Event.Series, expanded by
// package rrule in the site's zone); exdate, and the keys of occurrences,
// must name occurrences of it. Assemble gives each series page the event
// at Options.Now: Start, End, Status, Location and Online of its next
// occurrence (the one under way or the next to start, cancelled ones
// skipped; its last once all have passed), and a Schedule of the dates
// listed on its page (config's events.horizon, at most MaxListed). So
// lists, sorting, Upcoming and Site.NextChange treat a series as its next
// occurrence; Event.Base is the event as its file says it, for calendars.
package content
