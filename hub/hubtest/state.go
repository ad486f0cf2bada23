package hubtest

import (
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The mutable state of a fake hub, each piece behind its own lock so that
// tests can change it while requests run.

// faultTable holds the faults set with SetFault and SetSearchFault.
type faultTable struct {
	mu         sync.Mutex
	all        Fault
	byFunction map[string]Fault
	// bySearch maps a lower-cased text to the fault of the userSearch calls
	// whose query holds it.
	bySearch map[string]Fault
}

func (t *faultTable) set(f Fault, functions []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(functions) == 0 {
		t.all, t.byFunction = f, nil
		return
	}
	if t.byFunction == nil {
		t.byFunction = map[string]Fault{}
	}
	for _, name := range functions {
		if f == FaultNone {
			delete(t.byFunction, name)
		} else {
			t.byFunction[name] = f
		}
	}
}

// searchQuery is a userSearch call's query, or "" when it has none.
func searchQuery(params any) string {
	args, _ := field(params, "args").([]any)
	if len(args) == 0 {
		return ""
	}
	query, _ := field(args[0], "query").(string)
	return query
}

func (t *faultTable) setSearch(f Fault, text string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	text = strings.ToLower(text)
	if f == FaultNone {
		delete(t.bySearch, text)
		return
	}
	if t.bySearch == nil {
		t.bySearch = map[string]Fault{}
	}
	t.bySearch[text] = f
}

// lookup returns the fault for a call: a search's own (by its query; the
// longest text that matches wins, so the choice never depends on a map's
// order), else the function's, else the one for all calls.
func (t *faultTable) lookup(function string, params any) Fault {
	t.mu.Lock()
	defer t.mu.Unlock()
	if function == "system.userSearch" && len(t.bySearch) > 0 {
		text := strings.ToLower(searchQuery(params))
		fault, matched := FaultNone, ""
		for part, f := range t.bySearch {
			if strings.Contains(text, part) && (len(part) > len(matched) || len(part) == len(matched) && part < matched) {
				fault, matched = f, part
			}
		}
		if matched != "" {
			return fault
		}
	}
	if f, ok := t.byFunction[function]; ok {
		return f
	}
	return t.all
}

// latencyTable draws the delay of each answer.
type latencyTable struct {
	mu       sync.Mutex
	min, max time.Duration
	rng      *rand.Rand
}

func newLatencyTable(seed int64) *latencyTable {
	return &latencyTable{rng: rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))}
}

func (t *latencyTable) set(min, max time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.min, t.max = min, max
}

func (t *latencyTable) draw() time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.max <= t.min {
		return t.min
	}
	return t.min + time.Duration(t.rng.Int64N(int64(t.max-t.min)+1))
}

// requestLog records every request.
type requestLog struct {
	mu       sync.Mutex
	requests []Request
}

func (l *requestLog) add(r *http.Request, body []byte, function string) {
	rec := Request{
		Method:   r.Method,
		Path:     r.URL.Path,
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     append([]byte(nil), body...),
		Function: function,
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests = append(l.requests, rec)
}

func (l *requestLog) all() []Request {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Request(nil), l.requests...)
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests = nil
}

// counters counts requests, and lets Close wait until none is in flight.
type counters struct {
	mu       sync.Mutex
	idle     *sync.Cond // signalled when inFlight drops to zero
	requests int
	canceled int
	inFlight int
}

func newCounters() *counters {
	c := &counters{}
	c.idle = sync.NewCond(&c.mu)
	return c
}

// begin counts a request in; the function it returns counts it out.
func (c *counters) begin() (end func()) {
	c.mu.Lock()
	c.requests++
	c.inFlight++
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		c.inFlight--
		if c.inFlight == 0 {
			c.idle.Broadcast()
		}
		c.mu.Unlock()
	}
}

func (c *counters) countCanceled() {
	c.mu.Lock()
	c.canceled++
	c.mu.Unlock()
}

func (c *counters) waitIdle() {
	c.mu.Lock()
	for c.inFlight > 0 {
		c.idle.Wait()
	}
	c.mu.Unlock()
}

func (c *counters) snapshot() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Stats{Requests: c.requests, Canceled: c.canceled, InFlight: c.inFlight}
}

// banList is generateUserAuthToken's in-memory map
// {caller: {target: time of the failed attempt}}.
type banList struct {
	mu   sync.Mutex
	bans map[[2]string]time.Time
}

// banTime is the server's BAN_TIME_MS.
const banTime = 30 * time.Second

func (b *banList) isBanned(caller, target string, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	at, ok := b.bans[[2]string{caller, target}]
	return ok && now.Sub(at) < banTime
}

func (b *banList) ban(caller, target string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.bans == nil {
		b.bans = map[[2]string]time.Time{}
	}
	b.bans[[2]string{caller, target}] = now
}
