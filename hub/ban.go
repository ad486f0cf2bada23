package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"cocalc-tui/hub/clean"
)

// The REST routes that ban an account and remove its ban (see hub/doc.go):
// not hub functions, but routes of their own, with the same headers.
const (
	RouteBan       = "/api/v2/accounts/ban"
	RouteRemoveBan = "/api/v2/accounts/remove-ban"
)

// BanCacheTime is how long searches may still show an account's old state
// after a ban or its removal (the server caches userSearch answers), and
// BannedKeyDelay how long the account's API keys may go on working after a
// ban (the server caches "not banned").
const (
	BanCacheTime   = 15 * time.Second
	BannedKeyDelay = time.Minute
)

// Ban bans an account (admins only): it can no longer sign in, its API keys
// stop working within BannedKeyDelay, its pay-as-you-go purchases halt. The
// answer keeps the server's bytes. Errors: KindNotAdmin for a key that is
// not an admin's, KindKeyRejected for a key the server does not take,
// KindInvalidArgument for an id that is not a UUID (refused before
// sending, and by the server with HTTP 400), and those of any call.
func (c *Client) Ban(ctx context.Context, accountID string) (Answer, error) {
	return c.postAccountRoute(ctx, RouteBan, accountID)
}

// RemoveBan lifts an account's ban (admins only); errors as Ban's.
func (c *Client) RemoveBan(ctx context.Context, accountID string) (Answer, error) {
	return c.postAccountRoute(ctx, RouteRemoveBan, accountID)
}

// postAccountRoute posts {"account_id"} to a REST route and reads its
// answer: {"status": "success"}, {"error": text} (HTTP 200), or HTTP 400
// with the route's description of a bad body.
func (c *Client) postAccountRoute(ctx context.Context, route, accountID string) (Answer, error) {
	call := strings.TrimPrefix(route, "/")
	if err := c.checkUUIDs(call, []string{accountID}); err != nil {
		return Answer{}, err
	}
	body, roundTrip, err := c.sendREST(ctx, route, call, map[string]string{"account_id": accountID})
	if err != nil {
		return Answer{}, c.finishError(err)
	}
	var answer struct {
		Status string `json:"status"`
	}
	if err := decodeResult(call, body, &answer); err != nil {
		return Answer{}, c.finishError(err)
	}
	if answer.Status != "success" {
		return Answer{}, c.finishError(&Error{Kind: KindBadResponse, Call: call,
			Message: `the answer is not {"status":"success"}`})
	}
	return Answer{Raw: bytes.TrimSpace(body), RoundTrip: roundTrip}, nil
}

// sendREST posts a JSON body to a REST route with the client's headers,
// within the call timeout (a REST route takes no "timeout" of its own), and
// returns the body of a 200 answer. A 400 answer is the route's refusal of
// the body, read and explained (KindInvalidArgument).
func (c *Client) sendREST(ctx context.Context, route, call string, payload any) ([]byte, time.Duration, error) {
	if c.authHeader == "" {
		return nil, 0, &Error{Kind: KindNoKey, Call: call, Message: "no API key was given"}
	}
	encoded, err := json.Marshal(payload)
	if err != nil {
		return nil, 0, &Error{Kind: KindInvalidArgument, Call: call, Message: "cannot encode the arguments: " + err.Error(), Err: err}
	}
	if c.callTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.callTimeout)
		defer cancel()
	}
	started := time.Now()
	resp, err := c.post(ctx, route, encoded)
	if err != nil && errors.Is(err, errStaleConnection) {
		// Setting a ban (or lifting it) twice is the same as once, so asking
		// again on a new connection is safe (see send).
		resp, err = c.post(ctx, route, encoded)
	}
	if err != nil {
		return nil, 0, c.transportError(ctx, call, started, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusBadRequest {
		return nil, 0, badRequest(call, resp)
	}
	body, err := c.readAnswer(ctx, call, started, resp)
	return body, time.Since(started), err
}

// badRequestLimit bounds how much of a 400 answer is read: the route's
// description of a bad body is a few hundred bytes.
const badRequestLimit = 64 << 10

// badRequest explains a route's HTTP 400: {"message": "Invalid request
// body.", "errors": [{"message": "Invalid uuid", "path": ["account_id"]}]},
// in one line ("Invalid request body: account_id: Invalid uuid").
func badRequest(call string, resp *http.Response) *Error {
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, badRequestLimit))
	var answer struct {
		Message string `json:"message"`
		Errors  []struct {
			Message string `json:"message"`
			Path    []any  `json:"path"`
		} `json:"errors"`
	}
	if unmarshalExact(raw, &answer) != nil || answer.Message == "" {
		return &Error{Kind: KindHTTPStatus, Call: call, Status: resp.StatusCode,
			Message: describeStatus(resp.StatusCode, http.StatusText(resp.StatusCode), resp.Header.Get("Content-Type"))}
	}
	var problems []string
	for _, e := range answer.Errors {
		where := make([]string, len(e.Path))
		for i, part := range e.Path {
			where[i] = fmt.Sprint(part)
		}
		if len(where) > 0 {
			problems = append(problems, strings.Join(where, ".")+": "+e.Message)
		} else {
			problems = append(problems, e.Message)
		}
	}
	message := strings.TrimSuffix(answer.Message, ".")
	if len(problems) > 0 {
		message += ": " + strings.Join(problems, "; ")
	}
	return &Error{Kind: KindInvalidArgument, Call: call, Status: resp.StatusCode,
		Message: "the server refused the request (HTTP 400): " + clean.Bounded(message, clean.ErrorLimit)}
}
