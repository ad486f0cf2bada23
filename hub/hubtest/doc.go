// Package hubtest is a fake CoCalc hub: an HTTP server on loopback that
// answers the hub API (POST {basePath}/api/conat/hub and /api/conat/project)
// the way a real CoCalc server does, byte for byte where it matters. It backs
// the tests of the client and the UI, the --demo mode and the fakehub command.
//
// It is written from the server's behaviour (the project's PROTOCOL.md and
// CoCalc's source), not from package hub, and imports nothing of it, so that
// tests of the client against it mean something.
//
//	s := hubtest.NewDemoServer()
//	defer s.Close()
//	client, _ := hub.New(s.URL, hubtest.DemoUserKey)
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
// # Where the server's code says more than PROTOCOL.md
//
//   - An exact email address (alone, or among the pieces of a query) finds an
//     unlisted account too: the server leaves unlisted accounts out of name
//     searches only.
//   - email_address_verified is a bool only when the account has an address
//     and the stored map is set. With no map it is null; with a map but no
//     address (deleted accounts keep their map) the server sends the map
//     itself, an object.
//   - A search limit PostgreSQL cannot take as an integer (2.5, or "many")
//     fails with PostgreSQL's error when the query has name pieces.
//
// # Choices where the real server was not observed
//
//   - On /api/conat/project an account key works with the "project_id" of a
//     project it collaborates on (as the server's route allows); the texts
//     of the refusals are the route's ("must sign in as project or
//     account", "must specify project_id or use project-specific api key",
//     …). Only system.test is known there; anything else is an unknown
//     function.
//   - A key of a deleted account is refused like a banned account's.
//   - A "timeout" that is no number at all (a word) is taken as the default.
//   - getNames with no list at all answers {}; with a string instead of a
//     list, PostgreSQL's "malformed array literal" error.
//   - Found rows of getNames come in the order asked; the real order is the
//     database's.
//
// # Differences from the real server
//
//   - Only system.ping, test, getNames, userSearch, adminResetPasswordLink
//     and generateUserAuthToken exist; the real hub has many more functions.
//   - Answers are not cached (the real getNames and userSearch cache for
//     15-30 s), which only matters to data that changes, and here it does not.
//   - generateUserAuthToken never knows a user's password, so a non-admin
//     always gets "incorrect password" (and the 30 s ban).
package hubtest
