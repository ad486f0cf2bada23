package hubtest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
)

// Fault is a way for the fake hub to fail, set with Server.SetFault. Each
// fault strikes where it would in the real stack: the ones a proxy or a
// crashing web server produce hit every request whatever its key; the errors
// of callHub need a caller that passed authentication; the damaged answers
// are damaged versions of the real answer.
type Fault int

const (
	// FaultNone answers normally.
	FaultNone Fault = iota
	// FaultServerTimeout answers the hub's timeout error (code 408), at once.
	FaultServerTimeout
	// FaultUnavailable answers the error of a hub service that is down:
	// "request -- no subscribers matching …" (code 503).
	FaultUnavailable
	// FaultBadGateway answers nginx's 502 HTML page.
	FaultBadGateway
	// FaultGatewayTimeout answers nginx's 504 HTML page.
	FaultGatewayTimeout
	// FaultInternalText answers 500 "Internal Server Error" as text/plain.
	FaultInternalText
	// FaultNotJSON answers 200 with an HTML sign-in page, as an SSO proxy does.
	FaultNotJSON
	// FaultTruncated answers 200 with the first half of the real JSON answer.
	FaultTruncated
	// FaultWrongShape answers 200 with valid JSON of another shape than the
	// function's: an object where a list is expected, a list where an object
	// is, an object where a string is.
	FaultWrongShape
	// FaultOversized answers 200 with a JSON list of about 40 MiB, streamed.
	FaultOversized
	// FaultHang accepts the request and never answers, until the client goes
	// away or the server stops.
	FaultHang
	// FaultBadRequest answers 400 "Invalid JSON" as text/plain, whatever the
	// key: what Next.js's body parser answers when the body it got is not
	// JSON (a proxy that mangles requests, a client that sends garbage).
	FaultBadRequest
	// FaultHostile answers as a hostile server would, in the shape of each
	// function's answer (see hostile.go): ids with escape sequences (OSC 0
	// window title, OSC 52 clipboard write and query, the end of bracketed
	// paste), formula names, names of megabytes, invalid UTF-8 and lone
	// surrogates, the caller's key echoed in every form, tags after a flag
	// that spell no flag.
	FaultHostile
	// FaultHostileError answers every call with an error of 30 MB that holds
	// escape sequences and the caller's key in every form.
	FaultHostileError
	// FaultUnknownFunction answers as a server older than the function
	// does: "Error: unknown function '<name>'".
	FaultUnknownFunction
)

var faultNames = [...]string{
	FaultNone:            "FaultNone",
	FaultServerTimeout:   "FaultServerTimeout",
	FaultUnavailable:     "FaultUnavailable",
	FaultBadGateway:      "FaultBadGateway",
	FaultGatewayTimeout:  "FaultGatewayTimeout",
	FaultInternalText:    "FaultInternalText",
	FaultNotJSON:         "FaultNotJSON",
	FaultTruncated:       "FaultTruncated",
	FaultWrongShape:      "FaultWrongShape",
	FaultOversized:       "FaultOversized",
	FaultHang:            "FaultHang",
	FaultBadRequest:      "FaultBadRequest",
	FaultHostile:         "FaultHostile",
	FaultHostileError:    "FaultHostileError",
	FaultUnknownFunction: "FaultUnknownFunction",
}

func (f Fault) String() string {
	if f >= 0 && int(f) < len(faultNames) {
		return faultNames[f]
	}
	return "Fault(?)"
}

// isInfrastructure tells the faults that come from in front of the
// application (a proxy, a crash, the body parser), which answer whatever the
// key.
func (f Fault) isInfrastructure() bool {
	switch f {
	case FaultBadGateway, FaultGatewayTimeout, FaultInternalText, FaultNotJSON, FaultBadRequest:
		return true
	}
	return false
}

// nginxPage is nginx's built-in error page, with its CRLF line ends.
func nginxPage(status string) string {
	return strings.ReplaceAll("<html>\n<head><title>"+status+"</title></head>\n<body>\n<center><h1>"+status+
		"</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n", "\n", "\r\n")
}

const signInPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
<form method="post" action="/oauth2/sign_in">
<h1>Sign in to continue</h1>
<button type="submit">Sign in with your organization</button>
</form>
</body>
</html>
`

func (h *hub) writeInfrastructureFault(w http.ResponseWriter, f Fault) {
	switch f {
	case FaultBadGateway:
		writeProxyPage(w, http.StatusBadGateway, nginxPage("502 Bad Gateway"))
	case FaultGatewayTimeout:
		writeProxyPage(w, http.StatusGatewayTimeout, nginxPage("504 Gateway Time-out"))
	case FaultNotJSON:
		writeProxyPage(w, http.StatusOK, signInPage)
	case FaultInternalText:
		h.writeRaw(w, http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("Internal Server Error"))
	case FaultBadRequest:
		h.writeRaw(w, http.StatusBadRequest, "text/plain; charset=utf-8", []byte(errInvalidJSON.Error()))
	}
}

// writeProxyPage writes a page made by a proxy in front of the server: no
// session cookie, since the request never reached it.
func writeProxyPage(w http.ResponseWriter, status int, page string) {
	w.Header().Set("Server", "nginx")
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, page)
}

// wrongShape turns a function's result into valid JSON of another shape.
func wrongShape(result any) any {
	switch x := result.(type) {
	case []object, []any:
		return object{{"results", x}}
	case object:
		return []any{x}
	case string:
		return object{{"value", x}}
	}
	return []any{result}
}

// oversizedBytes is the size of FaultOversized's answer.
const oversizedBytes = 40 << 20

// oversizedRow is one element of FaultOversized's list, shaped like a
// userSearch result.
const oversizedRow = `{"account_id":"00000000-0000-4000-8000-000000000000","first_name":"Padding","last_name":"Row",` +
	`"name":null,"last_active":null,"created":null,"email_address_verified":null}`

// writeOversized streams a JSON list of about 40 MiB in chunks, never holding
// it in memory, and aborts when the client goes away or the server stops.
func (h *hub) writeOversized(ctx context.Context, w http.ResponseWriter) {
	h.setSessionCookie(w)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	chunk := bytes.Repeat([]byte(oversizedRow+","), (64<<10)/(len(oversizedRow)+1))
	if _, err := io.WriteString(w, "["); err != nil {
		h.abort(ctx)
	}
	for written := 0; written < oversizedBytes; written += len(chunk) {
		if _, err := w.Write(chunk); err != nil || ctx.Err() != nil {
			h.abort(ctx) // the client left, or the server stopped
		}
	}
	_, _ = io.WriteString(w, oversizedRow+"]")
}
