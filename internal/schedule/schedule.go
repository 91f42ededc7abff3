// Package schedule parses digest schedules and computes their next firing.
//
// Accepted specs (case-insensitive):
//
//	every 6h            every 30m, every 90m, every 1d, every 2d, every 1h30m
//	daily 08:00
//	weekdays 07:30      Monday to Friday
//	weekly mon 09:00
//	0 8 * * mon-fri     5-field cron: minute hour day-of-month month day-of-week
//	@daily              also @hourly, @weekly, @monthly, @yearly
//
// All times are wall-clock times in the schedule's IANA timezone. "every D"
// where D divides a day counts from local midnight (every 6h fires at 00:00,
// 06:00, 12:00 and 18:00); a whole number of days fires at local midnight;
// any other duration (every 7h) fires every D of elapsed time, counted from
// 1970-01-01 00:00 UTC. Days are counted from 1970-01-01 too, so every 7d
// fires on Thursdays: use weekly for a chosen day.
//
// Daylight saving never doubles or skips a digest: a local time that does not
// exist (02:30 on a spring-forward day) fires once, when the clocks jump
// (03:00); a local time that happens twice (01:30 on a fall-back day) fires
// once, at its first occurrence. Next is strictly increasing, so a caller
// that stores each digest's time and asks Next(last) never fires twice.
package schedule

import (
	"errors"
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"time"
	// The bot must resolve IANA names even where the host has no zoneinfo
	// (scratch containers, Windows).
	_ "time/tzdata"
)

// DefaultMinInterval is the floor used when Parse is given no minimum.
const DefaultMinInterval = 15 * time.Minute

// NoMinimum, as Parse's minInterval, skips the floor: for re-reading a
// schedule stored after it passed the floor in force when it was made.
const NoMinimum time.Duration = -1

const minutesPerDay = 24 * 60

// ErrUnknownTimezone is wrapped by Parse when the timezone is not an IANA name.
var ErrUnknownTimezone = errors.New("unknown timezone")

// ErrTooFrequent is wrapped by Parse when a schedule fires more often than the
// minimum interval.
var ErrTooFrequent = errors.New("schedule fires too often")

// Schedule says when a subscription's digests are due. The zero Schedule
// never fires.
type Schedule struct {
	spec string // canonical spec, without timezone
	kind kind
	loc  *time.Location

	elapsed time.Duration // kindElapsed: fire every elapsed of real time

	// Wall-clock schedules: fire at each of times (minutes after local
	// midnight, sorted) on each day that matches.
	times     []int
	everyDays int    // > 0: days since 1970-01-01 divisible by everyDays
	dom       uint64 // bit d for day of month d
	month     uint64 // bit m for month m (1-12)
	dow       uint64 // bit w for weekday w (0 = Sunday)
	domStar   bool
	dowStar   bool
}

type kind int

const (
	kindNone kind = iota
	kindElapsed
	kindEvery
	kindDaily
	kindWeekdays
	kindWeekly
	kindCron
)

// Parse reads spec in timezone (an IANA name; "" means UTC) and rejects
// schedules that can fire less than minInterval apart (0 means
// DefaultMinInterval, NoMinimum none). Errors are sentences fit to show the user.
func Parse(spec, timezone string, minInterval time.Duration) (Schedule, error) {
	if minInterval == 0 {
		minInterval = DefaultMinInterval
	}
	loc, err := loadLocation(timezone)
	if err != nil {
		return Schedule{}, err
	}
	fields := strings.Fields(strings.ToLower(spec))
	if len(fields) == 0 {
		return Schedule{}, errors.New("schedule is empty")
	}
	var s Schedule
	switch fields[0] {
	case "every":
		s, err = parseEvery(fields[1:])
	case "daily":
		s, err = parseAt(fields[1:], "daily", kindDaily, allWeekdays)
	case "weekdays":
		s, err = parseAt(fields[1:], "weekdays", kindWeekdays, monToFri)
	case "weekly":
		s, err = parseWeekly(fields[1:])
	case "@hourly":
		s, err = parseEvery([]string{"1h"})
	case "@daily", "@midnight":
		s, err = parseAt([]string{"00:00"}, "daily", kindDaily, allWeekdays)
	case "@weekly":
		s, err = parseWeekly([]string{"sun", "00:00"})
	case "@monthly":
		s, err = parseCron([]string{"0", "0", "1", "*", "*"})
	case "@yearly", "@annually":
		s, err = parseCron([]string{"0", "0", "1", "1", "*"})
	default:
		if len(fields) != 5 {
			return Schedule{}, fmt.Errorf("unknown schedule %q: use every 6h, daily 08:00, weekdays 07:30, weekly mon 09:00 or a 5-field cron like \"0 8 * * mon-fri\"", spec)
		}
		s, err = parseCron(fields)
	}
	if err != nil {
		return Schedule{}, err
	}
	s.loc = loc
	gap, err := s.minGap()
	if err != nil {
		return Schedule{}, err
	}
	if gap < minInterval {
		return Schedule{}, fmt.Errorf("%w: %q can fire %s apart; the minimum is %s", ErrTooFrequent, s.spec, formatDuration(gap), formatDuration(minInterval))
	}
	return s, nil
}

