package schedule

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// at parses "2006-01-02 15:04 MST"-like local times: the zone abbreviation
// picks the occurrence of an ambiguous time.
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04 MST", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestParse(t *testing.T) {
	tests := []struct {
		spec, tz     string
		canon, human string
		wantTimezone string
	}{
		{"every 6h", "", "every 6h", "every 6 hours (at 00:00, 06:00, 12:00, 18:00 UTC)", "UTC"},
		{"Every 30m", "Europe/Berlin", "every 30m", "every 30 minutes from 00:00 Europe/Berlin", "Europe/Berlin"},
		{"every 1h30m", "UTC", "every 90m", "every 90 minutes from 00:00 UTC", "UTC"},
		{"every 1d", "UTC", "every 1d", "every day at 00:00 UTC", "UTC"},
		{"every 2 days", "UTC", "every 2d", "every 2 days at 00:00 UTC", "UTC"},
		{"every hour", "UTC", "every 1h", "every hour from 00:00 UTC", "UTC"},
		{"every 7h", "UTC", "every 7h", "every 7 hours", "UTC"},
		{"daily 08:00", "Europe/Berlin", "daily 08:00", "daily at 08:00 Europe/Berlin", "Europe/Berlin"},
		{"daily 8:05", "utc", "daily 08:05", "daily at 08:05 UTC", "UTC"},
		{"daily 08:00", "america/new_york", "daily 08:00", "daily at 08:00 America/New_York", "America/New_York"},
		{"weekdays 07:30", "America/New_York", "weekdays 07:30", "weekdays (Monday to Friday) at 07:30 America/New_York", "America/New_York"},
		{"weekly Monday 09:00", "", "weekly mon 09:00", "every Monday at 09:00 UTC", "UTC"},
		{"0  8 * *   MON-FRI", "", "0 8 * * mon-fri", `cron "0 8 * * mon-fri" in UTC`, "UTC"},
		{"@daily", "", "daily 00:00", "daily at 00:00 UTC", "UTC"},
		{"@weekly", "", "weekly sun 00:00", "every Sunday at 00:00 UTC", "UTC"},
		{"@monthly", "", "0 0 1 * *", `cron "0 0 1 * *" in UTC`, "UTC"},
	}
	for _, tc := range tests {
		s, err := Parse(tc.spec, tc.tz, 0)
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tc.spec, tc.tz, err)
			continue
		}
		if s.String() != tc.canon {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.spec, s.String(), tc.canon)
		}
		if !strings.HasPrefix(s.Describe(), tc.human) {
			t.Errorf("Parse(%q).Describe() = %q, want %q", tc.spec, s.Describe(), tc.human)
		}
		if s.Timezone() != tc.wantTimezone {
			t.Errorf("Parse(%q).Timezone() = %q, want %q", tc.spec, s.Timezone(), tc.wantTimezone)
		}
		again, err := Parse(s.String(), s.Timezone(), 0)
		if err != nil || again.String() != s.String() {
			t.Errorf("canonical %q does not round-trip: %q, %v", s.String(), again.String(), err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		spec, tz string
		min      time.Duration
		is       error  // checked with errors.Is when set
		contains string // otherwise the message must contain this
	}{
		{"daily 08:00", "Mars/Olympus", 0, ErrUnknownTimezone, ""},
		{"daily 08:00", "Local", 0, ErrUnknownTimezone, ""},
		{"every 5m", "", 0, ErrTooFrequent, ""},
		{"every 10m", "", 0, ErrTooFrequent, ""},
		{"every 15m", "", 20 * time.Minute, ErrTooFrequent, ""},
		{"*/5 * * * *", "", 0, ErrTooFrequent, ""},
		{"* 8 * * *", "", 0, ErrTooFrequent, ""},
		{"0,10 8 * * *", "", 0, ErrTooFrequent, ""},
		{"0,50 0,23 * * *", "", 0, ErrTooFrequent, ""}, // 23:50 then 00:00
		{"0 8 * * *", "", 25 * time.Hour, ErrTooFrequent, ""},
		{"", "", 0, nil, "schedule is empty"},
		{"sometimes", "", 0, nil, "unknown schedule"},
		{"every", "", 0, nil, "not an interval"},
		{"every soon", "", 0, nil, "not an interval"},
		{"every -6h", "", 0, nil, "not an interval"},
		{"every 90s30ms", "", 0, nil, "whole minutes"},
		{"daily", "", 0, nil, "needs a time"},
		{"daily 24:00", "", 0, nil, "not a time of day"},
		{"daily 8", "", 0, nil, "not a time of day"},
		{"daily 08:5", "", 0, nil, "not a time of day"},
		{"weekly 09:00", "", 0, nil, "needs a day and a time"},
		{"weekly someday 09:00", "", 0, nil, "not a day of the week"},
		{"60 * * * *", "", 0, nil, "minute"},
		{"0 24 * * *", "", 0, nil, "hour"},
		{"0 0 0 * *", "", 0, nil, "day of month"},
		{"0 0 * 13 *", "", 0, nil, "month"},
		{"0 0 * * 8", "", 0, nil, "day of week"},
		{"0 0 * * fri-mon", "", 0, nil, "backwards"},
		{"*/0 * * * *", "", 0, nil, "bad step"},
		{"0 0 31 2 *", "", 0, nil, "never fires"},
		{"0 0 * * * *", "", 0, nil, "unknown schedule"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.spec, tc.tz, tc.min)
		switch {
		case err == nil:
			t.Errorf("Parse(%q, %q, %v) succeeded", tc.spec, tc.tz, tc.min)
		case tc.is != nil && !errors.Is(err, tc.is):
			t.Errorf("Parse(%q) error %v, want %v", tc.spec, err, tc.is)
		case tc.is == nil && !strings.Contains(err.Error(), tc.contains):
			t.Errorf("Parse(%q) error %q, want it to mention %q", tc.spec, err, tc.contains)
		}
	}
	// The floor is inclusive: exactly the minimum is fine.
	for _, spec := range []string{"every 15m", "*/15 * * * *", "0,15,30,45 * * * *"} {
		if _, err := Parse(spec, "", 0); err != nil {
			t.Errorf("Parse(%q): %v", spec, err)
		}
	}
}

