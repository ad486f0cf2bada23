package hub

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"time"

	"cocalc-tui/hub/clean"
)

const (
	// DefaultBaseURL is where the Python client points unless told otherwise.
	DefaultBaseURL = "https://cocalc.com"
	// DefaultMaxBodyBytes bounds how much of an answer is read (32 MiB).
	DefaultMaxBodyBytes = 32 << 20
	// DefaultUserAgent is sent unless WithUserAgent says otherwise.
	DefaultUserAgent = "cocalc-tui"

	hubPath     = "/api/conat/hub"
	projectPath = "/api/conat/project"

	// serverTimeoutGrace is how much longer than the timeout sent to the server
	// the client waits, so that the server's own timeout answer can arrive.
	serverTimeoutGrace = time.Second
)

// Client calls one CoCalc server with one API key. It is safe for concurrent
// use; connections are reused between calls.
type Client struct {
	baseURL      string // scheme://host[/basePath], no trailing slash
	host         string // for messages
	authHeader   string // empty when no key was given
	keyTrunc     string // the key as the server's list of keys shows it (see truncOf)
	keyIsLegacy  bool   // a key of the old format, which that list never holds
	scrubber     *Scrubber
	httpClient   *http.Client
	userAgent    string
	callTimeout  time.Duration
	maxBodyBytes int64
	allowHTTP    bool
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient makes the client send its requests through hc (a copy of it:
// the client never follows redirects, so it sets its own redirect policy, and
// it drops hc's cookie jar: the API never takes cookies, so the session cookie
// the server sets on every answer is not kept nor sent back).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		copied := *hc
		copied.Jar = nil
		c.httpClient = &copied
	}
}

// WithCallTimeout limits every call to d: the server is sent d as the body's
// "timeout", in whole milliseconds rounded up (the server counts in ms, and
// refuses 0), and the client waits one second longer for the answer
// (serverTimeoutGrace), so that the server's own timeout error can arrive.
// 0 (or less) is no limit of the client's: the field is left out, and the
// server applies its default, 15 s.
func WithCallTimeout(d time.Duration) Option {
	return func(c *Client) { c.callTimeout = d }
}

// WithUserAgent sets the User-Agent header, e.g. "cocalc-tui/1.2.0".
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = ua }
}

// WithMaxBodyBytes bounds the size of an answer; a larger one is an error.
func WithMaxBodyBytes(n int64) Option {
	return func(c *Client) { c.maxBodyBytes = n }
}

// WithInsecureHTTP allows plain http:// to hosts other than loopback. The key
// travels in a header, so this must be the user's explicit choice.
func WithInsecureHTTP() Option {
	return func(c *Client) { c.allowHTTP = true }
}

// New returns a client for the server at baseURL (DefaultBaseURL when empty),
// which may carry a base path ("https://example.org/cocalc"). The key may be
// empty; calls then fail with ErrNoKey without sending anything.
func New(baseURL, apiKey string, opts ...Option) (*Client, error) {
	c := &Client{
		scrubber:     NewScrubber(apiKey),
		userAgent:    DefaultUserAgent,
		maxBodyBytes: DefaultMaxBodyBytes,
	}
	for _, opt := range opts {
		opt(c)
	}
	if c.httpClient == nil {
		c.httpClient = &http.Client{Transport: http.DefaultTransport}
	}
	c.httpClient.CheckRedirect = refuseRedirects
	if apiKey != "" {
		c.authHeader = "Basic " + base64.StdEncoding.EncodeToString([]byte(apiKey+":"))
		c.keyTrunc, c.keyIsLegacy = truncOf(apiKey), strings.HasPrefix(apiKey, "sk_")
	}
	normalized, host, err := normalizeBaseURL(baseURL, c.allowHTTP)
	if err != nil {
		if e, ok := err.(*Error); ok { // it may repeat the address, where a key may have been pasted
			e.Message = c.scrubber.Scrub(e.Message)
		}
		return nil, err
	}
	c.baseURL, c.host = normalized, host
	return c, nil
}

// WithTimeout is a client like c (the same server, key, connections and
// scrubber) whose calls are limited to d, or to c's own limit if that is
// shorter: the UI's status check asks with it, so that a server that hangs
// shows as down within a few seconds. The limit is the client's, as every
// limit of a call: sent to the server and kept by the client alike, so the
// error is the same whichever side gives up.
func (c *Client) WithTimeout(d time.Duration) *Client {
	limited := *c
	if d > 0 && (c.callTimeout <= 0 || d < c.callTimeout) {
		limited.callTimeout = d
	}
	return &limited
}