func loadLocation(name string) (*time.Location, error) {
	name = strings.TrimSpace(name)
	if name == "" || strings.EqualFold(name, "utc") {
		return time.UTC, nil
	}
	// "Local" would silently mean the server's zone.
	if name == "Local" {
		return nil, fmt.Errorf("%w %q: use a name like Europe/Berlin", ErrUnknownTimezone, name)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		// People type "europe/berlin"; the database is case-sensitive.
		if loc, err = time.LoadLocation(titleCase(name)); err != nil {
			return nil, fmt.Errorf("%w %q: use a name like Europe/Berlin", ErrUnknownTimezone, name)
		}
	}
	return loc, nil
}

// titleCase capitalises each part of a zone name: "america/new_york" ->
// "America/New_York".
func titleCase(name string) string {
	b := []byte(strings.ToLower(name))
	for i := range b {
		if i == 0 || b[i-1] == '/' || b[i-1] == '_' || b[i-1] == '-' {
			if 'a' <= b[i] && b[i] <= 'z' {
				b[i] -= 'a' - 'A'
			}
		}
	}
	return string(b)
}

// String returns the canonical spec (without the timezone), to store and
// later pass back to Parse together with Timezone().
func (s Schedule) String() string { return s.spec }

// Timezone returns the IANA name of the schedule's zone.
func (s Schedule) Timezone() string {
	if s.loc == nil {
		return "UTC"
	}
	return s.loc.String()
}

// Location returns the schedule's zone.
func (s Schedule) Location() *time.Location {
	if s.loc == nil {
		return time.UTC
	}
	return s.loc
}

// Describe returns a sentence for people, such as "daily at 08:00 Europe/Berlin".
func (s Schedule) Describe() string {
	tz := s.Timezone()
	switch s.kind {
	case kindElapsed:
		return "every " + humanDuration(s.elapsed)
	case kindEvery:
		if s.everyDays > 0 {
			return fmt.Sprintf("every %s at 00:00 %s", humanDuration(time.Duration(s.everyDays)*24*time.Hour), tz)
		}
		d := time.Duration(minutesPerDay/len(s.times)) * time.Minute
		if len(s.times) <= 6 {
			return fmt.Sprintf("every %s (at %s %s)", humanDuration(d), joinTimes(s.times), tz)
		}
		return fmt.Sprintf("every %s from 00:00 %s", humanDuration(d), tz)
	case kindDaily:
		return fmt.Sprintf("daily at %s %s", joinTimes(s.times), tz)
	case kindWeekdays:
		return fmt.Sprintf("weekdays (Monday to Friday) at %s %s", joinTimes(s.times), tz)
	case kindWeekly:
		return fmt.Sprintf("every %s at %s %s", time.Weekday(bits.TrailingZeros64(s.dow)), joinTimes(s.times), tz)
	case kindCron:
		return fmt.Sprintf("cron %q in %s", s.spec, tz)
	}
	return "never"
}

// Next returns the first firing strictly after after, in the schedule's
// zone. It is the zero time for the zero Schedule or a schedule that never
// fires again.
func (s Schedule) Next(after time.Time) time.Time {
	switch s.kind {
	case kindNone:
		return time.Time{}
	case kindElapsed:
		// Firings are multiples of the interval since the Unix epoch, so they
		// do not drift with the moment a digest happened to be sent.
		step := int64(s.elapsed / time.Second)
		sec := after.Unix()
		n := sec / step
		if sec < 0 && sec%step != 0 {
			n-- // floor, not truncation, before 1970
		}
		return time.Unix((n+1)*step, 0).In(s.loc)
	}
	local := after.In(s.loc)
	y, mo, d := local.Date()
	minute := local.Hour()*60 + local.Minute() + 1
	// Eight years cover every cron pattern that fires at all (29 February
	// skips 2100); Parse rejected the ones that never fire.
	for day := 0; day <= 8*366+1; day, minute = day+1, 0 {
		date := time.Date(y, mo, d+day, 12, 0, 0, 0, time.UTC)
		if !s.dayMatches(date) {
			continue
		}
		for i := sort.SearchInts(s.times, minute); i < len(s.times); i++ {
			t := resolve(date.Year(), date.Month(), date.Day(), s.times[i], s.loc)
			// A candidate in the repeated hour of a fall-back day
			// resolves to its first occurrence, which may lie before
			// after: it has fired already.
			if t.After(after) {
				return t
			}
		}
	}
	return time.Time{}
}

