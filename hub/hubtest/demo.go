package hubtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// Keys of the demo data, in the format of new CoCalc keys: "sk-", 16 random
// characters, and the key's id in 6 base-62 digits.
const (
	DemoAdminKey   = "sk-LVFqtICOfKU6kULz0000Tj" // Ada Lovelace, an admin
	DemoUserKey    = "sk-FDr7uSrTNeoFSwmW0000Tk" // Alan Turing, not an admin
	DemoProjectKey = "sk-BGrkqfNdo66iBb8N0000Tl" // the project DemoProjectID
	// DemoBannedKey belongs to a banned account: the server refuses it.
	DemoBannedKey = "sk-yS7LMOCgHNyERWAk0000Tm"
	// DemoExpiredKey was Alan Turing's; it expired a day before the data's "now".
	DemoExpiredKey = "sk-q2gJQGwNYbcuo9l60000Tn"
	// DemoLegacyKey is a key of the old format ("sk_" and 24 characters), Alice Smith's.
	DemoLegacyKey = "sk_oOXYlyC1Xek5tEqwY0BoS0Vq"

	// Ada's other keys: a laptop's, which never expires, and one that
	// expired two weeks before the data's "now".
	demoLaptopKey = "sk-Wb3nQe8ZrT1yHcKs0000To"
	demoCIKey     = "sk-ZpX7mR2vLk9eUa4G0000Tp"
)

// DemoAdminKeyExpiresIn is how long after the data's "now" DemoAdminKey
// expires: within a week, so that the demo shows the warning.
const DemoAdminKeyExpiresIn = 5 * 24 * time.Hour

// Notable accounts and the project of the demo data.
const (
	DemoAdminAccountID = "a5e0905b-a1d4-4806-9297-5dd24817e1a8" // Ada Lovelace (@ada), admin
	DemoUserAccountID  = "052c18e6-6a27-4433-85a1-a2a048b0d532" // Alan Turing (@aturing)
	// DemoProjectID is a project of Ada (its owner), Alan, Alice Smith,
	// Grace Hopper, Mallory and a deleted account.
	DemoProjectID = "bb9b517d-d191-42f2-a71a-5051d2a6453a"
	// DemoProjectTitle is DemoProjectID's title.
	DemoProjectTitle = "Analytical Engine notes"
	// DemoOldProjectID is Ada's project last edited three months ago: older
	// than the server lists (6 weeks), so no projects query answers it.
	DemoOldProjectID = "0c5e7a1d-3b2f-4e8a-9c6d-5f4e3d2c1b0a"
	// DemoHostileProjectID is Mallory's project, shared with Ada, whose
	// title holds escape sequences.
	DemoHostileProjectID = "6d1c9e2a-7b3f-4a58-8e0d-2c4b6a8f0e1d"
	// DemoHostileAccountID's names and username hold terminal escape
	// sequences (clear screen, window title); more hostile accounts follow it.
	DemoHostileAccountID  = "9528f56b-ef69-4c2b-b820-660f04fd657b"
	DemoDeletedAccountID  = "cfaf08f6-12a7-46cb-98e3-3b98f73dd197" // Alice Cooper, deleted
	DemoUnlistedAccountID = "8bf90bf4-7e2f-43f1-8297-1023b2f53484" // Alice Wong, unlisted
	DemoBannedAccountID   = "c88bd598-f558-42b2-864c-b900a0a58d24" // "Spam Bot 3000", banned
	DemoNoNameAccountID   = "55827167-c928-4a26-8935-61201784560e" // both names empty: "No Name"
	DemoNoEmailAccountID  = "42de8bc1-0648-497b-9d44-90661d07c6b8" // Grace Hopper, signed up with SSO
	DemoCJKAccountID      = "066ebb0f-ef27-487b-bbeb-909812a15628" // 王小明
	DemoEmojiAccountID    = "7dfd7db5-e5b6-4bac-bd5a-f40ed26a641f" // names with emoji and ZWJ sequences
	DemoLongNameAccountID = "4f60218d-25f4-49bf-84c2-46134eddbc3d" // a name of about 600 characters

	// DemoUnlistedEmail is Alice Wong's address: searching for it exactly
	// finds her although she is unlisted.
	DemoUnlistedEmail = "alice.wong@example.org"
)

// demoAccountCount is how many accounts DemoData makes.
const demoAccountCount = 300