// CallTimeout is the limit of each call (0: none).
func (c *Client) CallTimeout() time.Duration { return c.callTimeout }

// BaseURL is the server's base URL as the client uses it (no trailing slash).
func (c *Client) BaseURL() string { return c.baseURL }

// Host is the server's host name (and port, if any), for display.
func (c *Client) Host() string { return c.host }

// HasKey reports whether the client was given an API key.
func (c *Client) HasKey() bool { return c.authHeader != "" }

// Scrubber is the scrubber of the client's key, for every text that leaves
// the program (see Scrubber).
func (c *Client) Scrubber() *Scrubber { return c.scrubber }

func normalizeBaseURL(raw string, allowHTTP bool) (normalized, host string, err error) {
	if strings.TrimSpace(raw) == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", "", &Error{Kind: KindInvalidArgument, Message: notABaseURL(strings.TrimSpace(raw))}
	}
	if u.User != nil {
		// Do not echo the URL: its user info may be a password.
		return "", "", &Error{Kind: KindInvalidArgument,
			Message: "the server address must not contain a user name or password"}
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", "", &Error{Kind: KindInvalidArgument,
			Message: "the server address must not contain a query (?) or fragment (#)"}
	}
	if u.Scheme == "http" && !allowHTTP && !IsLoopbackHost(u.Hostname()) {
		return "", "", &Error{Kind: KindInvalidArgument, Message: fmt.Sprintf(
			"refusing plain http:// to %s: the API key would travel unencrypted; use https:// (or opt in to insecure http)",
			u.Host)}
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	return u.Scheme + "://" + u.Host + path, u.Host, nil
}

// notABaseURL says what a server address must look like, or, for one that
// lacks only its scheme, that it does (SuggestBaseURL has the fix).
func notABaseURL(raw string) string {
	if _, ok := SuggestBaseURL(raw); ok {
		return raw + " lacks http:// or https://"
	}
	return "the server address must look like https://cocalc.com or https://example.org/base-path"
}

// SuggestBaseURL is the URL a server address without its scheme likely
// means (127.0.0.1:40081, cocalc.example.org/base): http:// for this
// machine (IsLoopbackHost), where plain http is allowed, https:// for any
// other. ok is false for an address with a scheme, one that is no URL even
// with one, and one with user information, which is never repeated (it may
// hold a password).
func SuggestBaseURL(raw string) (suggestion string, ok bool) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.Contains(raw, "://") {
		return "", false
	}
	u, err := url.Parse("https://" + raw)
	if err != nil || u.Host == "" || u.User != nil {
		return "", false
	}
	if IsLoopbackHost(u.Hostname()) {
		return "http://" + raw, true
	}
	return "https://" + raw, true
}

// IsLoopbackHost tells the names and addresses of this machine: "localhost"
// (in any case) and the loopback addresses (127.0.0.0/8, ::1). Plain http://
// is allowed to these only, unless the user opts in (the key travels in a
// header), and the fake hub listens only on these unless told otherwise.
func IsLoopbackHost(hostname string) bool {
	if strings.EqualFold(hostname, "localhost") {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}

// refuseRedirects stops the HTTP client at the first redirect: following one
// could send the key to another host, or silently turn a POST into a GET.
func refuseRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// request is the body of every hub call.
type request struct {
	Name    string `json:"name"`
	Args    []any  `json:"args"`
	Timeout int64  `json:"timeout,omitempty"`
}

// Call invokes a hub function on /api/conat/hub and decodes its result into
// out (which may be a *json.RawMessage to keep the server's bytes, or nil).
// The strings of out are as the server sent them (Account and DisplayName
// clean theirs as they decode); the typed calls (UserSearch, GetNames, Test…)
// also scrub the key from them and check the ids. A failure is an *Error
// whose Message is clean, bounded and scrubbed.
func (c *Client) Call(ctx context.Context, name string, args []any, out any) error {
	_, err := c.call(ctx, hubPath, name, args, out)
	return err
}

// CallProject invokes a function on /api/conat/project, the endpoint that
// project-scoped keys use.
func (c *Client) CallProject(ctx context.Context, name string, args []any, out any) error {
	_, err := c.call(ctx, projectPath, name, args, out)
	return err
}

// call sends one call, decodes its result into out, and returns the answer's
// bytes and round trip, for the typed calls to keep.
func (c *Client) call(ctx context.Context, path, name string, args []any, out any) (Answer, error) {
	body, roundTrip, err := c.send(ctx, path, name, args)
	if err != nil {
		return Answer{}, c.finishError(err)
	}
	if err := decodeResult(name, body, out); err != nil {
		return Answer{}, c.finishError(err)
	}
	return Answer{Raw: trimJSONSpace(body), RoundTrip: roundTrip}, nil
}

// send posts one call and returns the body of a 200 answer, and the time
// from sending the request to reading the whole answer.
func (c *Client) send(ctx context.Context, path, name string, args []any) ([]byte, time.Duration, error) {
	if c.authHeader == "" {
		return nil, 0, &Error{Kind: KindNoKey, Call: name, Message: "no API key was given"}
	}
	if args == nil {
		args = []any{}
	}
	payload, err := encodeRequest(request{Name: name, Args: args, Timeout: wholeMillis(c.callTimeout)})
	if err != nil {
		return nil, 0, &Error{Kind: KindInvalidArgument, Call: name, Message: "cannot encode the arguments: " + err.Error(), Err: err}
	}
	if c.callTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, saturatingAdd(c.callTimeout, serverTimeoutGrace))
		defer cancel()
	}
	started := time.Now()
	resp, err := c.post(ctx, path, payload)
	if err != nil && readOnly[name] && errors.Is(err, errStaleConnection) {
		// A kept-alive connection died while idle (the server restarted, or
		// a proxy closed it): the request never reached the server, and
		// asking again on a new connection is safe for a call that only reads.
		resp, err = c.post(ctx, path, payload)
	}
	if err != nil {
		return nil, 0, c.transportError(ctx, name, started, err)
	}
	defer resp.Body.Close()
	body, err := c.readAnswer(ctx, name, started, resp)
	return body, time.Since(started), err
}

