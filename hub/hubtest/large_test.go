package hubtest

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

func TestLargeDemoDataExtendsTheDemoData(t *testing.T) {
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	large := LargeDemoData(now, 3000)
	if err := large.Validate(); err != nil {
		t.Fatal(err)
	}
	if n := len(large.Accounts); n != 3000 {
		t.Fatalf("%d accounts, want 3000", n)
	}
	demo := DemoData(now)
	if !reflect.DeepEqual(large.Accounts[:len(demo.Accounts)], demo.Accounts) || !reflect.DeepEqual(large.Keys, demo.Keys) {
		t.Error("the demo data's accounts and keys are not kept as they are")
	}
	a, _ := json.Marshal(large)
	b, _ := json.Marshal(LargeDemoData(now, 3000))
	if !bytes.Equal(a, b) {
		t.Error("two LargeDemoData of the same time and size differ")
	}
	// The JSON form is a valid --data file.
	if _, err := LoadData(bytes.NewReader(a)); err != nil {
		t.Fatal(err)
	}
}

// The benchmarks rely on an admin search for "e" reaching the 2,500 limit.
func TestLargeDemoDataFillsTheAdminLimit(t *testing.T) {
	s := NewServer(LargeDemoData(time.Now(), 3000))
	t.Cleanup(s.Close)
	ids := searchIDs(t, s, DemoAdminKey, map[string]any{"query": "e", "admin": true, "limit": adminSearchLimit})
	if len(ids) != adminSearchLimit {
		t.Fatalf("an admin search for e finds %d accounts, want %d", len(ids), adminSearchLimit)
	}
}
