package rrule

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Freq is the FREQ rule part.
type Freq int

// The frequencies this package supports.
const (
	Daily Freq = iota + 1
	Weekly
	Monthly
	Yearly
)

var freqNames = map[Freq]string{Daily: "DAILY", Weekly: "WEEKLY", Monthly: "MONTHLY", Yearly: "YEARLY"}

func (f Freq) String() string {
	if s, ok := freqNames[f]; ok {
		return s
	}
	return "Freq(" + strconv.Itoa(int(f)) + ")"
}

// Weekday is one entry of BYDAY: a day of the week with an optional ordinal.
type Weekday struct {
	N   int          // 0: every such day of the period; 1: the first; -1: the last
	Day time.Weekday // Sunday is 0, as in package time
}

var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

func (w Weekday) String() string {
	if w.N == 0 {
		return dayCodes[w.Day]
	}
	return strconv.Itoa(w.N) + dayCodes[w.Day]
}

// UntilForm says how UNTIL was written.
type UntilForm int

// The forms of UNTIL.
const (
	NoUntil    UntilForm = iota
	UntilDate            // 20270630: the whole day, in the series' zone
	UntilUTC             // 20270630T110000Z
	UntilLocal           // 20270630T110000: a wall-clock time in the series' zone
)

// Until is the UNTIL rule part as written.
type Until struct {
	Form UntilForm
	// Wall holds the date, or the date and time of day, as written, in
	// time.UTC whatever the form (for UntilLocal it is a wall-clock reading,
	// not an instant). Zero when Form is NoUntil.
	Wall time.Time
}

const (
	untilDateLayout  = "20060102"
	untilUTCLayout   = "20060102T150405Z"
	untilLocalLayout = "20060102T150405"
)

func (u Until) String() string {
	switch u.Form {
	case UntilDate:
		return u.Wall.Format(untilDateLayout)
	case UntilUTC:
		return u.Wall.Format(untilUTCLayout)
	case UntilLocal:
		return u.Wall.Format(untilLocalLayout)
	}
	return ""
}

// Rule is a parsed RRULE. Parse fills it and checks it; a Rule built by
// hand should go through Parse(r.String()) to be checked.
type Rule struct {
	Freq       Freq
	Interval   int // at least 1
	Count      int // 0: no COUNT
	Until      Until
	ByMonth    []time.Month
	ByMonthDay []int // 1 to 31, or -31 to -1 counting from the month's end
	ByDay      []Weekday
	BySetPos   []int
	WeekStart  time.Weekday // WKST; Monday when not given
}

// Limits of the rule parts.
const (
	MaxCount    = 1000 // COUNT above this is an error
	MaxInterval = 1000
)

// Error is a rule that does not parse or that this package does not
// support. Part is the rule part at fault as written (BYDAY=1XX), or empty
// when the fault is the rule as a whole (no FREQ).
type Error struct {
	Part string
	Msg  string // what is wrong, then what was expected
}

func (e *Error) Error() string {
	if e.Part == "" {
		return "rrule: " + e.Msg
	}
	return "rrule: " + e.Part + ": " + e.Msg
}

func partErr(part, format string, args ...any) *Error {
	return &Error{Part: part, Msg: fmt.Sprintf(format, args...)}
}

const expectedParts = "FREQ, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS or WKST"

// refused names the RFC 5545 rule parts this package does not support, with
// what to write instead.
var refused = map[string]string{
	"BYHOUR":    "not supported: every occurrence is at the start's time of day (remove it, or make one event per time)",
	"BYMINUTE":  "not supported: every occurrence is at the start's time of day (remove it)",
	"BYSECOND":  "not supported: every occurrence is at the start's time of day (remove it)",
	"BYWEEKNO":  "not supported (use BYMONTH with BYDAY or BYMONTHDAY)",
	"BYYEARDAY": "not supported (use BYMONTH with BYMONTHDAY)",
}

