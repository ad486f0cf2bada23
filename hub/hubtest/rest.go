package hubtest

import (
	"net/http"
)

// The REST routes of the ban and its removal: Next.js API routes built with
// next-rest-framework, which checks the method and the body against the
// route's schema before the handler runs, then the handler's own checks
// (the caller's key, the admin group), which answer HTTP 200 {"error"}.
const (
	banRoute       = "/api/v2/accounts/ban"
	removeBanRoute = "/api/v2/accounts/remove-ban"
)

// Texts of the ban routes' refusals.
const (
	textRESTNotSignedIn = "must be signed in"
	textOnlyAdminsBan   = "only admins can ban users" // both routes say it
)

// isBanRoute tells the two routes.
func isBanRoute(route string) bool { return route == banRoute || route == removeBanRoute }

// serveBanRoute answers POST {"account_id": uuid} to the ban routes: HTTP
// 400 for a body the schema refuses, then 200 with {"error"} for a caller
// that is not a signed-in admin, else the ban is set (or lifted) and the
// answer is {"status": "success"}, for a UUID of no account too.
func (h *hub) serveBanRoute(w http.ResponseWriter, r *http.Request, route string, raw []byte, tooLarge bool) {
	name := route[1:] // "api/v2/accounts/ban": what SetFault names it by
	h.log.add(r, raw, name)
	fault := h.faults.lookup(name, nil)
	if fault == FaultHang {
		h.hang(r.Context()) // never returns
	}
	h.wait(r.Context(), h.latency.draw())
	switch {
	case fault.isInfrastructure():
		h.writeInfrastructureFault(w, fault)
		return
	case tooLarge:
		h.writeRaw(w, http.StatusRequestEntityTooLarge, "text/plain; charset=utf-8", []byte("Body exceeded 1mb limit"))
		return
	case r.Method != http.MethodPost:
		h.writeRaw(w, http.StatusMethodNotAllowed, "application/json; charset=utf-8",
			marshalJS(object{{"message", "Method not allowed."}}))
		return
	}
	body, err := parseBody(r.Header.Get("Content-Type"), raw)
	if err != nil {
		h.writeRaw(w, http.StatusBadRequest, "text/plain; charset=utf-8", []byte(err.Error()))
		return
	}
	accountID, problem := accountIDBody(body)
	if problem != nil {
		h.writeRaw(w, http.StatusBadRequest, "application/json; charset=utf-8",
			marshalJS(object{{"message", "Invalid request body."}, {"errors", []any{problem}}}))
		return
	}
	secret, refusal := credentials(r)
	var caller *Account
	if key := h.db.validKey(secret, h.now()); refusal == "" && key != nil && !key.IsProjectKey() {
		caller = h.db.account(key.AccountID)
	}
	switch {
	case caller == nil:
		h.writeErrorAnswer(w, textRESTNotSignedIn)
	case !caller.IsAdmin():
		h.writeErrorAnswer(w, textOnlyAdminsBan)
	default:
		id, _ := parsePostgresUUID(accountID) // the schema checked it
		h.db.setBanned(id, route == banRoute)
		h.writeJSONAnswer(w, object{{"status", "success"}})
	}
}

// accountIDBody checks a body against the routes' schema, {account_id:
// z.string().uuid()}, and returns the id or zod's description of what is
// wrong.
func accountIDBody(body any) (string, object) {
	if _, isObject := body.(map[string]any); !isObject {
		received := zodType(body)
		return "", object{{"code", "invalid_type"}, {"expected", "object"}, {"received", received},
			{"path", []any{}}, {"message", "Expected object, received " + received}}
	}
	id := field(body, "account_id")
	text, isString := id.(string)
	switch {
	case id == undefined:
		return "", object{{"code", "invalid_type"}, {"expected", "string"}, {"received", "undefined"},
			{"path", []any{"account_id"}}, {"message", "Required"}}
	case !isString:
		received := zodType(id)
		return "", object{{"code", "invalid_type"}, {"expected", "string"}, {"received", received},
			{"path", []any{"account_id"}}, {"message", "Expected string, received " + received}}
	case !isValidUUID(text):
		return "", object{{"validation", "uuid"}, {"code", "invalid_string"}, {"message", "Invalid uuid"},
			{"path", []any{"account_id"}}}
	}
	return text, nil
}

// zodType names a value's type as zod's messages do.
func zodType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case []any:
		return "array"
	}
	return typeOf(v)
}
