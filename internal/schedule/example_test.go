package schedule_test

import (
	"fmt"
	"time"

	"github.com/digestbot/digestbot/internal/schedule"
)

func ExampleSchedule_Next() {
	s, err := schedule.Parse("daily 02:30", "Europe/Berlin", 15*time.Minute)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s, "|", s.Describe())
	// 29 March 2026: Berlin's clocks jump from 02:00 to 03:00.
	last := time.Date(2026, 3, 28, 1, 30, 0, 0, time.UTC) // 02:30 CET
	for range 2 {
		last = s.Next(last)
		fmt.Println(last)
	}
	_, err = schedule.Parse("every 5m", "UTC", 15*time.Minute)
	fmt.Println(err)
	// Output:
	// daily 02:30 | daily at 02:30 Europe/Berlin
	// 2026-03-29 03:00:00 +0200 CEST
	// 2026-03-30 02:30:00 +0200 CEST
	// schedule fires too often: "every 5m" can fire 5m apart; the minimum is 15m
}