// DemoData returns a few hundred accounts with activity spread over the two
// years before now, the same for the same now: names from many cultures and
// scripts, CJK, emoji and ZWJ sequences, a very long name, empty names,
// usernames, unlisted, deleted and banned accounts, verified and unverified
// addresses, accounts without one, profiles, an admin, a project, hostile
// names full of terminal escape sequences, and names that terminals measure
// in different ways (ScriptNames), and named keys (Ada's own key expires
// within a week, another of hers has expired). See the Demo* constants.
//
// The UI's golden views render this data, so changing what it generates
// means regenerating them (go test ./ui -update).
func DemoData(now time.Time) *Data {
	b := &demoBuilder{
		now:       now,
		rng:       rand.New(rand.NewPCG(20240607, 1815)),
		emails:    map[string]bool{},
		usernames: map[string]bool{},
	}
	b.addNotableAccounts()
	for len(b.accounts) < demoAccountCount {
		b.addRandomAccount()
	}
	b.addScriptAccounts()
	return &Data{
		Accounts: b.accounts,
		Keys:     demoKeys(now),
		Projects: b.demoProjects(),
	}
}

const (
	aliceSmithID = "9e1fed9b-a626-46e6-ab0d-4943c4b400ce"
	bobBuilderID = "3c4d5e6f-7a8b-4c9d-8e0f-2a3b4c5d6e7f"
)

// projectUse is one user of a demo project: the role, and how long ago
// that account last used it (0: never).
type projectUse struct {
	accountID string
	group     string
	used      time.Duration
}

// demoProjects are the projects of the demo data: several accounts have
// a few, as owner or collaborator, used at different times; one is too
// old to be listed, one has a hostile title.
func (b *demoBuilder) demoProjects() map[string]Project {
	day := 24 * time.Hour
	owner := func(id string, used time.Duration) projectUse { return projectUse{id, "owner", used} }
	collaborator := func(id string, used time.Duration) projectUse { return projectUse{id, "collaborator", used} }
	return map[string]Project{
		DemoProjectID: b.project(DemoProjectTitle, 4*time.Minute, owner(DemoAdminAccountID, 5*time.Minute),
			collaborator(DemoUserAccountID, 2*time.Hour), collaborator(aliceSmithID, day),
			collaborator(DemoNoEmailAccountID, 3*day), collaborator(DemoHostileAccountID, 8*time.Minute),
			collaborator(DemoDeletedAccountID, 0)),
		"5b7e2c1a-9d4f-4e6b-8a3c-1f2e3d4c5b6a": b.project("Bombe rotor settings", 50*time.Minute,
			owner(DemoUserAccountID, time.Hour), collaborator(DemoAdminAccountID, 6*day)),
		"7c8d9e0f-1a2b-4c3d-9e4f-5a6b7c8d9e0f": b.project("On Computable Numbers", 3*day,
			owner(DemoUserAccountID, 3*day)),
		"8d9e0f1a-2b3c-4d4e-8f5a-6b7c8d9e0f1a": b.project("Morphogenesis simulations", 12*day,
			owner(DemoUserAccountID, 12*day)),
		"9e0f1a2b-3c4d-4e5f-9a6b-7c8d9e0f1a2b": b.project("MATH 101 (Fall)", 5*time.Hour,
			owner(aliceSmithID, 5*time.Hour), collaborator(DemoAdminAccountID, 20*day)),
		"af0a1b2c-3d4e-4f6a-8b7c-8d9e0f1a2b3c": b.project("COBOL archaeology", 2*day,
			owner(DemoNoEmailAccountID, 2*day), collaborator(DemoAdminAccountID, 0)),
		DemoOldProjectID: b.project("Difference Engine (archived)", 90*day, owner(DemoAdminAccountID, 90*day)),
		DemoHostileProjectID: b.project("Totally normal\x1b[2J\x1b]0;pwned\x07 project\u202egnp.exe", 7*time.Minute,
			owner(DemoHostileAccountID, 7*time.Minute), collaborator(DemoAdminAccountID, 30*day)),
		"b01a2b3c-4d5e-4f7a-9c8d-9e0f1a2b3c4d": b.project("数值分析作业", 30*time.Minute,
			owner(DemoCJKAccountID, 30*time.Minute)),
		"c12b3c4d-5e6f-4a8b-8d9e-0f1a2b3c4d5e": b.project("Bridge designs", 6*24*time.Hour,
			owner(bobBuilderID, 6*24*time.Hour)),
	}
}

