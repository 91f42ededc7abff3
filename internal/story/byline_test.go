package story

import "testing"

func TestByline(t *testing.T) {
	for _, tt := range []struct{ speaker, title, want string }{
		{"Boris Johnson", "Prime Minister", "Prime Minister Boris Johnson"},
		{"Kristi Noem", "Gov.", "Gov. Kristi Noem"},
		{"Harold Bornstein", "Dr.", "Dr. Harold Bornstein"},
		{"Ban Ki-moon", "Former UN Secretary-General", "Former UN Secretary-General Ban Ki-moon"},
		{"Stephanie Grisham", "White House Press Secretary", "White House Press Secretary Stephanie Grisham"},
		{"Ilhan Omar", "D-Minn.", "Ilhan Omar (D-Minn.)"},
		{"David McKinley", "R-W.Va.", "David McKinley (R-W.Va.)"},
		{"Jane Doe", "Chatham House", "Jane Doe, Chatham House"},
		{"Carsten Fritsch", "Commerzbank analyst", "Carsten Fritsch, Commerzbank analyst"},
		{"Hogan Gidley", "the principal deputy White House press secretary", "Hogan Gidley, the principal deputy White House press secretary"},
		{"Steve Menet", "Senior Vice President of Sales for Dräger", "Steve Menet, Senior Vice President of Sales for Dräger"},
		{"Elena Kovac", "", "Elena Kovac"},
		{"", "Minister", ""},
	} {
		if got := Byline(tt.speaker, tt.title); got != tt.want {
			t.Errorf("Byline(%q, %q) = %q, want %q", tt.speaker, tt.title, got, tt.want)
		}
	}
}
