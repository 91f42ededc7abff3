package digest

import "testing"

func TestLanguage(t *testing.T) {
	tests := []struct{ text, want string }{
		{"The minister said on Tuesday that the plan was in trouble and that it had failed to win support from the unions.", "en"},
		{"Die Regierung hat am Dienstag mitgeteilt, dass die Pläne nicht mehr auf dem Tisch sind und auch die Gewerkschaften sie ablehnen.", "de"},
		{"Le ministre a déclaré mardi que le projet était en difficulté et qu'il n'avait pas obtenu le soutien des syndicats.", "fr"},
		{"El ministro dijo el martes que el plan estaba en problemas y que no había logrado el apoyo de los sindicatos para la reforma.", "es"},
		{"", ""},
		{"Hello.", ""},
		{"\x00\xff\xfe binary junk \x01\x02", ""},
	}
	for _, tt := range tests {
		if got := Language(tt.text); got != tt.want {
			t.Errorf("Language(%.30q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