// readOnly are the calls that change nothing on the server, so sending one
// again cannot do harm.
var readOnly = map[string]bool{FuncPing: true, FuncTest: true, FuncGetNames: true, FuncUserSearch: true, FuncUserQuery: true,
	FuncManageAPIKeys: true} // the client only ever sends manageApiKeys' "get"

// errStaleConnection marks a request that failed on a reused connection
// before any answer came.
var errStaleConnection = errors.New("reused connection closed")

// post sends one request. Go's transport does not retry a POST whose reused
// connection turns out to be closed, so such failures are marked for send.
func (c *Client) post(ctx context.Context, path string, payload []byte) (*http.Response, error) {
	var reused bool
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) { reused = info.Reused }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost, c.baseURL+path, bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", c.authHeader)
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.httpClient.Do(req)
	if err != nil && reused && ctx.Err() == nil && !isTimeout(err) {
		return nil, fmt.Errorf("%w: %w", errStaleConnection, err)
	}
	return resp, err
}

// encodeRequest marshals like Python's json module: compact, and without Go's
// escaping of <, > and & (the server gets the characters themselves).
func encodeRequest(r request) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (c *Client) readAnswer(ctx context.Context, name string, started time.Time, resp *http.Response) ([]byte, error) {
	if resp.StatusCode >= 300 && resp.StatusCode < 400 {
		drain(resp.Body)
		msg := fmt.Sprintf("the server redirected (HTTP %d) instead of answering; not followed, so the key stays with %s",
			resp.StatusCode, c.host)
		if where := resp.Header.Get("Location"); where != "" {
			msg += "; it pointed to " + clean.Bounded(where, locationLimit)
		}
		return nil, &Error{Kind: KindRedirect, Call: name, Status: resp.StatusCode, Message: msg}
	}
	if resp.StatusCode != http.StatusOK {
		drain(resp.Body)
		return nil, &Error{Kind: KindHTTPStatus, Call: name, Status: resp.StatusCode,
			Message: describeStatus(resp.StatusCode, http.StatusText(resp.StatusCode), resp.Header.Get("Content-Type"))}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBodyBytes+1))
	if err != nil {
		// The server began to answer, then the rest did not come.
		stopped := c.transportError(ctx, name, started, err)
		switch stopped.Kind {
		case KindTimeout:
			stopped.Message = fmt.Sprintf("the answer from %s stopped arriving: nothing more within %s",
				c.host, roundDuration(c.waitedFor(stopped.Elapsed)))
		case KindTransport:
			stopped.Message = fmt.Sprintf("the answer from %s broke off: %s", c.host, rootCause(err))
		}
		return nil, stopped
	}
	if int64(len(body)) > c.maxBodyBytes {
		return nil, &Error{Kind: KindTooLarge, Call: name,
			Message: fmt.Sprintf("the answer is larger than %s; not read", FormatBytes(c.maxBodyBytes))}
	}
	return body, nil
}

