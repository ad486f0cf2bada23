// Command benchdata writes a fake hub data file (cocalc-tui fakehub --data)
// with the demo data grown to many accounts, for scripts/bench:
//
//	go run ./scripts/benchdata -accounts 3000 > data.json
//
// An admin search for "e" in 3,000 such accounts finds more than the 2,500
// the server returns at most.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"cocalc-tui/hub/hubtest"
)

func main() {
	accounts := flag.Int("accounts", 3000, "how many accounts")
	flag.Parse()
	data := hubtest.LargeDemoData(time.Now(), *accounts)
	if err := json.NewEncoder(os.Stdout).Encode(data); err != nil {
		fmt.Fprintln(os.Stderr, "benchdata:", err)
		os.Exit(1)
	}
}
