package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

func TestIsPlainEmailAddress(t *testing.T) {
	for address, want := range map[string]bool{
		"jd@x.com": true, "J.Doe+tag@Mail.Example.ORG": true, "a@b": true, "o'brien@x.ie": true,
		"x!#$%&'*+-/=?^_`{|}~@y.z": true, strings.Repeat("a", 250) + "@b.c": true, strings.Repeat("a", 251) + "@b.c": false,
		"": false, "a": false, "@x.com": false, "a@": false, "a@@b": false, "a@b@c": false,
		".a@b": false, "a.@b": false, "a..b@c": false, "a@b.": false,
		`"a,b"@x.com`: false, `"a b"@x.com`: false, "a b@x.com": false, "a,b@x.com": false, "a;b@x.com": false,
		"<a@b.c>": false, "a@[127.0.0.1]": false, "a\\b@c": false, "a\u3000b@x.com": false, "é@x.com": false,
		"a\nb@x.com": false, "a@x.com\n": false, "Jane <jd@x.com>": false,
	} {
		if got := hub.IsPlainEmailAddress(address); got != want {
			t.Errorf("IsPlainEmailAddress(%q) = %v, want %v", address, got, want)
		}
	}
}

func TestEmailBatchLimits(t *testing.T) {
	var b hub.EmailBatch
	if b.Add("not an address") || b.Len() != 0 {
		t.Fatal("a line that is not a plain address went into the batch")
	}
	for i := range hub.EmailBatchSize {
		if !b.Add(fmt.Sprintf("user%d@example.com", i)) {
			t.Fatalf("address %d did not fit", i)
		}
	}
	if !b.Add("USER7@Example.com") {
		t.Error("an address the batch has, in another case, was refused")
	}
	if b.Add("one.more@example.com") || b.Len() != hub.EmailBatchSize {
		t.Errorf("a batch of %d took one more (length %d)", hub.EmailBatchSize, b.Len())
	}
	first, second := b.Split()
	if first.Len() != hub.EmailBatchSize/2 || second.Len() != hub.EmailBatchSize/2 {
		t.Errorf("split into %d and %d", first.Len(), second.Len())
	}

	// Long addresses fill a batch by its bytes first.
	var long hub.EmailBatch
	added, address := 0, strings.Repeat("x", 200)
	for long.Add(fmt.Sprintf("%s%04d@example.com", address, added)) {
		added++
	}
	if size := added*(len(address)+17) - 1; added == 0 || size > hub.EmailBatchBytes || size+len(address)+17 <= hub.EmailBatchBytes {
		t.Errorf("%d addresses of %d bytes fill a batch of at most %d bytes", added, len(address)+16, hub.EmailBatchBytes)
	}
}

// rosterData is a world for rosters: accounts found by their address, an
// unlisted one, a deleted one that kept its address, a banned one.
func rosterData() *hubtest.Data {
	ptr := func(s string) *string { return &s }
	ms := func(n int64) *int64 { return &n }
	yes := true
	return &hubtest.Data{
		Accounts: []hubtest.Account{
			{AccountID: "a0000000-0000-4000-8000-000000000001", FirstName: ptr("Ada"), LastName: ptr("Admin"),
				EmailAddress: ptr("ada@example.com"), Groups: []string{"admin"}, LastActive: ms(9000)},
			{AccountID: "a0000000-0000-4000-8000-000000000002", FirstName: ptr("Alan"), LastName: ptr("Turing"),
				EmailAddress: ptr("alan@example.com"), LastActive: ms(2000),
				EmailAddressVerified: map[string]json.RawMessage{"alan@example.com": json.RawMessage("5")}},
			{AccountID: "a0000000-0000-4000-8000-000000000003", FirstName: ptr("Ulla"), LastName: ptr("Unlisted"),
				EmailAddress: ptr("ulla@example.com"), Unlisted: true, LastActive: ms(3000)},
			{AccountID: "a0000000-0000-4000-8000-000000000004", FirstName: ptr("Dora"), LastName: ptr("Deleted"),
				EmailAddress: ptr("dora@example.com"), Deleted: true, LastActive: ms(4000)},
			{AccountID: "a0000000-0000-4000-8000-000000000005", FirstName: ptr("Bart"), LastName: ptr("Banned"),
				EmailAddress: ptr("bart@example.com"), Banned: &yes, LastActive: ms(1000)},
			{AccountID: "a0000000-0000-4000-8000-000000000006", FirstName: ptr("Bob"), LastName: ptr("Longer"),
				EmailAddress: ptr("bob@example.com.uk"), LastActive: ms(500)},
			{AccountID: "a0000000-0000-4000-8000-000000000007", FirstName: ptr("Odd"), LastName: ptr("Letters"),
				EmailAddress: ptr("x!#$%&'*+-/=?^_`{|}~@y.z"), LastActive: ms(700)},
		},
		Keys: map[string]hubtest.Key{
			"sk-rosterAdminKey000001": {AccountID: "a0000000-0000-4000-8000-000000000001"},
			"sk-rosterUserKey0000002": {AccountID: "a0000000-0000-4000-8000-000000000002"},
		},
	}
}

