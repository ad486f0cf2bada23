package ui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// TestEndToEnd runs the real Bubble Tea program, with real time, against a
// fake hub: a person types a query, sees the results, moves, and quits.
func TestEndToEnd(t *testing.T) {
	srv := newDemoServer(t)
	client, err := hub.New(srv.URL, hubtest.DemoUserKey)
	if err != nil {
		t.Fatal(err)
	}
	model := New(Config{Client: client, MaskedKey: hub.MaskKey(hubtest.DemoUserKey), Demo: true, Renderer: plainRenderer(),
		Clock: func() time.Time { return testNow }})
	tm := teatest.NewTestModel(t, model, teatest.WithInitialTermSize(120, 40))

	waitForScreen(t, tm, "key: notebook sync · Alan Turing")
	tm.Type("alice")
	waitForScreen(t, tm, "8 accounts for “alice”")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	tm.Type("j")
	waitForScreen(t, tm, "2/8")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'q'}})

	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(Model)
	if final.search.query() != "alice" {
		t.Errorf("final query %q", final.search.query())
	}
	if account, _ := final.results.selected(); account.FullName() != "Alice Miller" {
		t.Errorf("selected %q at the end, want Alice Miller", account.FullName())
	}
}

func waitForScreen(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(screen []byte) bool { return bytes.Contains(screen, []byte(text)) },
		teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}
