package hubtest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	hubPath     = "/api/conat/hub"
	projectPath = "/api/conat/project"

	// maxBodyBytes is Next.js's default body size limit, "1mb".
	maxBodyBytes = 1 << 20
)

// hub is the fake server's http.Handler.
type hub struct {
	db       *database
	keys     *keyTable
	basePath string
	clock    func() time.Time
	skew     time.Duration

	faults  faultTable
	latency *latencyTable
	// projectStart is how long a project takes to start, before its
	// endpoint answers (see Server.SetProjectStart).
	projectStart atomic.Int64
	log          requestLog
	counters     *counters
	bans         banList

	closeOnce sync.Once
	closed    chan struct{} // closed by Close: ends every wait
	cookieKey []byte
}

func newHub(data *Data, cfg config) *hub {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	return &hub{
		db:        newDatabase(data),
		keys:      newKeyTable(data.Keys),
		basePath:  cfg.basePath,
		clock:     cfg.clock,
		skew:      cfg.skew,
		latency:   newLatencyTable(cfg.seed),
		counters:  newCounters(),
		closed:    make(chan struct{}),
		cookieKey: key,
	}
}

// now is the server's clock.
func (h *hub) now() time.Time { return h.clock().Add(h.skew) }

func (h *hub) nowMillis() int64 { return h.now().UnixMilli() }

func (h *hub) stats() Stats { return h.counters.snapshot() }

func (h *hub) close() {
	h.closeOnce.Do(func() { close(h.closed) })
	h.counters.waitIdle()
}

// ServeHTTP routes like the real stack: Express serves the base path, inside
// it Next.js serves the two API routes, redirects paths with a trailing slash
// and answers its 404 page for anything else.
func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer h.counters.begin()()
	body, tooLarge := readBody(r.Body)
	route, inBase := h.pathInBase(r.URL.Path)
	switch {
	case inBase && (route == hubPath || route == projectPath):
		h.serveAPI(w, r, route == projectPath, body, tooLarge)
	case inBase && isBanRoute(route):
		h.serveBanRoute(w, r, route, body, tooLarge)
	case inBase && h.hasTrailingSlash(route):
		h.log.add(r, body, "")
		h.redirectWithoutSlash(w, r, route)
	case inBase:
		h.log.add(r, body, "")
		h.setSessionCookie(w)
		writeNextNotFound(w)
	default:
		h.log.add(r, body, "")
		h.setSessionCookie(w)
		writeExpressNotFound(w, r)
	}
}

// pathInBase returns path without the base path, and whether it lies inside it.
func (h *hub) pathInBase(path string) (string, bool) {
	if h.basePath == "" {
		return path, true
	}
	rest, ok := strings.CutPrefix(path, h.basePath)
	if !ok || (rest != "" && !strings.HasPrefix(rest, "/")) {
		return "", false
	}
	return rest, true
}

// hasTrailingSlash tells the paths Next.js redirects: any ending in "/"
// except the root of a server without a base path.
func (h *hub) hasTrailingSlash(route string) bool {
	return strings.HasSuffix(route, "/") && (route != "/" || h.basePath != "")
}

// readBody reads up to the limit, and reports whether the body was larger.
func readBody(body io.Reader) ([]byte, bool) {
	raw, _ := io.ReadAll(io.LimitReader(body, maxBodyBytes+1))
	return raw, len(raw) > maxBodyBytes
}

// redirectWithoutSlash is Next.js's trailingSlash: false: a permanent
// redirect that keeps the method and the query.
func (h *hub) redirectWithoutSlash(w http.ResponseWriter, r *http.Request, route string) {
	location := h.basePath + strings.TrimRight(route, "/")
	if r.URL.RawQuery != "" {
		location += "?" + r.URL.RawQuery
	}
	h.setSessionCookie(w)
	w.Header().Set("Location", location)
	w.Header().Set("Refresh", "0;url="+location)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusPermanentRedirect)
	_, _ = io.WriteString(w, location)
}

// setSessionCookie sets the session cookie Express sets on every answer, in
// express-session's form "s:<id>.<signature>", URL-encoded. The API never
// reads it back.
func (h *hub) setSessionCookie(w http.ResponseWriter) {
	id := make([]byte, 24)
	_, _ = rand.Read(id)
	sessionID := base64.RawURLEncoding.EncodeToString(id)
	mac := hmac.New(sha256.New, h.cookieKey)
	mac.Write([]byte(sessionID))
	signature := strings.TrimRight(base64.StdEncoding.EncodeToString(mac.Sum(nil)), "=")
	value := url.QueryEscape("s:" + sessionID + "." + signature)
	w.Header().Add("Set-Cookie", "connect.sid="+value+"; Path=/; HttpOnly")
}

