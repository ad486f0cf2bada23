package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
)

// decodeAccounts must give exactly what json.Unmarshal gives, or decline.
func checkDecodeAccounts(t *testing.T, body []byte) (fast bool) {
	t.Helper()
	body = bytes.TrimSpace(body) // as decodeResult gives it
	var got []Account
	fast = decodeAccounts(body, &got)
	var want []Account
	err := json.Unmarshal(body, &want)
	switch {
	case fast && err != nil:
		t.Fatalf("decodeAccounts accepted %q, which json.Unmarshal refuses: %v", body, err)
	case fast && !reflect.DeepEqual(got, want):
		t.Fatalf("decodeAccounts(%q) = %#v, json.Unmarshal gives %#v", body, got, want)
	}
	return fast
}

func TestDecodeAccountsIsJSONUnmarshal(t *testing.T) {
	tests := []struct {
		body string
		fast bool // decoded by decodeAccounts, not left to json.Unmarshal
	}{
		{`[]`, true},
		{` [ ] `, true},
		{`[{}]`, true},
		{`[{"account_id":"a","first_name":"Ada","email_address_verified":true}]`, true},
		{"[\n  {\"account_id\": \"a\"} ,\n\t{\"account_id\": \"b\", \"email_address_verified\": null}\r\n]", true},
		{`[{"account_id":"a","email_address_verified":{"old@example.com":1}}]`, true},
		{`[{"ACCOUNT_ID":"a","Email_Address":"x@example.com"}]`, true},          // names match exactly: ignored
		{`[{"account_id":"a","account_id":"b","created":1,"created":2}]`, true}, // the last one wins
		{`[{"first_name":"\u00e9\ud83d\ude00 \"q\""}]`, true},
		{"[{\"first_name\":\"bad \xff byte\"}]", true},
		{`[{"unknown":{"deep":[1,{"x":null}]},"account_id":"a"}]`, true},
		{`[null]`, false},
		{`[{"account_id":"a"},null]`, false},
		{`[1]`, false},
		{`{"account_id":"a"}`, false},
		{`null`, false},
		{`[{"account_id":7}]`, false},
		{`[{"email_address_verified":"yes"}]`, false},
		{`[{"created":1.5}]`, false},
		{`[{"account_id":"a"}] x`, false},
		{`[{"account_id":"a"}]]`, false},
		{`[{"account_id":"a"},]`, false},
		{`[{"account_id":"a"}`, false},
		{`[{"account_id":"a"} {"account_id":"b"}]`, false},
	}
	for _, tt := range tests {
		if fast := checkDecodeAccounts(t, []byte(tt.body)); fast != tt.fast {
			t.Errorf("decodeAccounts(%q) decoded: %v, want %v", tt.body, fast, tt.fast)
		}
	}
}

func TestDecodeAccountsOfTheFakeHubsAnswers(t *testing.T) {
	srv := hubtest.NewServer(hubtest.LargeDemoData(time.Now(), 3000))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, hubtest.DemoAdminKey)
	if err != nil {
		t.Fatal(err)
	}
	for _, params := range []SearchParams{
		{Query: "e", Limit: 2500, Admin: true},
		{Query: "mallory, trudy, phisher, control, hacked, override, del, bidi", Admin: true},
		{Query: "王, sam, 🦊, family, hubert, 민준, الأحمد, zoe", Admin: true},
		{Query: "alice"},
	} {
		var body json.RawMessage
		if err := c.Call(context.Background(), FuncUserSearch, []any{params}, &body); err != nil {
			t.Fatal(err)
		}
		if !checkDecodeAccounts(t, body) {
			t.Errorf("the answer to %+v was left to json.Unmarshal", params)
		}
	}
}

func FuzzDecodeAccounts(f *testing.F) {
	for _, seed := range []string{
		`[]`, `[{}]`, `[null]`, `[{"account_id":"a","email_address_verified":{"x":1}}]`, `[{"created":"x"}]`,
		`[{"account_id":"a"}] x`, `[{"a":1},{"b":2}]`, "[{\"first_name\":\"\xff\"}]",
		`[{"email_address":"a","EMAIL_ADDRESS":"b","email_addreſs":"c","\u0045mail_address":"d","x":"\"Name\":"}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) { checkDecodeAccounts(t, body) })
}