// Parse parses RRULE text such as FREQ=MONTHLY;BYDAY=1TH;UNTIL=20270630
// (an "RRULE:" prefix is allowed; names and values are case-insensitive).
// The error, an *Error, names the part at fault and what was expected.
//
// Besides the grammar it enforces what RFC 5545 says a rule MUST (NOT) do:
// each part at most once; not COUNT and UNTIL together; BYDAY ordinals only
// with MONTHLY or YEARLY; no BYMONTHDAY with WEEKLY; BYSETPOS only with
// another BYxxx part. It refuses, as not supported here, FREQ finer than
// DAILY, BYHOUR, BYMINUTE, BYSECOND, BYWEEKNO and BYYEARDAY, COUNT above
// 1,000, INTERVAL above 1,000, ordinals that a period cannot reach (6TH in a
// month) and BYDAY lists mixing days with and without ordinals (python-dateutil
// reads MO,1TU as "Mondays that are the first Tuesday", RFC 5545 as a union:
// refusing it keeps calendars and their readers in agreement).
func Parse(text string) (*Rule, error) {
	s := strings.TrimSpace(text)
	if len(s) >= 6 && strings.EqualFold(s[:6], "RRULE:") {
		s = s[6:]
	}
	if s == "" {
		return nil, &Error{Msg: "empty rule (expected FREQ=...;...)"}
	}
	r := &Rule{Interval: 1, WeekStart: time.Monday}
	seen := map[string]string{} // name -> part as written
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok || name == "" {
			return nil, partErr(part, "expected NAME=VALUE, one of %s", expectedParts)
		}
		name = strings.ToUpper(strings.TrimSpace(name))
		value = strings.ToUpper(strings.TrimSpace(value))
		if prev, dup := seen[name]; dup {
			return nil, partErr(part, "%s is given twice (already %s; RFC 5545 allows each part once)", name, prev)
		}
		seen[name] = part
		if msg, no := refused[name]; no {
			return nil, partErr(part, "%s", msg)
		}
		if value == "" {
			return nil, partErr(part, "empty value")
		}
		var err *Error
		switch name {
		case "FREQ":
			err = r.parseFreq(part, value)
		case "INTERVAL":
			r.Interval, err = number(part, value, 1, MaxInterval, "a whole number from 1 to 1000")
		case "COUNT":
			r.Count, err = number(part, value, 1, 1<<31-1, "a whole number from 1 to 1000")
			if err == nil && r.Count > MaxCount {
				err = partErr(part, "more than %d occurrences (expected COUNT from 1 to %d, or UNTIL)", MaxCount, MaxCount)
			}
		case "UNTIL":
			r.Until, err = parseUntil(part, value)
		case "BYMONTH":
			err = eachItem(part, value, func(item string) *Error {
				m, err := number(part, item, 1, 12, "months from 1 to 12")
				r.ByMonth = append(r.ByMonth, time.Month(m))
				return err
			})
		case "BYMONTHDAY":
			err = eachItem(part, value, func(item string) *Error {
				d, err := signedNumber(part, item, 31, "days from 1 to 31 or -31 to -1")
				r.ByMonthDay = append(r.ByMonthDay, d)
				return err
			})
		case "BYSETPOS":
			err = eachItem(part, value, func(item string) *Error {
				n, err := signedNumber(part, item, 366, "positions from 1 to 366 or -366 to -1")
				r.BySetPos = append(r.BySetPos, n)
				return err
			})
		case "BYDAY":
			err = eachItem(part, value, func(item string) *Error {
				w, err := parseWeekday(part, item)
				r.ByDay = append(r.ByDay, w)
				return err
			})
		case "WKST":
			d, ok := dayCode(value)
			if !ok {
				err = partErr(part, "%s is not a day (expected MO, TU, WE, TH, FR, SA or SU)", value)
			}
			r.WeekStart = d
		default:
			err = partErr(part, "unknown rule part (expected %s)", expectedParts)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := r.check(seen); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Rule) parseFreq(part, value string) *Error {
	for f, name := range freqNames {
		if value == name {
			r.Freq = f
			return nil
		}
	}
	switch value {
	case "SECONDLY", "MINUTELY", "HOURLY":
		return partErr(part, "not supported: occurrences are whole days apart (expected DAILY, WEEKLY, MONTHLY or YEARLY)")
	}
	return partErr(part, "unknown frequency (expected DAILY, WEEKLY, MONTHLY or YEARLY)")
}

// check enforces the rules that involve several parts.
func (r *Rule) check(seen map[string]string) *Error {
	if r.Freq == 0 {
		return &Error{Msg: "FREQ is required (expected FREQ=DAILY, WEEKLY, MONTHLY or YEARLY first)"}
	}
	if r.Count > 0 && r.Until.Form != NoUntil {
		return partErr(seen["UNTIL"], "COUNT and UNTIL together (RFC 5545 allows one of them)")
	}
	if len(r.ByMonthDay) > 0 && r.Freq == Weekly {
		return partErr(seen["BYMONTHDAY"], "not allowed with FREQ=WEEKLY (RFC 5545; use BYDAY, or FREQ=MONTHLY)")
	}
	if len(r.BySetPos) > 0 && len(r.ByMonth)+len(r.ByMonthDay)+len(r.ByDay) == 0 {
		return partErr(seen["BYSETPOS"], "needs another BYxxx part to pick from (RFC 5545), such as BYDAY")
	}
	plain, ordinal := 0, 0
	for _, w := range r.ByDay {
		if w.N == 0 {
			plain++
			continue
		}
		ordinal++
		switch {
		case r.Freq != Monthly && r.Freq != Yearly:
			return partErr(seen["BYDAY"], "%s: an ordinal needs FREQ=MONTHLY or FREQ=YEARLY (RFC 5545; write %s)", w, dayCodes[w.Day])
		case (r.Freq == Monthly || len(r.ByMonth) > 0) && (w.N > 5 || w.N < -5):
			return partErr(seen["BYDAY"], "%s: a month has at most 5 of each day (expected an ordinal from 1 to 5 or -5 to -1)", w)
		}
	}
	if plain > 0 && ordinal > 0 {
		return partErr(seen["BYDAY"], "mixing days with and without an ordinal is not supported (give every day an ordinal, or make two events)")
	}
	return nil
}

// eachItem calls f on each comma-separated item of value.
func eachItem(part, value string, f func(string) *Error) *Error {
	for _, item := range strings.Split(value, ",") {
		if item == "" {
			return partErr(part, "empty item in the list (expected items separated by single commas)")
		}
		if err := f(item); err != nil {
			return err
		}
	}
	return nil
}

// number parses an unsigned decimal in [lo, hi].
func number(part, s string, lo, hi int, expected string) (int, *Error) {
	if s == "" || len(s) > 10 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, partErr(part, "%s is not a whole number (expected %s)", s, expected)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, partErr(part, "%s is out of range (expected %s)", s, expected)
	}
	return n, nil
}

