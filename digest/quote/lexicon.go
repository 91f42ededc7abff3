package quote

import "strings"

func setOf(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// cueWords are reporting verbs, in lower case, that introduce or follow a
// quotation. "according" is completed by "to" in the parser.
var cueWords = setOf(`
say says said saying tell tells told telling argue argues argued arguing
warn warns warned warning note notes noted noting add adds added adding
caution cautions cautioned write writes wrote written writing explain explains explained
insist insists insisted ask asks asked asking reply replies replied recall recalls recalled
continue continues continued declare declares declared state states stated
tweet tweets tweeted tweeting claim claims claimed claiming announce announces announced
acknowledge acknowledges acknowledged admit admits admitted suggest suggests suggested
predict predicts predicted complain complains complained quip quips quipped
joke jokes joked shout shouts shouted exclaim exclaimed remark remarks remarked
observe observes observed concede concedes conceded contend contends contended
assert asserts asserted maintain maintains maintained testify testifies testified
report reports reported respond responds responded promise promises promised
vow vows vowed call calls called calling describe describes described describing
urge urges urged declared posted wrote boast boasts boasted chant chanted chanting
charge charges charged yell yelled scream screamed sing sings sang whisper whispered
demand demands demanded question questioned wonder wonders wondered recount recounted
explained agreed agree agrees disagree disagreed emphasize emphasized emphasised stress stressed
stresses insisted muse mused counter countered retort retorted reiterate reiterated
accuse accused accuses blast blasted blasts slam slammed slams mock mocked mocks
dub dubbed label labeled labelled brand branded according
conclude concludes concluded pledge pledges pledged read reads echo echoed echoing
thunder thundered fume fumed lament lamented acknowledging explaining insisting noting warning
yell boom beam bellow cry cried shout proclaim proclaimed hail hailed dismiss dismissed decry decried
praise praised criticize criticized criticise criticised denounce denounced confirm confirmed deny denied
allege alleged recommend recommended propose proposed pledge vow threaten threatened tout touted
describe argue tweet post tell write reply telling
anticipate hint imply implied
indicate learn learned bemoan bemoaned bark barked snap snapped fire fired scoff scoffed rip ripped
muse wrote interject interjected interrupt interrupted chime chimed
sagte sagt sagten erklärte erklärt betonte betont warnte warnt meinte meint kritisierte
déclare déclaré affirme affirmé explique expliqué estime ajoute ajouté
dijo afirmó explicó señaló aseguró añadió declaró disse affermato dichiarato spiegato
kata ujar katanya ujarnya tutur jelas сказал сказала заявил заявила отметил отметила
`)

// foreignTitleEndings end German compound titles written before a name
// ("Bahnchefin Katrin Albers", "Verkehrsminister Tobias Reiner"), which
// capitalises them like the name itself.
var foreignTitleEndings = []string{
	"chef", "chefin", "minister", "ministerin", "präsident", "präsidentin", "sprecher", "sprecherin",
	"kanzler", "kanzlerin", "leiter", "leiterin", "direktor", "direktorin", "vorsitzende", "vorsitzender",
	"experte", "expertin", "bürgermeister", "bürgermeisterin",
}

// foreignFunctionWords are function words of German, French, Spanish,
// Italian, Portuguese and Indonesian: they never join a title to a name
// ("sagte Albers bei der Vorstellung des Programms") and, capitalised at
// the start of a sentence, are never a name ("Jangan", "Quando"). Name
// particles (von, de, van, la, da, di) are not among them; nor are words
// that are also common given names in English news ("Dan", "Ada", "Man").
var foreignFunctionWords = setOf(`bei die das des den dem vom zum zur im am und mit für auf aus nach über unter vor
les et à au aux pour par dans sur avec chez lors
ein eine einen einem einer ist nicht sich auch wird wenn weil aber oder doch dass wie wir ich sie er es
quand mais donc que qui elle ils nous vous alors ainsi selon
cuando pero porque como donde según también sin sobre entre hasta desde muy una
quando perché però come dove anche ancora dopo sono non questo questa
quando porque como onde também então ainda não
jangan jika kalau dari yang untuk dengan dalam kami kita mereka saya ini itu tidak sudah akan bahwa karena tetapi namun pada hari
мой моя моё мои наш наша наше наши ваш ваша ваше ваши твой его её их это этот эта эти что как кто где когда если но и а в на с по для я мы вы они он она`)

func isForeignTitle(lw string) bool {
	for _, e := range foreignTitleEndings {
		if strings.HasSuffix(lw, e) && len(lw) > len(e)+2 {
			return true
		}
	}
	return false
}

// pronouns that stand for a speaker, with the gender they imply.
var pronounGender = map[string]byte{
	"he": 'm', "she": 'f', "they": 0, "i": 0, "we": 0, "it": 0,
}

// honorifics precede a name and are not part of it; some imply a gender.
var honorifics = map[string]byte{
	"mr.": 'm', "mrs.": 'f', "ms.": 'f', "miss": 'f', "mr": 'm', "mrs": 'f', "ms": 'f',
	"dr.": 0, "prof.": 0, "sen.": 0, "sens.": 0, "rep.": 0, "reps.": 0, "gov.": 0, "gen.": 0,
	"lt.": 0, "col.": 0, "capt.": 0, "sgt.": 0, "adm.": 0, "rev.": 0, "del.": 0, "atty.": 0,
	"sir": 'm', "dame": 'f', "lord": 'm', "lady": 'f', "sr.": 0, "st.": 0,
}

// titleWords are capitalised words of office that may head a name
// ("German Chancellor Anke Vogel") and belong in SpeakerTitle.
var titleWords = setOf(`
president vice secretary minister prime chancellor mayor judge justice chief speaker
senator representative governor general professor ambassador attorney commissioner
chairman chairwoman director deputy sheriff officer detective coach pastor rabbi pope
king queen prince princess congressman congresswoman councilman councilwoman assemblyman
leader candidate nominee spokesman spokeswoman former gop democratic republican ceo
engineer economist scientist editor architect planner inspector superintendent counsel bishop
archbishop cardinal
constable commander executive
`)

// isTitleWord reports whether lw (lower case) is a word of office, alone
// or in a hyphenated compound ("secretary-general", "vice-chair").
func isTitleWord(lw string) bool {
	if titleWords[lw] {
		return true
	}
	if !strings.Contains(lw, "-") {
		return false
	}
	for _, part := range strings.Split(lw, "-") {
		if titleWords[part] {
			return true
		}
	}
	return false
}

// roleNouns head a descriptive reference to a person ("the senator",
// "the Ohio businessman") that is resolved like a pronoun.
var roleNouns = setOf(`
senator minister official president candidate nominee businessman businesswoman mayor governor
chancellor secretary spokesman spokeswoman spokesperson congressman congresswoman lawmaker
leader chairman chairwoman director judge justice ambassador general analyst expert professor
economist adviser advisor aide strategist billionaire mogul host anchor reporter author
lawyer attorney founder executive ceo commissioner sheriff officer woman man activist
democrat republican representative politician diplomat premier king queen pope manager
`)

// descriptors may sit inside a source phrase before a name
// ("City Hall press secretary Dana Whitlock", "Hale spokeswoman Nora Quist").
var descriptors = setOf(`
press secretary spokesman spokeswoman spokesperson candidate presidential vice nominee senator
analyst director professor chairman chairwoman chair president campaign manager adviser
advisor aide strategist pollster attorney lawyer official economist expert founder executive
chief ceo leader minister governor mayor representative congressman congresswoman sheriff
commissioner ambassador deputy former political geopolitical senior national security widow
mother father son daughter wife husband journalist reporter columnist commentator host anchor
editor author writer researcher scientist fellow scholar correspondent activist organizer
member democratic republican state house senate party general chancellor prime foreign
defense defence deputy assistant top longtime veteran retired radio television tv talk show
conservative liberal progressive businessman businesswoman billionaire mogul actress actor
singer rapper star comedian co-founder cofounder staff counsel adviser policy campaign's
lobbyist engineer consultant historian physician doctor surgeon nurse teacher student farmer owner
resident worker entrepreneur investor banker trader lecturer planner architect
`)

// adverbs and auxiliaries that may stand between a source and its cue
// ("Kovac also said", "she has repeatedly argued").
var betweenWords = setOf(`
also later then previously recently once again repeatedly reportedly publicly privately
simply quickly flatly has have had would will later first further still often even
is was are were been himself herself
`)

// irregularPast are past-tense verbs without -ed that follow a name after
// a quote as its cue ("“…,” Bennett shot back") or take a quoted object
// ("Pew found that “…”").
var irregularPast = setOf(`shot spoke began swore thought felt found`)

// stopCaps are capitalised words that start sentences or clauses and are
// never part of a name.
var stopCaps = setOf(`
the a an in on at but and or if when after before as this that these those it he she they we i
you his her their our its my your there here while since because though although so yet for
with without from by to of about during under over into then now still however meanwhile
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december jan. feb. mar. apr. aug. sept. sep. oct. nov. dec.
today yesterday tonight earlier later last next mr mrs ms
some one others many several most all both few none each every another
who whom whose what which where why how whether among amid across against around behind beside besides
between beyond despite except inside outside near like unlike than through throughout toward towards upon
within until unless whereas also even just only not nor no yes alongside amongst above below beneath atop
having being
`)

// timeWords may follow a cue without being its source ("said Monday").
var timeWords = setOf(`
monday tuesday wednesday thursday friday saturday sunday today yesterday tonight earlier later
recently previously last this on in at during after before when then again also of that
`)

// abbreviations keep their full stop and do not end a sentence.
var abbreviations = setOf(`
mr mrs ms dr prof sen sens rep reps gov gen lt col capt sgt adm rev del atty sr jr st
u.s u.k u.n d.c a.m p.m inc corp co ltd vs etc no jan feb mar apr aug sept sep oct nov dec
mt ft ave blvd dept univ assn e.g i.e
calif tex fla ill ore wis vt va conn ky tenn ariz colo minn mich pa ga ala okla kan neb nev md mont wyo
`)

var femaleNames = setOf(`
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice
jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle
theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla hillary
elena angela nancy condoleezza madeleine kellyanne huma ivanka melania chelsea elizabeth
nikki sarah michele carly jill debbie donna loretta valerie susana tammy kirsten kamala
claire maxine barbara dianne patty marsha lisa shelley ileana tulsi gina hope omarosa
katrina katy taylor beyonce oprah ellen whoopi megyn gretchen greta rachel mika andrea
dana ingrid katie kate gwen pam ana marine theresa angela ursula christine hoda savannah
natasha irina olga svetlana anastasia yulia keyia melanie gennifer juanita paula kathleen
alicia rosie terry stacey brianna mia zoe ella chloe lily aisha fatima priya sonia
abby adriana agnes aileen aimee alana alexandra alexandria alison allison alyssa amelia amina
angelica angelina anita annette annie antoinette ariana arlene audrey ava barbra beatrice becky
belinda bernadette bethany beth betsy bianca bonnie bridget brooke camila candace cara carla carmen
caroline cassandra cecilia celeste celia charlene cindy claudia colleen constance courtney daphne
darlene deanna debora delia dolores dominique doreen edith eileen elaine eleanor eliza elise ellie
eloise elsa emilia erica erika erin esther estelle eva evangeline fiona francesca gabriela gabrielle
genevieve geraldine gillian giselle gwendolyn harriet heidi helena hilary imani imogen irene isabel
isabelle jane janelle janine jasmine jeanette jeanne jenna jenny jillian joanna joanne jocelyn
josephine juliana juliet justine karin karina katharine kathy kendra kristen kristin kristina
krystal lana leah leila lena lillian lois lorena lorraine louise lucia lucy luisa lydia mabel
madeline magdalena maggie mallory marcia margarita margo marianne marina marisa marjorie marlene
maureen melinda mercedes meredith michaela mildred miranda miriam molly mona monica monique myra
nadia nadine naomi natalia nina nora norma odette paige patrice paulette pauline peggy penelope
phyllis priscilla rachael ramona raquel rebekah regina renee rhonda rita roberta rochelle rosa
rosalind rosemary roxanne sabrina selena serena sheila sherry simone sofia sonya susanne suzanne
sylvia tamara tanya tara tessa thelma tiffany tina vanessa vera veronica vicki viola vivian wanda
wendy whitney yolanda yvonne zelda
`)

var maleNames = setOf(`
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
vincent ralph eugene russell bobby mason philip louis barack bill mike ted marco jeb ben
chris rand bernie tim mitch harry newt rudy reince corey sean steve rick lindsey jim
hugh vladimir xi boris emmanuel justin shinzo narendra recep benjamin bashar
kim rex jared eric dan mitt al tom bob dick ron rob joel chuck elijah jon jeff josh
marcus martin luther malcolm colin cory tony tom ken karl kurt lyndon jimmy gerald hank
victor dainis mikhail sergei dmitri nikolai ivan igor alexei pavel francois jean-claude
hans klaus wolfgang giuseppe mario luigi carlos luis miguel pedro jorge ahmed mohammed
muhammad ali omar hassan abdul li wei chen raj amit ravi rahul sanjay
abraham alberto alec alfred allen alvin andre andres angelo antonio archie arnold barry bernard bert
blake brad bradley brendan brent brett bruno byron calvin cameron cecil cedric charlie chester
clarence claude clifford clint clyde cody conrad craig curtis damian damon darius darrell darren
dave derek desmond dominic donovan duane dustin dwayne dwight eddie edgar edmund eduardo edwin
elliot elliott elmer emil emmett enrique ernest ernesto errol everett felix fernando floyd francisco
franklin fred freddie frederick gareth garrett gene geoffrey gilbert glen glenn gordon graham greg
hamid herbert herman horace howard hugo ian ignacio irving isaac jacques jake jamal jarrod javier
jay jeffery jeremiah jerome jesus joaquin joey johnny jonah julian julio julius kent kirk leo leon
leonard leroy lester lewis lionel lloyd lorenzo lowell lucas luke manuel marc marcel marvin mathew
matt maurice melvin micah mitchell morris nathaniel neil nelson nigel norman oliver oscar otis owen
pablo perry pete phil pierre preston quentin rafael ramon randall randolph raul reggie reginald rene
ricardo richie robbie roberto rodney rodrigo roland rolando ronnie ross rudolph rufus russ salvador
sam sammy saul seth shane simon stanley stuart sylvester terrence theodore toby todd tommy travis
trevor troy tyrone ulysses vernon vince wallace wesley wilbur wilfred winston xavier zack
`)

// femaleWords and maleWords in a title or descriptor imply a gender.
var femaleWords = setOf(`spokeswoman congresswoman chairwoman businesswoman councilwoman wife mother widow daughter sister actress queen princess mrs. ms. miss woman grandmother`)
var maleWords = setOf(`spokesman congressman chairman businessman councilman husband father son brother actor king prince mr. man grandfather`)

// namingVerbs give a thing its name ("a film dubbed “…”", "a script called
// “…”"): right before a quote, with no one before them to say it, the quote
// is the name, not words anyone spoke.
var namingVerbs = setOf(`called dubbed named titled entitled nicknamed billed branded labelled labeled styled`)

// partOfWork are what a work has or who makes it, before "of" and its name
// ("an episode of “…”", "the cast of “…”").
var partOfWork = setOf(`episode episodes season seasons cast star stars host creator creators author director
producer finale premiere sequel remake edition chapter adaptation soundtrack lyrics`)

// workKinds are the kinds of works whose names news puts in quotation
// marks ("the television show “Nashville”", "his first album, “Tapestry,”").
var workKinds = setOf(`show shows series sitcom film films movie movies documentary album albums song songs
single track hit hits anthem ballad chorus book books novel memoir biography play musical opera script
competition programme program podcast column magazine newspaper blog channel painting poem exhibition
game app slogan tagline hashtag motto`)

// otherPersonNouns name a person through someone else ("Park's source",
// "Khan's wife"): that person is not the one whose name is possessive.
var otherPersonNouns = setOf(`source sources wife husband son sons daughter daughters father mother brother sister
nephew niece cousin uncle aunt grandson granddaughter widow widower girlfriend boyfriend fiance fiancee partner
friend friends predecessor successor biographer biographers questioner questioners rival opponent neighbor
neighbour colleague doctor manager attorney lawyer interviewer`)