// drain reads a little of a body we ignore, so the connection can be reused.
func drain(body io.Reader) { _, _ = io.Copy(io.Discard, io.LimitReader(body, 64<<10)) }

func (c *Client) transportError(ctx context.Context, name string, started time.Time, err error) *Error {
	elapsed := time.Since(started)
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		// The caller canceled (perhaps with a cause of its own, which err
		// then carries instead of context.Canceled).
		return &Error{Kind: KindCanceled, Call: name, Message: "canceled", Err: context.Canceled}
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return &Error{Kind: KindTimeout, Call: name, Elapsed: elapsed, Err: context.DeadlineExceeded,
			Message: fmt.Sprintf("no answer from %s within %s", c.host, roundDuration(c.waitedFor(elapsed)))}
	}
	message, problem := describeTransport(c.host, err)
	return &Error{Kind: KindTransport, Call: name, Net: problem, Message: message, Err: err}
}

// wholeMillis is d in milliseconds, rounded up (1 for 1 ns), or 0 for none.
func wholeMillis(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	ms := int64(d / time.Millisecond)
	if d%time.Millisecond != 0 {
		ms++
	}
	return ms
}

// waitedFor is the limit a timed-out call ran into, as the user set it: the
// call timeout (not the grace added to it), or else the time it ran.
func (c *Client) waitedFor(elapsed time.Duration) time.Duration {
	if c.callTimeout > 0 && elapsed >= c.callTimeout {
		return c.callTimeout
	}
	return elapsed
}

func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// describeTransport turns a network error into a short sentence and says
// what kind of failure it is, by the error's type (never by its text). It
// avoids url.Error's text, which repeats the method and the whole URL.
func describeTransport(host string, err error) (string, NetProblem) {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var opErr *net.OpError
	switch {
	case errors.As(err, &dnsErr):
		return fmt.Sprintf("cannot find host %s", host), NetUnknownHost
	case errors.As(err, &certErr):
		return fmt.Sprintf("the certificate of %s is not trusted: %s", host, rootCause(certErr.Err)), NetCertificate
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Sprintf("cannot connect to %s: %s", host, rootCause(err)), NetRefused
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return fmt.Sprintf("cannot connect to %s: %s", host, rootCause(opErr)), NetOther
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Sprintf("%s closed the connection before answering", host), NetClosed
	}
	return fmt.Sprintf("cannot talk to %s: %s", host, rootCause(err)), NetOther
}

func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// finishError makes an error's texts what Error promises: one clean line of
// bounded size, without the key in any form. Every error of a call passes
// here once; the texts may quote the server (its error text, a Location
// header, a certificate's name), the network stack, or the caller's
// arguments (an id, a function name).
func (c *Client) finishError(err error) error {
	var hubErr *Error
	if !errors.As(err, &hubErr) {
		return err
	}
	finished := *hubErr
	finished.Message = c.scrubber.Scrub(clean.Bounded(hubErr.Message, clean.ErrorLimit))
	finished.Call = c.scrubber.Scrub(clean.Bounded(hubErr.Call, clean.IDLimit))
	if finished == *hubErr {
		return err
	}
	return &finished
}

// locationLimit bounds the redirect target quoted in an error.
const locationLimit = 120