// signedNumber parses a non-zero decimal with an optional sign, at most max
// in absolute value.
func signedNumber(part, s string, max int, expected string) (int, *Error) {
	sign := 1
	digits := s
	if digits != "" && (digits[0] == '+' || digits[0] == '-') {
		if digits[0] == '-' {
			sign = -1
		}
		digits = digits[1:]
	}
	n, err := number(part, digits, 1, max, expected)
	if err != nil {
		return 0, partErr(part, "%s is not allowed (expected %s)", s, expected)
	}
	return sign * n, nil
}

func dayCode(s string) (time.Weekday, bool) {
	for d, code := range dayCodes {
		if s == code {
			return time.Weekday(d), true
		}
	}
	return 0, false
}

// parseWeekday parses one BYDAY item: [+|-]ordinal? day code.
func parseWeekday(part, item string) (Weekday, *Error) {
	if len(item) < 2 {
		return Weekday{}, partErr(part, "%s is not a day (expected MO, TU, WE, TH, FR, SA or SU, with an optional ordinal such as 1TH or -1FR)", item)
	}
	code := item[len(item)-2:]
	d, ok := dayCode(code)
	if !ok {
		return Weekday{}, partErr(part, "%s is not a day (expected MO, TU, WE, TH, FR, SA or SU, with an optional ordinal such as 1TH or -1FR)", code)
	}
	w := Weekday{Day: d}
	if ord := item[:len(item)-2]; ord != "" {
		n, err := signedNumber(part, ord, 53, "an ordinal from 1 to 53 or -53 to -1 before the day, as in 1TH or -1FR")
		if err != nil {
			return Weekday{}, err
		}
		w.N = n
	}
	return w, nil
}

func parseUntil(part, value string) (Until, *Error) {
	const expected = "a date (20270630) or a date-time (20270630T110000Z in UTC, or 20270630T110000 in the event's time zone)"
	var layout string
	var form UntilForm
	switch {
	case len(value) == 8:
		layout, form = untilDateLayout, UntilDate
	case len(value) == 16 && value[15] == 'Z':
		layout, form = untilUTCLayout, UntilUTC
	case len(value) == 15:
		layout, form = untilLocalLayout, UntilLocal
	default:
		return Until{}, partErr(part, "%s is not a date or a date-time (expected %s)", value, expected)
	}
	if strings.Trim(strings.NewReplacer("T", "", "Z", "").Replace(value), "0123456789") != "" {
		return Until{}, partErr(part, "%s is not a date or a date-time (expected %s)", value, expected)
	}
	t, err := time.ParseInLocation(layout, value, time.UTC)
	if err != nil || t.Format(layout) != value {
		return Until{}, partErr(part, "%s is no such date or time (expected %s)", value, expected)
	}
	if t.Year() < minYear || t.Year() > maxYear {
		return Until{}, partErr(part, "year %d is out of range (expected %d to %d)", t.Year(), minYear, maxYear)
	}
	return Until{Form: form, Wall: t}, nil
}

// String returns the rule as RRULE text, with its parts in a fixed order
// (FREQ, INTERVAL, COUNT, UNTIL, BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS, WKST)
// and INTERVAL=1 and WKST=MO left out: Parse(r.String()) gives r back.
func (r *Rule) String() string {
	var b strings.Builder
	b.WriteString("FREQ=" + r.Freq.String())
	if r.Interval > 1 {
		b.WriteString(";INTERVAL=" + strconv.Itoa(r.Interval))
	}
	if r.Count > 0 {
		b.WriteString(";COUNT=" + strconv.Itoa(r.Count))
	}
	if r.Until.Form != NoUntil {
		b.WriteString(";UNTIL=" + r.Until.String())
	}
	list := func(name string, n int, item func(int) string) {
		if n == 0 {
			return
		}
		b.WriteString(";" + name + "=")
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(item(i))
		}
	}
	list("BYMONTH", len(r.ByMonth), func(i int) string { return strconv.Itoa(int(r.ByMonth[i])) })
	list("BYMONTHDAY", len(r.ByMonthDay), func(i int) string { return strconv.Itoa(r.ByMonthDay[i]) })
	list("BYDAY", len(r.ByDay), func(i int) string { return r.ByDay[i].String() })
	list("BYSETPOS", len(r.BySetPos), func(i int) string { return strconv.Itoa(r.BySetPos[i]) })
	if r.WeekStart != time.Monday {
		b.WriteString(";WKST=" + dayCodes[r.WeekStart])
	}
	return b.String()
}
