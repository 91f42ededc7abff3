package article

import (
	"testing"

	"github.com/digestbot/digestbot/digest"
)

func TestMarkDek(t *testing.T) {
	story := block{text: "A flaw in the popular game makes it easy for anyone to crash the server that hosts it.", kind: digest.Paragraph}
	tests := []struct {
		name  string
		first []block
		want  []digest.BlockKind
	}{
		{"a sentence in an h2 under the kicker is the dek",
			[]block{{text: "Biz & IT —", kind: digest.Heading}, {text: "Two-year-old bug exposes thousands of servers to crippling attack.", kind: digest.Heading}},
			[]digest.BlockKind{digest.Heading, digest.Standfirst}},
		{"a quoted question ends a sentence too",
			[]block{{text: "The fact checker asked on Twitter whether there were “any un-angry Trump supporters?”", kind: digest.Heading}},
			[]digest.BlockKind{digest.Standfirst}},
		{"a section label is no dek",
			[]block{{text: "Notes on Speculation and Lore", kind: digest.Heading}},
			[]digest.BlockKind{digest.Heading}},
		{"a Title Case headline is no dek",
			[]block{{text: "How To Build The Perfect Terrarium In Ten Easy Steps.", kind: digest.Heading}},
			[]digest.BlockKind{digest.Heading}},
		{"a caption closing on its credit is no dek",
			[]block{{text: "In this photo the rocket booster is installed on a launch pad in Baikonur, Kazakhstan. (Oleg Urusov/ Roscosmos photo via AP)", kind: digest.Heading}},
			[]digest.BlockKind{digest.Heading}},
	}
	for _, tt := range tests {
		blocks := append(append([]block{}, tt.first...), story)
		typeBlocks(blocks)
		for i, want := range tt.want {
			if blocks[i].kind != want {
				t.Errorf("%s: block %d is %v, want %v", tt.name, i, blocks[i].kind, want)
			}
		}
	}
	// Below the story's first paragraph, a sentence in a heading is the
	// story's own, not a dek.
	blocks := []block{story, {text: "Two-year-old bug exposes thousands of servers to crippling attack.", kind: digest.Heading}}
	if typeBlocks(blocks); blocks[1].kind != digest.Heading {
		t.Errorf("a heading under the first paragraph became %v", blocks[1].kind)
	}
}

func TestMarkListings(t *testing.T) {
	prose := "<p>The Fetch API gives the browser a cleaner way to make requests than XMLHttpRequest ever did, and it is in Firefox now.</p>"
	code := `<pre class="javascript">fetch(<span>"/data.json"</span>).then(function(res) { console.log(<span>"Fetch failed!"</span>); });</pre>`
	blocks := textBlocks(parseBody(t, prose+code+prose), nil)
	typeBlocks(blocks)
	if len(blocks) != 3 || blocks[0].kind != digest.Paragraph || blocks[1].kind != digest.Aside {
		t.Errorf("blocks = %+v, want the listing set apart from the prose", blocks)
	}
	// A post that is all <pre> is the story itself.
	blocks = textBlocks(parseBody(t, `<pre>The council met on Tuesday and voted to rebuild the harbour wall.</pre>`), nil)
	if typeBlocks(blocks); len(blocks) != 1 || blocks[0].kind != digest.Paragraph {
		t.Errorf("blocks = %+v, want a plain-text post kept as prose", blocks)
	}
}
