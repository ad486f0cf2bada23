package cli

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// `search -`: one query per line of standard input, answered in the
// order of the lines, with at most --parallel requests in flight.
//
// Lines that are exactly one plain email address (hub.IsPlainEmailAddress)
// are gathered into rosters of up to hub.EmailBatchSize addresses, each
// looked up in one userSearch call (hub.Client.SearchEmails), unless
// --per-line or --admin is given; every other line is its own search. The
// input is read as the output is written: at most bulkWindow lines wait
// between the two, so memory stays the same however long the input.
//
// Why --admin searches each line on its own: an admin search of several
// addresses makes each a substring term (LIKE '%address%' on every
// account's names and address, "_" and "%" wildcards), so a roster of 1,000
// costs the server what 1,000 admin name searches do, and its answer, cut
// at the admin limit, could leave exact matches out; a roster searched
// without "admin" would lack "banned", the one field --admin adds to an
// address lookup. One address alone is an exact, indexed lookup either way.
//
// Three goroutines (and the requests) share the work:
//   - readLines reads standard input;
//   - dispatch gives each line a place in the output order (bulkSearch.order)
//     and starts its request, or adds it to the roster being gathered;
//   - the caller's goroutine writes each line's answer in order (write),
//     the only one to write anything, and shows the progress.

// bulkLinger is how long a roster waits for more addresses before it is
// sent anyway: input that comes slowly (a person typing, a slow producer)
// still gets answers line by line, while a file fills whole rosters. (A
// variable for the tests that count requests.)
var bulkLinger = 200 * time.Millisecond

// maxQueryLine is the longest line of queries standard input may have, in
// bytes; a longer one fails on its own line (overLongError), unread.
const maxQueryLine = 1 << 20

// bulkLine is one query of the input and, once done is closed, its answer.
type bulkLine struct {
	number int    // its line number in the input
	query  string // trimmed
	done   chan struct{}
	result hub.SearchResult
	// roster, when set, holds the answer instead of result: the line's
	// share of it is cut out only when the line is written, so that lines
	// waiting to be written hold nothing of their own.
	roster *hub.EmailResults
	err    error
}

func newBulkLine(number int, query string) *bulkLine {
	return &bulkLine{number: number, query: query, done: make(chan struct{})}
}

// finish records the line's answer; the writer reads it after done.
func (l *bulkLine) finish(result hub.SearchResult, err error) {
	l.result, l.err = result, err
	close(l.done)
}

// finishInRoster records that the line's answer is its share of a roster's.
func (l *bulkLine) finishInRoster(results *hub.EmailResults) {
	l.roster = results
	close(l.done)
}

// answer is the line's answer, once done.
func (l *bulkLine) answer() (hub.SearchResult, error) {
	if l.roster != nil {
		return l.roster.For(l.query), nil
	}
	return l.result, l.err
}

// roster is addresses gathered for one SearchEmails call, and their lines.
type roster struct {
	batch hub.EmailBatch
	lines []*bulkLine
}

// bulkSearch is one run of `search -`.
type bulkSearch struct {
	inv      *invocation
	conn     *connection
	batching bool // gather plain addresses into rosters
	// slots holds a token for each request in flight (--parallel).
	slots chan struct{}
	// order is the lines in input order, waiting to be written.
	order   chan *bulkLine
	workers sync.WaitGroup
	console *console

	// The writer's state.
	count      int // lines written
	lastLine   int // the input line number of the last line written
	worst      int // the highest exit code seen
	csvStarted bool
}

// bulkWindow is how many lines may wait between reading and writing: room
// for a roster gathering while --parallel others are in flight.
func bulkWindow(parallel int) int { return (parallel + 1) * hub.EmailBatchSize }

// searchBulk runs `search -` and returns the exit code.
func (inv *invocation) searchBulk(ctx context.Context, conn *connection) int {
	if inv.env.StdinIsTerminal {
		inv.errorf("reading queries from standard input, one per line (end with Ctrl-D)")
	}
	parallel := max(inv.opts.parallel, 1)
	run := &bulkSearch{inv: inv, conn: conn, batching: !inv.opts.perLine && !inv.opts.admin,
		slots: make(chan struct{}, parallel), order: make(chan *bulkLine, bulkWindow(parallel)),
		console: inv.newConsole("search -", "lines")}
	detach := run.console.attach(inv)
	countLines(inv.env.Stdin, run.console.progress)

	work, stopWork := context.WithCancel(ctx)
	lines, readErr := readLines(work, inv.env.Stdin, maxQueryLine)
	run.workers.Add(1)
	go run.dispatch(work, lines)
	code := run.write(ctx, readErr)
	stopWork() // a run that stopped early leaves lines unanswered: their requests end
	run.workers.Wait()
	if err := detach(); err != nil {
		inv.errorf("cannot write the output: %s", err)
		code = max(code, exitFailure)
	}
	return code
}