// TestSearchEmailsAnswersEachAddressAsItsOwnSearch: one call for a roster,
// and each address's share of it is what a search for that address alone
// answers, byte for byte, except for the deleted account.
func TestSearchEmailsAnswersEachAddressAsItsOwnSearch(t *testing.T) {
	t.Parallel()
	srv := hubtest.NewServer(rosterData())
	t.Cleanup(srv.Close)
	roster := []string{"Alan@Example.COM", "nobody@example.com", "ulla@example.com", "dora@example.com",
		"bart@example.com", "alan@example.com", "bob@example.com", "X!#$%&'*+-/=?^_`{|}~@Y.z"}
	for _, key := range []string{"sk-rosterUserKey0000002", "sk-rosterAdminKey000001"} {
		c := newClient(t, srv.URL, key)
		ctx := context.Background()
		var batch hub.EmailBatch
		for _, address := range roster {
			if !batch.Add(address) {
				t.Fatalf("%s did not go into the batch", address)
			}
		}
		if batch.Len() != 7 {
			t.Errorf("the batch holds %d addresses, want 7 (one given twice)", batch.Len())
		}
		srv.ResetRequests()
		results, err := c.SearchEmails(ctx, &batch, hub.SearchParams{Limit: 1})
		wantNoError(t, "SearchEmails", err)
		if n := len(srv.Requests()); n != 1 {
			t.Errorf("%d requests for a roster, want 1", n)
		}
		body := string(srv.Requests()[0].Body)
		if want := `"query":"alan@example.com\nnobody@example.com\nulla@example.com\ndora@example.com\n` +
			`bart@example.com\nbob@example.com\nx!#$%&'*+-/=?^_` + "`" + `{|}~@y.z","limit":1,"only_email":true}`; !strings.Contains(body, want) {
			t.Errorf("request %s\nwant the addresses a line, lower-cased, each once: %s", body, want)
		}
		for _, address := range roster {
			alone, err := c.UserSearch(ctx, hub.SearchParams{Query: address, Limit: 1})
			wantNoError(t, "UserSearch", err)
			got := results.For(address)
			if address == "dora@example.com" {
				if len(alone.Accounts) != 1 || len(got.Accounts) != 0 || string(got.Raw) != "[]" {
					t.Errorf("the deleted account: alone %d accounts, in a roster %d (%s); want 1 and none",
						len(alone.Accounts), len(got.Accounts), got.Raw)
				}
				continue
			}
			if string(got.Raw) != string(alone.Raw) || got.Limit != alone.Limit || len(got.Accounts) != len(alone.Accounts) {
				t.Errorf("%s: in a roster %s (limit %d)\nalone %s (limit %d)", address, got.Raw, got.Limit, alone.Raw, alone.Limit)
			}
			for i := range got.Accounts {
				if got.Accounts[i].AccountID != alone.Accounts[i].AccountID ||
					*got.Accounts[i].EmailAddress != *alone.Accounts[i].EmailAddress {
					t.Errorf("%s: account %d differs from the search alone", address, i)
				}
			}
		}
	}
}

func TestSearchEmailsRefusals(t *testing.T) {
	t.Parallel()
	srv := hubtest.NewServer(rosterData())
	t.Cleanup(srv.Close)
	const key = "sk-rosterAdminKey000001"
	c := newClient(t, srv.URL, key)
	ctx := context.Background()
	var batch hub.EmailBatch
	batch.Add("alan@example.com")
	_, err := c.SearchEmails(ctx, &batch, hub.SearchParams{Admin: true})
	if e := wantKind(t, err, hub.KindInvalidArgument); !strings.Contains(e.Message, "one by one") {
		t.Errorf("an admin roster: %q", e.Message)
	}
	results, err := c.SearchEmails(ctx, &hub.EmailBatch{}, hub.SearchParams{})
	wantNoError(t, "an empty batch", err)
	if got := results.For("alan@example.com"); string(got.Raw) != "[]" || got.Accounts == nil {
		t.Errorf("an empty batch answered %s", got.Raw)
	}
	var withKey hub.EmailBatch
	withKey.Add(key + "@example.com")
	_, err = c.SearchEmails(ctx, &withKey, hub.SearchParams{})
	wantKind(t, err, hub.KindInvalidArgument)
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests sent; want none", n)
	}
}