// parseBody turns a body into what Next.js puts in req.body, by Content-Type:
// JSON is parsed (an empty body is {}; invalid JSON is an error), a form is
// decoded like Node's querystring, anything else stays a string, which has
// none of the fields the API reads ("the server sees no body").
func parseBody(contentType string, raw []byte) (any, error) {
	mediaType := "text/plain"
	if contentType != "" {
		if parsed, _, err := mime.ParseMediaType(contentType); err == nil {
			mediaType = parsed
		}
	}
	switch mediaType {
	case "application/json", "application/ld+json":
		return parseJSONBody(raw)
	case "application/x-www-form-urlencoded":
		return parseFormBody(string(raw)), nil
	}
	return string(raw), nil
}

var errInvalidJSON = errors.New("Invalid JSON")

func parseJSONBody(raw []byte) (any, error) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")) // the body decoder drops a BOM
	if len(raw) == 0 {
		return map[string]any{}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errInvalidJSON
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errInvalidJSON
	}
	return v, nil
}

// parseFormBody decodes like Node's querystring.decode: '+' is a space, bad
// %-escapes stay as they are, a repeated key gives a list.
func parseFormBody(s string) map[string]any {
	form := map[string]any{}
	for _, pair := range strings.Split(s, "&") {
		if pair == "" {
			continue
		}
		key, value, _ := strings.Cut(pair, "=")
		key, value = unescapeForm(key), unescapeForm(value)
		switch prev := form[key].(type) {
		case nil:
			form[key] = value
		case string:
			form[key] = []any{prev, value}
		case []any:
			form[key] = append(prev, value)
		}
	}
	return form
}

func unescapeForm(s string) string {
	s = strings.ReplaceAll(s, "+", " ")
	var out []byte
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// wait sleeps for d. If the client goes away, or the server stops or closes
// meanwhile, it aborts the handler (see abort).
func (h *hub) wait(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		h.abort(ctx)
	case <-h.closed:
		h.abort(ctx)
	}
}

// hang holds a request without answering until the client or the server
// ends it; it never returns.
func (h *hub) hang(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-h.closed:
	}
	h.abort(ctx)
}

// abort ends a request without an answer, and never returns: net/http
// closes the connection, where returning from the handler would send an
// empty 200. It counts the request as canceled if the client went away.
func (h *hub) abort(ctx context.Context) {
	h.noteEnded(ctx)
	panic(http.ErrAbortHandler)
}

// noteEnded counts a request as canceled by its client, unless the server
// itself was stopping or closing.
func (h *hub) noteEnded(ctx context.Context) {
	select {
	case <-h.closed:
		return
	default:
	}
	if !errors.Is(context.Cause(ctx), errServerStopped) {
		h.counters.countCanceled()
	}
}

// writeJSONAnswer writes an application answer: HTTP 200 and
// JSON.stringify's bytes.
func (h *hub) writeJSONAnswer(w http.ResponseWriter, v any) {
	h.writeRaw(w, http.StatusOK, "application/json; charset=utf-8", marshalJS(v))
}

// writeErrorAnswer writes the application's {"error": text}.
func (h *hub) writeErrorAnswer(w http.ResponseWriter, text string) {
	h.writeJSONAnswer(w, object{{"error", text}})
}

// writeRaw writes an answer of the application (with the session cookie).
func (h *hub) writeRaw(w http.ResponseWriter, status int, contentType string, body []byte) {
	h.setSessionCookie(w)
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeExpressNotFound is Express's final handler's 404, for paths outside
// the base path.
func writeExpressNotFound(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n"+
		"</head>\n<body>\n<pre>Cannot "+html.EscapeString(r.Method)+" "+html.EscapeString(r.URL.EscapedPath())+
		"</pre>\n</body>\n</html>\n")
}

// nextNotFoundPage is the gist of Next.js's default 404 page.
const nextNotFoundPage = `<!DOCTYPE html><html><head><meta charSet="utf-8"/>` +
	`<meta name="viewport" content="width=device-width"/><title>404: This page could not be found</title>` +
	`<meta name="next-head-count" content="3"/></head><body><div id="__next"><div style="font-family:system-ui,` +
	`&quot;Segoe UI&quot;,Roboto,Helvetica,Arial,sans-serif;height:100vh;text-align:center;display:flex;` +
	`flex-direction:column;align-items:center;justify-content:center"><div><h1 class="next-error-h1" ` +
	`style="display:inline-block;margin:0 20px 0 0;padding:0 23px 0 0;font-size:24px;font-weight:500;` +
	`vertical-align:top;line-height:49px">404</h1><div style="display:inline-block"><h2 style="font-size:14px;` +
	`font-weight:400;line-height:49px;margin:0">This page could not be found<!-- -->.</h2></div></div></div>` +
	`</div></body></html>`

func writeNextNotFound(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "private, no-cache, no-store, max-age=0, must-revalidate")
	w.WriteHeader(http.StatusNotFound)
	_, _ = io.WriteString(w, nextNotFoundPage)
}
