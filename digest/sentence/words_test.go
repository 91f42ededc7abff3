package sentence

import "testing"

func TestWordsSpaceSeparatedIsFields(t *testing.T) {
	for s, want := range map[string]int{
		"":                       0,
		"The cost rose — again.": 5,
		"U.S.-led talks, 3.5%":   3,
	} {
		if got := Words(s); got != want {
			t.Errorf("Words(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestWordsCJK(t *testing.T) {
	for s, want := range map[string]int{
		"これが非常に困ったもの。":               6,  // 11 characters
		"特に困ったのが、起動ショートカットキーに関する設定。": 12, // 23 characters
		"Kindleを使う": 3, // Kindle + 3 characters
		"以下、その手順。":  3,
	} {
		if got := Words(s); got != want {
			t.Errorf("Words(%q) = %d, want %d", s, got, want)
		}
	}
}

func TestSplitCJK(t *testing.T) {
	text := "もちろん、Apple社は「脱獄」を認めていません。「脱獄は違法です。」と彼は言った。本当ですか？はい！"
	want := []string{
		"もちろん、Apple社は「脱獄」を認めていません。",
		"「脱獄は違法です。」と彼は言った。",
		"本当ですか？",
		"はい！",
	}
	got := Split(text)
	if len(got) != len(want) {
		t.Fatalf("Split gave %d sentences %v, want %d", len(got), got, len(want))
	}
	for i, s := range got {
		if s.Text != want[i] || text[s.Start:s.End] != s.Text {
			t.Errorf("sentence %d = %q [%d:%d], want %q", i, s.Text, s.Start, s.End, want[i])
		}
	}
}

func TestEndsLikeProse(t *testing.T) {
	for s, want := range map[string]bool{
		"The bridge reopened.":          true,
		`He said, “It holds.”`:          true,
		"Is it safe? ":                  true,
		"(See the map.)":                true,
		"工事は終わった。」":                     true,
		"Why Hasn't the Council Acted":  false,
		"Photo: Ana Costa / Reuters":    false,
		"Ana Costa, Luis Prado, Eva Li": false,
	} {
		if got := EndsLikeProse(s); got != want {
			t.Errorf("EndsLikeProse(%q) = %v, want %v", s, got, want)
		}
	}
}
