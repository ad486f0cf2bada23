package hubtest

import (
	"crypto/rand"
	"fmt"
	"strings"
)

// hubFunction is one function of the API. args is the body's "args" (an
// empty list when absent, as callHub defaults it), whatever its type.
type hubFunction func(h *hub, call *apiCall, args any) (any, error)

// hubFunctions are the functions of /api/conat/hub this fake knows. The real
// hub has many more (projects.*, db.*, …); to the fake they are unknown.
var hubFunctions = map[string]hubFunction{
	"system.ping":                   ping,
	"system.test":                   testAccountKey,
	"system.getNames":               getNames,
	"system.userSearch":             userSearch,
	"system.adminResetPasswordLink": adminResetPasswordLink,
	"system.generateUserAuthToken":  generateUserAuthToken,
	"db.userQuery":                  userQuery,
	"system.manageApiKeys":          manageAPIKeys,
}

// projectFunctions are the functions of /api/conat/project this fake knows
// (besides a bare "ping", see dispatch).
var projectFunctions = map[string]hubFunction{
	"system.test":    testProjectKey,
	"system.ping":    ping,
	"system.version": projectVersion,
}

// ServerVersion is what system.version answers on the project endpoint:
// the real server's version is a number (its build time, in seconds).
const ServerVersion = 1764460800

// dispatch finds the function as the hub does, `const [group, name] =
// name.split(".")` (so "system.ping.x" is system.ping), and calls it.
func (h *hub) dispatch(call *apiCall) (any, error) {
	var fullName string
	switch n := call.name.(type) {
	case string:
		fullName = n
	case nil, undefinedValue:
		return nil, cannotReadProperty("split", n)
	default:
		return nil, newTypeError("name.split is not a function")
	}
	functions := hubFunctions
	if call.project {
		if fullName == "ping" {
			return "pong", nil // the project's own liveness check, without a group
		}
		functions = projectFunctions
	}
	var fn hubFunction
	if parts := strings.Split(fullName, "."); len(parts) >= 2 {
		fn = functions[parts[0]+"."+parts[1]]
	}
	if fn == nil {
		return nil, newError("unknown function '" + fullName + "'")
	}
	args := field(call.params, "args")
	if args == undefined {
		args = []any{}
	}
	return fn(h, call, args)
}

// authFirst is the hub's argument transform for most functions: it sets
// args[0].account_id to the caller, making args[0] an object if it is null
// or missing, and throws when it is a primitive (or args is not a list).
// It returns args[0] as the options the function reads.
func authFirst(args any, accountID string) (map[string]any, error) {
	list, isList := args.([]any)
	if !isList {
		return nil, authFirstOnNonList(args)
	}
	opts := map[string]any{}
	if len(list) > 0 {
		switch first := list[0].(type) {
		case nil:
		case map[string]any:
			for k, v := range first {
				opts[k] = v
			}
		case []any:
			// An array takes the property, and has none of the options.
		default:
			return nil, cannotCreateProperty("account_id", first)
		}
	}
	opts["account_id"] = accountID
	return opts, nil
}

// authFirstOnNonList is what authFirst throws, or the spread after it, when
// "args" is not a list.
func authFirstOnNonList(args any) error {
	switch a := args.(type) {
	case nil:
		return cannotReadProperty("0", nil)
	case string:
		if a == "" {
			return cannotCreateProperty("0", a)
		}
		first := []rune(a)[0]
		return cannotCreateProperty("account_id", string(first))
	case map[string]any:
		if first, ok := a["0"]; ok && first != nil {
			if _, isObject := first.(map[string]any); !isObject {
				if _, isArray := first.([]any); !isArray {
					return cannotCreateProperty("account_id", first)
				}
			}
		}
		return errNotIterable // f(...args) on a plain object
	}
	return cannotCreateProperty("0", args) // a number or a boolean
}

func ping(h *hub, _ *apiCall, args any) (any, error) {
	if _, err := spread(args); err != nil {
		return nil, err
	}
	return object{{"now", h.nowMillis()}}, nil
}

func testAccountKey(h *hub, call *apiCall, args any) (any, error) {
	if _, err := authFirst(args, call.caller.AccountID); err != nil {
		return nil, err
	}
	return object{{"account_id", call.caller.AccountID}, {"server_time", h.nowMillis()}}, nil
}

// testProjectKey is the project's system.test. The bridge replaces the
// arguments with {project_id}, so no argument can make it fail.
func testProjectKey(h *hub, call *apiCall, _ any) (any, error) {
	return object{{"project_id", call.projectID}, {"server_time", h.nowMillis()}}, nil
}

func getNames(h *hub, _ *apiCall, args any) (any, error) {
	list, err := spread(args)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 || list[0] == nil {
		// getNames(account_ids) iterates its argument before any query.
		return nil, newTypeError("account_ids is not iterable")
	}
	return h.db.names(list[0])
}

// projectVersion is the project's system.version: the server's version.
func projectVersion(*hub, *apiCall, any) (any, error) { return int64(ServerVersion), nil }

func userSearch(h *hub, call *apiCall, args any) (any, error) {
	opts, err := authFirst(args, call.caller.AccountID)
	if err != nil {
		return nil, err
	}
	return h.db.userSearch(call.caller, opts)
}

func adminResetPasswordLink(h *hub, call *apiCall, args any) (any, error) {
	opts, err := authFirst(args, call.caller.AccountID)
	if err != nil {
		return nil, err
	}
	if !call.caller.IsAdmin() {
		return nil, newError("must be an admin")
	}
	id, found, err := uuidParam(field(opts, "user_account_id"))
	if err != nil {
		return nil, err
	}
	var target *Account
	if found {
		target = h.db.account(id)
	}
	if target == nil || target.EmailAddress == nil || *target.EmailAddress == "" {
		return nil, newError("passwords are only defined for accounts with email")
	}
	return "/auth/password-reset/" + newUUID(), nil
}

// generateUserAuthToken gives an admin a token to sign in as another user.
// Anyone else would need the user's password, which this fake never has: the
// attempt fails and bans the caller from that user for BAN_TIME_MS (30 s).
func generateUserAuthToken(h *hub, call *apiCall, args any) (any, error) {
	opts, err := authFirst(args, call.caller.AccountID)
	if err != nil {
		return nil, err
	}
	target := field(opts, "user_account_id")
	banKey := toString(target) // the key of the server's ban map
	now := h.now()
	if h.bans.isBanned(call.caller.AccountID, banKey, now) {
		// Sic: the server's text has Ruby-style interpolation, so it is sent as is.
		return nil, newError("banned -- please wait at least #{BAN_TIME_MS/1000}s before trying again")
	}
	if !call.caller.IsAdmin() {
		h.bans.ban(call.caller.AccountID, banKey, now)
		return nil, newError("incorrect password")
	}
	// The token is stored with the target's id in a uuid column.
	if _, _, err := uuidParam(target); err != nil {
		return nil, err
	}
	return randomAlphanumeric(24), nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

const alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func randomAlphanumeric(n int) string {
	out := make([]byte, n)
	for i := range out {
		out[i] = alphanumerics[randomIndex(len(alphanumerics))]
	}
	return string(out)
}

// randomIndex draws uniformly from [0, n) for n < 256, without modulo bias.
func randomIndex(n int) int {
	limit := 256 - 256%n
	var b [1]byte
	for {
		_, _ = rand.Read(b[:])
		if int(b[0]) < limit {
			return int(b[0]) % n
		}
	}
}