// saturatingAdd is a+b for non-negative durations, or the longest duration
// instead of overflowing: a timeout of 2562047h47m16s plus the grace must
// not wrap around to a deadline in the past.
func saturatingAdd(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

func roundDuration(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// FormatBytes is the one way the program writes a size: in IEC units
// (1 KiB = 1024 bytes), "512 bytes", "1.5 KiB", "32 MiB", one decimal at
// most and none when it is 0.
func FormatBytes(n int64) string {
	const kib, mib, gib = 1 << 10, 1 << 20, 1 << 30
	switch {
	case n < kib:
		return fmt.Sprintf("%d bytes", n)
	case n < mib:
		return oneDecimal(float64(n)/kib) + " KiB"
	case n < gib:
		return oneDecimal(float64(n)/mib) + " MiB"
	}
	return oneDecimal(float64(n)/gib) + " GiB"
}

func oneDecimal(f float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
}

// decodeResult turns a 200 answer into out, or into the error it carries.
func decodeResult(name string, body []byte, out any) error {
	trimmed := trimJSONSpace(body)
	if accounts, ok := out.(*[]Account); ok && decodeAccounts(trimmed, accounts) {
		return nil // a well-formed list of accounts, read twice rather than five times
	}
	if !json.Valid(trimmed) {
		return &Error{Kind: KindBadResponse, Call: name, Message: describeInvalidJSON(trimmed)}
	}
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if text, ok := errorField(trimmed); ok {
			return serverError(name, text)
		}
	}
	if out == nil {
		return nil
	}
	if err := unmarshalExact(trimmed, out); err != nil {
		return &Error{Kind: KindBadResponse, Call: name, Err: err,
			Message: "the answer has an unexpected shape: " + shapeMismatch(err)}
	}
	return nil
}

// trimJSONSpace cuts the white space JSON allows around a value (space,
// TAB, LF, CR: RFC 8259, section 2), and no other: bytes.TrimSpace also
// cuts form feeds and NEL, which would make "\f[]" pass as JSON.
func trimJSONSpace(body []byte) []byte { return bytes.Trim(body, " \t\n\r") }

// errorField extracts the text of a {"error": "..."} answer.
func errorField(object []byte) (string, bool) {
	var probe struct {
		Error *json.RawMessage `json:"error"`
	}
	if unmarshalExact(object, &probe) != nil || probe.Error == nil {
		return "", false
	}
	var text string
	if json.Unmarshal(*probe.Error, &text) != nil {
		// An error that is not a string still is an error; show its JSON.
		text = decodedJSON(*probe.Error)
	}
	return text, true
}

// decodedJSON is a valid JSON value written again with only the escapes
// JSON needs, so that its strings read as what they hold: a key the server
// echoed as "sk-LVFq\u0074ICO…" shows as the key, which the scrubber then
// finds, and an escaped ESC becomes the character, which cleaning makes
// visible. Numbers keep their digits; an object's fields come in name order.
func decodedJSON(raw []byte) string {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var value any
	if decoder.Decode(&value) != nil {
		return string(raw)
	}
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	if encoder.Encode(value) != nil {
		return string(raw)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// describeInvalidJSON says what is wrong with an answer that is not JSON
// this client reads.
func describeInvalidJSON(body []byte) string {
	const notJSON = "the answer is not valid JSON"
	if len(body) == 0 {
		return notJSON + " (it was empty)"
	}
	if body[0] == '<' {
		return notJSON + " (it looks like an HTML page)"
	}
	var syntaxErr *json.SyntaxError
	err := json.Unmarshal(body, new(struct{}))
	switch {
	case err != nil && strings.Contains(err.Error(), "exceeded max depth"):
		return "the answer nests more than 10000 levels deep, as no CoCalc answer does; not read"
	case err != nil && strings.Contains(err.Error(), "unexpected end of JSON input"):
		return notJSON + " (it looks cut short)"
	case errors.As(err, &syntaxErr):
		return fmt.Sprintf("%s (a mistake at byte %d)", notJSON, syntaxErr.Offset)
	}
	return notJSON
}

func shapeMismatch(err error) string {
	var typeErr *json.UnmarshalTypeError
	if !errors.As(err, &typeErr) {
		return err.Error()
	}
	got := "a JSON " + typeErr.Value
	expected := jsonKindOf(typeErr.Type)
	if number, ok := strings.CutPrefix(typeErr.Value, "number "); ok && isInteger(typeErr.Type) {
		got, expected = number, wholeNumberExpected(number, typeErr.Type)
	}
	if typeErr.Field != "" {
		return fmt.Sprintf("field %q is %s, expected %s", typeErr.Field, got, expected)
	}
	return fmt.Sprintf("got %s, expected %s", got, expected)
}

// wholeNumberExpected says what a number that does not fit an integer of
// type t should have been: whole ("1.5"), within range ("1e20"), or written
// in digits alone ("1e3"); in milliseconds, for a time.
func wholeNumberExpected(number string, t reflect.Type) string {
	what := "a whole number"
	if t == reflect.TypeFor[Millis]() {
		what = "a whole number of milliseconds"
	}
	f, err := strconv.ParseFloat(number, 64)
	switch {
	case err == nil && f != math.Trunc(f):
		return what
	case err != nil || math.Abs(f) >= math.MaxInt64:
		return fmt.Sprintf("%s between %d and %d", what, math.MinInt64, math.MaxInt64)
	}
	return what + " written in digits alone"
}

func isInteger(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// jsonKindOf names the JSON value a Go type decodes from, for messages.
func jsonKindOf(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a number"
	case reflect.Pointer:
		return jsonKindOf(t.Elem())
	}
	return t.String()
}
