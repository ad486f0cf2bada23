package hub

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// accountFields is Account without its UnmarshalJSON method.
type accountFields Account

// accountWire is the shape an account is decoded into, by
// Account.UnmarshalJSON and decodeAccounts alike: Account's fields, with
// email_address_verified decoded by verifiedWire, as it may be a map.
type accountWire struct {
	*accountFields
	Verified verifiedWire `json:"email_address_verified"` // shadows accountFields' field
}

// verifiedWire decodes email_address_verified: true, false or null, or a
// map, which leaves it nil. Anything else is a type error.
type verifiedWire struct{ value *bool }

func (v *verifiedWire) UnmarshalJSON(data []byte) error {
	switch {
	case string(data) == "true", string(data) == "false":
		verified := data[0] == 't'
		v.value = &verified
	case string(data) == "null", len(data) > 0 && data[0] == '{':
		v.value = nil
	default:
		// json.Unmarshal fills in the field's name.
		return &json.UnmarshalTypeError{Value: jsonKindOfValue(data), Type: reflect.TypeFor[bool]()}
	}
	return nil
}

// jsonKindOfValue names the kind of a JSON value, as json's type errors do.
func jsonKindOfValue(data []byte) string {
	switch {
	case len(data) == 0:
		return "value"
	case data[0] == '"':
		return "string"
	case data[0] == '[':
		return "array"
	}
	return "number"
}

// describeJSON names the kind of a valid JSON document as encoding/json's
// type errors do: "null", "array", "object", "string", "bool", "number".
func describeJSON(doc []byte) string {
	switch doc[0] {
	case 'n':
		return "null"
	case '{':
		return "object"
	case 't', 'f':
		return "bool"
	}
	return jsonKindOfValue(doc)
}

// maxCapacityHint is a little more than the most accounts an answer holds
// (2,500 for an admin's search).
const maxCapacityHint = 4096

// decodeAccounts decodes a list of accounts (system.userSearch's answer)
// from a body trimmed of white space, and reports whether it could. It gives
// exactly what json.Unmarshal into a []Account gives (member names matched
// exactly, see exactMembers), or false: then the
// caller decodes again the usual way, which gives the error.
//
// Why: json.Unmarshal validates the whole body, then finds each account's
// end, then calls Account.UnmarshalJSON, which validates the account again
// and then decodes it; decodeResult had even checked the body with
// json.Valid before. A full admin answer (2,500 accounts, 700 kB) was read
// five times and took 15 ms, over the 10 ms budget. Here a json.Decoder reads
// each account once to find its end and once to decode it, and its bytes,
// kept in Raw, are cut from the body by the decoder's offsets.
func decodeAccounts(body []byte, out *[]Account) bool {
	dec := json.NewDecoder(bytes.NewReader(body))
	if open, err := dec.Token(); err != nil || open != json.Delim('[') {
		return false
	}
	// The list's length, guessed from the accounts' first field, saves
	// growing it a dozen times: a capacity hint only, bounded so that a
	// hostile answer full of "account_id" texts cannot make it huge.
	accounts := make([]Account, 0, min(bytes.Count(body, []byte(`"account_id"`)), maxCapacityHint))
	for dec.More() {
		start := dec.InputOffset() // after the previous account, before any comma
		var a Account
		wire := accountWire{accountFields: (*accountFields)(&a)}
		if err := dec.Decode(&wire); err != nil {
			return false
		}
		raw := bytes.TrimLeft(body[start:dec.InputOffset()], " \t\r\n,")
		if len(raw) == 0 || raw[0] != '{' {
			return false // null or not an object: left to json.Unmarshal
		}
		if names := memberNamesOf(&wire); hasInexactMember(raw, names) {
			// A member encoding/json took for a field by folding its name
			// (rare: hostile): the account is decoded again without it.
			exact, ok := withoutInexactMembers(raw, names)
			a = Account{}
			wire = accountWire{accountFields: (*accountFields)(&a)}
			if !ok || json.Unmarshal(exact, &wire) != nil {
				return false
			}
		}
		a.EmailAddressVerified = wire.Verified.value
		// Raw is cut from the body rather than copied: the body is the
		// answer's own buffer, never reused, and the accounts hold most of it.
		a.Raw = json.RawMessage(raw[:len(raw):len(raw)])
		a.clean()
		accounts = append(accounts, a)
	}
	if end, err := dec.Token(); err != nil || end != json.Delim(']') {
		return false
	}
	// Anything after the list (not even white space: the caller trims the
	// body) makes it invalid JSON.
	if dec.InputOffset() != int64(len(body)) {
		return false
	}
	*out = accounts
	return true
}
