// Package hubtest is a fake CoCalc hub: an HTTP server on loopback that
// answers the hub API (POST {basePath}/api/conat/hub and /api/conat/project)
// the way a real CoCalc server does, byte for byte where it matters. It backs
// the tests of the client and the UI, the --demo mode and the fakehub command.
//
// It is written from the server's behaviour (CoCalc's source, and calls to
// a real server), not from package hub, and imports nothing of it, so that
// tests of the client against it mean something. Package hub's doc.go
// records the same facts from the client's side.
//
//	s := hubtest.NewDemoServer()
//	defer s.Close()
//	client, _ := hub.New(s.URL, hubtest.DemoUserKey)
//
// A Server is used as an httptest.Server is: NewServer starts one on a
// free loopback port; NewUnstartedServer, then setting Listener (a program
// that listens itself) and Start; Close at the end. Stop and Restart make
// it go away and come back on the same address; Shutdown lets requests in
// flight finish first.
//
// # What a request goes through
//
// The fake follows the real stack from the outside in, so that each error
// comes first where it comes first on a real server:
//
//  1. Routing (Express, then Next.js): a path outside the base path is
//     Express's 404 page, a path inside it but not an API route is Next.js's
//     404 page, a path with a trailing slash is a 308 redirect without it.
//  2. Next.js's body parser: over 1 MB is 413 "Body exceeded 1mb limit",
//     invalid JSON is 400 "Invalid JSON". A body that is not
//     application/json (a form is decoded, as Next.js does) has no "name".
//     Every HTTP method is served, as Next.js API routes serve every method,
//     but the route reads parameters only from a POST, so a GET with a good
//     key fails like a body without "name" (rather than 405 or 404).
//  3. The route's authentication: the Authorization header (cookies are
//     never looked at), then the key. It comes before anything the hub
//     does, so a bad key with no "name" is a key error.
//  4. callHub: a "timeout" of 0 or less (null and false included), then the
//     timeout itself against the injected latency.
//  5. The hub: the function's name ("name.split" TypeErrors, unknown
//     functions), its argument transform (the TypeErrors of a bare string
//     as args[0]), then the function.
//
// Application answers are HTTP 200 with JSON.stringify's bytes, the result
// or {"error": "..."}. Every answer of the server (not those of a proxy, see
// Fault) sets a connect.sid session cookie, which is never read.
//
// # What the fake relies on, as the real server does
//
//   - The project endpoint answers system.test ({"project_id", "server_time"}),
//     system.ping ({"now"}), a bare "ping" ("pong", the one name without a
//     group) and system.version (a number, ServerVersion here). Before each
//     call the real server starts the project if it is stopped, which can
//     take longer than the call's timeout: SetProjectStart models that.
//   - getNames with "args": [] or [null] (no list at all) fails with
//     "TypeError: account_ids is not iterable".
//   - db.userQuery answers {"projects": [{…}]} for the query CoCalc's admin
//     page sends, [{"project_id": null, "title": null, …}]: the fields
//     asked for, "users" and "last_active" as objects keyed by account id,
//     times as ISO strings. An "options" entry {"account_id"} runs the query
//     as that account, for admins only: anyone else gets "user must be admin
//     to sudo" (no "Error: " prefix), an id that is not a string "account_id
//     must be a string".
//   - POST /api/v2/accounts/ban and /remove-ban (with the base path) take
//     {"account_id": uuid}: HTTP 200 {"status": "success"} (for a UUID of no
//     account too), {"error": "only admins can ban users"} (both routes)
//     or {"error": "must be signed in"}; a body the route's schema refuses
//     is HTTP 400 {"message": "Invalid request body.", "errors": [zod's
//     issues]}. The ban shows at once in admin searches ("banned": true,
//     then false once lifted), and the account's keys stop working.
//   - system.manageApiKeys with {"action": "get"} lists the caller's own
//     account keys (not the project keys it made, nor a legacy "sk_" key,
//     which lives in the accounts table), newest first: {id, account_id,
//     expire, created, name, trunc, last_active}, times as ISO strings
//     ("2026-11-30T08:41:07.774Z") or null, trunc the secret's first 3
//     characters, "..." and its last 6. With "project_id" it lists that
//     project's keys (account_id is each one's creator) if the caller
//     collaborates on it, else "Error: user must be collaborator on project
//     to manage project_id api keys". Any other action answers null. A key
//     of the current format ends in its row id in base 62.
//   - Every call with a valid key moves its last_active to now, before the
//     endpoint checks what the key may call. A project's key whose creator
//     is banned is refused.
//
// # Where the server's code says more than what was observed
//
//   - An exact email address (alone, or among the pieces of a query) finds an
//     unlisted account too: the server leaves unlisted accounts out of name
//     searches only.
//   - A query that is one email address finds the account with it even when
//     the account is deleted; a query of several addresses (the rosters of
//     bulk lookups) leaves deleted accounts out, answers every account with
//     one of the addresses whatever the limit (none when the limit is 0 or
//     less), each account once, with its address. For an admin search each
//     address is a substring term of a name search instead, within the
//     admin limit.
//   - email_address_verified is a bool only when the account has an address
//     and the stored map is set. With no map it is null; with a map but no
//     address (deleted accounts keep their map) the server sends the map
//     itself, an object.
//   - A search limit PostgreSQL cannot take as an integer (2.5, or "many")
//     fails with PostgreSQL's error when the query has name pieces.
//   - The projects table's user query lists only projects edited in the
//     last 6 weeks, the most recently edited first, at most 300 (the
//     schema's pg_where and options); a project never edited is never
//     listed.
//   - The ban routes check the method and the body (next-rest-framework,
//     zod) before the handler checks the key, so a bad body is HTTP 400
//     whatever the key.
//
// # Choices where the real server was not observed
//
//   - On /api/conat/project an account key works with the "project_id" of a
//     project it collaborates on (as the server's route allows); the texts
//     of the refusals are the route's ("must sign in as project or
//     account", "must specify project_id or use project-specific api key",
//     …). Only the functions above are known there; anything else is an
//     unknown function. A project's timeout is worded as callHub words the
//     hub's, with the project's subject.
//   - A key of a deleted account is refused like a banned account's.
//   - A "timeout" that is no number at all (a word) is taken as the default.
//   - getNames with a string or a number instead of a list answers
//     PostgreSQL's "malformed array literal" error.
//   - Found rows of getNames come in the order asked, and the collaborators
//     of a project (a project id searched by an admin) in the order of the
//     accounts in the data; the real order is the database's.
//   - db.userQuery knows the projects table only, queried in the form
//     [{field: null, …}] (a project_id that is not null picks a project);
//     other tables and forms, and fields not in the table, get errors of
//     the fake's own wording. The fields of a row come in alphabetical
//     order (the server's: the order asked); "description" is always "",
//     and the table's other columns are null. Options other than
//     {"account_id"} are ignored.
//   - The ban routes answer a method other than POST with HTTP 405
//     {"message": "Method not allowed."}, and a key they do not take (a
//     project's, a bad one) with "must be signed in".
//   - manageApiKeys with "id" finds the row by id as the server's query
//     does (a project key the caller made is found among the caller's);
//     rows created at the same time come in descending id order.
//   - A project's key may be given without its creator (account_id); such
//     a key works here. On the real server every key has its creator, and
//     a project's key whose creator is gone from the project is refused
//     (the data's check refuses such a key outright).
//
// # Differences from the real server
//
//   - Only system.ping, test, getNames, userSearch, adminResetPasswordLink,
//     generateUserAuthToken, db.userQuery and manageApiKeys exist on the hub
//     endpoint, and system.test, system.ping, ping and system.version on the
//     project endpoint; the real server has many more functions.
//   - manageApiKeys only reads: "create", "edit" and "delete", which change
//     keys on the real server, answer null here, as unknown actions do.
//   - Answers are not cached (the real getNames and userSearch cache for
//     15-30 s), which only matters to data that changes: here only bans
//     change, and a search shows a new ban at once (the real one may show
//     the old state for about 15 s). A banned account's keys stop working
//     at once (on the real server within about a minute).
//   - generateUserAuthToken never knows a user's password, so a non-admin
//     always gets "incorrect password" (and the 30 s ban).
package hubtest