// project is a demo project last edited that long ago, with its users.
func (b *demoBuilder) project(title string, edited time.Duration, users ...projectUse) Project {
	p := Project{Title: title, Users: map[string]ProjectUser{}, LastActive: map[string]int64{},
		LastEdited: b.msAgo(edited)}
	for _, u := range users {
		p.Users[u.accountID] = ProjectUser{Group: u.group}
		if u.used > 0 {
			p.LastActive[u.accountID] = *b.msAgo(u.used)
		}
	}
	return p
}

// demoKeys are the keys of the demo data, named, made, expiring and last
// used at times before and after now. Each account's keys are listed by
// system.manageApiKeys, but for the legacy key.
func demoKeys(now time.Time) map[string]Key {
	const day = 24 * time.Hour
	at := func(d time.Duration) *int64 {
		ms := now.Add(d).UnixMilli()
		return &ms
	}
	return map[string]Key{
		DemoAdminKey: {AccountID: DemoAdminAccountID, Name: str("grading script"), Created: at(-30 * day),
			Expire: at(DemoAdminKeyExpiresIn), LastActive: at(-2 * time.Hour)},
		demoLaptopKey: {AccountID: DemoAdminAccountID, Name: str("laptop"), Created: at(-200 * day),
			LastActive: at(-3 * day)},
		demoCIKey: {AccountID: DemoAdminAccountID, Name: str("ci runner"), Created: at(-400 * day),
			Expire: at(-14 * day), LastActive: at(-15 * day)},
		DemoUserKey: {AccountID: DemoUserAccountID, Name: str("notebook sync"), Created: at(-90 * day),
			LastActive: at(-day)},
		DemoExpiredKey: {AccountID: DemoUserAccountID, Name: str("old laptop"), Created: at(-730 * day),
			Expire: at(-day), LastActive: at(-2 * day)},
		DemoProjectKey: {ProjectID: DemoProjectID, AccountID: DemoAdminAccountID, Name: str("autograder"),
			Created: at(-60 * day), Expire: at(90 * day), LastActive: at(-6 * time.Hour)},
		DemoBannedKey: {AccountID: DemoBannedAccountID, Name: str("spam"), Created: at(-10 * day)},
		DemoLegacyKey: {AccountID: aliceSmithID},
	}
}

type demoBuilder struct {
	now       time.Time
	rng       *rand.Rand
	accounts  []Account
	emails    map[string]bool
	usernames map[string]bool
}

// person describes a notable account; zero fields get sensible defaults.
type person struct {
	id                string
	first, last       *string
	username          string
	email             string
	verified          bool // the current address is verified
	unverified        bool // email_address_verified is {} (not null): the address is not verified
	active, created   time.Duration
	neverActive       bool // last_active is null
	noCreated         bool // created is null
	admin             bool
	banned            *bool
	unlisted, deleted bool
	color, image      string
}

func str(s string) *string { return &s }

