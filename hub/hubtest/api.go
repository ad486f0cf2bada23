package hubtest

import (
	"encoding/base64"
	"math"
	"net/http"
	"strings"
	"time"
)

// Error texts of the API routes, as the real server words them.
const (
	textNoAuthHeader     = "You must provide authentication via an API key."
	textHubNotSignedIn   = "must be signed in and MUST provide an api key (cookies are not allowed)"
	textProjectNoKey     = "must sign in as project or account"
	textProjectNoProject = "must specify project_id or use project-specific api key"
	textProjectMismatch  = "project specific api key must match requested project"
	textNotCollaborator  = "user must be a collaborator on the project"
)

// defaultServerTimeout is callHub's DEFAULT_TIMEOUT.
const defaultServerTimeout = 15 * time.Second

// apiCall is one request to an API endpoint, as far as the route understood it.
type apiCall struct {
	project bool // /api/conat/project rather than /api/conat/hub
	params  any  // req.body, whose fields the route reads (none unless POST)
	name    any  // params.name

	// Set when the route lets the call through:
	caller    *Account // the calling account (on /project, only for account keys)
	secret    string   // the key the caller sent, for a hostile server to echo
	projectID string   // /project: the project called
	subject   string   // the conat subject, named in callHub's errors

	refusal string // why the route refused the call, when it did
}

// serveAPI answers a request to one of the two API routes. The steps follow
// the real stack from the outside in: a reverse proxy, Next.js's body parser,
// the route's authentication, callHub's timeout, the hub's function.
//
// Every method is served, as a Next.js API route serves every method; for
// anything but POST the route reads no parameters (CoCalc's getParams), so a
// GET with a good key fails like a body without "name".
func (h *hub) serveAPI(w http.ResponseWriter, r *http.Request, project bool, raw []byte, tooLarge bool) {
	ctx := r.Context()
	var body any
	var parseErr error
	if !tooLarge {
		body, parseErr = parseBody(r.Header.Get("Content-Type"), raw)
	}
	params := body
	if r.Method != http.MethodPost {
		params = map[string]any{}
	}
	call := &apiCall{project: project, params: params, name: field(params, "name")}
	function, _ := call.name.(string)
	h.log.add(r, raw, function)
	fault := h.faults.lookup(function, params)
	if fault == FaultHang {
		h.hang(ctx) // never returns
	}

	// Authentication is worked out before the delay because a call whose
	// delay exceeds its server-side timeout is answered when the timeout
	// expires, with the timeout error.
	h.authenticate(r, call)
	delay := h.latency.draw()
	if project && call.refusal == "" {
		delay += time.Duration(h.projectStart.Load()) // the server starts the project first
	}
	timeout, positive := serverTimeout(field(params, "timeout"))
	timedOut := call.refusal == "" && positive && delay > timeout
	if timedOut {
		delay = timeout
	}
	h.wait(ctx, delay)

	switch {
	case tooLarge:
		h.writeRaw(w, http.StatusRequestEntityTooLarge, "text/plain; charset=utf-8", []byte("Body exceeded 1mb limit"))
	case parseErr != nil:
		h.writeRaw(w, http.StatusBadRequest, "text/plain; charset=utf-8", []byte(parseErr.Error()))
	case fault.isInfrastructure():
		h.writeInfrastructureFault(w, fault)
	case call.refusal != "":
		h.writeErrorAnswer(w, call.refusal)
	case !positive:
		h.writeErrorAnswer(w, call.callHubError("timeout must be positive", "undefined"))
	case timedOut || fault == FaultServerTimeout:
		h.writeErrorAnswer(w, call.callHubError("timeout - Error: operation has timed out", "408"))
	case fault == FaultUnknownFunction:
		h.writeErrorAnswer(w, newError("unknown function '"+toString(call.name)+"'").Error())
	case fault == FaultUnavailable:
		h.writeErrorAnswer(w, call.callHubError("request -- no subscribers matching '"+call.subject+"'", "503"))
	case fault == FaultOversized:
		h.writeOversized(ctx, w)
	case fault == FaultHostileError:
		h.writeRaw(w, http.StatusOK, "application/json; charset=utf-8", hostileErrorAnswer(call.secret))
	case fault == FaultHostile:
		h.writeRaw(w, http.StatusOK, "application/json; charset=utf-8", h.hostileAnswer(call))
	default:
		h.answerCall(w, call, fault)
	}
}

