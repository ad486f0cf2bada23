package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"cocalc-tui/hub"
	"cocalc-tui/hub/clean"
)

// problem is a failed call explained for a person: what went wrong, what to
// do about it, and the exit code it calls for.
type problem struct {
	message string
	hint    string
	code    int
}

// line is "<what failed>: <message> (<hint>)", one line, sanitized: the
// message may quote the server, and the server's text is hostile.
func (p problem) line(what string, conn *connection) string {
	line := what + ": " + p.message
	if p.hint != "" {
		line += " (" + p.hint + ")"
	}
	return clean.Line(conn.scrub(line))
}

// failure reports a failed hub call as one line on stderr and returns the
// exit code it calls for.
func (inv *invocation) failure(ctx context.Context, what string, err error, conn *connection) int {
	p := inv.explain(ctx, err, conn)
	inv.errorf("%s", p.line(what, conn))
	inv.log.Error(what, "kind", hub.KindOf(err).String(), "error", conn.scrub(err.Error()), "exit_code", p.code)
	return p.code
}

// explain says what went wrong in a call and what the user can do, in the
// terms of this command line (its flags, where the settings came from).
// The hub's own hints are kept where nothing better is known.
func (inv *invocation) explain(ctx context.Context, err error, conn *connection) problem {
	p := problem{message: errorMessage(err), hint: hub.Hint(err), code: exitCodeOf(err)}
	// A call a signal ended fails in whatever way the cancellation reached
	// it (the hub client sees the signal as the cause of a broken
	// connection): the signal is the story.
	if signal, ok := interruptionOf(ctx); ok {
		return problem{message: signal.Error(), hint: "run it again to finish", code: signal.code}
	}
	var hubErr *hub.Error
	if !errors.As(err, &hubErr) {
		return p
	}
	switch hubErr.Kind {
	case hub.KindKeyRejected:
		p.hint = "check the API key: it may be mistyped, expired or revoked, or its account banned"
		// The hub refuses a project's key exactly like a bad key: only the
		// project endpoint tells them apart.
		project, projectErr := conn.client.TestProject(ctx)
		switch {
		case projectErr == nil:
			p.message = fmt.Sprintf("the API key is a project key (of project %s), but this needs an account's API key",
				project.ProjectID)
			p.hint = "create one under API keys in your CoCalc account's settings"
		case hub.KindOf(projectErr) == hub.KindTimeout:
			p.hint += "; or a project key, whose project did not answer in time (a project key cannot do this anyway)"
		}
		p.hint += fmt.Sprintf("; the key %s came from %s", hub.MaskKey(conn.settings.Key), conn.settings.KeySource)
	case hub.KindNotAdmin:
		p.hint = "use an admin's API key, or search without --admin"
	case hub.KindTimeout:
		if errors.Is(err, context.DeadlineExceeded) {
			p.hint = fmt.Sprintf("the server may be down or overloaded: try again, or raise --timeout above %s", inv.opts.timeout)
		} else {
			p.hint = fmt.Sprintf("the server gave up: try again, or raise --timeout above %s", inv.opts.timeout)
		}
	case hub.KindHTTPStatus:
		if hubErr.Status >= 500 {
			p.hint = "try again later, and tell the server's administrators if it keeps failing"
		} else {
			p.hint = "check the host and base path: " + conn.address()
		}
	case hub.KindRedirect:
		p.hint = "check the host and base path: " + conn.address() + "; if the server moved, use its new address"
	case hub.KindTransport:
		p.hint = transportHint(hubErr.Net)
		if hubErr.Net != hub.NetCertificate { // the address is right: the server is not trusted
			p.hint += ": " + conn.address()
		}
	case hub.KindBadResponse, hub.KindTooLarge:
		p.hint = "check that the address is a CoCalc server's: " + conn.address()
	}
	return p
}

// transportHint says what to check when the server could not be reached.
func transportHint(problem hub.NetProblem) string {
	switch problem {
	case hub.NetUnknownHost:
		return "check the host name"
	case hub.NetRefused:
		return "check that the server is running and the address is right"
	case hub.NetCertificate:
		return "if the server's certificate comes from a private authority, add that authority to the system's " +
			"trusted certificates or point SSL_CERT_FILE at it; the key was not sent"
	}
	return "check the address and your network"
}

// errorMessage is the text of an error without the hub function's name.
func errorMessage(err error) string {
	var hubErr *hub.Error
	if errors.As(err, &hubErr) {
		return hubErr.Message
	}
	return err.Error()
}

// address says which server was called and where that address came from,
// so that a hint to check it says what to check.
func (c *connection) address() string {
	switch c.settings.HostSource {
	case "default":
		return fmt.Sprintf("%s, the default; --host or %s names another server", c.client.BaseURL(), envHost)
	case "--demo":
		return c.client.BaseURL() + ", the demo's own server"
	}
	return c.client.BaseURL() + ", from " + c.settings.HostSource
}

// refusePlainHTTP refuses, before anything is sent, a plain http:// address
// of a host other than this machine, unless the user opted in: the key
// would cross the network unencrypted. (The hub client refuses it too; this
// says how to opt in from the command line or the profile.)
func refusePlainHTTP(s *settings) error {
	u, err := url.Parse(strings.TrimSpace(s.Host))
	if err != nil || u.Scheme != "http" || s.InsecureHTTP || hub.IsLoopbackHost(u.Hostname()) {
		return nil // not plain http, allowed, or for hub.New to refuse
	}
	optIn := "add --insecure-http"
	if strings.HasPrefix(s.HostSource, "profile ") {
		optIn = "set insecure_http = true in " + s.HostSource + " (or add --insecure-http)"
	}
	return usageError{fmt.Sprintf("refusing plain http:// to %s (the address came from %s): the API key would cross "+
		"the network unencrypted; use https://, or %s to send it anyway", u.Host, s.HostSource, optIn)}
}

// hostAdvice says how to correct a server address, by where it came from:
// with the URL it likely means when it lacks only its scheme
// (hub.SuggestBaseURL), with examples otherwise.
func hostAdvice(source, address string) string {
	example := "a base URL such as https://cocalc.com or https://example.org/base-path"
	if suggestion, ok := hub.SuggestBaseURL(address); ok {
		example = suggestion
	}
	switch {
	case source == "--host":
		return "give --host " + example
	case source == envHost:
		return "set " + envHost + " to " + example
	case strings.HasPrefix(source, "profile "):
		return "set host in " + source + " to " + example
	}
	return "use " + example
}

// hostForLog is a server address as the debug log may show it: without
// user information, query or fragment, which the hub client refuses anyway
// but which could hold a password or the key itself.
func hostForLog(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "(not a URL)"
	}
	if u.User == nil && u.RawQuery == "" && u.Fragment == "" {
		return u.String()
	}
	hidden := "(user information, query or fragment hidden)"
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String() + " " + hidden
}