func (b *demoBuilder) addNotableAccounts() {
	day := 24 * time.Hour
	yes, no := true, false
	people := []person{
		{id: DemoAdminAccountID, first: str("Ada"), last: str("Lovelace"), username: "ada", email: "ada@example.com",
			verified: true, active: 3 * time.Minute, created: 4 * 365 * day, admin: true, color: "rgb(136,46,114)"},
		{id: DemoUserAccountID, first: str("Alan"), last: str("Turing"), username: "aturing",
			email: "alan.turing@math.example.ac.uk", verified: true, active: time.Hour, created: 3 * 365 * day,
			color: "rgb(35,98,168)", image: "/blobs/profile.png?uuid=" + DemoUserAccountID},
		{id: DemoNoEmailAccountID, first: str("Grace"), last: str("Hopper"), active: 2 * day, created: 700 * day,
			color: "rgb(20,140,80)"},
		{id: aliceSmithID, first: str("Alice"), last: str("Smith"), email: "alice.smith@example.com", verified: true,
			active: 5 * time.Hour, created: 500 * day, color: "rgb(200,60,60)"},
		{id: "c3b7596b-5234-4c03-acbf-1f66b18329a4", first: str("Alice"), last: str("Johnson"),
			email: "ajohnson@example.net", unverified: true, active: 9 * day, created: 300 * day},
		{id: "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", first: str("Alice"), last: str("Dubois"), username: "alice",
			email: "alice.dubois@lab.example.org", verified: true, active: 26 * time.Hour, created: 640 * day},
		{id: "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e", first: str("alice"), last: str("kim"),
			email: "alice.kim@example.com", active: 100 * day, created: 101 * day},
		{id: "c3d4e5f6-a7b8-4c9d-8e0f-2a3b4c5d6e7f", first: str("Mary-Alice"), last: str("Okafor"),
			email: "maryalice@example.net", verified: true, active: 500 * day, created: 1200 * day},
		{id: DemoUnlistedAccountID, first: str("Alice"), last: str("Wong"), email: DemoUnlistedEmail, verified: true,
			active: 20 * time.Minute, created: 90 * day, unlisted: true},
		{id: DemoDeletedAccountID, first: str("Alice"), last: str("Cooper"), active: 400 * day, created: 600 * day,
			deleted: true},
		{id: "3846326e-f0ab-4c92-9983-023abfb7b39c", first: str("Malice"), last: str("Aforethought"),
			email: "malice@example.org", active: 33 * day, created: 120 * day},
		{id: "794fa7ef-7fb9-48a8-bdc6-b16ed84569ba", first: str("Alicia"), last: str("Fernández"), username: "alicia",
			email: "alicia.fernandez@example.com", verified: true, active: 12 * day, created: 200 * day},
		{id: "d3c1f2a4-5b6e-4f70-8a91-b2c3d4e5f607", first: str("アリス"), last: str("山本"),
			email: "alice.yamamoto@example.com", active: 40 * day, created: 41 * day},
		{id: "e1a2b3c4-d5e6-4f78-9a0b-1c2d3e4f5a6b", first: str("Alice"), last: str("Müller"),
			email: "alice.mueller@physik.example.org", verified: true, active: 70 * day, created: 800 * day},
		{id: DemoBannedAccountID, first: str("Spam"), last: str("Bot 3000"), email: "cheap-pills@example.net",
			active: 60 * day, created: 61 * day, banned: &yes},
		{id: "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", first: str("Reformed"), last: str("Spammer"),
			email: "sorry@example.net", active: 15 * day, created: 380 * day, banned: &no},
		{id: DemoNoNameAccountID, first: str(""), last: str(""), email: "anonymous@example.org", active: 4 * day,
			created: 50 * day},
		{id: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d", last: str("Solo"), email: "solo@example.org", active: 80 * day,
			created: 90 * day},
		{id: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", first: str("  "), last: str("\t"), active: 300 * day,
			created: 310 * day},
		{id: bobBuilderID, first: str("  Bob  "), last: str(" Builder "),
			email: "bob@example.com", verified: true, active: 6 * day, created: 60 * day},
		{id: DemoCJKAccountID, first: str("小明"), last: str("王"), username: "xiaoming",
			email: "wang.xiaoming@example.com", verified: true, active: 30 * time.Minute, created: 222 * day,
			color: "rgb(230,0,18)"},
		{id: "4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f80", first: str("花子"), last: str("山田"),
			email: "hanako.yamada@example.com", active: 3 * day, created: 100 * day},
		{id: "5e6f7a8b-9c0d-4e1f-8a2b-4c5d6e7f8091", first: str("민준"), last: str("김"), email: "minjun.kim@example.com",
			verified: true, active: 11 * day, created: 150 * day},
		{id: DemoEmojiAccountID, first: str("Sam 🏳️‍🌈"), last: str("O'Neil 👩🏽‍💻"), username: "sam",
			email: "sam.oneil@example.com", verified: true, active: 10 * time.Minute, created: 30 * day,
			color: "rgb(255,105,180)"},
		{id: "6f7a8b9c-0d1e-4f2a-9b3c-5d6e7f809102", first: str("👨‍👩‍👧‍👦"), last: str("Family"),
			email: "family@example.net", active: 25 * day, created: 26 * day},
		{id: "7a8b9c0d-1e2f-4a3b-8c4d-6e7f80910213", first: str("🦊"), last: str(""), username: "fox",
			active: 45 * day, created: 46 * day},
		{id: DemoLongNameAccountID, first: str("Hubert Blaine"), last: str(longLastName),
			email:  "hubert.wolfeschlegelsteinhausenbergerdorff.senior.the.first.of.his.name@example.com",
			active: 50 * day, created: 900 * day},
		{id: "8b9c0d1e-2f3a-4b4c-9d5e-7f8091021324", first: str("100%"), last: str("Real Person"),
			email: "real@example.com", active: 13 * day, created: 14 * day},
		{id: "9c0d1e2f-3a4b-4c5d-8e6f-809102132435", first: str("snake_case"), last: str("Developer"),
			username: "snake_case", email: "snake@example.com", active: 17 * day, created: 18 * day},
		{id: "a0d1e2f3-4b5c-4d6e-9f70-910213243546", first: str("John"), last: str("Smith"),
			email: "john.smith@example.com", verified: true, active: 2 * 365 * day, created: 3 * 365 * day},
		{id: "b1e2f3a4-5c6d-4e7f-8a81-021324354657", first: str("Never"), last: str("Active"),
			email: "never.active@example.com", neverActive: true, created: 500 * day},
		{id: "c2f3a4b5-6d7e-4f80-9b92-132435465768", first: str("Ancient"), last: str("Account"),
			email: "ancient@example.com", neverActive: true, noCreated: true},
		{id: "d3a4b5c6-7e8f-4091-8ca3-243546576879", first: str("محمد"), last: str("الأحمد"),
			email: "mohammed.alahmad@example.com", verified: true, active: 8 * day, created: 240 * day},
		{id: "e4b5c6d7-8f90-41a2-9db4-35465768798a", first: str("נועה"), last: str("כהן"), email: "noa.cohen@example.com",
			active: 19 * day, created: 95 * day},
		{id: "f5c6d7e8-9001-42b3-8ec5-465768798a9b", first: str("Zoe\u0308"), last: str("Brontë"), // a combining diaeresis
			email: "zoe.bronte@example.org", active: 21 * day, created: 400 * day},
	}
	people = append(people, hostilePeople()...)
	for _, p := range people {
		b.addPerson(p)
	}
	b.addChangedEmailAccount()
}