// resolve turns a local date and minute of day into an instant: the first
// occurrence when the clocks fall back, and the moment the clocks jump when
// the local time falls in a spring-forward gap.
func resolve(y int, mo time.Month, d, minuteOfDay int, loc *time.Location) time.Time {
	h, m := minuteOfDay/60, minuteOfDay%60
	civil := time.Date(y, mo, d, h, m, 0, 0, time.UTC)
	var best time.Time
	var pastGap time.Time
	for _, probe := range []time.Time{civil.Add(-36 * time.Hour), civil.Add(36 * time.Hour)} {
		_, offset := probe.In(loc).Zone()
		t := civil.Add(-time.Duration(offset) * time.Second).In(loc)
		if t.Hour() == h && t.Minute() == m && t.Day() == d {
			if best.IsZero() || t.Before(best) {
				best = t
			}
		} else if pastGap.IsZero() || t.After(pastGap) {
			pastGap = t
		}
	}
	if !best.IsZero() {
		return best
	}
	// Read with the offset in force before the jump, the wall time lies past
	// the jump; the zone period it lands in starts at the jump.
	start, _ := pastGap.ZoneBounds()
	if start.IsZero() {
		return pastGap
	}
	return start
}

func (s Schedule) dayMatches(date time.Time) bool {
	if s.everyDays > 0 {
		return (date.Unix()/86400)%int64(s.everyDays) == 0
	}
	if s.month&(1<<uint(date.Month())) == 0 {
		return false
	}
	domOK := s.dom&(1<<uint(date.Day())) != 0
	dowOK := s.dow&(1<<uint(date.Weekday())) != 0
	switch {
	case s.domStar && s.dowStar:
		return true
	case s.domStar:
		return dowOK
	case s.dowStar:
		return domOK
	}
	return domOK || dowOK // cron: either day field restricted matches
}

// minGap is the shortest wall-clock time between two consecutive firings.
// Daylight-saving jumps are left out: they only move a firing to the end of
// a gap or skip a repeated hour.
func (s Schedule) minGap() (time.Duration, error) {
	if s.kind == kindElapsed {
		return s.elapsed, nil
	}
	if s.everyDays > 0 && len(s.times) == 1 {
		return time.Duration(s.everyDays) * 24 * time.Hour, nil
	}
	gap := -1
	for i := 1; i < len(s.times); i++ {
		if g := s.times[i] - s.times[i-1]; gap < 0 || g < gap {
			gap = g
		}
	}
	// Across days: from the last firing of one matching day to the first
	// of the next, over four years so that leap days are seen.
	start := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	prev := -1
	for day := 0; day < 4*366; day++ {
		if !s.dayMatches(start.AddDate(0, 0, day)) {
			continue
		}
		if prev >= 0 {
			g := (day-prev)*minutesPerDay - s.times[len(s.times)-1] + s.times[0]
			if gap < 0 || g < gap {
				gap = g
			}
		}
		prev = day
	}
	if prev < 0 {
		return 0, fmt.Errorf("schedule %q never fires", s.spec)
	}
	if gap < 0 { // fires on a single day in four years
		return 4 * 365 * 24 * time.Hour, nil
	}
	return time.Duration(gap) * time.Minute, nil
}

const (
	allWeekdays = uint64(0x7f)
	monToFri    = uint64(0x3e)
	allDays     = uint64(0xfffffffe) // bits 1-31
	allMonths   = uint64(0x1ffe)     // bits 1-12
)

func parseEvery(args []string) (Schedule, error) {
	text := strings.Join(args, "")
	d, err := parseInterval(text)
	if err != nil {
		return Schedule{}, err
	}
	if d%time.Minute != 0 || d <= 0 {
		return Schedule{}, fmt.Errorf("every %s: use whole minutes, like every 30m or every 6h", text)
	}
	s := Schedule{kind: kindEvery, spec: "every " + formatDuration(d)}
	day := 24 * time.Hour
	switch {
	case d%day == 0:
		s.everyDays = int(d / day)
		s.times = []int{0}
	case day%d == 0:
		s.dom, s.month, s.dow, s.domStar, s.dowStar = allDays, allMonths, allWeekdays, true, true
		step := int(d / time.Minute)
		for m := 0; m < minutesPerDay; m += step {
			s.times = append(s.times, m)
		}
	default:
		s.kind, s.elapsed = kindElapsed, d
	}
	return s, nil
}