func TestNext(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	newYork := mustLoad(t, "America/New_York")
	tests := []struct {
		name, spec string
		loc        *time.Location
		after      string
		want       []string // consecutive firings
	}{
		{"daily", "daily 08:00", time.UTC, "2026-05-01 07:59 UTC",
			[]string{"2026-05-01 08:00 UTC", "2026-05-02 08:00 UTC"}},
		{"strictly after", "daily 08:00", time.UTC, "2026-05-01 08:00 UTC",
			[]string{"2026-05-02 08:00 UTC"}},
		{"weekdays skip the weekend", "weekdays 07:30", berlin, "2026-05-08 08:00 CEST", // a Friday
			[]string{"2026-05-11 07:30 CEST", "2026-05-12 07:30 CEST"}},
		{"weekly", "weekly wed 09:00", time.UTC, "2026-05-01 00:00 UTC",
			[]string{"2026-05-06 09:00 UTC", "2026-05-13 09:00 UTC"}},
		{"every 6h from midnight", "every 6h", berlin, "2026-05-01 05:00 CEST",
			[]string{"2026-05-01 06:00 CEST", "2026-05-01 12:00 CEST", "2026-05-01 18:00 CEST", "2026-05-02 00:00 CEST"}},
		{"every 2d on even days", "every 2d", time.UTC, "2026-05-01 10:00 UTC", // day 20574 since 1970, even
			[]string{"2026-05-03 00:00 UTC", "2026-05-05 00:00 UTC"}},
		{"cron weekdays list", "0 9,17 * * mon-fri", time.UTC, "2026-05-08 12:00 UTC",
			[]string{"2026-05-08 17:00 UTC", "2026-05-11 09:00 UTC"}},
		{"cron day of month or weekday", "0 0 13 * fri", time.UTC, "2026-02-10 00:00 UTC",
			[]string{"2026-02-13 00:00 UTC", "2026-02-20 00:00 UTC", "2026-02-27 00:00 UTC", "2026-03-06 00:00 UTC", "2026-03-13 00:00 UTC"}},
		{"cron sunday as 7", "0 12 * * 7", time.UTC, "2026-05-01 00:00 UTC",
			[]string{"2026-05-03 12:00 UTC"}},
		{"cron month names and steps", "30 */12 1 jan,jul *", time.UTC, "2026-01-01 12:30 UTC",
			[]string{"2026-07-01 00:30 UTC", "2026-07-01 12:30 UTC", "2027-01-01 00:30 UTC"}},
		{"cron leap day", "0 0 29 2 *", time.UTC, "2026-01-01 00:00 UTC",
			[]string{"2028-02-29 00:00 UTC", "2032-02-29 00:00 UTC"}},

		// Spring forward: Berlin 2026-03-29 02:00 CET -> 03:00 CEST.
		{"berlin gap fires once at the jump", "daily 02:30", berlin, "2026-03-28 02:30 CET",
			[]string{"2026-03-29 03:00 CEST", "2026-03-30 02:30 CEST"}},
		{"berlin gap every 15m", "every 15m", berlin, "2026-03-29 01:30 CET",
			[]string{"2026-03-29 01:45 CET", "2026-03-29 03:00 CEST", "2026-03-29 03:15 CEST"}},
		{"berlin daily 03:00 on gap day", "daily 03:00", berlin, "2026-03-28 12:00 CET",
			[]string{"2026-03-29 03:00 CEST", "2026-03-30 03:00 CEST"}},
		// Fall back: Berlin 2026-10-25 03:00 CEST -> 02:00 CET.
		{"berlin repeated hour fires once, first", "daily 02:30", berlin, "2026-10-24 02:30 CEST",
			[]string{"2026-10-25 02:30 CEST", "2026-10-26 02:30 CET"}},
		{"berlin asked from the second occurrence", "daily 02:30", berlin, "2026-10-25 02:10 CET",
			[]string{"2026-10-26 02:30 CET"}},
		{"berlin every 30m through the repeated hour", "every 30m", berlin, "2026-10-25 01:45 CEST",
			[]string{"2026-10-25 02:00 CEST", "2026-10-25 02:30 CEST", "2026-10-25 03:00 CET"}},

		// New York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
		{"new york gap", "daily 02:30", newYork, "2026-03-07 02:30 EST",
			[]string{"2026-03-08 03:00 EDT", "2026-03-09 02:30 EDT"}},
		{"new york weekdays gap (cron)", "30 2 * * *", newYork, "2026-03-08 01:00 EST",
			[]string{"2026-03-08 03:00 EDT"}},
		{"new york repeated hour", "daily 01:30", newYork, "2026-10-31 01:30 EDT",
			[]string{"2026-11-01 01:30 EDT", "2026-11-02 01:30 EST"}},
		{"new york weekly across fall back", "weekly sun 01:30", newYork, "2026-10-25 01:30 EDT",
			[]string{"2026-11-01 01:30 EDT", "2026-11-08 01:30 EST"}},
		{"elapsed interval ignores the wall clock", "every 7h", newYork, "2026-11-01 00:00 EDT",
			[]string{"2026-11-01 00:00 EST", "2026-11-01 07:00 EST"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse(tc.spec, tc.loc.String(), 0)
			if err != nil {
				t.Fatal(err)
			}
			prev := at(t, tc.loc, tc.after)
			for _, w := range tc.want {
				got := s.Next(prev)
				want := at(t, tc.loc, w)
				if !got.Equal(want) {
					t.Fatalf("Next(%s) = %s, want %s", prev, got, want)
				}
				if got.Location() != s.Location() {
					t.Errorf("Next returned zone %s, want %s", got.Location(), s.Location())
				}
				prev = got
			}
		})
	}
}

