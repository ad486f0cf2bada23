// Command benchdata writes a fake hub data file (cocalc-tui fakehub --data)
// with the demo data grown to many accounts, for scripts/bench:
//
//	go run ./scripts/benchdata -accounts 3000 > data.json
//
// An admin search for "e" in 3,000 such accounts finds more than the 2,500
// the server returns at most.
//
// With -roster N it writes instead N lines of email addresses of that data,
// as a roster for `cocalc-tui search -`: the accounts' addresses in turn
// (again from the first when there are more lines than addresses), every
// third in other letter cases, and every tenth an address of no account.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"cocalc-tui/hub/hubtest"
)

func main() {
	accounts := flag.Int("accounts", 3000, "how many accounts")
	roster := flag.Int("roster", 0, "write this many roster lines instead of the data")
	flag.Parse()
	data := hubtest.LargeDemoData(time.Now(), *accounts)
	var err error
	if *roster > 0 {
		err = writeRoster(data, *roster)
	} else {
		err = json.NewEncoder(os.Stdout).Encode(data)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}

// writeRoster writes n roster lines (see the package's comment).
func writeRoster(data *hubtest.Data, n int) error {
	var emails []string
	for _, a := range data.Accounts {
		if a.EmailAddress != nil && !a.Deleted {
			emails = append(emails, *a.EmailAddress)
		}
	}
	w := bufio.NewWriter(os.Stdout)
	for i := range n {
		line := emails[i%len(emails)]
		switch {
		case i%10 == 9:
			line = fmt.Sprintf("nobody%06d@nowhere.example.org", i)
		case i%3 == 0:
			local, domain, _ := strings.Cut(line, "@")
			line = strings.ToUpper(local[:1]) + local[1:] + "@" + strings.ToUpper(domain)
		}
		fmt.Fprintln(w, line)
	}
	return w.Flush()
}
