package topic_test

import (
	"fmt"

	"github.com/digestbot/digestbot/internal/topic"
)

func ExampleParse() {
	q, err := topic.Parse(`"Climate Change" summit OR talks -sports actor:Kovac`)
	if err != nil {
		fmt.Println(err)
		return
	}
	story := topic.Doc{
		Title:  "Climate-change talks resume in Brussels",
		Text:   "Negotiators said the talks would run late.",
		Actors: []string{"Elena Kovač", "European Union"},
	}
	fmt.Println(q)
	fmt.Println(q.Match(story))

	_, err = topic.Parse(`"climate change`)
	fmt.Println(err)
	// Output:
	// "climate change" summit OR talks -sports actor:"kovac"
	// true
	// unclosed quote in topic
}