// maxInterval keeps "every" schedules within the years Next searches.
const maxInterval = 366 * 24 * time.Hour

// parseInterval accepts Go durations plus days: 30m, 6h, 1h30m, 1d, 2 days,
// "hour", "day".
func parseInterval(text string) (time.Duration, error) {
	units := []struct {
		names []string
		unit  time.Duration
	}{
		{[]string{"days", "day", "d"}, 24 * time.Hour},
		{[]string{"hours", "hour", "hrs", "hr"}, time.Hour},
		{[]string{"minutes", "minute", "mins", "min"}, time.Minute},
	}
	for _, u := range units {
		for _, name := range u.names {
			num, ok := strings.CutSuffix(text, name)
			if !ok {
				continue
			}
			if num == "" {
				return u.unit, nil
			}
			if n, err := strconv.Atoi(num); err == nil && n > 0 && n <= int(maxInterval/u.unit) {
				return time.Duration(n) * u.unit, nil
			}
		}
	}
	d, err := time.ParseDuration(text)
	if err != nil || d <= 0 || d > maxInterval {
		return 0, fmt.Errorf("%q is not an interval: use something like every 30m, every 6h or every 1d", "every "+text)
	}
	return d, nil
}

func parseAt(args []string, name string, k kind, dow uint64) (Schedule, error) {
	if len(args) != 1 {
		return Schedule{}, fmt.Errorf("%s needs a time, like %s 08:00", name, name)
	}
	m, err := parseClock(args[0])
	if err != nil {
		return Schedule{}, err
	}
	return Schedule{
		kind: k, spec: name + " " + clock(m), times: []int{m},
		dom: allDays, month: allMonths, dow: dow, domStar: true, dowStar: dow == allWeekdays,
	}, nil
}

func parseWeekly(args []string) (Schedule, error) {
	if len(args) != 2 {
		return Schedule{}, errors.New("weekly needs a day and a time, like weekly mon 09:00")
	}
	day, ok := weekdayNames[args[0]]
	if !ok {
		return Schedule{}, fmt.Errorf("%q is not a day of the week: use mon, tue, wed, thu, fri, sat or sun", args[0])
	}
	m, err := parseClock(args[1])
	if err != nil {
		return Schedule{}, err
	}
	return Schedule{
		kind: kindWeekly, spec: "weekly " + shortWeekday[day] + " " + clock(m), times: []int{m},
		dom: allDays, month: allMonths, dow: 1 << uint(day), domStar: true,
	}, nil
}

func parseClock(s string) (int, error) {
	hs, ms, ok := strings.Cut(s, ":")
	h, errH := strconv.Atoi(hs)
	m, errM := strconv.Atoi(ms)
	if !ok || errH != nil || errM != nil || len(hs) > 2 || len(ms) != 2 || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("%q is not a time of day: use 24-hour HH:MM, like 08:00", s)
	}
	return h*60 + m, nil
}

func clock(minuteOfDay int) string {
	return fmt.Sprintf("%02d:%02d", minuteOfDay/60, minuteOfDay%60)
}

func joinTimes(times []int) string {
	parts := make([]string, len(times))
	for i, m := range times {
		parts[i] = clock(m)
	}
	return strings.Join(parts, ", ")
}

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday,
	"mon": time.Monday, "monday": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday,
	"fri": time.Friday, "friday": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday,
}

var shortWeekday = [...]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// formatDuration writes d the way specs are written: 15m, 6h, 1d, 90m.
func formatDuration(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return strconv.Itoa(int(d/(24*time.Hour))) + "d"
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	case d%time.Minute == 0:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	}
	return d.String()
}

func humanDuration(d time.Duration) string {
	n, unit := 0, ""
	switch {
	case d%(24*time.Hour) == 0:
		n, unit = int(d/(24*time.Hour)), "day"
	case d%time.Hour == 0:
		n, unit = int(d/time.Hour), "hour"
	default:
		n, unit = int(d/time.Minute), "minute"
	}
	if n == 1 {
		return unit
	}
	return strconv.Itoa(n) + " " + unit + "s"
}
