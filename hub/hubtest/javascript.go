package hubtest

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// The real server is written in TypeScript and is fed whatever JSON a client
// sends. To fail the way it fails, the fake needs a little of JavaScript's
// semantics: undefined versus null, truthiness, String(x), Number(x), and the
// texts of the errors thrown by V8 and PostgreSQL. Request bodies are decoded
// into any with json.Number, so values are nil, bool, json.Number, string,
// []any or map[string]any; float64 and int64 are taken as numbers too.

// undefinedValue is JavaScript's undefined: a key absent from the body.
type undefinedValue struct{}

var undefined = undefinedValue{}

// jsError is an exception as `${err}` prints it: "Error: …", "TypeError: …",
// or "error: …" for PostgreSQL's errors (node-postgres names them "error").
type jsError struct {
	name    string
	message string
}

func (e *jsError) Error() string { return e.name + ": " + e.message }

func newError(message string) error     { return &jsError{"Error", message} }
func newTypeError(message string) error { return &jsError{"TypeError", message} }
func newPostgresError(message string) error {
	return &jsError{"error", message}
}

// field is obj[key] as JavaScript evaluates it (undefined unless obj is an
// object that has key).
func field(obj any, key string) any {
	m, ok := obj.(map[string]any)
	if !ok {
		return undefined
	}
	v, ok := m[key]
	if !ok {
		return undefined
	}
	return v
}

func isNullish(v any) bool { return v == nil || v == undefined }

func truthy(v any) bool {
	switch x := v.(type) {
	case nil, undefinedValue:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case json.Number, float64, int64:
		f := toNumber(x)
		return f != 0 && !math.IsNaN(f)
	}
	return true // objects and arrays, even empty ones
}

// typeOf is JavaScript's typeof for the values a body can hold.
func typeOf(v any) string {
	switch v.(type) {
	case undefinedValue:
		return "undefined"
	case bool:
		return "boolean"
	case json.Number, float64, int64:
		return "number"
	case string:
		return "string"
	}
	return "object"
}

// toString is String(v).
func toString(v any) string {
	switch x := v.(type) {
	case undefinedValue:
		return "undefined"
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case json.Number, float64, int64:
		return formatNumber(toNumber(x))
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if !isNullish(e) {
				parts[i] = toString(e)
			}
		}
		return strings.Join(parts, ",")
	}
	return "[object Object]"
}

// toNumber is Number(v) (hexadecimal and binary literals in strings aside).
func toNumber(v any) float64 {
	switch x := v.(type) {
	case nil:
		return 0
	case bool:
		if x {
			return 1
		}
		return 0
	case float64:
		return x
	case int64:
		return float64(x)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil && !math.IsInf(f, 0) {
			return math.NaN()
		}
		return f
	case string:
		return stringToNumber(x)
	case []any:
		return stringToNumber(toString(x))
	}
	return math.NaN() // undefined and objects
}

func stringToNumber(s string) float64 {
	s = jsTrim(s)
	switch s {
	case "":
		return 0
	case "Infinity", "+Infinity":
		return math.Inf(1)
	case "-Infinity":
		return math.Inf(-1)
	}
	// Refuse what strconv accepts but Number does not: "inf", "nan",
	// hexadecimal floats, underscores.
	if strings.ContainsAny(s, "iInNxXpP_") {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return math.NaN()
	}
	return f
}

// formatNumber is Number.prototype.toString.
func formatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	if abs := math.Abs(f); abs >= 1e21 || abs < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Go writes e-07 where JavaScript writes e-7.
		s = strings.Replace(s, "e-0", "e-", 1)
		return strings.Replace(s, "e+0", "e+", 1)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// isJSSpace is JavaScript's white space (\s, and what trim removes): Unicode
// Zs, the line terminators, tab, vertical tab, form feed and the BOM. Unlike
// Go's unicode.IsSpace it excludes U+0085, a C1 control.
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return 0x2000 <= r && r <= 0x200a
}

// jsTrim is String.prototype.trim.
func jsTrim(s string) string { return strings.TrimFunc(s, isJSSpace) }

// jsFields splits on runs of JavaScript white space, like s.match(/\S+/g).
func jsFields(s string) []string { return strings.FieldsFunc(s, isJSSpace) }

// cannotCreateProperty is V8's TypeError for setting a property on a
// primitive in strict mode, e.g. what `args[0].account_id = …` throws when
// the client sent a bare string as the first argument.
func cannotCreateProperty(key string, on any) error {
	return newTypeError("Cannot create property '" + key + "' on " + typeOf(on) + " '" + toString(on) + "'")
}

// cannotReadProperty is V8's TypeError for reading a property of null or
// undefined.
func cannotReadProperty(key string, of any) error {
	return newTypeError("Cannot read properties of " + toString(of) + " (reading '" + key + "')")
}

// errNotIterable is V8's TypeError for f(...x) when x is not iterable.
var errNotIterable = newTypeError("Spread syntax requires ...iterable[Symbol.iterator] to be a function")

// spread is the argument list f(...args) receives.
func spread(args any) ([]any, error) {
	switch a := args.(type) {
	case []any:
		return a, nil
	case string:
		var chars []any
		for _, r := range a {
			chars = append(chars, string(r))
		}
		return chars, nil
	}
	return nil, errNotIterable
}
