package shard

import (
	"errors"
	"testing"
)

func TestOf(t *testing.T) {
	tests := []struct {
		guild string
		count int
		want  int
	}{
		{"197038439483310086", 1, 0},
		{"4194304", 3, 1}, // 1 << 22
		{"8388608", 3, 2}, // 2 << 22
		{"12582912", 3, 0},
		{"4194303", 3, 0}, // below 1 << 22
	}
	for _, tt := range tests {
		got, err := Of(tt.guild, tt.count)
		if err != nil || got != tt.want {
			t.Errorf("Of(%s, %d) = %d, %v; want %d", tt.guild, tt.count, got, err, tt.want)
		}
	}
	for _, bad := range []struct {
		guild string
		count int
	}{{"x", 2}, {"", 2}, {"-4", 2}, {"4194304", 0}} {
		if _, err := Of(bad.guild, bad.count); !errors.Is(err, ErrInvalid) {
			t.Errorf("Of(%q, %d) err = %v, want ErrInvalid", bad.guild, bad.count, err)
		}
	}
}

func TestParse(t *testing.T) {
	for in, want := range map[string]Shard{"0/1": Single, "2/3": {2, 3}, " 0/1024 ": {0, 1024}} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "3", "3/3", "-1/2", "0/0", "0/1025", "a/b", "1/2/3"} {
		if _, err := Parse(in); !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q) err = %v, want ErrInvalid", in, err)
		}
	}
}

func TestOwns(t *testing.T) {
	s := Shard{ID: 1, Count: 3}
	if !s.Owns("4194304") || s.Owns("8388608") || s.Owns("not-a-snowflake") {
		t.Error("Owns disagrees with Of")
	}
}
