package templates

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/catalyseurs/alliance/internal/content"
	"github.com/catalyseurs/alliance/internal/resources"
	"github.com/catalyseurs/alliance/internal/rrule"
)

// SchemaOrg returns the schema.org description (JSON-LD) of a news post,
// an event or the home page, for a <script type="application/ld+json">
// element; other pages have none (""). encoding/json escapes <, > and &,
// so the text cannot close the element. image, when given and not nil, is
// the page's image (its cover, cropped as it is shared).
func SchemaOrg(p *content.Page, image ...*resources.Image) (template.JS, error) {
	var v any
	var img *imageObject
	if len(image) > 0 && image[0] != nil {
		url, err := image[0].Permalink()
		if err != nil {
			return "", err
		}
		img = &imageObject{"ImageObject", url, image[0].Width(), image[0].Height()}
	}
	switch {
	case p.IsPage && p.Type == "news":
		a := newsArticle(p)
		a.Image = img
		v = a
	case p.IsPage && p.Event != nil:
		e := event(p)
		e.Image = img
		v = e
	case p.IsHome:
		s := p.Site
		v = webSite{"https://schema.org", "WebSite", s.Description, s.Language, s.Title, s.BaseURL}
	default:
		return "", nil
	}
	b, err := json.Marshal(v)
	return template.JS(b), err
}

type thing struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

