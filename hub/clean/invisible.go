package clean

import "unicode"

// isInvisible reports the characters Line removes for showing nothing
// (see the package doc), and the variation selectors, which it keeps: the
// code points of the Unicode property Default_Ignorable_Code_Point (format
// characters, variation selectors, Other_Default_Ignorable_Code_Point) and
// the few format characters (Cf) outside it (the Arabic number signs
// U+0600–U+0605 and their kin, the interlinear annotation characters
// U+FFF9–U+FFFB, the Egyptian hieroglyph format controls).
func isInvisible(r rune) bool { return invisible.has(r) }

// HidesInWord reports whether r may stand between the letters of a word and
// leave it reading as that word: the invisible characters of isInvisible
// (those Line removes and the joiners and variation selectors it keeps),
// which show nothing or a blank, and the combining marks (Mn, Me), which
// only mark the letter before them ("s\u0336k\u0336" still reads "sk").
// hub.Scrubber reads a key through them, and Bounded never ends a cut text
// with part of a key hidden that way.
func HidesInWord(r rune) bool { return hidesInWord.has(r) }

var (
	invisible = newRuneSet(unicode.Cf, unicode.Other_Default_Ignorable_Code_Point,
		unicode.Variation_Selector)
	hidesInWord = newRuneSet(unicode.Cf, unicode.Other_Default_Ignorable_Code_Point,
		unicode.Variation_Selector, unicode.Mn, unicode.Me)
)

// runeSet is the union of Unicode tables, with one bit for each code point
// of the first two planes, where nearly all text is (letters, CJK, emoji):
// asking about a character there costs one lookup instead of a binary search
// in each table. It is asked about every character of every frame the UI
// draws (the scrubber) and of every text the server sends (cleaning).
type runeSet struct {
	bits   [bitsetLimit / 64]uint64
	tables []*unicode.RangeTable // for the code points from bitsetLimit on
}

// bitsetLimit is the first code point a runeSet looks up in its tables.
const bitsetLimit = 0x20000

func newRuneSet(tables ...*unicode.RangeTable) *runeSet {
	s := &runeSet{tables: tables}
	for _, table := range tables {
		for _, rg := range table.R16 {
			for c := uint32(rg.Lo); c <= uint32(rg.Hi); c += uint32(rg.Stride) {
				s.bits[c/64] |= 1 << (c % 64)
			}
		}
		for _, rg := range table.R32 {
			for c := rg.Lo; c <= rg.Hi && c < bitsetLimit; c += rg.Stride {
				s.bits[c/64] |= 1 << (c % 64)
			}
		}
	}
	return s
}

func (s *runeSet) has(r rune) bool {
	if c := uint32(r); c < bitsetLimit {
		return s.bits[c/64]&(1<<(c%64)) != 0
	}
	return unicode.In(r, s.tables...)
}
