package hub

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"cocalc-tui/hub/clean"
)

// FuncManageAPIKeys lists (and on the server, also makes and deletes) API
// keys; this client only ever sends its "get" action.
const FuncManageAPIKeys = "system.manageApiKeys"

// APIKey is one entry of system.manageApiKeys' answer: an API key of the
// account, as the server keeps it (never its secret). Decoding it cleans
// its texts once (clean.Bounded); the client also scrubs the key from them.
type APIKey struct {
	// Name is the name its owner gave the key ("" when none), at most
	// clean.NameLimit characters.
	Name string
	// Trunc is the server's "trunc", which tells which key this is: the
	// secret's first 3 characters, "...", and its last 6 (cleaned, at most
	// clean.IDLimit characters). Show it with Masked.
	Trunc string
	// AccountID is the account the key belongs to (a project's key: the
	// account that made it), or "" when the server's is not a UUID.
	AccountID string
	// Created, Expire and LastActive are nil when the server sent null: a
	// key without Expire never expires; one without LastActive was never used.
	Created, Expire, LastActive *time.Time

	// Raw is the entry as the server sent it, for JSON output only (see Answer).
	Raw json.RawMessage
}

// apiKeyWire is an entry as the server sends it. Times are ISO strings
// here, not milliseconds.
type apiKeyWire struct {
	AccountID  *string `json:"account_id"`
	Name       *string `json:"name"`
	Trunc      *string `json:"trunc"`
	Created    *string `json:"created"`
	Expire     *string `json:"expire"`
	LastActive *string `json:"last_active"`
}

// isoTimeLimit is longer than any ISO time ("2026-11-30T08:41:07.774+05:30").
const isoTimeLimit = 40

// UnmarshalJSON decodes an entry, cleans its texts and parses its times. A
// time that is not an ISO time (RFC 3339) fails the whole answer, as any
// value of the wrong type does.
func (k *APIKey) UnmarshalJSON(data []byte) error {
	var wire apiKeyWire
	if err := unmarshalExact(data, &wire); err != nil {
		return err
	}
	*k = APIKey{Raw: append(json.RawMessage(nil), data...)}
	if wire.AccountID != nil && IsUUID(*wire.AccountID) {
		k.AccountID = strings.ToLower(*wire.AccountID)
	}
	if wire.Name != nil {
		k.Name = clean.Bounded(*wire.Name, clean.NameLimit)
	}
	if wire.Trunc != nil {
		k.Trunc = clean.Bounded(*wire.Trunc, clean.IDLimit)
	}
	times := []struct {
		field string
		text  *string
		into  **time.Time
	}{{"created", wire.Created, &k.Created}, {"expire", wire.Expire, &k.Expire}, {"last_active", wire.LastActive, &k.LastActive}}
	for _, t := range times {
		if t.text == nil {
			continue
		}
		parsed, err := time.Parse(time.RFC3339Nano, *t.text)
		if len(*t.text) > isoTimeLimit || err != nil {
			return errors.New(`field "` + t.field + `" is not an ISO time`) // the value itself is not quoted: it may be hostile
		}
		*t.into = &parsed
	}
	return nil
}

// scrubbed is k with the keys s knows removed from its texts.
func (k APIKey) scrubbed(s *Scrubber) APIKey {
	k.Name, k.Trunc = s.Scrub(k.Name), s.Scrub(k.Trunc)
	return k
}

// Masked shows the key as MaskKey shows one, from its trunc: "sk-…abc123"
// (no more of it than MaskKey would show of the secret itself), or "" when
// the trunc is not of the server's shape.
func (k APIKey) Masked() string {
	prefix, suffix, found := strings.Cut(k.Trunc, "...")
	const shownTail = 6
	if !found || len(suffix) < shownTail || !isKeyText(suffix) {
		return ""
	}
	shown := "…" + suffix[len(suffix)-shownTail:]
	if prefix == "sk-" || prefix == "sk_" {
		shown = prefix + shown
	}
	return shown
}

// isKeyText reports whether s is made only of the characters of a key.
func isKeyText(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isKeyByte(s[i]) {
			return false
		}
	}
	return true
}

// ExpiredAt reports whether the key has expired at now.
func (k APIKey) ExpiredAt(now time.Time) bool { return k.Expire != nil && !k.Expire.After(now) }

// APIKeys is system.manageApiKeys' answer to "get": the account's own keys
// (not those of its projects), newest first, and which of them is the key
// the client calls with.
type APIKeys struct {
	Keys []APIKey
	// This is the index in Keys of the key the client calls with, found by
	// its trunc; -1 when no entry has it (a legacy key, which the server
	// keeps apart and never lists) or several do.
	This int
	// Legacy tells that the client's key is of the old format ("sk_"),
	// which the server never lists.
	Legacy bool
	Answer
}

// Current is the entry of the key the client calls with, if the list has it.
func (k APIKeys) Current() (APIKey, bool) {
	if k.This < 0 || k.This >= len(k.Keys) {
		return APIKey{}, false
	}
	return k.Keys[k.This], true
}

// Others are the account's keys but the one the client calls with.
func (k APIKeys) Others() []APIKey {
	others := make([]APIKey, 0, len(k.Keys))
	for i, key := range k.Keys {
		if i != k.This {
			others = append(others, key)
		}
	}
	return others
}

// keysArg is the argument of the one action this client sends.
type keysArg struct {
	Action string `json:"action"`
}

// APIKeys lists the keys of the account whose key the client calls with
// (system.manageApiKeys, action "get": it only reads). An account key only:
// the hub endpoint refuses a project's key. An answer that is not a list
// (null, which an unknown action gets) is KindBadResponse; a server older
// than the function answers KindUnknownFunction.
func (c *Client) APIKeys(ctx context.Context) (APIKeys, error) {
	var keys []APIKey
	answer, err := c.call(ctx, hubPath, FuncManageAPIKeys, []any{keysArg{Action: "get"}}, &keys)
	if err != nil {
		return APIKeys{}, err
	}
	if answer.Raw[0] != '[' {
		return APIKeys{}, &Error{Kind: KindBadResponse, Call: FuncManageAPIKeys,
			Message: "the answer has an unexpected shape: got a JSON " + describeJSON(answer.Raw) + ", expected a list of keys"}
	}
	result := APIKeys{Keys: make([]APIKey, 0, len(keys)), This: -1, Legacy: c.keyIsLegacy, Answer: answer}
	matches := 0
	for _, key := range keys {
		if string(key.Raw) == "null" {
			continue // not a key
		}
		if c.keyTrunc != "" && key.Trunc == c.keyTrunc {
			matches++
			result.This = len(result.Keys)
		}
		result.Keys = append(result.Keys, key.scrubbed(c.scrubber))
	}
	if matches != 1 {
		result.This = -1 // none, or several: which one is this key is not known
	}
	return result, nil
}

// truncOf is the server's trunc of a key: its first 3 characters, "...",
// and its last 6.
func truncOf(key string) string {
	runes := []rune(key)
	return string(runes[:min(3, len(runes))]) + "..." + string(runes[max(0, len(runes)-6):])
}