// imageObject is a page's image: its cover, cropped as it is shared.
type imageObject struct {
	Type   string `json:"@type"`
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

type webSite struct {
	Context     string `json:"@context"`
	Type        string `json:"@type"`
	Description string `json:"description"`
	InLanguage  string `json:"inLanguage"`
	Name        string `json:"name"`
	URL         string `json:"url"`
}

type article struct {
	Context       string `json:"@context"`
	Type          string `json:"@type"`
	Headline      string `json:"headline"`
	DatePublished string `json:"datePublished"`
	DateModified  string `json:"dateModified"`
	Author        any    `json:"author"`
	Publisher     struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"publisher"`
	MainEntityOfPage struct {
		ID   string `json:"@id"`
		Type string `json:"@type"`
	} `json:"mainEntityOfPage"`
	URL         string       `json:"url"`
	Description string       `json:"description"`
	InLanguage  string       `json:"inLanguage"`
	Keywords    string       `json:"keywords,omitempty"`
	Image       *imageObject `json:"image,omitempty"`
}

func newsArticle(p *content.Page) article {
	s := p.Site
	a := article{Context: "https://schema.org", Type: "NewsArticle", Headline: p.Title,
		DatePublished: isoDate(p.Date), DateModified: isoDate(p.Date),
		URL: p.Permalink, Description: schemaDescription(p), InLanguage: s.Language,
		Keywords: strings.Join(p.Tags, ", ")}
	if !p.Lastmod.IsZero() {
		a.DateModified = isoDate(p.Lastmod)
	}
	if len(p.Authors) > 0 {
		authors := make([]thing, len(p.Authors))
		for i, n := range p.Authors {
			authors[i] = thing{"Person", n}
		}
		a.Author = authors
	} else {
		name := s.Author.Name
		if name == "" {
			name = s.Title
		}
		a.Author = thing{"Organization", name}
	}
	a.Publisher.Type, a.Publisher.Name, a.Publisher.URL = "Organization", s.Title, s.BaseURL
	a.MainEntityOfPage.ID, a.MainEntityOfPage.Type = p.Permalink, "WebPage"
	return a
}

type place struct {
	Type    string `json:"@type"`
	Address string `json:"address"`
	Name    string `json:"name"`
}

type virtualLocation struct {
	Type string `json:"@type"`
	URL  string `json:"url"`
}

type offer struct {
	Type          string `json:"@type"`
	Availability  string `json:"availability"`
	Price         string `json:"price"`
	PriceCurrency string `json:"priceCurrency"`
	URL           string `json:"url"`
}

type eventLD struct {
	Context             string       `json:"@context"`
	Type                string       `json:"@type"`
	Name                string       `json:"name"`
	StartDate           string       `json:"startDate"`
	EndDate             string       `json:"endDate,omitempty"`
	EventStatus         string       `json:"eventStatus"`
	EventAttendanceMode string       `json:"eventAttendanceMode"`
	Location            any          `json:"location,omitempty"`
	Organizer           *thing       `json:"organizer,omitempty"`
	Offers              *offer       `json:"offers,omitempty"`
	Description         string       `json:"description"`
	URL                 string       `json:"url"`
	InLanguage          string       `json:"inLanguage"`
	EventSchedule       *schedule    `json:"eventSchedule,omitempty"`
	Image               *imageObject `json:"image,omitempty"`
}

// schedule is schema.org's Schedule for a recurring event: its rule as
// schema.org says it (repeatFrequency an ISO 8601 duration, byDay in
// iCalendar's BYDAY syntax, which schema.org accepts as text), its first
// and last dates, its times of day and zone, and its cancelled dates.
type schedule struct {
	Type             string   `json:"@type"`
	StartDate        string   `json:"startDate"`
	EndDate          string   `json:"endDate,omitempty"`
	StartTime        string   `json:"startTime,omitempty"`
	EndTime          string   `json:"endTime,omitempty"`
	RepeatFrequency  string   `json:"repeatFrequency,omitempty"`
	RepeatCount      int      `json:"repeatCount,omitempty"`
	ByDay            []string `json:"byDay,omitempty"`
	ByMonthDay       []int    `json:"byMonthDay,omitempty"`
	ByMonth          []int    `json:"byMonth,omitempty"`
	ExceptDate       []string `json:"exceptDate,omitempty"`
	ScheduleTimezone string   `json:"scheduleTimezone,omitempty"`
}

// eventSchedule returns the Schedule of a series, nil for a single event.
func eventSchedule(e *content.Event) *schedule {
	b := e.Base()
	if b.Series == nil {
		return nil
	}
	set := b.Series.Set
	v := &schedule{Type: "Schedule", StartDate: set.Start.Format(time.DateOnly), ScheduleTimezone: set.Loc.String()}
	if !set.AllDay {
		v.StartTime = set.Start.Format("15:04:05")
		if !set.End.IsZero() {
			v.EndTime = set.End.Format("15:04:05")
		}
	}
	if sc := e.Schedule; sc != nil && sc.Last != nil {
		v.EndDate = sc.Last.Event.Start.Format(time.DateOnly)
	}
	if r := set.Rule; r != nil {
		unit := map[rrule.Freq]string{rrule.Daily: "D", rrule.Weekly: "W", rrule.Monthly: "M", rrule.Yearly: "Y"}[r.Freq]
		v.RepeatFrequency = fmt.Sprintf("P%d%s", r.Interval, unit)
		v.RepeatCount = r.Count
		for _, d := range r.ByDay {
			v.ByDay = append(v.ByDay, d.String())
		}
		v.ByMonthDay = r.ByMonthDay
		for _, m := range r.ByMonth {
			v.ByMonth = append(v.ByMonth, int(m))
		}
	}
	for _, x := range set.ExDates {
		v.ExceptDate = append(v.ExceptDate, x.Format(time.DateOnly))
	}
	for _, c := range b.Series.Changes {
		if c.Status == "cancelled" {
			v.ExceptDate = append(v.ExceptDate, c.Of.Format(time.DateOnly))
		}
	}
	return v
}

func event(p *content.Page) eventLD {
	e := p.Event
	format := "2006-01-02T15:04:05Z07:00"
	if e.AllDay {
		format = "2006-01-02"
	}
	v := eventLD{Context: "https://schema.org", Type: "Event", Name: p.Title, StartDate: e.Start.Format(format),
		EventStatus: "https://schema.org/EventScheduled", EventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
		Description: schemaDescription(p), URL: p.Permalink, InLanguage: p.Site.Language}
	if !e.End.IsZero() {
		v.EndDate = e.End.Format(format)
	}
	v.EventSchedule = eventSchedule(e)
	switch e.Status {
	case "cancelled":
		v.EventStatus = "https://schema.org/EventCancelled"
	case "postponed":
		v.EventStatus = "https://schema.org/EventPostponed"
	}
	pl := place{"Place", e.Location, e.Location}
	vl := virtualLocation{"VirtualLocation", e.Online}
	switch {
	case e.Online != "" && e.Location != "":
		v.EventAttendanceMode = "https://schema.org/MixedEventAttendanceMode"
		v.Location = []any{pl, vl}
	case e.Online != "":
		v.EventAttendanceMode = "https://schema.org/OnlineEventAttendanceMode"
		v.Location = vl
	case e.Location != "":
		v.Location = pl
	}
	if e.Organizer != "" {
		v.Organizer = &thing{"Organization", e.Organizer}
	}
	if e.Price != "" {
		price := e.Price
		if strings.ToLower(price) == "gratuit" {
			price = "0"
		}
		url := e.Registration
		if url == "" {
			url = p.Permalink
		}
		v.Offers = &offer{"Offer", "https://schema.org/InStock", price, "EUR", url}
	}
	return v
}

// schemaDescription is the summary as text, else the beginning of the body.
func schemaDescription(p *content.Page) string {
	if d := p.SummaryText(); d != "" {
		return d
	}
	return Truncate(300, p.Plain())
}