// TestNoDoubledOrSkippedDigests walks a whole year, DST changes included,
// and counts firings per local calendar day.
func TestNoDoubledOrSkippedDigests(t *testing.T) {
	zones := []string{"Europe/Berlin", "America/New_York", "America/Santiago", "Australia/Lord_Howe", "UTC"}
	tests := []struct {
		spec   string
		perDay func(time.Weekday) int
	}{
		{"daily 02:30", func(time.Weekday) int { return 1 }},
		{"daily 01:30", func(time.Weekday) int { return 1 }},
		{"daily 00:00", func(time.Weekday) int { return 1 }},
		{"every 6h", func(time.Weekday) int { return 4 }},
		{"weekdays 02:00", func(d time.Weekday) int {
			if d == time.Saturday || d == time.Sunday {
				return 0
			}
			return 1
		}},
		{"weekly sun 02:30", func(d time.Weekday) int {
			if d == time.Sunday {
				return 1
			}
			return 0
		}},
	}
	for _, zone := range zones {
		loc := mustLoad(t, zone)
		for _, tc := range tests {
			s, err := Parse(tc.spec, zone, 0)
			if err != nil {
				t.Fatal(err)
			}
			start := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
			end := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
			counts := map[string]int{}
			prev := start
			for {
				next := s.Next(prev)
				if !next.After(prev) {
					t.Fatalf("%s %s: Next(%s) = %s is not after it", zone, tc.spec, prev, next)
				}
				if !next.Before(end) {
					break
				}
				counts[next.In(loc).Format("2006-01-02")]++
				prev = next
			}
			for d := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
				key := d.Format("2006-01-02")
				if got, want := counts[key], tc.perDay(d.Weekday()); got != want {
					t.Errorf("%s %q on %s: %d firings, want %d", zone, tc.spec, key, got, want)
				}
			}
		}
	}
}

