package hub

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestNormalizeBaseURL(t *testing.T) {
	tests := []struct {
		in, want, wantHost string
		allowHTTP          bool
		wantErr            string
	}{
		{in: "", want: "https://cocalc.com", wantHost: "cocalc.com"},
		{in: "https://cocalc.com/", want: "https://cocalc.com", wantHost: "cocalc.com"},
		{in: "https://example.org/cocalc", want: "https://example.org/cocalc", wantHost: "example.org"},
		{in: "https://example.org/cocalc/", want: "https://example.org/cocalc", wantHost: "example.org"},
		{in: "  https://example.org:8443/a/b//  ", want: "https://example.org:8443/a/b", wantHost: "example.org:8443"},
		{in: "http://127.0.0.1:5000", want: "http://127.0.0.1:5000", wantHost: "127.0.0.1:5000"},
		{in: "http://localhost:5000/base", want: "http://localhost:5000/base", wantHost: "localhost:5000"},
		{in: "http://[::1]:5000", want: "http://[::1]:5000", wantHost: "[::1]:5000"},
		{in: "http://example.org", wantErr: "refusing plain http:// to example.org"},
		{in: "http://example.org", allowHTTP: true, want: "http://example.org", wantHost: "example.org"},
		{in: "cocalc.com", wantErr: "cocalc.com lacks http:// or https://"},
		{in: " 127.0.0.1:40081 ", wantErr: "127.0.0.1:40081 lacks http:// or https://"},
		{in: "user:hunter2@cocalc.com", wantErr: "must look like https://"},
		{in: "cocalc.com:port", wantErr: "must look like https://"},
		{in: "ftp://cocalc.com", wantErr: "must look like https://"},
		{in: "https://user:hunter2@cocalc.com", wantErr: "must not contain a user name or password"},
		{in: "https://cocalc.com/?x=1", wantErr: "must not contain a query"},
	}
	for _, tt := range tests {
		got, host, err := normalizeBaseURL(tt.in, tt.allowHTTP)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("normalizeBaseURL(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error repeats the password: %v", err)
			}
			continue
		}
		if err != nil || got != tt.want || host != tt.wantHost {
			t.Errorf("normalizeBaseURL(%q) = %q, %q, %v; want %q, %q", tt.in, got, host, err, tt.want, tt.wantHost)
		}
	}
}

