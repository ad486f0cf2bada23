package cli

import "cocalc-tui/hub"

// secrets scrubs every key this process has resolved, and any word shaped
// like a key, from what leaves it on stderr, in the debug log and in panic
// messages: the one scrubber of the program (hub.Scrubber), applied last,
// after cleaning. Standard output, data for scripts, is scrubbed of the
// connection's key alone (see connection.scrub), so that fakehub can print
// its keys.
var secrets hub.Scrubber