func TestNextMonotone(t *testing.T) {
	loc := mustLoad(t, "America/New_York")
	s, err := Parse("*/20 1-3 * * *", "America/New_York", 0)
	if err != nil {
		t.Fatal(err)
	}
	// Minute by minute through both transitions: Next never goes backwards
	// and is always strictly after its argument.
	for _, day := range []time.Time{time.Date(2026, 3, 8, 0, 0, 0, 0, loc), time.Date(2026, 11, 1, 0, 0, 0, 0, loc)} {
		var last time.Time
		for a := day; a.Before(day.Add(6 * time.Hour)); a = a.Add(time.Minute) {
			n := s.Next(a)
			if !n.After(a) {
				t.Fatalf("Next(%s) = %s", a, n)
			}
			if n.Before(last) {
				t.Fatalf("Next(%s) = %s went back from %s", a, n, last)
			}
			last = n
		}
	}
}

func TestZeroSchedule(t *testing.T) {
	var s Schedule
	if !s.Next(time.Now()).IsZero() {
		t.Error("zero Schedule fired")
	}
	if s.Timezone() != "UTC" || s.Describe() != "never" {
		t.Errorf("zero Schedule: %q %q", s.Timezone(), s.Describe())
	}
}

func BenchmarkNextCron(b *testing.B) {
	s, err := Parse("0 9 * * mon-fri", "Europe/Berlin", 0)
	if err != nil {
		b.Fatal(err)
	}
	t := time.Date(2026, 3, 27, 10, 0, 0, 0, time.UTC)
	for i := 0; i < b.N; i++ {
		s.Next(t)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"every 6h", "every 2d", "every 7h", "daily 08:00", "weekdays 07:30", "weekly mon 09:00",
		"0 8 * * mon-fri", "*/15 1-3 1,15 jan-mar 0-7/2", "0 0 29 2 *", "@monthly", "every 366d", "5/0 * * * *"} {
		f.Add(s, "Europe/Berlin", int64(1_790_000_000))
	}
	f.Fuzz(func(t *testing.T, spec, tz string, unix int64) {
		s, err := Parse(spec, tz, 0)
		if err != nil {
			return
		}
		again, err := Parse(s.String(), s.Timezone(), 0)
		if err != nil || again.String() != s.String() {
			t.Fatalf("%q: canonical %q does not round-trip: %v", spec, s.String(), err)
		}
		after := time.Unix(unix%(1<<33), 0) // within years 1697-2242
		next := s.Next(after)
		if !next.After(after) {
			t.Fatalf("%q in %s: Next(%s) = %s", spec, tz, after, next)
		}
	})
}

func TestNoMinimumReadsStoredSchedules(t *testing.T) {
	if _, err := Parse("every 5m", "UTC", 0); err == nil {
		t.Fatal("every 5m passed the default 15m floor")
	}
	s, err := Parse("every 5m", "UTC", NoMinimum)
	if err != nil {
		t.Fatalf("NoMinimum: %v", err)
	}
	at := time.Date(2026, 11, 25, 10, 2, 0, 0, time.UTC)
	if got, want := s.Next(at), at.Add(3*time.Minute); !got.Equal(want) {
		t.Errorf("Next = %v, want %v", got, want)
	}
}