// longLastName is the last name of Hubert Blaine Wolfeschlegelsteinhausenbergerdorff Sr.
const longLastName = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaftschaferswessenschafewaren" +
	"wohlgepflegeundsorgfaltigkeitbeschutzenvonangreifendurchihrraubgierigfeindewelchevoralternzwolfhundert" +
	"tausendjahresvorandieerscheinenvanderersteerdemenschderraumschiffgenachtmittungsteinundsiebeniridium" +
	"elektrischmotorsgebrauchlichtalsseinursprungvonkraftgestartseinlangefahrthinzwischensternartigraumauf" +
	"dersuchenachdiesternwelchegehabtbewohnbarplanetenkreisedrehensichundwohinderneurassevonverstandigmensch" +
	"lichkeitkonntefortpflanzenundsicherfreuenanlebenslanglichfreudeundruhemitnichteinfurchtvorangreifenvon" +
	"andererintelligentgeschopfsvonhinzwischensternartigraum Sr."

// hostilePeople have names that try to take over a terminal that prints them.
func hostilePeople() []person {
	day := 24 * time.Hour
	return []person{
		// Clear the screen and home the cursor; set the window title; a red username.
		{id: DemoHostileAccountID, first: str("Mallory\x1b[2J\x1b[H"), last: str("\x1b]0;pwned by mallory\x07Evil"),
			username: "\x1b[31mroot\x1b[0m", email: "mallory@example.net", active: 7 * time.Minute, created: 10 * day},
		// Write "rm -rf ~/*\n" into the clipboard (OSC 52).
		{id: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", first: str("Trudy"),
			last: str("Clipboard\x1b]52;c;cm0gLXJmIH4vKgo=\x07"), email: "trudy@example.net", active: 2 * day,
			created: 20 * day},
		// A hyperlink hiding its target (OSC 8, ST-terminated).
		{id: "1e2d3c4b-5a69-4877-96a5-b4c3d2e1f00f", first: str("\x1b]8;;https://evil.example/\x1b\\Click here\x1b]8;;\x1b\\"),
			last: str("Phisher"), email: "phisher@example.net", active: 3 * day, created: 21 * day},
		// C1 control CSI (U+009B) instead of ESC [.
		{id: "2d3c4b5a-6978-4a86-85b4-c3d2e1f00f1e", first: str("\u009b31mCSI\u009b0m"), last: str("Control"),
			email: "c1@example.net", active: 4 * day, created: 22 * day},
		// Carriage return and backspaces that overwrite what was printed.
		{id: "3c4b5a69-7887-4b95-94c3-d2e1f00f1e2d", first: str("Innocent\rHacked"), last: str("User\b\b\b\bAdmin"),
			email: "overwrite@example.net", active: 5 * day, created: 23 * day},
		// A right-to-left override making "gnp.exe" read "exe.png".
		{id: "4b5a6978-8796-4ca4-a3d2-e1f00f1e2d3c", first: str("Bidi"), last: str("Override \u202egnp.exe"),
			email: "bidi@example.net", active: 6 * day, created: 24 * day},
		// DEL characters.
		{id: "5a697887-96a5-4db3-b2e1-f00f1e2d3c4b", first: str("Del\x7fete"), last: str("Me\x7f"),
			email: "del@example.net", active: 7 * day, created: 25 * day},
	}
}

func (b *demoBuilder) addPerson(p person) {
	a := Account{AccountID: p.id, FirstName: p.first, LastName: p.last, Unlisted: p.unlisted, Deleted: p.deleted,
		Banned: p.banned}
	if p.username != "" {
		a.Name = str(p.username)
		b.usernames[p.username] = true
	}
	if !p.noCreated {
		a.Created = b.msAgo(p.created)
	}
	if !p.neverActive {
		a.LastActive = b.msAgo(p.active)
	}
	if p.email != "" {
		a.EmailAddress = str(p.email)
		b.emails[p.email] = true
		switch {
		case p.verified:
			a.EmailAddressVerified = verifiedAt(p.email, *b.msAgo(p.created - time.Hour))
		case p.unverified:
			a.EmailAddressVerified = map[string]json.RawMessage{}
		}
	}
	if p.admin {
		a.Groups = []string{"admin"}
	}
	if p.color != "" || p.image != "" {
		a.Profile = &Profile{Color: p.color, Image: p.image}
	}
	b.accounts = append(b.accounts, a)
}

// addChangedEmailAccount adds an account whose verified address is an old
// one, so that its current address counts as not verified (false).
func (b *demoBuilder) addChangedEmailAccount() {
	day := 24 * time.Hour
	b.addPerson(person{id: "6978a5b4-c3d2-4e1f-80f1-e2d3c4b5a697", first: str("Changed"), last: str("Address"),
		email: "new.address@example.com", active: 16 * day, created: 700 * day})
	a := &b.accounts[len(b.accounts)-1]
	a.EmailAddressVerified = verifiedAt("old.address@example.com", *b.msAgo(690 * day))
}

func verifiedAt(email string, ms int64) map[string]json.RawMessage {
	return map[string]json.RawMessage{email: json.RawMessage(strconv.FormatInt(ms, 10))}
}

func (b *demoBuilder) msAgo(d time.Duration) *int64 {
	ms := b.now.Add(-d).UnixMilli()
	return &ms
}

// chance reports true with probability percent/100.
func (b *demoBuilder) chance(percent int) bool { return b.rng.IntN(100) < percent }

func (b *demoBuilder) pick(list []string) string { return list[b.rng.IntN(len(list))] }

// randomDuration is uniform in [0, d).
func (b *demoBuilder) randomDuration(d time.Duration) time.Duration {
	return time.Duration(b.rng.Int64N(int64(d)))
}

