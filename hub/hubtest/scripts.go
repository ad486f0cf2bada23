package hubtest

import "time"

// ScriptsDomain is the email domain of the demo accounts whose names
// terminals measure in different ways (see ScriptNames): an admin search for
// it lists them all, and no other account.
const ScriptsDomain = "scripts.example.org"

// scriptName is a name of the data set, as first and last name.
type scriptName struct{ first, last, username string }

// scriptNames are names that terminals disagree on, or that a program
// measuring grapheme clusters gets wrong in terminals that count code
// points: Indic and Southeast Asian scripts with spacing and combining marks,
// emoji ZWJ sequences, skin tones, variation selectors, keycaps, flags (tag
// sequences too), stacks of combining marks, decomposed Hangul and
// Vietnamese, Arabic and Hebrew with their marks. Widths, grapheme model /
// tmux 3.3a: प्रिया 2/5, शर्मा 2/4, சுப்பிரமணியம் 8/11, 👩🏽‍💻 2/4, 🏳️‍🌈 2/1.
var scriptNames = []scriptName{
	// Devanagari: conjuncts, Mc vowel signs
	{"प्रिया", "शर्मा", "priya"},
	// Tamil
	{"கார்த்திக்", "சுப்பிரமணியம்", ""},
	// Bengali
	{"অর্পিতা", "বন্দ্যোপাধ্যায়", ""},
	// Malayalam, an atomic chillu
	{"ലക്ഷ്മി", "മേനോൻ", ""},
	// Telugu
	{"శ్రీనివాస్", "రెడ్డి", ""},
	// Kannada
	{"ಸೌಮ್ಯ", "ಹೆಗಡೆ", ""},
	// Gujarati
	{"ધ્રુવ", "પટેલ", ""},
	// Gurmukhi
	{"ਹਰਪ੍ਰੀਤ", "ਸਿੰਘ", ""},
	// Sinhala, with a ZWJ (a conjunct)
	{"ශ්\u200dරියානි", "පෙරේරා", ""},
	// Thai, stacked tone marks
	{"น้ำฝน", "ศรีสุข", ""},
	// Lao
	{"ສົມພອນ", "ວົງສາ", ""},
	// Khmer, a subscript consonant
	{"សុខា", "ចាន់", ""},
	// Myanmar
	{"အောင်", "ကျော်", ""},
	// Tibetan stacks
	{"བསྟན་འཛིན", "རྒྱ་མཚོ", ""},
	// Arabic with harakat
	{"مُحَمَّد", "عَلِيّ", ""},
	// Hebrew with niqqud
	{"שָׁלוֹם", "כֹּהֵן", ""},
	// Vietnamese, decomposed
	{"Nguye\u0302\u0303n", "Thi\u0323 Thu\u0309y", ""},
	// Hangul, decomposed into jamo
	{"\u1112\u1161\u11ab", "\u1100\u1175\u11b7", ""},
	// combining stacks
	{"Z\u0334\u0321\u032a\u032b\u034e\u0314\u0357\u031aalgo", "Ch\u0336\u0328\u031b\u0317aos", ""},
	// ZWJ sequences
	{"Coder 👩🏽\u200d💻", "Family 👨\u200d👩\u200d👧\u200d👦", ""},
	// ZWJ, variation selectors
	{"Rainbow 🏳\ufe0f\u200d🌈", "Trans 🏳\ufe0f\u200d⚧\ufe0f", ""},
	// a skin tone; VS16 on a narrow heart
	{"Thumbs 👍🏽", "Heart ❤\ufe0f", ""},
	// keycaps
	{"Agent 0\ufe0f\u20e37\ufe0f\u20e3", "#\ufe0f\u20e3 Hash", ""},
	// flags, a tag sequence
	{"Flags 🇯🇵🇮🇳", "Scotland 🏴\U000E0067\U000E0062\U000E0073\U000E0063\U000E0074\U000E007F", ""},
	// ZWJ after a wide and a narrow base
	{"Cat 🐈\u200d⬛", "Eye 👁\ufe0f\u200d🗨\ufe0f", ""},
}

// ScriptNames are the full names ("first last") of the demo accounts in the
// domain ScriptsDomain, in the order they were added: a data set of names
// that terminals measure in different ways, for tests of widths.
func ScriptNames() []string {
	names := make([]string, len(scriptNames))
	for i, n := range scriptNames {
		names[i] = n.first + " " + n.last
	}
	return names
}

// addScriptAccounts adds the accounts of ScriptNames, with addresses in
// ScriptsDomain, active in the order of the list (the first most recently).
func (b *demoBuilder) addScriptAccounts() {
	day := 24 * time.Hour
	for i, n := range scriptNames {
		b.addPerson(person{id: scriptAccountID(i), first: str(n.first), last: str(n.last), username: n.username,
			email: "person" + twoDigits(i+1) + "@" + ScriptsDomain, verified: i%2 == 0,
			active: time.Duration(i+1) * 37 * time.Minute, created: time.Duration(100+i) * day})
	}
}

// scriptAccountID is the id of the i-th account of ScriptNames.
func scriptAccountID(i int) string {
	return "5c215000-0000-4000-8000-0000000000" + twoDigits(i+1)
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }
