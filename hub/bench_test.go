package hub

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"cocalc-tui/hub/hubtest"
)

// Benchmarks of the client's share of a search: decoding a full admin
// answer (2,500 accounts, the most the server sends; budget 10 ms, checked
// by scripts/bench), and whole calls to the fake hub on loopback. The fake
// hub runs in this process, so the calls' figures include the server's work
// (searching 3,000 accounts, encoding the answer); the plain-http
// sub-benchmarks make the same request without the client, so that the
// difference is the client's overhead.

// benchHub serves a few thousand demo accounts; made once, on first use.
var benchHub = sync.OnceValue(func() *hubtest.Server {
	return hubtest.NewServer(hubtest.LargeDemoData(time.Now(), 3000))
})

// fullAdminSearch asks for the 2,500 accounts an admin search for "e" finds.
var fullAdminSearch = SearchParams{Query: "e", Limit: 2500, Admin: true}

func benchClient(b *testing.B, key string) *Client {
	b.Helper()
	transport := http.DefaultTransport.(*http.Transport).Clone()
	b.Cleanup(transport.CloseIdleConnections)
	c, err := New(benchHub().URL, key, WithHTTPClient(&http.Client{Transport: transport}))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDecodeUserSearch decodes the fake hub's answer to a full admin
// search, bytes as sent (admin fields included), the way the client does:
// checked as JSON, then each account decoded keeping its raw bytes.
func BenchmarkDecodeUserSearch(b *testing.B) {
	c := benchClient(b, hubtest.DemoAdminKey)
	var body json.RawMessage
	if err := c.Call(context.Background(), FuncUserSearch, []any{fullAdminSearch}, &body); err != nil {
		b.Fatal(err)
	}
	b.Run("accounts=2500", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			var accounts []Account
			if err := decodeResult(FuncUserSearch, body, &accounts); err != nil {
				b.Fatal(err)
			}
			if len(accounts) != 2500 {
				b.Fatalf("%d accounts, want 2500", len(accounts))
			}
		}
	})
	// The share of exact member names (exactMembers' check of each
	// account's names, which decodeAccounts makes), alone.
	b.Run("accounts=2500/exact-names-check", func(b *testing.B) {
		var accounts []Account
		if err := decodeResult(FuncUserSearch, body, &accounts); err != nil {
			b.Fatal(err)
		}
		names := memberNamesOf(&accountWire{})
		b.SetBytes(int64(len(body)))
		b.ReportAllocs()
		for b.Loop() {
			for _, a := range accounts {
				if hasInexactMember(a.Raw, names) {
					b.Fatal("an inexact name in the fake hub's answer")
				}
			}
		}
	})
}

// BenchmarkUserSearch is a whole search through the client, over one kept
// connection to the fake hub: a user's search for "alice" (a handful of
// accounts) and a full admin search (2,500).
func BenchmarkUserSearch(b *testing.B) {
	searches := []struct {
		name   string
		key    string
		params SearchParams
	}{
		{"alice", hubtest.DemoUserKey, SearchParams{Query: "alice"}},
		{"accounts=2500", hubtest.DemoAdminKey, fullAdminSearch},
	}
	ctx := context.Background()
	for _, s := range searches {
		b.Run(s.name+"/client", func(b *testing.B) {
			c := benchClient(b, s.key)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.UserSearch(ctx, s.params); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(s.name+"/plain-http", func(b *testing.B) {
			payload, err := encodeRequest(request{Name: FuncUserSearch, Args: []any{s.params}})
			if err != nil {
				b.Fatal(err)
			}
			transport := http.DefaultTransport.(*http.Transport).Clone()
			b.Cleanup(transport.CloseIdleConnections)
			hc := &http.Client{Transport: transport}
			auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.key+":"))
			b.ReportAllocs()
			for b.Loop() {
				req, _ := http.NewRequest(http.MethodPost, benchHub().URL+hubPath, bytes.NewReader(payload))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", auth)
				resp, err := hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		})
	}
}
