package schedule

import (
	"fmt"
	"strconv"
	"strings"
)

type cronField struct {
	name     string
	min, max int
	names    map[string]int
}

var cronFields = [5]cronField{
	{name: "minute", min: 0, max: 59},
	{name: "hour", min: 0, max: 23},
	{name: "day of month", min: 1, max: 31},
	{name: "month", min: 1, max: 12, names: map[string]int{
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
		"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	}},
	// 7 is Sunday as well as 0, as in most crons.
	{name: "day of week", min: 0, max: 7, names: map[string]int{
		"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6,
	}},
}

// parseCron reads minute hour day-of-month month day-of-week. Each field is
// a comma list of *, N, N-M, names (jan, mon-fri), each optionally /step.
// As in Vixie cron, when both day fields are restricted a day matches
// either; a field starting with * counts as unrestricted.
func parseCron(fields []string) (Schedule, error) {
	var sets [5]uint64
	for i, f := range fields {
		set, err := parseCronField(f, cronFields[i])
		if err != nil {
			return Schedule{}, err
		}
		sets[i] = set
	}
	if sets[4]&(1<<7) != 0 {
		sets[4] = sets[4]&^(1<<7) | 1
	}
	s := Schedule{
		kind:    kindCron,
		spec:    strings.Join(fields, " "),
		dom:     sets[2],
		month:   sets[3],
		dow:     sets[4],
		domStar: strings.HasPrefix(fields[2], "*"),
		dowStar: strings.HasPrefix(fields[4], "*"),
	}
	for h := 0; h < 24; h++ {
		if sets[1]&(1<<uint(h)) == 0 {
			continue
		}
		for m := 0; m < 60; m++ {
			if sets[0]&(1<<uint(m)) != 0 {
				s.times = append(s.times, h*60+m)
			}
		}
	}
	return s, nil
}

func parseCronField(text string, f cronField) (uint64, error) {
	var set uint64
	for _, part := range strings.Split(text, ",") {
		rangeText, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n < 1 || n > f.max {
				return 0, fmt.Errorf("cron %s: bad step %q", f.name, stepText)
			}
			step = n
		}
		lo, hi := f.min, f.max
		switch {
		case rangeText == "*":
		case strings.Contains(rangeText, "-"):
			a, b, _ := strings.Cut(rangeText, "-")
			var err error
			if lo, err = cronValue(a, f); err != nil {
				return 0, err
			}
			if hi, err = cronValue(b, f); err != nil {
				return 0, err
			}
			if lo > hi {
				return 0, fmt.Errorf("cron %s: range %q runs backwards", f.name, rangeText)
			}
		default:
			v, err := cronValue(rangeText, f)
			if err != nil {
				return 0, err
			}
			lo = v
			if !hasStep { // N/step means from N to the end
				hi = v
			}
		}
		for v := lo; v <= hi; v += step {
			set |= 1 << uint(v)
		}
	}
	return set, nil
}

func cronValue(text string, f cronField) (int, error) {
	if v, ok := f.names[text]; ok {
		return v, nil
	}
	v, err := strconv.Atoi(text)
	if err != nil || v < f.min || v > f.max {
		return 0, fmt.Errorf("cron %s: %q is not between %d and %d", f.name, text, f.min, f.max)
	}
	return v, nil
}
