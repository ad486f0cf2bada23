package hubtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"unicode/utf8"
)

// The server answers with JSON.stringify, whose bytes differ from
// encoding/json's: it keeps an object's key order, does not escape <, > and &
// nor U+2028/U+2029, and prints numbers the JavaScript way. The fake writes
// its answers with this small encoder so that clients see the same bytes.

// object is a JSON object whose keys keep their order.
type object []member

type member struct {
	key   string
	value any
}

// with returns o with one more member.
func (o object) with(key string, value any) object { return append(o, member{key, value}) }

// verbatim is JSON written as it is, byte for byte, even where no JavaScript
// server could write it (invalid UTF-8 in a string): a hostile server can.
type verbatim []byte

// marshalJS encodes v as JSON.stringify would. It accepts nil, bool, string,
// int64, float64, json.Number, json.RawMessage, []any, []object, object and
// map[string]any (whose keys are written in PostgreSQL's jsonb order, since
// such maps come from jsonb columns).
func marshalJS(v any) []byte {
	var buf bytes.Buffer
	writeJS(&buf, v)
	return buf.Bytes()
}

func writeJS(buf *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil, undefinedValue:
		buf.WriteString("null")
	case bool:
		buf.WriteString(strconv.FormatBool(x))
	case string:
		writeJSString(buf, x)
	case int64:
		buf.WriteString(strconv.FormatInt(x, 10))
	case float64:
		buf.WriteString(formatNumber(x))
	case json.Number:
		buf.WriteString(formatNumber(toNumber(x)))
	case json.RawMessage:
		writeJS(buf, decodeJSON(x))
	case verbatim:
		buf.Write(x)
	case []any:
		writeJSArray(buf, len(x), func(i int) any { return x[i] })
	case []object:
		writeJSArray(buf, len(x), func(i int) any { return x[i] })
	case object:
		buf.WriteByte('{')
		for i, m := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeJSString(buf, m.key)
			buf.WriteByte(':')
			writeJS(buf, m.value)
		}
		buf.WriteByte('}')
	case map[string]any:
		writeJS(buf, jsonbObject(x))
	default:
		panic(fmt.Sprintf("hubtest: cannot encode %T", v))
	}
}

func writeJSArray(buf *bytes.Buffer, n int, at func(int) any) {
	buf.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		writeJS(buf, at(i))
	}
	buf.WriteByte(']')
}

// writeJSString quotes s as JSON.stringify does: short escapes for \b \t \n
// \f \r, \u00xx (lower-case hex) for other control characters below 0x20,
// everything else (DEL, C1 controls, U+2028) as is.
func writeJSString(buf *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	buf.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf.WriteByte('\\')
			buf.WriteByte(c)
		case c == '\b':
			buf.WriteString(`\b`)
		case c == '\t':
			buf.WriteString(`\t`)
		case c == '\n':
			buf.WriteString(`\n`)
		case c == '\f':
			buf.WriteString(`\f`)
		case c == '\r':
			buf.WriteString(`\r`)
		case c < 0x20:
			buf.WriteString(`\u00`)
			buf.WriteByte(hex[c>>4])
			buf.WriteByte(hex[c&0xf])
		case c < utf8.RuneSelf:
			buf.WriteByte(c)
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			buf.WriteRune(r) // invalid UTF-8 becomes U+FFFD, as in a JS string
			i += size
			continue
		}
		i++
	}
	buf.WriteByte('"')
}

// jsonbObject orders a map's keys as PostgreSQL's jsonb stores them: shorter
// keys first, then by bytes.
func jsonbObject(m map[string]any) object {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if len(keys[i]) != len(keys[j]) {
			return len(keys[i]) < len(keys[j])
		}
		return keys[i] < keys[j]
	})
	o := make(object, 0, len(keys))
	for _, k := range keys {
		o = o.with(k, m[k])
	}
	return o
}

// decodeJSON decodes raw (known to be valid) into the values marshalJS takes.
func decodeJSON(raw []byte) any {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil
	}
	return v
}
