package hub

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"unicode/utf8"
)

// Member names are matched exactly, as the server and jq match them.
// encoding/json also takes a member whose name differs from a field's only
// in case ("EMAIL_ADDRESS", or "email_addreſs" by Unicode folding) for that
// field, so a row could show one address in the cleaned view and another
// in the raw JSON. Before a struct is decoded, exactMembers drops such
// members, which the server never sends: what is left decodes the same
// with exact or folded matching. See doc.go (Answers) for duplicate names.

// memberNames are the JSON names of a struct type's fields, and the same
// lowercased, to tell quickly a name that could match a field only by
// folding.
type memberNames struct {
	exact   map[string]bool
	lowered map[string]bool
	list    []string
}

var memberNamesCache sync.Map // reflect.Type → *memberNames

// memberNamesOf is the field names json gives the struct v points to
// (embedded structs included), or nil when v is not a pointer to a struct.
func memberNamesOf(v any) *memberNames {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
		return nil
	}
	if names, ok := memberNamesCache.Load(t.Elem()); ok {
		return names.(*memberNames)
	}
	names := &memberNames{exact: map[string]bool{}, lowered: map[string]bool{}}
	names.collect(t.Elem())
	memberNamesCache.Store(t.Elem(), names)
	return names
}

func (n *memberNames) collect(t reflect.Type) {
	for i := range t.NumField() {
		field := t.Field(i)
		tag := field.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		embedded := field.Type
		if embedded.Kind() == reflect.Pointer {
			embedded = embedded.Elem()
		}
		switch {
		case tag == "-":
		case field.Anonymous && name == "" && embedded.Kind() == reflect.Struct:
			n.collect(embedded)
		case !field.IsExported():
		default:
			if name == "" {
				name = field.Name
			}
			n.exact[name] = true
			n.lowered[strings.ToLower(name)] = true
			n.list = append(n.list, name)
		}
	}
}

// unmarshalExact is json.Unmarshal with the members of the top-level object
// matched to v's fields by exact name (see exactMembers); nested structs
// match exactly when their own UnmarshalJSON uses it.
func unmarshalExact(data []byte, v any) error {
	return json.Unmarshal(exactMembers(data, memberNamesOf(v)), v)
}

// exactMembers is the JSON object data without the members whose names
// match one of names only by folding case, or data itself (no copy) when it
// has none, when names is nil, or when data is not an object it can read
// (json.Unmarshal then reports what is wrong).
func exactMembers(data []byte, names *memberNames) []byte {
	if names == nil || !hasInexactMember(data, names) {
		return data
	}
	filtered, ok := withoutInexactMembers(data, names)
	if !ok {
		return data
	}
	return filtered
}

// hasInexactMember tells whether a member name of the object data matches
// a name only by folding. It reads the object's top level only, skipping
// strings with IndexByte; anything it cannot follow counts as inexact, for
// withoutInexactMembers to sort out with the json package.
func hasInexactMember(data []byte, names *memberNames) bool {
	i := skipSpace(data, 0)
	if i == len(data) || data[i] != '{' {
		return false
	}
	depth := 0
	for i < len(data) {
		switch data[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			end := stringEnd(data, i)
			if end < 0 {
				return true
			}
			if depth == 1 {
				if next := skipSpace(data, end+1); next < len(data) && data[next] == ':' &&
					isInexact(data[i+1:end], names) {
					return true
				}
			}
			i = end
		}
		i++
	}
	return false
}

// stringEnd is the index of the quote that ends the JSON string starting at
// data[start], or -1.
func stringEnd(data []byte, start int) int {
	for i := start + 1; ; {
		quote := bytes.IndexByte(data[i:], '"')
		if quote < 0 {
			return -1
		}
		i += quote
		backslashes := 0
		for j := i - 1; j > start && data[j] == '\\'; j-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return i
		}
		i++
	}
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// isInexact tells whether the member name raw (as written between its
// quotes) is not one of names but equal to one by folding.
func isInexact(raw []byte, names *memberNames) bool {
	if names.exact[string(raw)] {
		return false
	}
	plain := true // lowercase ASCII, no escape: folds only to itself
	for _, c := range raw {
		if c >= utf8.RuneSelf || c == '\\' || 'A' <= c && c <= 'Z' {
			plain = false
			break
		}
	}
	if plain {
		return names.lowered[string(raw)]
	}
	name := string(raw)
	if bytes.IndexByte(raw, '\\') >= 0 {
		quoted := make([]byte, 0, len(raw)+2)
		quoted = append(append(append(quoted, '"'), raw...), '"')
		if json.Unmarshal(quoted, &name) != nil {
			return true
		}
	}
	if names.exact[name] {
		return false
	}
	for _, known := range names.list {
		if strings.EqualFold(name, known) {
			return true
		}
	}
	return false
}

// withoutInexactMembers writes the object data again without its inexact
// members, in order, duplicates kept; ok is false when data is not a valid
// object.
func withoutInexactMembers(data []byte, names *memberNames) (filtered []byte, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if open, err := dec.Token(); err != nil || open != json.Delim('{') {
		return nil, false
	}
	out := []byte{'{'}
	for dec.More() {
		token, err := dec.Token()
		name, isName := token.(string)
		var value json.RawMessage
		if err != nil || !isName || dec.Decode(&value) != nil {
			return nil, false
		}
		quoted, _ := json.Marshal(name)
		if isInexact(quoted[1:len(quoted)-1], names) {
			continue
		}
		if len(out) > 1 {
			out = append(out, ',')
		}
		out = append(append(append(out, quoted...), ':'), value...)
	}
	if end, err := dec.Token(); err != nil || end != json.Delim('}') ||
		skipSpace(data, int(dec.InputOffset())) != len(data) {
		return nil, false
	}
	return append(out, '}'), true
}
