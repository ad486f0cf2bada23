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
// the server's default timeout is 15000 ms and it sets no maximum; a
// timeout of 0 or less is refused ("timeout must be positive - callHub: …
// code='undefined' "), so a call without a limit of its own leaves the
// field out. A key is
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
// Member names are case-sensitive: the server (JavaScript) and jq read
// "email_address" and "EMAIL_ADDRESS" as two members, and the server sends
// every name in lower case. encoding/json matches names without regard to
// case (and by Unicode folding: "ſ" is "s"), so the client drops a member
// whose name equals a field's only that way before it decodes an object
// (exactMembers): it is an unknown member, shown in the raw JSON and nowhere
// else. Of two members of the same exact name, the last one counts, in the
// cleaned view as in JavaScript's JSON.parse, encoding/json and jq (gojq
// decodes with encoding/json), so the cleaned view and what --json and --jq
// show of the raw row agree; such rows are kept, not refused.
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
//   - system.manageApiKeys, args [{"action": "get"}]: the caller's own
//     account keys (a project's keys with "project_id", to a collaborator),
//     newest first: [{"id", "account_id", "expire", "created", "name",
//     "trunc", "last_active"}]. Times are ISO strings here, not ms, or null
//     ("expire" null: the key never expires). "trunc" is the secret's
//     first 3 characters, "..." and its last 6: it tells which entry is the
//     key in use. A legacy key ("sk_") is kept apart and never listed.
//     Every call moves the key's "last_active" on. An unknown or missing
//     action answers null; "create", "edit" and "delete" change keys, and
//     this client never sends them. A server older than the function
//     answers "Error: unknown function 'system.manageApiKeys'".
//   - system.adminResetPasswordLink, args [{"user_account_id"}]: the path
//     "/auth/password-reset/<uuid>"; system.generateUserAuthToken: a
//     24-character alphanumeric token for {host}{basePath}/auth/impersonate
//     ?auth_token=<token>. Both for admins only.
//   - db.userQuery, args [{"query": {"projects": [{"project_id": null,
//     "title": null, "users": null, "last_active": null, "last_edited":
//     null}]}}]: {"projects": [{…}]}, the caller's projects, each with
//     exactly the fields asked for: "users" maps account ids to {"group":
//     "owner" | "collaborator", …}, "last_active" maps account ids to when
//     each last used the project, and times are ISO 8601 strings here
//     ("2026-11-30T08:49:26.306Z"), not ms. An admin adds "options":
//     [{"account_id": uuid}] to read another account's projects (CoCalc's
//     admin page does, and sorts them by that account's last_active,
//     newest first); anyone else gets {"error": "user must be admin to
//     sudo"} (no "Error: " prefix). No projects: {"projects": []}. The
//     server's schema limits the table to projects edited in the last 6
//     weeks, at most 300, by last edit (ProjectsCutoff, ProjectsLimit).
//
// # REST routes
//
// POST {host}{basePath}/api/v2/accounts/ban and …/remove-ban, with the same
// headers and the body {"account_id": uuid}, ban an account and lift the
// ban (admins only). They answer HTTP 200 {"status": "success"} (also for a
// UUID that is no account), or HTTP 200 {"error": "only admins can ban
// users"} (both routes, to a key that is not an admin's) or {"error": "must
// be signed in"}; a body the route refuses is HTTP 400 {"message": "Invalid
// request body.", "errors": [{"validation": "uuid", "code":
// "invalid_string", "message": "Invalid uuid", "path": ["account_id"]}]}
// (no account_id: "code": "invalid_type", …, "message": "Required"). A
// banned account's "banned" is true in admin searches, and false once the
// ban is lifted (null: never banned); searches are cached for about 15 s,
// so one right after may show the old state (BanCacheTime). A ban ends the
// account's sessions, its API keys stop working within about a minute (the
// server caches "not banned"), and its pay-as-you-go purchases halt.
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
