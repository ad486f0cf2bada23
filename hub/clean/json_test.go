package clean

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"cocalc-tui/hub/clean/cleantest"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean document unchanged", `{"a": "Alice", "b": [1, 2.50, null, true]}`, `{"a": "Alice", "b": [1, 2.50, null, true]}`},
		{"escapes kept as sent", `{"a":"\u00e9\n\"x\"","b":"\ud83d\ude00"}`, `{"a":"\u00e9\n\"x\"","b":"\ud83d\ude00"}`},
		{"lone high surrogate", `{"a":"x\ud800y"}`, `{"a":"x` + "\uFFFD" + `y"}`},
		{"lone low surrogate", `["\udc00"]`, `["` + "\uFFFD" + `"]`},
		{"high surrogate then a non-surrogate escape", `["\ud800\u0041"]`, `["` + "\uFFFDA" + `"]`},
		{"invalid UTF-8", "[\"a\xffb\xc3\"]", `["a` + "\uFFFD" + `b` + "\uFFFD" + `"]`},
		{"C1 CSI and DEL", "[\"\u009b2J\x7f\"]", `["\u009b2J\u007f"]`},
		{"bidi override", "[\"moc.\u202eevil\"]", `["moc.\u202eevil"]`},
		{"line separator", "[\"a\u2028b\"]", `["a\u2028b"]`},
		{"smuggled tags", "[\"hi\U000E0069\"]", `["hi\udb40\udc69"]`},
		{"key names too", "{\"\u202e\":1}", `{"\u202e":1}`},
		{"only the broken string changes", "{\"a\": \"ok\",\n \"b\": \"\xff\"}", "{\"a\": \"ok\",\n \"b\": \"\uFFFD\"}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := JSON([]byte(tt.in), nil)
			if string(got) != tt.want {
				t.Errorf("JSON(%q) = %q, want %q", tt.in, got, tt.want)
			}
			checkJSON(t, tt.in, got)
		})
	}
}

func TestJSONValueRewritesDecodedStrings(t *testing.T) {
	redact := func(s string) string { return strings.ReplaceAll(s, "sk-secret", "[redacted]") }
	in := `{"sk-secret":"a sk-secret b","c":"sk\u002dsecret","d":"plain"}`
	got := string(JSON([]byte(in), redact))
	want := `{"[redacted]":"a [redacted] b","c":"[redacted]","d":"plain"}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestJSONDoesNotCopyACleanDocument(t *testing.T) {
	doc := []byte(`[{"first_name":"山田","last_name":"\u00e9"}]`)
	if got := JSON(doc, nil); &got[0] != &doc[0] {
		t.Error("a clean document was copied")
	}
}

// FuzzJSON checks that whatever valid JSON the server sends, the program
// writes valid UTF-8 JSON of the same values (U+FFFD for what was not text),
// with nothing raw that a terminal would act on.
func FuzzJSON(f *testing.F) {
	for _, seed := range []string{`{"a":"b"}`, `["\ud800"]`, "[\"\xff\u009b\u202e\"]", `{"\\":"\"\u0000"}`, `[1,"x",{"y":[null]}]`} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		if !json.Valid([]byte(in)) {
			return
		}
		checkJSON(t, in, JSON([]byte(in), nil))
	})
}

// checkJSON checks out, JSON's result for in: valid UTF-8 JSON whose values
// are those encoding/json decodes from in, with no raw hazard.
func checkJSON(t *testing.T, in string, out []byte) {
	t.Helper()
	if !utf8.Valid(out) || !json.Valid(out) {
		t.Fatalf("JSON(%q) = %q is not valid UTF-8 JSON", in, out)
	}
	if r, found := cleantest.FirstHazard(string(bytes.ReplaceAll(out, []byte("\n"), nil)), false); found {
		t.Fatalf("JSON(%q) = %q holds %U raw", in, out, r)
	}
	want, errIn := decodeNumbersAsText([]byte(in))
	got, errOut := decodeNumbersAsText(out)
	if errIn != nil || errOut != nil {
		t.Fatalf("cannot decode %q or %q: %v, %v", in, out, errIn, errOut)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("JSON(%q) = %q decodes to %#v, want %#v", in, out, got, want)
	}
}

// decodeNumbersAsText decodes JSON keeping numbers as their text, so that
// numbers beyond float64 (1e700) compare too.
func decodeNumbersAsText(doc []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
