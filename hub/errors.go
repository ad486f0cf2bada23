package hub

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Kind classifies what went wrong in a hub call, so callers can react (and
// explain) without parsing message texts.
type Kind int

const (
	KindOther           Kind = iota // an error the hub reported that fits no other kind
	KindNoKey                       // no API key was given, or the server saw none
	KindKeyRejected                 // bad, expired, banned or project-scoped key
	KindNotAdmin                    // the call needs an admin's key
	KindTimeout                     // the hub's own timeout (code 408) or no answer in time
	KindUnavailable                 // the hub service is down (code 503)
	KindUnknownFunction             // the server does not know the function
	KindInvalidArgument             // rejected before sending, or by the server, as malformed input
	KindTransport                   // the server could not be reached, or the connection broke
	KindHTTPStatus                  // an HTTP status other than 200: a proxy or a wrong URL answered
	KindRedirect                    // the server answered with a redirect, which is never followed
	KindBadResponse                 // the answer was not JSON, or not of the expected shape
	KindTooLarge                    // the answer exceeded the body size limit
	KindCanceled                    // the caller canceled the call
)

var kindNames = map[Kind]string{
	KindOther:           "server error",
	KindNoKey:           "no API key",
	KindKeyRejected:     "API key rejected",
	KindNotAdmin:        "not an admin",
	KindTimeout:         "timeout",
	KindUnavailable:     "hub unavailable",
	KindUnknownFunction: "unknown function",
	KindInvalidArgument: "invalid argument",
	KindTransport:       "connection failed",
	KindHTTPStatus:      "HTTP error",
	KindRedirect:        "redirected",
	KindBadResponse:     "bad answer",
	KindTooLarge:        "answer too large",
	KindCanceled:        "canceled",
}

func (k Kind) String() string { return kindNames[k] }

// Error is every error the hub client returns.
type Error struct {
	Kind Kind
	// Call is the hub function, e.g. "system.userSearch".
	Call string
	// Message is the server's text with a leading "Error: " removed, or the
	// client's description of what happened. It never contains the API key.
	Message string
	// Status is the HTTP status when it was not 200 (KindHTTPStatus, KindRedirect).
	Status int
	// Elapsed is how long the call ran before it failed (client-side timeouts).
	Elapsed time.Duration
	// Net says what failed on the network, for KindTransport.
	Net NetProblem
	// Err is the underlying error, if any (transport errors, JSON errors).
	Err error
}

func (e *Error) Error() string {
	if e.Call == "" {
		return e.Message
	}
	return e.Call + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// Is lets errors.Is(err, hub.ErrKeyRejected) and friends match by kind.
func (e *Error) Is(target error) bool {
	var sentinel *Error
	if !errors.As(target, &sentinel) || sentinel.Call != "" || sentinel.Message != "" {
		return false
	}
	return sentinel.Kind == e.Kind
}

// NetProblem is what failed on the network when a call could not reach the
// server (KindTransport), as told by the type of the network stack's error.
type NetProblem int

const (
	NetOther       NetProblem = iota // another failure of the connection
	NetUnknownHost                   // the host name does not resolve
	NetRefused                       // nothing listens at the address
	NetClosed                        // the server closed the connection before answering
	NetCertificate                   // the server's TLS certificate is not trusted; the key was not sent
)

var netProblemNames = map[NetProblem]string{
	NetOther:       "network error",
	NetUnknownHost: "unknown host",
	NetRefused:     "connection refused",
	NetClosed:      "connection closed",
	NetCertificate: "TLS certificate problem",
}

// String names the problem in two or three words: "connection refused".
func (p NetProblem) String() string { return netProblemNames[p] }

// Sentinels for errors.Is; they match any *Error of the same kind.
var (
	ErrNoKey           = &Error{Kind: KindNoKey}
	ErrKeyRejected     = &Error{Kind: KindKeyRejected}
	ErrNotAdmin        = &Error{Kind: KindNotAdmin}
	ErrTimeout         = &Error{Kind: KindTimeout}
	ErrUnavailable     = &Error{Kind: KindUnavailable}
	ErrUnknownFunction = &Error{Kind: KindUnknownFunction}
	ErrInvalidArgument = &Error{Kind: KindInvalidArgument}
	ErrTransport       = &Error{Kind: KindTransport}
	ErrHTTPStatus      = &Error{Kind: KindHTTPStatus}
	ErrRedirect        = &Error{Kind: KindRedirect}
	ErrBadResponse     = &Error{Kind: KindBadResponse}
	ErrTooLarge        = &Error{Kind: KindTooLarge}
	ErrCanceled        = &Error{Kind: KindCanceled}
)

// KindOf returns the kind of a hub error, or KindOther for any other error.
func KindOf(err error) Kind {
	var hubErr *Error
	if errors.As(err, &hubErr) {
		return hubErr.Kind
	}
	return KindOther
}

// Hint says, in a few words, what the user can do about an error.
func Hint(err error) string {
	switch KindOf(err) {
	case KindNoKey:
		return "provide an API key"
	case KindKeyRejected:
		return "check the API key: it may be mistyped, expired, or a project key"
	case KindNotAdmin:
		return "use an admin's API key, or search without admin mode"
	case KindTimeout:
		return "try again, or raise the timeout"
	case KindUnavailable:
		return "the server is up but its hub service is not; try again shortly"
	case KindUnknownFunction:
		return "the server may be older than this client"
	case KindInvalidArgument:
		return "correct the input"
	case KindTransport:
		return "check the host and your network"
	case KindHTTPStatus:
		if status := statusOf(err); status >= 500 {
			return "try again later; tell the server's administrators if it keeps failing"
		}
		return "check the host and base path"
	case KindRedirect:
		return "check the host and base path"
	case KindBadResponse, KindTooLarge:
		return "check that the host is a CoCalc server"
	}
	return ""
}

// statusOf is the HTTP status of a hub error, or 0.
func statusOf(err error) int {
	var hubErr *Error
	if errors.As(err, &hubErr) {
		return hubErr.Status
	}
	return 0
}

// Server error texts, as doc.go records them.
const (
	textNoAuth        = "You must provide authentication via an API key."
	textUnknownScheme = "Unknown authorization type"
	textNotSignedIn   = "must be signed in and MUST provide an api key"
	textNotAdmin      = "must be an admin"           // also "Must be an admin to do admin search."
	textNotAdminSudo  = "user must be admin to sudo" // db.userQuery with another account's id
	textOnlyAdmins    = "only admins can"            // the ban routes: "only admins can ban users"
	textRESTSignedIn  = "must be signed in"          // the REST routes, for a key they do not take
	textTimeout       = "code='408'"
	textTimeoutStart  = "timeout"
	textUnavailable   = "code='503'"
	textNoSubscribers = "no subscribers matching"
	textUnknownFunc   = "unknown function"
	textInvalidInput  = "invalid input syntax"
)

// maxClassifiedText is how much of a server's error text is read to
// classify it: the texts that tell a kind are short, and an error of
// megabytes must not cost more than a short one.
const maxClassifiedText = 64 << 10

// serverError classifies the text of an {"error": "..."} answer. Its
// message is the start of the text; the client cleans and bounds it.
func serverError(call, text string) *Error {
	message := strings.TrimPrefix(text[:min(len(text), maxClassifiedText)], "Error: ")
	lower := strings.ToLower(message)
	kind := KindOther
	switch {
	case strings.HasPrefix(message, textNoAuth):
		kind = KindNoKey
	case strings.HasPrefix(message, textUnknownScheme), strings.Contains(message, textNotSignedIn):
		kind = KindKeyRejected
	case strings.Contains(lower, textNotAdmin), strings.HasPrefix(message, textNotAdminSudo),
		strings.HasPrefix(message, textOnlyAdmins):
		kind = KindNotAdmin
	case message == textRESTSignedIn:
		kind = KindKeyRejected
	case strings.Contains(message, textTimeout), strings.HasPrefix(message, textTimeoutStart):
		kind = KindTimeout
	case strings.Contains(message, textUnavailable), strings.Contains(message, textNoSubscribers):
		kind = KindUnavailable
	case strings.HasPrefix(message, textUnknownFunc):
		kind = KindUnknownFunction
	case strings.Contains(message, textInvalidInput):
		kind = KindInvalidArgument
	}
	return &Error{Kind: kind, Call: call, Message: strings.TrimSpace(shortServerText(message))}
}

// shortServerText drops the routing details the hub appends to its timeout and
// service errors (" - callHub: subject='hub.account.<uuid>.api', ..."): they
// name internal subjects that mean nothing to a user.
func shortServerText(message string) string {
	if i := strings.Index(message, " - callHub:"); i >= 0 {
		message = message[:i]
	}
	return strings.TrimPrefix(message, "timeout - Error: ")
}

func describeStatus(status int, statusText, contentType string) string {
	what := "a non-JSON page"
	switch {
	case strings.Contains(contentType, "html"):
		what = "an HTML page"
	case strings.Contains(contentType, "text/plain"):
		what = "plain text"
	case strings.Contains(contentType, "json"):
		what = "JSON"
	}
	msg := fmt.Sprintf("HTTP %d %s, %s instead of the hub's JSON", status, statusText, what)
	switch status {
	case 404:
		msg += ": no CoCalc API at this address"
	case 502, 503, 504:
		msg += ": the server behind the proxy is down or slow"
	case 413:
		msg += ": the request was too large"
	}
	return msg
}
