package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"sync"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
	"cocalc-tui/hub/jsonobject"
)

// namesCall is one getNames call of a names run (hub.NamesBatchSize ids at
// most) and, once done is closed, its answer.
type namesCall struct {
	ids   []string
	done  chan struct{}
	names hub.Names
	err   error
}

// lookupNames looks up the names of ids in calls of hub.NamesBatchSize,
// --parallel at once, and writes each call's part of the output in the
// order of the ids as soon as it and the calls before it are answered. At
// most 2 × --parallel answers wait to be written. The first failure ends
// the run (the output written so far stays whole: the JSON object is
// closed); so does a signal.
func (inv *invocation) lookupNames(ctx context.Context, conn *connection, ids []string) int {
	work, stopWork := context.WithCancel(ctx)
	calls, workers := startNamesCalls(work, conn.client, ids, max(inv.opts.parallel, 1))
	out := &namesOutput{inv: inv, conn: conn, console: inv.newConsole("names", "ids"), single: len(ids) <= hub.NamesBatchSize}
	if out.console.progress != nil {
		out.console.progress.setTotal(len(ids))
	}
	detach := out.console.attach(inv)
	code := out.writeAll(ctx, calls, len(ids))
	stopWork()
	workers.Wait()
	if err := detach(); err != nil && code == exitOK {
		inv.errorf("cannot write the output: %s", err)
		code = exitFailure
	}
	return code
}

