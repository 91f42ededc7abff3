package main

import "testing"

func TestHasPossessive(t *testing.T) {
	bare := noSpace("The People’s Daily said the People’s Liberation Army and Merkel’s party met.")
	for name, want := range map[string]bool{
		"Angela Merkel’s":          true,  // ends in a possessive
		"Merkel’s Party":           true,  // not a name the body writes
		"People’s Daily":           false, // a fixed name, written so
		"People’s Liberation Army": false,
		"Angela Merkel":            false,
	} {
		if got := hasPossessive(name, bare); got != want {
			t.Errorf("hasPossessive(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestBodyHasSentence(t *testing.T) {
	for body, want := range map[string]bool{
		"Calendário 2018\n\n1a etapa: 10 de março – Interlagos\n* Sujeito a alterações": false,
		"Hi.\nThe council voted on Tuesday.":                                            true,
		"これが非常に困ったもの。":                                                                  true, // 6 words at two characters a word
		"Go!":                                                                           false,
	} {
		if got := bodyHasSentence(body); got != want {
			t.Errorf("bodyHasSentence(%q) = %v, want %v", body, got, want)
		}
	}
}
