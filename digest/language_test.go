package digest

import (
	"os"
	"strings"
	"testing"

	"github.com/digestbot/digestbot/digest/entity"
)

func TestLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The minister said on Tuesday that the plan was in trouble and that it had failed to win support from the unions.", "en"},
		{"Die Regierung hat am Dienstag mitgeteilt, dass die Pläne nicht mehr auf dem Tisch sind und auch die Gewerkschaften sie ablehnen.", "de"},
		{"Le ministre a déclaré mardi que le projet était en difficulté et qu'il n'avait pas obtenu le soutien des syndicats.", "fr"},
		{"El ministro dijo el martes que el plan estaba en problemas y que no había logrado el apoyo de los sindicatos para la reforma.", "es"},
		{"Quando il ministro ha parlato, gli studenti della scuola non erano presenti perché la lezione era già finita.", "it"},
		{"Jika hujan turun, warga diminta untuk tidak keluar rumah karena jalan di kawasan itu sering banjir.", "id"},
		{"Министр заявил во вторник, что план не получил поддержки, и профсоюзы уже выступили против него.", "ru"},
		{"東京都は火曜日、新しい公園の建設計画を発表した。工事は来年の春に始まる予定だ。", "ja"},
		{"", ""},
		{"Hello.", ""},
		{"\x00\xff\xfe binary junk \x01\x02", ""},
		{strings.Repeat("’", 5000), ""},
	}
	for _, tt := range tests {
		if got := Language(tt.text); got != tt.want {
			t.Errorf("Language(%.30q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestLanguageOfArticles reads paragraphs written for these tests in each
// language, alone and behind English page furniture (a menu, a cookie
// notice), which must not make a German article English.
func TestLanguageOfArticles(t *testing.T) {
	furniture := "Home News Sport Weather. Accept all cookies. Sign in to your account. Share this article.\n\n"
	for _, lang := range []string{"de", "fr", "es", "id", "ru", "en"} {
		b, err := os.ReadFile("testdata/lang_" + lang + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		if got := Language(text); got != lang {
			t.Errorf("%s article: Language = %q", lang, got)
		}
		if got := Language(furniture + text); got != lang {
			t.Errorf("%s article behind English furniture: Language = %q", lang, got)
		}
		firstSentence, _, _ := strings.Cut(text, ". ")
		if got := Language(firstSentence); got != lang {
			t.Errorf("%s first sentence %q: Language = %q", lang, firstSentence, got)
		}
	}
}

// TestForeignActors checks that capitalised common words of other
// languages do not become actors (issue 10: "Die", "Patienten", "Jika",
// "Dari"), while the names in those articles stay.
func TestForeignActors(t *testing.T) {
	tests := []struct {
		lang       string
		want, junk []string
	}{
		{"de", nil, []string{"Die", "Patienten", "Klinik", "Lage", "Personal", "Mitteln", "Angehörige", "Die Landesregierung"}},
		{"fr", []string{"Claire Martin"}, []string{"Les", "Selon", "Nous"}},
		{"es", []string{"Lucía Ferrer"}, []string{"Los", "Las", "Según", "El Ayuntamiento de Valencia"}},
		{"id", []string{"Budi Santoso"}, []string{"Jika", "Dari", "Jangan", "Kami", "Kota Surabaya", "Selasa"}},
		{"ru", []string{"Андрей Петров"}, nil},
		{"en", []string{"Claire Martin"}, nil},
	}
	for _, tt := range tests {
		b, err := os.ReadFile("testdata/lang_" + tt.lang + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, a := range Make("", string(b), Options{}).Actors {
			got[a.Name] = true
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("%s: actor %q missing from %v", tt.lang, w, got)
			}
		}
		for _, j := range tt.junk {
			if got[j] {
				t.Errorf("%s: %q reported as an actor", tt.lang, j)
			}
		}
	}
}

func TestConfidentActorGerman(t *testing.T) {
	text := "Die Patienten warten. Patienten klagen über die Klinik. In Hannover fehlt Personal, sagte der Sprecher in Hannover. Die Deutsche Bahn und die Deutsche Bahn."
	lowered := lowerWords(text)
	span := func(w string) [][2]int {
		var out [][2]int
		for from := 0; ; {
			i := strings.Index(text[from:], w)
			if i < 0 {
				return out
			}
			out = append(out, [2]int{from + i, from + i + len(w)})
			from += i + len(w)
		}
	}
	for _, tt := range []struct {
		name string
		kind entity.Kind
		want bool
	}{
		{"Die", entity.Person, false},
		{"Patienten", entity.Person, false}, // twice, but never after a preposition
		{"Klinik", entity.Org, false},       // once
		{"Hannover", entity.Place, true},    // twice, "in Hannover"
		{"Deutsche Bahn", entity.Org, true}, // two words, twice
	} {
		sp := span(tt.name)
		a := entity.Actor{Name: tt.name, Kind: tt.kind, Mentions: len(sp), Spans: sp}
		if got := confidentActor(text, a, "de", nil, lowered); got != tt.want {
			t.Errorf("confidentActor(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
