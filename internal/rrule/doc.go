// Package rrule expands RFC 5545 recurrence rules (RRULE) for the site's
// recurring events, in the event's time zone.
//
// # Rules
//
// Parse reads RRULE text (FREQ=MONTHLY;BYDAY=2TH;UNTIL=20270630) into a
// Rule; its errors are *Error values naming the part at fault. Supported:
// FREQ DAILY, WEEKLY, MONTHLY and YEARLY; INTERVAL (up to 1,000); COUNT (up
// to 1,000) or UNTIL (a date, a UTC date-time or a wall-clock date-time in
// the event's zone); BYMONTH; BYMONTHDAY (negative counts from the month's
// end); BYDAY, with ordinals (1TH, -1FR) for MONTHLY and YEARLY; BYSETPOS;
// WKST. Refused with an error: FREQ=HOURLY and finer, BYHOUR, BYMINUTE,
// BYSECOND (an occurrence is always at the start's time of day), BYWEEKNO
// and BYYEARDAY, and whatever RFC 5545 forbids (see Parse).
//
// # Expansion
//
// A Series is the recurrence set: Start (the first occurrence), End (the
// duration), the Rule, EXDATEs, RDATEs and moved occurrences. Occurrences
// are computed on the calendar in the event's zone, not by adding hours:
// 13:00 stays 13:00 in Europe/Paris across the March and October changes.
// A time of day that a change skips (02:30 on the last Sunday of March) is
// moved forward by the length of the gap (03:30), and one that happens
// twice is the first of the two, as RFC 5545 §3.3.5 says and as
// python-dateutil with zoneinfo (fold=0) does. Two dates that fall on one
// instant (a zone that skipped a whole day, as Pacific/Apia did on
// 2011-12-30) give one occurrence, counted once by COUNT.
//
// The periods (days, weeks, months, years) are walked the way RFC 5545 and
// python-dateutil's rrule do, with dateutil's defaults (a MONTHLY rule
// without BYDAY or BYMONTHDAY takes the start's day of the month, and so
// on); the tests hold every occurrence to dateutil's on a table of rules.
// One difference is kept on purpose: a WEEKLY rule with BYSETPOS picks from
// the whole week that holds the start (RFC 5545), where dateutil picks from
// the days from the start to the week's end.
//
// # Bounds
//
// Nothing loops without a bound. Every expansion takes a horizon (Between),
// a limit (All) or stops at the first match (After, Next); and the rule
// iterator gives up after a whole cycle of the Gregorian calendar (400
// years: as many periods as that holds, counted in steps of INTERVAL) with
// no match, or past the year 9999. So Check finds a rule that never
// matches (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30) in bounded time.
//
// # Why not a library
//
// github.com/teambition/rrule-go, a port of python-dateutil, computes
// wall-clock times with time.Date, which picks the second of two ambiguous
// times (RFC 5545 wants the first) and leaves nonexistent ones unspecified;
// its errors are plain strings that do not say which part is wrong; it has
// no bounded emptiness check and no membership test; and it has been quiet
// since 2023. The subset above (one time of day per occurrence) takes a few
// hundred lines, held to python-dateutil by the tests.
package rrule