// dispatch reads the input's lines, queues each for the writer and starts
// its search, gathering plain addresses into rosters. It closes order at
// the end of the input, or when ctx ends.
func (r *bulkSearch) dispatch(ctx context.Context, lines <-chan inputLine) {
	defer r.workers.Done()
	defer close(r.order)
	gathering := &roster{}
	var linger <-chan time.Time
	send := func() {
		if len(gathering.lines) > 0 {
			full := gathering
			r.start(ctx, func() []func() { return r.searchRoster(ctx, full) })
		}
		gathering, linger = &roster{}, nil
	}
	// enqueue gives line its place in the output order, waiting while the
	// writer is a whole window behind. The writer may be waiting there for
	// a line of the roster being gathered, which goes out when its linger
	// ends, as it would for input that comes slowly: the wait always ends,
	// and a roster is sent early only by the clock, never by how fast the
	// output is written (a file read at once gets the same requests however
	// slowly its answers are written).
	enqueue := func(line *bulkLine) bool {
		for {
			select {
			case r.order <- line:
				return true
			case <-linger:
				send()
			case <-ctx.Done():
				return false
			}
		}
	}
	number := 0
	for {
		select {
		case input, more := <-lines:
			if !more {
				send()
				return
			}
			number++
			if input.tooLong { // failed as it is read: bad input, not sent
				line := newBulkLine(number, input.shownHead())
				if !enqueue(line) {
					return
				}
				line.finish(hub.SearchResult{}, overLongError(number, input, maxQueryLine))
				continue
			}
			query := strings.TrimSpace(input.text)
			if query == "" {
				continue
			}
			line := newBulkLine(number, query)
			if !enqueue(line) {
				return
			}
			if !r.batching || !hub.IsPlainEmailAddress(query) {
				r.start(ctx, func() []func() { r.searchLine(ctx, line); return nil })
				continue
			}
			if !gathering.batch.Add(query) {
				send() // full: this address starts the next roster
				gathering.batch.Add(query)
			}
			gathering.lines = append(gathering.lines, line)
			if gathering.batch.Len() == hub.EmailBatchSize {
				send()
			} else if linger == nil {
				linger = time.After(bulkLinger)
			}
		case <-linger:
			send()
		case <-ctx.Done():
			return
		}
	}
}

// start runs work on a goroutine of its own once a request slot is free.
// work may return more work, started after its slot is given back (a
// failed roster's halves), so that work waiting for slots never holds one.
func (r *bulkSearch) start(ctx context.Context, work func() []func()) {
	select {
	case r.slots <- struct{}{}:
	case <-ctx.Done():
		return // the writer stops waiting for lines when ctx ends
	}
	r.workers.Add(1)
	go func() {
		defer r.workers.Done()
		more := work()
		<-r.slots
		for _, next := range more {
			r.start(ctx, func() []func() { next(); return nil })
		}
	}()
}

// searchLine is one line's own search.
func (r *bulkSearch) searchLine(ctx context.Context, line *bulkLine) {
	line.finish(r.conn.client.UserSearch(ctx, r.inv.searchParams(line.query)))
}

// searchRoster looks up a roster's addresses in one call and gives each
// line its answer. When the call fails in a way that may be the fault of
// one address (a server that gives up on the query), the roster is cut in
// halves, each searched on its own, down to single addresses, whose own
// searches report their own failures: one bad address costs about 2·log₂ n
// more calls, not n. Failures that would strike any query (the key, the
// network) are every line's answer, and stop the run.
func (r *bulkSearch) searchRoster(ctx context.Context, addresses *roster) (halves []func()) {
	results, err := r.conn.client.SearchEmails(ctx, &addresses.batch, r.inv.searchParams(""))
	switch {
	case err == nil:
		for _, line := range addresses.lines {
			line.finishInRoster(&results)
		}
		return nil
	case addresses.batch.Len() > 1 && !stopsBulk(err) && ctx.Err() == nil:
		first, second := r.split(addresses)
		return []func(){
			func() { r.searchSplit(ctx, first) },
			func() { r.searchSplit(ctx, second) },
		}
	}
	for _, line := range addresses.lines {
		line.finish(hub.SearchResult{}, err)
	}
	return nil
}

// searchSplit searches half of a failed roster (in a request slot of its
// own), and its halves in turn if it fails too, one after the other in the
// same slot: the search for the failing address is a few requests deep.
func (r *bulkSearch) searchSplit(ctx context.Context, half *roster) {
	for _, next := range r.searchRoster(ctx, half) {
		next()
	}
}