// TestSuggestBaseURL: an address without its scheme gets http:// on this
// machine, https:// elsewhere; one with user information or that is no
// URL gets none.
func TestSuggestBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:40081": "http://127.0.0.1:40081", " localhost:5000/base ": "http://localhost:5000/base",
		"[::1]:5000": "http://[::1]:5000", "cocalc.com": "https://cocalc.com",
		"cocalc.example.org:8443/cocalc": "https://cocalc.example.org:8443/cocalc", "user:hunter2@cocalc.com": "",
		"cocalc.com:port": "", "ftp://cocalc.com": "", "https://cocalc.com": "", "": "",
	} {
		got, ok := SuggestBaseURL(in)
		if got != want || ok != (want != "") {
			t.Errorf("SuggestBaseURL(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestServerErrorClassification(t *testing.T) {
	tests := []struct {
		text        string
		kind        Kind
		wantMessage string
	}{
		{"You must provide authentication via an API key.", KindNoKey, "You must provide authentication via an API key."},
		{"Unknown authorization type 'Token'", KindKeyRejected, "Unknown authorization type 'Token'"},
		{"must be signed in and MUST provide an api key (cookies are not allowed)", KindKeyRejected, "must be signed in and MUST provide an api key (cookies are not allowed)"},
		{"Error: Must be an admin to do admin search.", KindNotAdmin, "Must be an admin to do admin search."},
		{"Error: must be an admin", KindNotAdmin, "must be an admin"},
		{"timeout - Error: operation has timed out - callHub: subject='hub.account.0b4e0a3e-46a1-4bd4-9d2a-8e4c3f5e1a77.api', name='system.userSearch', code='408' ",
			KindTimeout, "operation has timed out"},
		{"timeout must be positive - callHub: subject='hub.account.x.api', name='system.ping', code='undefined' ", KindTimeout, "timeout must be positive"},
		{"request -- no subscribers matching 'hub.account.x.api' - callHub: subject='hub.account.x.api', name='system.ping', code='503' ",
			KindUnavailable, "request -- no subscribers matching 'hub.account.x.api'"},
		{"Error: unknown function 'system.nope'", KindUnknownFunction, "unknown function 'system.nope'"},
		{`error: invalid input syntax for type uuid: "foo"`, KindInvalidArgument, `error: invalid input syntax for type uuid: "foo"`},
		{"TypeError: Cannot read properties of undefined (reading 'split')", KindOther, "TypeError: Cannot read properties of undefined (reading 'split')"},
		{"Error: passwords are only defined for accounts with email", KindOther, "passwords are only defined for accounts with email"},
		{"Error: incorrect password", KindOther, "incorrect password"},
	}
	for _, tt := range tests {
		err := serverError("system.x", tt.text)
		if err.Kind != tt.kind || err.Message != tt.wantMessage {
			t.Errorf("serverError(%q) = kind %v, message %q; want %v, %q", tt.text, err.Kind, err.Message, tt.kind, tt.wantMessage)
		}
	}
}

func TestErrorsIsMatchesKind(t *testing.T) {
	err := error(&Error{Kind: KindNotAdmin, Call: FuncUserSearch, Message: "Must be an admin"})
	if !errors.Is(err, ErrNotAdmin) {
		t.Error("errors.Is(not-admin error, ErrNotAdmin) = false")
	}
	if errors.Is(err, ErrKeyRejected) {
		t.Error("errors.Is(not-admin error, ErrKeyRejected) = true")
	}
	if got := err.Error(); got != "system.userSearch: Must be an admin" {
		t.Errorf("Error() = %q", got)
	}
}

func TestDecodeResult(t *testing.T) {
	t.Run("list", func(t *testing.T) {
		var accounts []Account
		body := `[{"account_id":"a","first_name":"Ada","last_name":"L","name":null,"last_active":5,"created":null,"email_address_verified":true,"future":1}]`
		if err := decodeResult("f", []byte(body), &accounts); err != nil {
			t.Fatal(err)
		}
		a := accounts[0]
		if a.Username != nil || a.Created != nil || *a.LastActive != 5 || !*a.EmailAddressVerified || a.EmailAddress != nil {
			t.Errorf("decoded %+v", a)
		}
		if !strings.Contains(string(a.Raw), `"future":1`) {
			t.Errorf("Raw lost a field: %s", a.Raw)
		}
	})
	t.Run("error object", func(t *testing.T) {
		err := decodeResult("f", []byte(`{"error":"Error: nope"}`), nil)
		var hubErr *Error
		if !errors.As(err, &hubErr) || hubErr.Message != "nope" {
			t.Errorf("got %v", err)
		}
	})
	t.Run("error that is not a string", func(t *testing.T) {
		err := decodeResult("f", []byte(`{"error":{"code":1}}`), nil)
		if err == nil || !strings.Contains(err.Error(), `{"code":1}`) {
			t.Errorf("got %v", err)
		}
	})
	for name, body := range map[string]string{"html": "<html>oops</html>", "truncated": `[{"account_id":"a"`, "empty": ""} {
		t.Run(name, func(t *testing.T) {
			err := decodeResult("f", []byte(body), &[]Account{})
			if !errors.Is(err, ErrBadResponse) {
				t.Errorf("got %v, want a bad-response error", err)
			}
		})
	}
	t.Run("wrong shape", func(t *testing.T) {
		var accounts []Account
		err := decodeResult("f", []byte(`{"account_id":"a"}`), &accounts)
		if !errors.Is(err, ErrBadResponse) || !strings.Contains(err.Error(), "got a JSON object, expected a list") {
			t.Errorf("got %v", err)
		}
	})
}

func TestEncodeRequestIsCompactAndUnescaped(t *testing.T) {
	got, err := encodeRequest(request{Name: FuncUserSearch, Args: []any{SearchParams{Query: "Jane <jd@x.com> & co"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"system.userSearch","args":[{"query":"Jane <jd@x.com> & co"}]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestMaskKey(t *testing.T) {
	tests := map[string]string{
		"":                          "(none)",
		"sk-abcdefghijklmnop123456": "sk-…123456",
		"sk_0123456789abcdefghijkl": "sk_…ghijkl",
		"0123456789abcdefghij":      "…efghij",
		"short":                     "…rt",
	}
	for key, want := range tests {
		if got := MaskKey(key); got != want {
			t.Errorf("MaskKey(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestIsUUID(t *testing.T) {
	for id, want := range map[string]bool{
		"3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6c": true,
		"3F2A1C9E-0B4D-4C8E-9A7F-1D2E3F4A5B6C": true,
		"3f2a1c9e0b4d4c8e9a7f1d2e3f4a5b6c":     false,
		"3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6":  false,
		"3f2a1c9e-0b4d-4c8e-9a7f-1d2e3f4a5b6g": false,
		"foo":                                  false,
	} {
		if got := IsUUID(id); got != want {
			t.Errorf("IsUUID(%q) = %v", id, got)
		}
	}
}

func FuzzDecodeResult(f *testing.F) {
	for _, seed := range []string{
		`[]`, `{}`, `null`, `"x"`, `{"error":"Error: x"}`, `{"error":null}`, `[{"account_id":1}]`,
		`[{"last_active":"soon"}]`, `<html>`, `{"now":1}`, "\xff\xfe", `[{"account_id":"a","banned":"yes"}]`,
		"\f[]", "[]\v", "\u0085{}", // white space that is not JSON's
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var accounts []Account
		err := decodeResult(FuncUserSearch, body, &accounts)
		if err != nil {
			var hubErr *Error
			if !errors.As(err, &hubErr) {
				t.Fatalf("decodeResult returned a %T, not a *hub.Error: %v", err, err)
			}
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		var names map[string]DisplayName
		_ = decodeResult(FuncGetNames, body, &names)
		var ping struct{ Now *Millis }
		_ = decodeResult(FuncPing, body, &ping)
	})
}
