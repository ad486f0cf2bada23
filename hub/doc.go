// Package hub is a client for the CoCalc hub HTTP API (POST /api/conat/hub).
// It speaks the protocol exactly as the official Python client does, and
// knows nothing of any UI.
//
// This file is the one place for the facts of the protocol that the code
// relies on, as the real server behaves.
//
// # Requests
//
// POST {host}{basePath}/api/conat/hub (project keys: /api/conat/project),
// Content-Type: application/json, Authorization: Basic base64("<key>:") (as
// the Python client sends it) or Bearer <key>; cookies are never accepted.
// The body is {"name": "<group>.<function>", "args": [...], "timeout": ms};
// the server's default timeout is 15000 ms and it sets no maximum. A key is
// "sk-" or "sk_" and letters and digits (current keys: "sk-", 16 random
// characters and a 6-character id).
//
// # Answers
//
// The application always answers HTTP 200: the function's JSON result, or
// {"error": "<text>"}. Texts seen: "You must provide authentication via an
// API key." (no header), "Unknown authorization type '<scheme>'", "must be
// signed in and MUST provide an api key (cookies are not allowed)" (a bad,
// expired, banned or project-scoped key), "timeout - Error: operation has
// timed out - callHub: subject='…', name='…', code='408' " (the trailing
// space is sent), "request -- no subscribers matching … code='503' ", and
// errors thrown in the hub, which start with "Error: " ("Error: unknown
// function 'x'", "Error: Must be an admin to do admin search.", "error:
// invalid input syntax for type uuid: …"). Other statuses come from the
// infrastructure only: a 404 page, 400 "Invalid JSON", 413 "Body exceeded 1mb
// limit", a 308 redirect of a trailing slash, 502 and 504 proxy pages. Every
// answer sets a connect.sid cookie, which the API never reads.
//
// # Functions
//
//   - system.ping, args [{}]: {"now": ms}.
//   - system.test, args [{}]: {"account_id": uuid, "server_time": ms} for an
//     account key; on the project endpoint {"project_id": uuid, …}. The hub
//     endpoint refuses a project key exactly like a bad key, so only the
//     project endpoint tells them apart.
//   - The project endpoint (project keys, or an account key with
//     "project_id") also answers system.ping ({"now": ms}), a bare "ping"
//     ("pong") and system.version (a number). Before each call the server
//     starts the project if it is stopped, which can take longer than 15 s:
//     its timeout then is no sign of a bad key, and the client reports it
//     as the timeout it is (Client.Test).
//   - system.getNames, args [[uuid, …]]: an object keyed by account id of
//     {"first_name", "last_name", "profile": {"image", "color"} | null};
//     unknown or deleted accounts are {"first_name": "Deleted", "last_name":
//     "User"}. Keys of found rows are lower-case; an upper-case id also comes
//     back as its own "Deleted User". A string that is not a UUID fails the
//     whole call; "args": [] or [null] (no list at all) fails with
//     "TypeError: account_ids is not iterable". The client sends at most
//     NamesBatchSize ids a call, far below the server's 1 MB body limit.
//   - system.userSearch, args [{"query", "limit"?, "admin"?, "only_email"?}]:
//     a list of {account_id, first_name, last_name, name (the username),
//     email_address?, last_active, created (ms or null), banned?,
//     email_address_verified (bool or null; a map for an account whose
//     address is gone)}, newest first. Limits (DefaultSearchLimit and the
//     others): 20 by default; a search without "admin": true is cut to 50,
//     whoever asks; an admin search to 2500; CoCalc's admin page starts at
//     25. No paging: an answer as long as the limit may have left accounts
//     out. "admin": true by a non-admin fails with "Error: Must be an admin
//     to do admin search." before any searching, so an admin search for ""
//     tells whether a key is an admin's.
//   - userSearch of one email address (the whole query is an RFC 822
//     address): the account with exactly that address, compared in lower
//     case, even deleted or unlisted, with email_address shown to anyone;
//     the limit plays no part.
//   - userSearch of several email addresses (rosters; EmailBatch,
//     Client.SearchEmails): the query is split on newlines, "," and ";",
//     each piece trimmed and lower-cased, and a piece with "@" that does not
//     start with it is scanned for addresses (split on white space, <a@b>
//     unwrapped). Without "admin": true, the answer is every account whose
//     address equals one of them (the database's exact, indexed lookup),
//     each once, with email_address, in the same row as a search for its
//     address alone, newest first; deleted accounts are left out (where the
//     search of one address finds them), unlisted ones are not; it is not
//     cut by the limit (checked on a real server: four addresses with
//     "limit": 1 answered both known accounts), but a limit of 0 or less
//     finds none. With "admin": true each address becomes a substring term
//     of a name search instead (bob@x.org also finds bob@x.org.uk; "_" and
//     "%" are wildcards): one LIKE '%address%' test on the lower-cased
//     names and address of every account per address, within the admin
//     limit, so a roster of a thousand costs the server what a thousand
//     admin name searches do.
//   - Request size: the server refuses a body over 1 MB (413 "Body
//     exceeded 1mb limit"); requests of a few tens of KB are known to be
//     fine, hence EmailBatchBytes (48 KiB) and EmailBatchSize (1000
//     addresses) a call. There is no rate limit on these calls.
//   - system.adminResetPasswordLink, args [{"user_account_id"}]: the path
//     "/auth/password-reset/<uuid>"; system.generateUserAuthToken: a
//     24-character alphanumeric token for {host}{basePath}/auth/impersonate
//     ?auth_token=<token>. Both for admins only.
//
// # What the client makes of answers
//
// Every typed call keeps the answer's bytes and its round trip (Answer),
// for JSON output; the client owns the time limit of every call (sent to
// the server as "timeout", and kept itself a second longer), so that which
// side gives up first never changes what the user reads. Plain http:// goes
// only to this machine (IsLoopbackHost) unless the user opts in.
//
// Account and project ids are UUIDs on the real server; an answer with any
// other id can only be an attack on what shows it, so the client refuses
// it in system.test's answer, drops it from getNames' keys, and marks it
// (Account.InvalidID) in userSearch's rows. Every text of an answer is
// cleaned and bounded where it is decoded (package clean), and scrubbed of
// the key (Scrubber); the raw bytes are kept apart (Account.Raw) for JSON
// output only.
package hub
