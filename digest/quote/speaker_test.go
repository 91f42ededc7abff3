package quote

import (
	"strings"
	"testing"
)

// TestBareSpeakerNames checks issue 7's speaker shapes, in sentences
// written for this test: the speaker is a bare name, and titles, roles and
// affiliations before or after it go to the title.
func TestBareSpeakerNames(t *testing.T) {
	tests := []struct {
		name, text, speaker, title string
	}{
		{
			"title with an acronym and a hyphen before the name",
			"Former UN Secretary-General Ban Ki-moon warns, “The window for action is closing faster than anyone admits.”",
			"Ban Ki-moon", "Former UN Secretary-General",
		},
		{
			"affiliation after the name",
			"“Sanctions alone will not change the regime’s course,” said Priya Natarajan, a fellow at Chatham House.",
			"Priya Natarajan", "fellow at Chatham House",
		},
		{
			"office and country before the name",
			"French Foreign Minister Claire Dubois said: “We will not accept a partial deal.”",
			"Claire Dubois", "French Foreign Minister",
		},
		{
			"organisation and role before the name",
			"“The data do not support a rate cut this year,” said IMF chief economist Tomas Berg.",
			"Tomas Berg", "IMF chief economist",
		},
		{
			"title after the name, cue before",
			"“It is the worst drought in forty years,” said Amara Diallo, director of the Sahel Water Trust.",
			"Amara Diallo", "director of the Sahel Water Trust",
		},
		{
			"honorific and academic title",
			"Professor Lena Brandt of the University of Leeds said, “The models have been right so far.”",
			"Lena Brandt", "",
		},
		{
			"a heading line above the name is not part of it",
			"World News\n\nJane Doe said the council would meet again. “We are not finished,” Doe said.",
			"Jane Doe", "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Extract(tt.text, nil)
			if len(got) == 0 {
				t.Fatalf("no quote found")
			}
			q := got[len(got)-1]
			if q.Speaker != tt.speaker || tt.title != "" && q.SpeakerTitle != tt.title {
				t.Errorf("speaker %q title %q, want %q title %q", q.Speaker, q.SpeakerTitle, tt.speaker, tt.title)
			}
		})
	}
}

// TestSpeakerNeverJunk: no newline, no capitalised function word, and no
// capitalised common word of another language is ever a speaker.
func TestSpeakerNeverJunk(t *testing.T) {
	texts := []string{
		"Breaking News\nJane Doe\n“We will appeal the ruling,” said the statement.",
		"“Kami akan membangun taman baru,” kata Wali Kota. Jangan sampai taman ini terbengkalai, “ini proyek penting,” kata warga.",
		"“Non è finita,” disse. Quando il sindaco è arrivato, “abbiamo già votato,” ha detto.",
		"“We are ready,” The statement said. “Yes we are,” This said.",
		"“Die Lage ist ernst,” sagte Die.",
		"Jika hujan, “kami tutup,” kata Dari.",
	}
	for _, text := range texts {
		for _, q := range Extract(text, nil) {
			if strings.ContainsAny(q.Speaker, "\n\r") {
				t.Errorf("%q: speaker %q holds a line break", text, q.Speaker)
			}
			for _, w := range strings.Fields(q.Speaker) {
				if lw := lower(w); stopCaps[lw] || foreignFunctionWords[lw] {
					t.Errorf("%q: speaker %q holds the function word %q", text, q.Speaker, w)
				}
			}
		}
	}
}
