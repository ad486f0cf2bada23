package cli

import (
	"context"
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// interruption is the cause of the context's end when SIGINT or SIGTERM
// arrives. A command it stops says so in one line and exits with the shell's
// convention for a death by that signal, 128 + its number: 130 for SIGINT,
// 143 for SIGTERM. The fake hub, a server whose normal way to stop is a
// signal, exits 0 instead.
type interruption struct {
	name string // "SIGINT" or "SIGTERM"
	code int    // the exit code
}

func (i *interruption) Error() string { return "interrupted by " + i.name }

var (
	interruptedBySIGINT  = &interruption{name: "SIGINT", code: 128 + 2}
	interruptedBySIGTERM = &interruption{name: "SIGTERM", code: 128 + 15}
)

// interruptionOf tells which signal ended ctx, if one did.
func interruptionOf(ctx context.Context) (*interruption, bool) {
	var i *interruption
	return i, errors.As(context.Cause(ctx), &i)
}

// endedByContext tells whether err is the end of the context rather than
// a failure: a signal's interruption, or a cancellation.
func endedByContext(err error) bool {
	var signal *interruption
	return errors.As(err, &signal) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// NotifyInterrupt returns a context that ends, with an *interruption as
// its cause, at the first SIGINT or SIGTERM. After that first signal the
// handler is removed, so a second one gets the default action and kills the
// program at once, should a clean end take too long.
func NotifyInterrupt(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case sig := <-signals:
			signal.Stop(signals)
			if sig == syscall.SIGTERM {
				cancel(interruptedBySIGTERM)
			} else {
				cancel(interruptedBySIGINT)
			}
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		cancel(context.Canceled)
	}
}
