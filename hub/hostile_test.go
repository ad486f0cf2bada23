package hub_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/clean/cleantest"
	"cocalc-tui/hub/hubtest"
)

// checkCleanText fails t unless text is one clean line, within limit
// characters, without the key in any form hubtest echoes it in.
func checkCleanText(t *testing.T, where, text string, limit int, key string) {
	t.Helper()
	if r, found := cleantest.FirstHazard(text, false); found {
		t.Errorf("%s holds %U: %q", where, r, truncateForMessage(text))
	}
	if n := utf8.RuneCountInString(text); n > limit {
		t.Errorf("%s is %d characters, over %d", where, n, limit)
	}
	for _, form := range append(hubtest.HostileKeyForms(key), clean.Line(hubtest.HostileKeyForms(key)[4])) {
		if strings.Contains(text, form) {
			t.Errorf("%s holds the key as %q: %q", where, form, truncateForMessage(text))
		}
	}
	if strings.Contains(clean.Line(text), key) {
		t.Errorf("%s shows the key once cleaned: %q", where, truncateForMessage(text))
	}
}

func truncateForMessage(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// TestHostileAnswersAreCleanedAtIntake calls every function of a hostile
// server: what the client returns is clean, bounded and scrubbed, ids are
// UUIDs or marked, and what cannot be made safe is refused.
func TestHostileAnswersAreCleanedAtIntake(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetFault(hubtest.FaultHostile)
	key := hubtest.DemoAdminKey
	c := newClient(t, srv.URL, key)
	ctx := context.Background()

	result, err := c.UserSearch(ctx, hub.SearchParams{Query: "x", Admin: true})
	accounts := result.Accounts
	wantNoError(t, "UserSearch", err)
	if len(accounts) < 10 {
		t.Fatalf("%d hostile accounts, want them all", len(accounts))
	}
	marked := 0
	for i, a := range accounts {
		switch {
		case a.AccountID == "" && a.InvalidID != "":
			marked++
			checkCleanText(t, "InvalidID", a.InvalidID, clean.IDLimit, key)
		case !hub.IsUUID(a.AccountID):
			t.Errorf("account %d: AccountID %q is neither a UUID nor marked", i, a.AccountID)
		}
		checkCleanText(t, "FirstName", a.FirstName, clean.NameLimit, key)
		checkCleanText(t, "LastName", a.LastName, clean.NameLimit, key)
		if a.Username != nil {
			checkCleanText(t, "Username", *a.Username, clean.NameLimit, key)
		}
		if a.EmailAddress != nil {
			checkCleanText(t, "EmailAddress", *a.EmailAddress, clean.EmailLimit, key)
		}
		if len(a.Raw) == 0 {
			t.Errorf("account %d has no Raw", i)
		}
	}
	if marked != 4 {
		t.Errorf("%d accounts marked as having no UUID, want the 4 hostile ids", marked)
	}

	_, err = c.Test(ctx)
	if e := wantKind(t, err, hub.KindBadResponse); e != nil && !strings.Contains(e.Message, "not a UUID") {
		t.Errorf("Test of a hostile id: %q, want it refused as not a UUID", e.Message)
	}

	names, err := c.GetNames(ctx, []string{hubtest.DemoUserAccountID})
	wantNoError(t, "GetNames", err)
	for id, name := range names.ByID {
		if !hub.IsUUID(id) {
			t.Errorf("GetNames kept the key %q, which is not a UUID", id)
		}
		checkCleanText(t, "first name", name.FirstName, clean.NameLimit, key)
		checkCleanText(t, "last name", name.LastName, clean.NameLimit, key)
		checkCleanText(t, "colour", name.Profile.Color, clean.ValueLimit, key)
		if name.Profile.ImageBytes < 40000 || len(name.Profile.Image) > 4*clean.ValueLimit {
			t.Errorf("image of %d bytes kept as %d bytes", name.Profile.ImageBytes, len(name.Profile.Image))
		}
	}

	_, err = c.PasswordResetLink(ctx, hubtest.DemoUserAccountID)
	wantKind(t, err, hub.KindBadResponse)
	_, err = c.ImpersonationLink(ctx, hubtest.DemoUserAccountID)
	wantKind(t, err, hub.KindBadResponse)
}

// TestHostileErrorIsCleanedAtIntake gets an error of 30 MB: its message is
// short, clean and without the key, and making it costs little.
func TestHostileErrorIsCleanedAtIntake(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetFault(hubtest.FaultHostileError)
	key := hubtest.DemoUserKey
	c := newClient(t, srv.URL, key)
	started := time.Now()
	_, err := c.UserSearch(context.Background(), hub.SearchParams{Query: "alice"})
	var hubErr *hub.Error
	if !errors.As(err, &hubErr) {
		t.Fatalf("UserSearch: %v, want a hub error", err)
	}
	checkCleanText(t, "the error's message", hubErr.Message, clean.ErrorLimit, key)
	checkCleanText(t, "the error's text", err.Error(), clean.ErrorLimit+clean.IDLimit+2, key)
	if !strings.HasPrefix(hubErr.Message, "3f2a1c9e␛]0;pwned␇") {
		t.Errorf("the error does not show the attack, made visible: %.80q", hubErr.Message)
	}
	t.Logf("a 30 MB error, read and cleaned, in %s", time.Since(started))
}

// TestQueryHoldingAKeyIsNeverSent pastes keys where a query goes: nothing
// reaches the server.
func TestQueryHoldingAKeyIsNeverSent(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	key := hubtest.DemoUserKey
	c := newClient(t, srv.URL, key)
	for _, query := range []string{
		key, "alice, " + key, strings.TrimPrefix(key, "sk-"), basicAuth(key),
		"sk-SomeOtherAccountsKey0001", "x sk-SomeOther\u200bAccountsKey0001",
	} {
		srv.ResetRequests()
		_, err := c.UserSearch(context.Background(), hub.SearchParams{Query: query})
		if e := wantKind(t, err, hub.KindInvalidArgument); e != nil && strings.Contains(e.Error(), query) {
			t.Errorf("the refusal quotes the query: %q", e.Error())
		}
		if n := len(srv.Requests()); n != 0 {
			t.Errorf("query %q: %d requests sent, want none", query, n)
		}
	}
}

// TestExtremeTimeoutSaturates sets the longest timeout there is
// (2562047h47m16s): the client's deadline must not wrap around into the past.
func TestExtremeTimeoutSaturates(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithCallTimeout(time.Duration(1<<63-1)))
	if _, err := c.Ping(context.Background()); err != nil {
		t.Errorf("Ping with the longest timeout: %v", err)
	}
}
