package hub_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"cocalc-tui/hub"
	"cocalc-tui/hub/hubtest"
)

// promptly is the generous bound within which an abandoned call must return.
const promptly = 2 * time.Second

// startHungCall starts a call against a server that never answers, and
// returns once the server is holding it. The call's error arrives on the
// channel.
func startHungCall(t *testing.T, ctx context.Context, srv *hubtest.Server, c *hub.Client) <-chan error {
	t.Helper()
	srv.SetFault(hubtest.FaultHang)
	done := make(chan error, 1)
	go func() {
		_, err := c.Ping(ctx)
		done <- err
	}()
	eventually(t, "the server holds the request", func() bool { return srv.Stats().InFlight == 1 })
	return done
}

// waitForError waits, at most promptly after from, for the call's error.
func waitForError(t *testing.T, done <-chan error, from time.Time) error {
	t.Helper()
	select {
	case err := <-done:
		if elapsed := time.Since(from); elapsed > promptly {
			t.Errorf("the call returned %v after it was abandoned, want within %v", elapsed, promptly)
		}
		return err
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return within 10 s")
		return nil
	}
}

func TestCancelAbortsAHungCall(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := startHungCall(t, ctx, srv, c)

	canceled := time.Now()
	cancel()
	err := waitForError(t, done, canceled)
	wantKind(t, err, hub.KindCanceled)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false for %v", err)
	}
	eventually(t, "the server counts the request as canceled", func() bool { return srv.Stats().Canceled == 1 })
	if s := srv.Stats(); s.Requests != 1 || s.InFlight != 0 {
		t.Errorf("server stats %+v, want 1 request, none in flight", s)
	}
}

func TestCallTimeoutOnAHungCall(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithCallTimeout(200*time.Millisecond))
	started := time.Now()
	done := startHungCall(t, context.Background(), srv, c)

	// The client waits a second beyond the timeout it sends, for the
	// server's own timeout answer, which a hung server never gives.
	err := waitForError(t, done, started.Add(time.Second+200*time.Millisecond))
	e := wantKind(t, err, hub.KindTimeout)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(err, context.DeadlineExceeded) = false for %v", err)
	}
	if !strings.Contains(e.Message, "no answer") || e.Elapsed <= 0 {
		t.Errorf("message %q, Elapsed %v; want \"no answer …\" and the time waited", e.Message, e.Elapsed)
	}
	if body := string(srv.Requests()[0].Body); !strings.Contains(body, `"timeout":200}`) {
		t.Errorf("body %s does not send the timeout", body)
	}
	eventually(t, "the server counts the request as canceled", func() bool { return srv.Stats().Canceled == 1 })
}

// TestCallTimeoutInWholeMilliseconds: the server counts in milliseconds; a
// limit below a millisecond, or between two, is sent rounded up, never down
// to 0, which would leave the field out (the server's default, 15 s).
func TestCallTimeoutInWholeMilliseconds(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	for d, want := range map[time.Duration]string{
		time.Nanosecond:              `"timeout":1}`,
		1500 * time.Microsecond:      `"timeout":2}`,
		3 * time.Second:              `"timeout":3000}`,
		time.Duration(math.MaxInt64): `"timeout":9223372036855}`,
	} {
		c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithCallTimeout(d))
		_, _ = c.Ping(context.Background())
		requests := srv.Requests()
		if body := string(requests[len(requests)-1].Body); !strings.HasSuffix(body, want) {
			t.Errorf("WithCallTimeout(%s): body %s, want it to end %s", d, body, want)
		}
	}
}

func TestContextDeadlineOnAHungCall(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	started := time.Now()
	done := startHungCall(t, ctx, srv, c)
	err := waitForError(t, done, started.Add(300*time.Millisecond))
	wantKind(t, err, hub.KindTimeout)
	if body := string(srv.Requests()[0].Body); strings.Contains(body, "timeout") {
		t.Errorf("body %s sends a timeout, but none was set with WithCallTimeout", body)
	}
}

// TestServerTimeoutArrivesBeforeTheClientGivesUp: a slow hub answers its own
// timeout error when the timeout sent expires; the client still listens then.
func TestServerTimeoutArrivesBeforeTheClientGivesUp(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	srv.SetLatency(time.Minute, time.Minute)
	c := newClient(t, srv.URL, hubtest.DemoUserKey, hub.WithCallTimeout(100*time.Millisecond))
	// The client waits a second past the timeout it sent for the server's
	// answer. On a machine loaded enough to hold the server's goroutine
	// back longer than that (the race detector, with other packages' tests
	// in tmux), the client's own timeout comes first; so a few tries, of
	// which one must bring the server's answer.
	var messages []string
	for range 3 {
		_, err := c.UserSearch(context.Background(), hub.SearchParams{Query: "alice"})
		e := wantKind(t, err, hub.KindTimeout)
		if e.Message == "operation has timed out" {
			return
		}
		messages = append(messages, e.Message)
	}
	t.Errorf("messages %q, want the server's \"operation has timed out\"", messages)
}

func TestStopDuringAHungCall(t *testing.T) {
	t.Parallel()
	srv := startDemo(t)
	c := newClient(t, srv.URL, hubtest.DemoUserKey)
	done := startHungCall(t, context.Background(), srv, c)
	stopped := time.Now()
	srv.Stop()
	err := waitForError(t, done, stopped)
	e := wantKind(t, err, hub.KindTransport)
	if !strings.Contains(e.Message, "closed the connection") {
		t.Errorf("message %q, want one saying the server closed the connection", e.Message)
	}
	if got := srv.Stats().Canceled; got != 0 {
		t.Errorf("Stats().Canceled = %d after Stop, want 0", got)
	}

	// The server comes back on the same address; the same client works again.
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	srv.SetFault(hubtest.FaultNone)
	_, err = c.Ping(context.Background())
	wantNoError(t, "Ping after Restart", err)
}