// split cuts a roster in two, each line going with its address.
func (r *bulkSearch) split(whole *roster) (first, second *roster) {
	firstBatch, secondBatch := whole.batch.Split()
	first, second = &roster{batch: *firstBatch}, &roster{batch: *secondBatch}
	for _, line := range whole.lines {
		if first.batch.Has(line.query) {
			first.lines = append(first.lines, line)
		} else {
			second.lines = append(second.lines, line)
		}
	}
	return first, second
}

// write writes each line's answer in input order as it comes, and returns
// the exit code: the worst seen. It stops at a failure that every line
// would meet (the key, the network), and when ctx ends (a signal), leaving
// the output of the lines written whole.
func (r *bulkSearch) write(ctx context.Context, readErr *error) int {
	inv := r.inv
	for {
		line, more, interrupted := r.next(ctx)
		if interrupted || !more && ctx.Err() != nil { // the dispatcher stops on ctx's end too
			return r.stopWaiting(ctx)
		}
		if !more {
			break
		}
		result, err := r.await(ctx, line)
		if stop := r.report(ctx, line, result, err); stop {
			return r.worst
		}
	}
	if *readErr != nil {
		inv.errorf("cannot read queries from standard input: %s", clean.Line((*readErr).Error()))
		return max(r.worst, exitFailure)
	}
	if r.count == 0 {
		inv.errorf("no queries on standard input (give one query per line)")
		if inv.opts.csv {
			return inv.writeCSV(nil, "", true, r.conn)
		}
	}
	return r.worst
}

// next is the next line to write, once read; more is false at the end of
// the input, interrupted true when ctx ended while no line was waiting.
func (r *bulkSearch) next(ctx context.Context) (line *bulkLine, more, interrupted bool) {
	line, more, ok := receive(ctx, r.console, r.progressDone, r.order)
	return line, more, !ok
}

// await waits for line's answer. When ctx ends first, the line fails with
// the cause (its request, if it was sent, ends too).
func (r *bulkSearch) await(ctx context.Context, line *bulkLine) (hub.SearchResult, error) {
	if _, _, ok := receive(ctx, r.console, r.progressDone, line.done); !ok {
		return hub.SearchResult{}, context.Cause(ctx)
	}
	return line.answer()
}

// progressDone is how far the run is, for its progress: the input line
// number of the last line written.
func (r *bulkSearch) progressDone() int { return r.lastLine }

// report writes one line's part of the output, or its failure (in the
// output for JSON Lines and on a terminal, and on stderr), and says
// whether the run stops there.
func (r *bulkSearch) report(ctx context.Context, line *bulkLine, result hub.SearchResult, err error) (stop bool) {
	inv, conn := r.inv, r.conn
	r.count++
	r.lastLine = line.number
	query := line.query
	inv.log.Info("search", "query", query, "accounts", len(result.Accounts), "error", errText(err, conn))
	if err != nil {
		p := inv.explain(ctx, err, conn)
		_, interrupted := interruptionOf(ctx)
		stop = stopsBulk(err) || ctx.Err() != nil
		if inv.opts.json {
			r.worst = max(r.worst, inv.writeJSONLine(ctx, query, "error", mustJSON(p.message), conn))
		} else if !inv.opts.csv && inv.env.StdoutIsTerminal {
			inv.writeHeading(query, -1, r.count == 1)
		}
		text := p.line(fmt.Sprintf("search for %q failed", query), conn)
		if stop && !interrupted {
			text += "; stopped at this query, as every query would fail alike"
		}
		inv.errorf("%s", text)
		inv.log.Error("search failed", "kind", hub.KindOf(err).String(), "error", errText(err, conn), "exit_code", p.code)
		r.worst = max(r.worst, p.code)
		return stop
	}
	inv.noteLimitReached(result, fmt.Sprintf("search for %q: ", query))
	code := exitOK
	switch {
	case inv.opts.json:
		code = inv.writeJSONLine(ctx, query, "result", compactJSON(result.Raw), conn)
	case inv.opts.csv:
		code = inv.writeCSV(result.Accounts, query, !r.csvStarted, conn)
		r.csvStarted = true
	case inv.env.StdoutIsTerminal:
		inv.writeHeading(query, len(result.Accounts), r.count == 1)
		if len(result.Accounts) > 0 {
			code = inv.writeAccounts(result.Accounts, query, conn)
		}
	default:
		code = inv.writeAccounts(result.Accounts, query, conn)
	}
	r.worst = max(r.worst, code)
	return false
}

// stopWaiting ends a run whose context ended while it waited for the next
// query on standard input.
func (r *bulkSearch) stopWaiting(ctx context.Context) int {
	code := exitFailure
	reason := "canceled"
	if signal, ok := interruptionOf(ctx); ok {
		code, reason = signal.code, signal.Error()
	}
	queries := "queries"
	if r.count == 1 {
		queries = "query"
	}
	r.inv.errorf("search - stopped after %d %s, while waiting for the next one: %s (run it again for the rest)",
		r.count, queries, reason)
	return max(r.worst, code)
}
