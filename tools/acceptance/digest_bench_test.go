package acceptance

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"

	"github.com/digestbot/digestbot/digest"
	"github.com/digestbot/digestbot/tools/evaldata"
)

// devArticles reads the CNN/DailyMail dev texts (skips when absent).
func devArticles(tb testing.TB) []string {
	path := evaldata.Require(tb, "summarization", "cnndm-dev.jsonl")
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		var rec struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, rec.Text)
	}
	return texts
}

// BenchmarkMake is the whole engine (summary + quotes + actors) per article
// over the 123 dev articles; run with -cpu 1 for the one-core figure.
func BenchmarkMake(b *testing.B) {
	texts := devArticles(b)
	digest.Make("", texts[0], digest.Options{}) // load the entity model outside the timing
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		digest.Make("", texts[i%len(texts)], digest.Options{})
	}
}
