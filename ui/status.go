package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"cocalc-tui/hub"
	"cocalc-tui/ui/humanize"
)

// connState is what the last status check said about the server.
type connState int

const (
	connChecking connState = iota // no answer yet
	connOnline
	connOffline
)

// statusModel is the live server status: one ping in flight at most, the
// next one armed only when the answer arrives, exponential backoff while the
// server is down (capped at the ping interval, so a server that comes back is
// seen within one interval).
type statusModel struct {
	state     connState
	roundTrip time.Duration
	skew      time.Duration
	skewKnown bool
	err       error
	failures  int
	checkedAt time.Time // when the last answer (or failure) arrived
	sentAt    time.Time // when the check in flight was sent
	nextAt    time.Time // when the next check is due
	inFlight  bool
	// forFailure marks a check that a failed call asked for (see
	// Model.checkIfUnreachable).
	forFailure bool
	// seq names the latest check; ticks armed for an older check are ignored,
	// so a manual refresh never leads to two checks in a row.
	seq int
}

type pingTickMsg struct{ seq int }

type pingResultMsg struct {
	seq       int
	result    hub.PingResult
	roundTrip time.Duration
	err       error
}

// startCheck sends a ping unless one is already in flight.
func (s *statusModel) startCheck(cfg Config, now time.Time) tea.Cmd {
	if s.inFlight {
		return nil
	}
	s.seq++
	s.inFlight = true
	s.forFailure = false
	s.sentAt = now
	return pingCmd(cfg.lifetime, cfg.Client.WithTimeout(pingTimeout(cfg)), s.seq)
}

// pingTimeout is the limit of a status check: the client's own (see
// hub.Client.WithTimeout), or shorter, so a hung server shows as down.
func pingTimeout(cfg Config) time.Duration {
	return max(min(cfg.PingInterval, pingTimeoutCap), time.Second)
}

func pingCmd(lifetime context.Context, client *hub.Client, seq int) tea.Cmd {
	return guarded(func() tea.Msg {
		started := time.Now()
		result, err := client.Ping(lifetime)
		return pingResultMsg{seq: seq, result: result, roundTrip: time.Since(started), err: err}
	}, func(err error) tea.Msg { return pingResultMsg{seq: seq, err: err} })
}

// onResult records a check's answer and arms the next check.
func (s *statusModel) onResult(msg pingResultMsg, cfg Config, now time.Time) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	s.inFlight = false
	s.checkedAt = now
	delay := cfg.PingInterval
	switch {
	case msg.err == nil:
		s.setOnline(msg.result.RoundTrip)
		s.skew, s.skewKnown = msg.result.Skew(), true
	case serverAnswered(msg.err):
		// The server is up and said no to the key: ping needs an account key.
		s.setOnline(msg.roundTrip)
		s.skewKnown = false
	default:
		s.state = connOffline
		s.err = msg.err
		s.failures++
		delay = backoff(s.failures, cfg.PingInterval)
	}
	s.nextAt = now.Add(delay)
	return cfg.After(delay, pingTickMsg{seq: s.seq})
}

func (s *statusModel) setOnline(roundTrip time.Duration) {
	s.state = connOnline
	s.roundTrip = roundTrip
	s.err = nil
	s.failures = 0
}

// onTick starts the check a tick was armed for, unless a newer one replaced it.
func (s *statusModel) onTick(msg pingTickMsg, cfg Config, now time.Time) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	return s.startCheck(cfg, now)
}

// backoff is the wait after the n-th failure in a row: 1s, 2s, 4s, … capped.
func backoff(failures int, limit time.Duration) time.Duration {
	wait := firstRetry
	for i := 1; i < failures && wait < limit; i++ {
		wait *= 2
	}
	return min(wait, limit)
}

// serverAnswered reports whether an error came from a server that is up.
func serverAnswered(err error) bool {
	return errors.Is(err, hub.ErrKeyRejected) || errors.Is(err, hub.ErrNoKey) || errors.Is(err, hub.ErrNotAdmin)
}

// view is the status part of the header: glyph, word, figures.
func (s statusModel) view(st Styles, now time.Time) string {
	var parts []string
	switch {
	case s.state == connChecking:
		parts = append(parts, st.Muted.Render("◌ connecting…"))
	case s.state == connOffline:
		text := "✕ offline: " + shortReason(s.err)
		if s.inFlight {
			text += " · retrying now"
		} else if wait := s.nextAt.Sub(now); wait > 0 {
			text += " · retrying in " + formatWait(wait)
		}
		parts = append(parts, st.Bad.Render(text))
	case s.inFlight && now.Sub(s.sentAt) >= 2*time.Second:
		parts = append(parts, st.Warn.Render(fmt.Sprintf("◐ waiting for the server (%s)", humanize.Duration(now.Sub(s.sentAt)))))
	case s.roundTrip >= slowRoundTrip:
		parts = append(parts, st.Warn.Render("◐ slow "+humanize.RoundTrip(s.roundTrip)))
	default:
		parts = append(parts, st.Ok.Render("● online "+humanize.RoundTrip(s.roundTrip)))
	}
	if s.state == connOnline && s.skewKnown && (s.skew >= skewWorthShowing || s.skew <= -skewWorthShowing) {
		parts = append(parts, st.Warn.Render("clock skew "+humanize.Skew(s.skew)))
	}
	if !s.checkedAt.IsZero() {
		parts = append(parts, st.Muted.Render("checked "+humanize.Ago(s.checkedAt, now)))
	}
	return strings.Join(parts, st.Muted.Render(" · "))
}

// shortReason is a few words on why a call failed, for the status line.
func shortReason(err error) string {
	var hubErr *hub.Error
	if !errors.As(err, &hubErr) {
		if err == nil {
			return "unknown error"
		}
		return err.Error()
	}
	switch hubErr.Kind {
	case hub.KindTimeout:
		return "no answer"
	case hub.KindHTTPStatus, hub.KindRedirect:
		return fmt.Sprintf("HTTP %d", hubErr.Status)
	case hub.KindUnavailable:
		return "hub service down"
	case hub.KindBadResponse, hub.KindTooLarge:
		return "not a CoCalc answer"
	case hub.KindTransport:
		return hubErr.Net.String()
	}
	return hubErr.Kind.String()
}
