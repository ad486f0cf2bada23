package ui

import (
	"context"
	"testing"

	"cocalc-tui/hub"
)

// TestSearchModelDecidesEachStep drives the search model alone, as the root
// model does (routing its messages, applying its steps), to pin what it
// decides: when a search is sent, which answer is applied, what the cache
// shows meanwhile, and what it asks of the other parts.
func TestSearchModelDecidesEachStep(t *testing.T) {
	cfg := Config{}.withDefaults()
	cfg.lifetime = context.Background()
	env := searchEnv{cfg: cfg, now: testNow, params: newAdminModel(0).params}
	s := searchModel{input: newSearchInput(NewStyles(plainRenderer(), DarkTheme))}
	nothing := searchStep{}

	s.input.SetValue("alice")
	if step, cmd := s.edited(env); step != nothing || cmd == nil || s.inFlight {
		t.Fatalf("typing: step %+v, a pause armed %v, sent %v; want only the pause", step, cmd != nil, s.inFlight)
	}
	if step, cmd := s.update(debounceMsg{editSeq: s.editSeq - 1}, env); step != nothing || cmd != nil {
		t.Fatal("the end of a pause before the last edit sent a search")
	}
	if step, cmd := s.update(debounceMsg{editSeq: s.editSeq}, env); step != nothing || cmd == nil || !s.inFlight {
		t.Fatalf("the pause: step %+v, sent %v", step, s.inFlight)
	}

	accounts := []hub.Account{{AccountID: "a0000000-0000-4000-8000-000000000001", FirstName: "Alice"}}
	older := searchResultMsg{seq: s.requestSeq - 1, query: "alic", params: env.params("alic"), accounts: accounts}
	if step, _ := s.update(older, env); step != nothing || !s.inFlight {
		t.Fatal("the answer of a superseded search was applied")
	}
	answer := searchResultMsg{seq: s.requestSeq, query: "alice", params: env.params("alice"), accounts: accounts}
	if step, _ := s.update(answer, env); step.show == nil || step.show.query != "alice" || s.inFlight || s.outcome.count != 1 {
		t.Fatalf("the answer: step %+v, in flight %v, outcome %+v", step, s.inFlight, s.outcome)
	}

	// Back at the query moments later: its answer at once, marked as
	// refreshing, while the pause runs.
	s.input.SetValue("alic")
	s.edited(env)
	s.input.SetValue("alice")
	if step, cmd := s.edited(env); step.show == nil || !s.outcome.refreshing || cmd == nil {
		t.Fatalf("back at a recent query: step %+v, refreshing %v", step, s.outcome.refreshing)
	}

	// A search the server did not answer is news for the status line.
	s.searchNow(env)
	failed := searchResultMsg{seq: s.requestSeq, query: "alice", params: env.params("alice"),
		err: &hub.Error{Kind: hub.KindTimeout, Message: "no answer"}}
	if step, _ := s.update(failed, env); !step.checkServer || step.show != nil {
		t.Fatalf("a search without an answer: step %+v", step)
	}

	if step, _ := s.clear(); !step.clearResults || s.query() != "" || s.outcome.done {
		t.Fatalf("clear: step %+v, box %q", step, s.query())
	}

	// A project key cannot search: nothing is sent, the outcome says why.
	env.projectKey = true
	s.input.SetValue("alice")
	if step, cmd := s.searchNow(env); step != nothing || cmd != nil || s.outcome.err != errProjectKeySearch {
		t.Fatalf("a project key: step %+v, sent %v, outcome %v", step, cmd != nil, s.outcome.err)
	}
}