// answerCall runs the function and writes its answer, possibly damaged by a fault.
func (h *hub) answerCall(w http.ResponseWriter, call *apiCall, fault Fault) {
	var answer any
	result, err := h.dispatch(call)
	switch {
	case err != nil:
		answer = object{{"error", err.Error()}}
	case fault == FaultWrongShape:
		answer = wrongShape(result)
	default:
		answer = result
	}
	if fault == FaultTruncated {
		whole := marshalJS(answer)
		h.writeRaw(w, http.StatusOK, "application/json; charset=utf-8", whole[:len(whole)/2])
		return
	}
	h.writeJSONAnswer(w, answer)
}

// callHubError is how callHub words an error of the request to the hub.
func (c *apiCall) callHubError(message, code string) string {
	return message + " - callHub: subject='" + c.subject + "', name='" + toString(c.name) + "', code='" + code + "' "
}

// serverTimeout reads the body's "timeout" as callHub does: absent means the
// default, and a value that is not positive (null and false included, as in
// JavaScript's `timeout <= 0`) is refused. A value that is no number at all
// gets the default (the real server's behaviour there is unknown).
func serverTimeout(v any) (time.Duration, bool) {
	if v == undefined {
		return defaultServerTimeout, true
	}
	ms := toNumber(v)
	switch {
	case math.IsNaN(ms):
		return defaultServerTimeout, true
	case ms <= 0:
		return 0, false
	case ms > float64(math.MaxInt64/int64(time.Millisecond)):
		return time.Duration(math.MaxInt64), true
	}
	return time.Duration(ms * float64(time.Millisecond)), true
}

// authenticate applies the route's checks, setting either the caller or the
// refusal.
func (h *hub) authenticate(r *http.Request, call *apiCall) {
	secret, refusal := credentials(r)
	if refusal != "" {
		call.refusal = refusal
		return
	}
	call.secret = secret
	key := h.db.validKey(secret, h.now())
	if key != nil {
		// The server notes every use of a valid key, before it checks
		// what the key may call.
		h.keys.recordUse(secret, h.now())
	}
	if call.project {
		h.authorizeProjectCall(call, key)
		return
	}
	if key == nil || key.IsProjectKey() {
		call.refusal = textHubNotSignedIn
		return
	}
	call.caller = h.db.account(key.AccountID)
	call.subject = "hub.account." + key.AccountID + ".api"
}

// authorizeProjectCall is the checks of /api/conat/project: a project key
// calls its own project; an account key names a project it collaborates on.
func (h *hub) authorizeProjectCall(call *apiCall, key *Key) {
	if key == nil {
		call.refusal = textProjectNoKey
		return
	}
	projectID := field(call.params, "project_id")
	if projectID == undefined && key.IsProjectKey() {
		projectID = key.ProjectID
	}
	switch {
	case !truthy(projectID):
		call.refusal = textProjectNoProject
	case key.IsProjectKey() && toString(projectID) != key.ProjectID:
		call.refusal = textProjectMismatch
	case !key.IsProjectKey() && !h.db.isCollaborator(key.AccountID, projectID):
		call.refusal = textNotCollaborator
	default:
		call.projectID = toString(projectID)
		call.subject = "project." + call.projectID + ".0.api"
		if !key.IsProjectKey() {
			call.caller = h.db.account(key.AccountID)
		}
	}
}

// credentials extracts the API key from the Authorization header as the
// server does: the first two words, "Bearer <key>" or "Basic
// base64(<key>:…)". Scheme names are case-sensitive; cookies are ignored.
func credentials(r *http.Request) (secret, refusal string) {
	values, present := r.Header["Authorization"]
	if !present {
		return "", textNoAuthHeader
	}
	words := jsFields(values[0])
	scheme, credential := "undefined", ""
	if len(words) > 0 {
		scheme = words[0]
	}
	if len(words) > 1 {
		credential = words[1]
	}
	switch scheme {
	case "Bearer":
		return credential, ""
	case "Basic":
		user, _, _ := strings.Cut(decodeBase64Leniently(credential), ":")
		return user, ""
	}
	return "", "Unknown authorization type '" + scheme + "'"
}

// decodeBase64Leniently decodes like Node's Buffer.from(s, "base64"): either
// alphabet, padding optional, other characters skipped.
func decodeBase64Leniently(s string) string {
	var clean []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=':
			i = len(s) // decoding stops at padding
		case c == '-':
			clean = append(clean, '+')
		case c == '_':
			clean = append(clean, '/')
		case c == '+' || c == '/' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			clean = append(clean, c)
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1] // a lone last character carries no whole byte
	}
	decoded, _ := base64.RawStdEncoding.DecodeString(string(clean))
	return string(decoded)
}