func (b *demoBuilder) uuid() string {
	var raw [16]byte
	for i := range raw {
		raw[i] = byte(b.rng.UintN(256))
	}
	raw[6] = raw[6]&0x0f | 0x40
	raw[8] = raw[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", raw[0:4], raw[4:6], raw[6:8], raw[8:10], raw[10:])
}

// addRandomAccount adds an ordinary account from a random culture.
func (b *demoBuilder) addRandomAccount() {
	day := 24 * time.Hour
	c := cultures[b.rng.IntN(len(cultures))]
	first, firstASCII := splitName(b.pick(c.first))
	last, lastASCII := splitName(b.pick(c.last))
	a := Account{AccountID: b.uuid(), FirstName: str(first), LastName: str(last)}

	// Activity within the last two years, more of it recent; the account
	// created up to four years before its last activity.
	lastActive := time.Duration(float64(2*365*day) * square(b.rng.Float64()))
	created := lastActive + b.randomDuration(4*365*day)
	a.LastActive, a.Created = b.msAgo(lastActive), b.msAgo(created)
	if !b.chance(10) { // the others signed up with SSO and have no address
		email := b.uniqueEmail(firstASCII, lastASCII)
		a.EmailAddress = str(email)
		switch n := b.rng.IntN(100); {
		case n < 65:
			a.EmailAddressVerified = verifiedAt(email, *b.msAgo(created - b.randomDuration(3*day)))
		case n < 72:
			a.EmailAddressVerified = map[string]json.RawMessage{}
		}
	}
	switch {
	case b.chance(6):
		a.LastActive = nil
	case b.chance(2):
		a.Created = nil
	}
	if b.chance(12) {
		a.Name = str(b.uniqueUsername(firstASCII, lastASCII))
	}
	if b.chance(55) {
		a.Profile = &Profile{Color: fmt.Sprintf("rgb(%d,%d,%d)", b.rng.IntN(256), b.rng.IntN(256), b.rng.IntN(256))}
		if b.chance(30) {
			a.Profile.Image = "/blobs/profile.png?uuid=" + b.uuid()
		}
	}
	a.Unlisted = b.chance(2)
	a.Deleted = b.chance(2)
	if b.chance(2) {
		banned := b.chance(50)
		a.Banned = &banned
	}
	if a.Deleted {
		a.EmailAddress = nil // CoCalc clears the address of a deleted account
		a.EmailAddressVerified = nil
	}
	b.accounts = append(b.accounts, a)
}

func square(x float64) float64 { return x * x }

var emailDomains = []string{"example.com", "example.org", "example.net", "mail.example.com",
	"math.uni.example.org", "cs.college.example.net", "students.example.com", "lab.example.org"}

func (b *demoBuilder) uniqueEmail(first, last string) string {
	var local string
	switch {
	case last == "":
		local = first
	case b.chance(50):
		local = first + "." + last
	case b.chance(50):
		local = first[:1] + "." + last
	default:
		local = first + "_" + last
	}
	domain := b.pick(emailDomains)
	email := local + "@" + domain
	for n := 2; b.emails[email]; n++ {
		email = fmt.Sprintf("%s%d@%s", local, n, domain)
	}
	b.emails[email] = true
	return email
}

func (b *demoBuilder) uniqueUsername(first, last string) string {
	name := first
	if b.chance(50) && last != "" {
		name = first[:1] + last
	}
	for n := 2; b.usernames[name]; n++ {
		name = fmt.Sprintf("%s%d", first, n)
	}
	b.usernames[name] = true
	return name
}

// splitName splits "Native|ascii"; a name without "|" is its own ASCII form.
func splitName(entry string) (native, ascii string) {
	native, ascii, found := strings.Cut(entry, "|")
	if !found {
		ascii = strings.ToLower(native)
	}
	return native, ascii
}

type culture struct{ first, last []string }

// cultures are name lists, each entry "Name|ascii" unless it is ASCII already.
var cultures = []culture{
	{ // English
		first: []string{"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
			"Elizabeth", "Alice", "Emma", "Oliver", "Charlotte", "Henry", "Amelia", "Jack", "Sophie"},
		last: []string{"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Taylor",
			"Clarke", "Walker", "Wright"},
	},
	{ // German
		first: []string{"Lukas", "Lena", "Jonas", "Mia", "Felix", "Hannah", "Maximilian", "Jürgen|juergen",
			"Käthe|kaethe"},
		last: []string{"Müller|mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
			"Schäfer|schaefer", "Groß|gross"},
	},
	{ // French
		first: []string{"Louis", "Chloé|chloe", "Hugo", "Léa|lea", "Gabriel", "Inès|ines", "Théo|theo", "Manon",
			"Anaïs|anais", "François|francois"},
		last: []string{"Martin", "Bernard", "Dubois", "Thomas", "Petit", "Durand", "Lefèvre|lefevre", "Moreau",
			"Girard"},
	},
	{ // Spanish
		first: []string{"Sofía|sofia", "Mateo", "Lucía|lucia", "Santiago", "Valentina", "Alejandro", "Martina",
			"Diego", "José|jose", "María|maria"},
		last: []string{"García|garcia", "Rodríguez|rodriguez", "Martínez|martinez", "López|lopez",
			"González|gonzalez", "Hernández|hernandez", "Pérez|perez", "Sánchez|sanchez", "Núñez|nunez"},
	},
	{ // Portuguese
		first: []string{"João|joao", "Ana", "Pedro", "Beatriz", "Tiago", "Inês|ines"},
		last:  []string{"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Gonçalves|goncalves"},
	},
	{ // Italian
		first: []string{"Giulia", "Francesco", "Chiara", "Alessandro", "Sofia", "Lorenzo"},
		last:  []string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"},
	},
	{ // Polish, Czech, Hungarian
		first: []string{"Zofia", "Jakub", "Julia", "Łukasz|lukasz", "Małgorzata|malgorzata", "Tomáš|tomas",
			"Zuzana", "Ádám|adam"},
		last: []string{"Nowak", "Kowalski", "Wiśniewski|wisniewski", "Wójcik|wojcik", "Dvořák|dvorak", "Nagy",
			"Horváth|horvath"},
	},
	{ // Russian
		first: []string{"Иван|ivan", "Анна|anna", "Дмитрий|dmitry", "Мария|maria", "Сергей|sergey",
			"Екатерина|ekaterina"},
		last: []string{"Иванов|ivanov", "Смирнова|smirnova", "Кузнецов|kuznetsov", "Попова|popova",
			"Соколов|sokolov"},
	},
	{ // Greek
		first: []string{"Γιώργος|giorgos", "Μαρία|maria", "Νίκος|nikos", "Ελένη|eleni"},
		last:  []string{"Παπαδόπουλος|papadopoulos", "Βλάχου|vlachou", "Οικονόμου|oikonomou"},
	},
	{ // Arabic
		first: []string{"محمد|mohammed", "فاطمة|fatima", "أحمد|ahmed", "ليلى|layla", "عمر|omar"},
		last:  []string{"الحسن|alhassan", "العلي|alali", "حداد|haddad", "منصور|mansour"},
	},
	{ // Hebrew
		first: []string{"נועה|noa", "דוד|david", "תמר|tamar", "יוסף|yosef"},
		last:  []string{"כהן|cohen", "לוי|levi", "מזרחי|mizrahi"},
	},
	{ // Indian, in Devanagari, Tamil and Latin script
		first: []string{"अर्जुन|arjun", "प्रिया|priya", "राहुल|rahul", "அனன்யா|ananya", "கார்த்திக்|karthik",
			"Aarav", "Diya", "Vikram", "Lakshmi"},
		last: []string{"शर्मा|sharma", "वर्मा|verma", "गुप्ता|gupta", "சுப்பிரமணியம்|subramaniam", "Patel", "Iyer",
			"Reddy", "Nair"},
	},
	{ // Chinese
		first: []string{"伟|wei", "芳|fang", "秀英|xiuying", "静|jing", "磊|lei", "Wei", "Mei"},
		last:  []string{"王|wang", "李|li", "张|zhang", "刘|liu", "陈|chen", "杨|yang", "Zhang", "Chen"},
	},
	{ // Japanese
		first: []string{"太郎|taro", "さくら|sakura", "翔太|shota", "陽菜|hina", "Yuki", "Haruto"},
		last:  []string{"佐藤|sato", "鈴木|suzuki", "高橋|takahashi", "田中|tanaka", "Nakamura", "Kobayashi"},
	},
	{ // Korean
		first: []string{"서연|seoyeon", "지호|jiho", "하은|haeun", "Minji"},
		last:  []string{"이|lee", "박|park", "최|choi", "정|jung", "Kim"},
	},
	{ // Vietnamese
		first: []string{"Thảo|thao", "Minh", "Hương|huong", "Dũng|dung"},
		last:  []string{"Nguyễn|nguyen", "Trần|tran", "Lê|le", "Phạm|pham"},
	},
	{ // Turkish
		first: []string{"İbrahim|ibrahim", "Ayşe|ayse", "Mehmet", "Elif", "Çağla|cagla"},
		last:  []string{"Yılmaz|yilmaz", "Kaya", "Demir", "Şahin|sahin", "Öztürk|ozturk"},
	},
	{ // Nigerian
		first: []string{"Adébáyọ̀|adebayo", "Chinwe", "Olúwaṣeun|oluwaseun", "Ngozi", "Emeka"},
		last:  []string{"Okafor", "Adéyẹmí|adeyemi", "Okonkwo", "Balogun"},
	},
	{ // East African
		first: []string{"Amani", "Wanjiru", "Baraka", "Zawadi"},
		last:  []string{"Mwangi", "Otieno", "Kamau", "Njoroge"},
	},
	{ // Nordic
		first: []string{"Sigríður|sigridur", "Þórunn|thorunn", "Guðmundur|gudmundur", "Bjørn|bjorn", "Åsa|asa"},
		last:  []string{"Jónsdóttir|jonsdottir", "Þórsson|thorsson", "Ødegård|odegard", "Lindqvist"},
	},
	{ // Thai, Georgian, Armenian
		first: []string{"สมชาย|somchai", "มาลี|malee", "ნინო|nino", "გიორგი|giorgi", "Արամ|aram"},
		last:  []string{"ใจดี|jaidee", "ศรีสุข|srisuk", "ბერიძე|beridze", "Պետրոսյան|petrosyan"},
	},
	{ // Indonesian mononyms: no last name
		first: []string{"Sukarno", "Suharti", "Wiranto", "Megawati"},
		last:  []string{""},
	},
}
