package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"cocalc-tui/hub/hubtest"
)

// BenchmarkBulkSearch is `search -` over a roster of 10,000 addresses (one
// in ten unknown, one in three in other letter cases) against the fake hub
// on loopback without latency: the program's own cost per line, in each
// output format.
func BenchmarkBulkSearch(b *testing.B) {
	data := hubtest.LargeDemoData(testNow, 3000)
	server := hubtest.NewServer(data)
	b.Cleanup(server.Close)
	var emails []string
	for _, a := range data.Accounts {
		if a.EmailAddress != nil && !a.Deleted {
			emails = append(emails, *a.EmailAddress)
		}
	}
	var roster strings.Builder
	for i := range 10000 {
		line := emails[i%len(emails)]
		switch {
		case i%10 == 9:
			line = fmt.Sprintf("nobody%06d@nowhere.example.org", i)
		case i%3 == 0:
			line = strings.ToUpper(line)
		}
		roster.WriteString(line + "\n")
	}
	getenv := func(name string) string {
		return map[string]string{envHost: server.URL, envAPIKey: hubtest.DemoAdminKey, "HOME": b.TempDir()}[name]
	}
	for _, format := range []string{"csv", "json", "piped"} {
		b.Run(format, func(b *testing.B) {
			args := []string{"search", "-", "--" + format}
			if format == "piped" { // tab-separated values
				args = args[:2]
			}
			for b.Loop() {
				code := Run(context.Background(), args, Env{Stdin: strings.NewReader(roster.String()), Stdout: io.Discard,
					Stderr: io.Discard, Getenv: getenv})
				if code != exitOK {
					b.Fatalf("exit %d", code)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10000, "ns/line")
		})
	}
}
