package hub

import (
	"math"
	"strconv"
	"testing"
)

// TestCSVCellNeutralisesFormulas: a formula is found on the first character
// that is not blank, after cleaning (which makes a TAB a space), in its
// ASCII, full-width, small and other compatibility forms.
func TestCSVCellNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1":             "'=1+1",
		"+1":               "'+1",
		"-1":               "'-1",
		"@SUM(A1)":         "'@SUM(A1)",
		"\t=1":             "' =1", // cleaned to a space first, then neutralised
		"  =HYPERLINK(x)":  "'  =HYPERLINK(x)",
		"\u00a0=1":         "'\u00a0=1",  // NO-BREAK SPACE
		"\u3000+1":         "'\u3000+1",  // IDEOGRAPHIC SPACE
		"\u200d=1":         "'\u200d=1",  // ZERO WIDTH JOINER, which cleaning keeps
		"\uff1d1+1":        "'\uff1d1+1", // ＝
		"\uff0b1":          "'\uff0b1",   // ＋
		"\uff0d1":          "'\uff0d1",   // －
		"\uff20SUM(A1)":    "'\uff20SUM(A1)",
		"\ufe66cmd":        "'\ufe66cmd", // ﹦
		"\u207a1":          "'\u207a1",   // ⁺
		"Ada":              "Ada",
		"a=1":              "a=1",
		"":                 "",
		"   ":              "   ",
		"\u2212 1":         "\u2212 1", // MINUS SIGN is no formula, nor folded into one
		"Eve\x1b[2J=":      "Eve␛[2J=",
		"\x1b]0;x\x07=cmd": "␛]0;x␇=cmd",
	} {
		if got := CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRFC3339OfExtremeTimes: RFC 3339 has four-digit years; a time outside
// them is the server's number, never a date of another form.
func TestRFC3339OfExtremeTimes(t *testing.T) {
	ms := func(v int64) *Millis { m := Millis(v); return &m }
	for _, tt := range []struct {
		in   *Millis
		want string
	}{
		{nil, ""},
		{ms(1795900000000), "2026-11-28T21:06:40Z"},
		{ms(1795900000123), "2026-11-28T21:06:40.123Z"},
		{ms(0), "1970-01-01T00:00:00Z"},
		{ms(-62135596800001), "0000-12-31T23:59:59.999Z"},
		{ms(253402300799999), "9999-12-31T23:59:59.999Z"},
		{ms(253402300800000), "253402300800000"},
		{ms(-62167219200001), "-62167219200001"},
		{ms(math.MaxInt64), "9223372036854775807"},
		{ms(math.MinInt64), "-9223372036854775808"},
	} {
		if got := tt.in.RFC3339(); got != tt.want {
			t.Errorf("RFC3339 of %v = %q, want %q", describeMillis(tt.in), got, tt.want)
		}
	}
}

func describeMillis(m *Millis) string {
	if m == nil {
		return "null"
	}
	return strconv.FormatInt(int64(*m), 10) + " ms"
}
