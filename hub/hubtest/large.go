package hubtest

import (
	"math/rand/v2"
	"time"
)

// LargeDemoData is DemoData with more ordinary accounts, accounts in all
// (at least DemoData's): the same notable and hostile accounts, keys and
// project, then random accounts drawn the same way, the same for the same
// now and accounts. It is for benchmarks and load tests that need thousands
// of results, such as an admin search for "e" (nearly every address ends
// in example.*) with the limit at its 2,500 maximum.
func LargeDemoData(now time.Time, accounts int) *Data {
	d := DemoData(now)
	b := &demoBuilder{
		now:       now,
		rng:       rand.New(rand.NewPCG(20240607, 2500)), // a stream of its own: DemoData's rows stay as they are
		accounts:  d.Accounts,
		emails:    map[string]bool{},
		usernames: map[string]bool{},
	}
	for _, a := range d.Accounts {
		// The new accounts must not reuse an address or a username.
		if a.EmailAddress != nil {
			b.emails[*a.EmailAddress] = true
		}
		if a.Name != nil {
			b.usernames[*a.Name] = true
		}
	}
	for len(b.accounts) < accounts {
		b.addRandomAccount()
	}
	d.Accounts = b.accounts
	return d
}