// startNamesCalls makes the getNames calls of ids, parallel at once, until
// ctx ends. It sends each call on the channel, in order, before starting
// it (at most parallel wait there), closes the channel after the last, and
// returns the group of its goroutines.
func startNamesCalls(ctx context.Context, client *hub.Client, ids []string,
	parallel int) (<-chan *namesCall, *sync.WaitGroup) {
	calls := make(chan *namesCall, parallel)
	slots := make(chan struct{}, parallel)
	workers := &sync.WaitGroup{}
	workers.Add(1)
	go func() {
		defer workers.Done()
		defer close(calls)
		for _, batch := range hub.NamesBatches(ids) {
			call := &namesCall{ids: batch, done: make(chan struct{})}
			select {
			case calls <- call:
			case <-ctx.Done():
				return
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			workers.Add(1)
			go func() {
				defer workers.Done()
				call.names, call.err = client.GetNames(ctx, call.ids)
				<-slots
				close(call.done)
			}()
		}
	}()
	return calls, workers
}

// namesOutput writes a names run's answers as they come.
type namesOutput struct {
	inv     *invocation
	conn    *connection
	console *console
	single  bool // one call: its answer is the JSON output, byte for byte
	written int  // calls written
	done    int  // ids written
	object  *objectStream
	jq      *jsonobject.Object // with --jq: the whole object, for the expression
}

// writeAll writes the answer of each call in order and returns the exit
// code.
func (o *namesOutput) writeAll(ctx context.Context, calls <-chan *namesCall, total int) int {
	inv := o.inv
	for {
		call, more := o.next(ctx, calls)
		if !more {
			break
		}
		if err := o.await(ctx, call); err != nil {
			inv.log.Info("names", "ids", len(call.ids), "error", errText(err, o.conn))
			o.closeObject()
			return inv.failure(ctx, "name lookup failed", err, o.conn)
		}
		inv.log.Info("names", "ids", len(call.ids))
		if code := o.write(ctx, call); code != exitOK {
			return code
		}
		o.written++
		o.done += len(call.ids)
	}
	if o.done < total || ctx.Err() != nil { // the calls stopped on a signal before the end
		o.closeObject()
		return inv.failure(ctx, "name lookup failed", context.Cause(ctx), o.conn)
	}
	return o.finish(ctx)
}

// next is the next call to write, or false when there is none (the end, or
// a signal).
func (o *namesOutput) next(ctx context.Context, calls <-chan *namesCall) (*namesCall, bool) {
	call, more, ok := receive(ctx, o.console, o.progressDone, calls)
	return call, more && ok
}

// await waits for a call's answer, or for ctx's end.
func (o *namesOutput) await(ctx context.Context, call *namesCall) error {
	if _, _, ok := receive(ctx, o.console, o.progressDone, call.done); !ok {
		return context.Cause(ctx)
	}
	return call.err
}

// progressDone is how far the run is, for its progress: the ids written.
func (o *namesOutput) progressDone() int { return o.done }

// write writes one call's part of the output.
func (o *namesOutput) write(ctx context.Context, call *namesCall) int {
	inv, first := o.inv, o.written == 0
	switch {
	case inv.opts.json && o.single:
		return inv.emitJSON(ctx, call.names.Raw, nil, o.conn)
	case inv.opts.json && inv.opts.jqCode != nil:
		members, err := jsonobject.Parse(call.names.Raw) // an object: GetNames checked
		if err != nil {
			return inv.emitJSON(ctx, nil, err, o.conn)
		}
		if o.jq == nil {
			o.jq = &jsonobject.Object{}
		}
		o.jq.Merge(members)
		return exitOK
	case inv.opts.json:
		if o.object == nil {
			o.object = &objectStream{w: inv.stdout(), indent: inv.env.StdoutIsTerminal, scrub: o.conn.scrub}
		}
		return inv.outputFailure(o.object.add(call.names.Raw))
	case inv.opts.csv:
		return inv.writeNamesCSV(call.ids, call.names.ByID, first, o.conn)
	}
	return inv.writeNamesTable(call.ids, call.names.ByID, first, o.conn)
}

// finish ends the output once every call is written.
func (o *namesOutput) finish(ctx context.Context) int {
	if o.jq != nil {
		doc, err := o.jq.MarshalJSON()
		return o.inv.emitJSON(ctx, doc, err, o.conn)
	}
	return o.inv.outputFailure(o.closeObject())
}

// closeObject ends the JSON object, if one was started, so that the output
// is one valid object whatever stopped the run.
func (o *namesOutput) closeObject() error {
	if o.object == nil {
		return nil
	}
	err := o.object.close()
	o.object = nil
	return err
}

// objectStream writes one JSON object whose members come from several
// answers, as they come: the members of each in its order, each name once
// (the first value kept), made safe as writeJSON makes a whole document
// (clean.JSON, the key scrubbed), compact or indented as writeJSON would
// indent the whole object.
type objectStream struct {
	w       io.Writer
	indent  bool
	scrub   func(string) string
	members int
	names   map[string]bool
}

// add writes the members of object (one answer's bytes).
func (s *objectStream) add(object json.RawMessage) error {
	members, err := jsonobject.Parse(object)
	if err != nil {
		return err
	}
	if s.names == nil {
		s.names = map[string]bool{}
	}
	var buf bytes.Buffer
	err = members.Each(func(name string, value json.RawMessage) error {
		if s.names[name] {
			return nil
		}
		s.names[name] = true
		return s.member(&buf, name, value)
	})
	if err != nil {
		return err
	}
	_, err = s.w.Write(buf.Bytes())
	return err
}

// member writes one member, after the object's opening or a comma.
func (s *objectStream) member(buf *bytes.Buffer, name string, value json.RawMessage) error {
	encodedName, err := json.Marshal(name)
	if err != nil {
		return err
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, value); err != nil {
		return err
	}
	cleanValue := clean.JSON(compact.Bytes(), s.scrub)
	switch {
	case s.members == 0 && s.indent:
		buf.WriteString("{\n  ")
	case s.members == 0:
		buf.WriteByte('{')
	case s.indent:
		buf.WriteString(",\n  ")
	default:
		buf.WriteByte(',')
	}
	s.members++
	buf.Write(clean.JSON(encodedName, s.scrub))
	if !s.indent {
		buf.WriteByte(':')
		buf.Write(cleanValue)
		return nil
	}
	buf.WriteString(": ")
	return json.Indent(buf, cleanValue, "  ", "  ")
}

// close ends the object ({} when it has no member) and its line.
func (s *objectStream) close() error {
	end := "}\n"
	switch {
	case s.members == 0:
		end = "{}\n"
	case s.indent:
		end = "\n}\n"
	}
	_, err := io.WriteString(s.w, end)
	return err
}
