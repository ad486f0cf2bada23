package hubtest

// names is system.getNames: the display names of the accounts, keyed by id.
//
// The server selects the rows with account_id = ANY($1::UUID[]), so
// PostgreSQL parses every element first (one that is not a UUID fails the
// whole call, and upper case or braces are fine), and keys the rows it finds
// by their canonical lower-case id. Then every requested id without an entry
// gets the "Deleted User" placeholder under its own spelling: an upper-case
// id of a real account thus appears twice. Found rows come first, in the
// order requested, then the placeholders.
func (db *database) names(accountIDs any) (any, error) {
	ids, isList := accountIDs.([]any)
	if !isList {
		text, _ := postgresParam(accountIDs)
		return nil, newPostgresError(`malformed array literal: "` + text + `"`)
	}
	canonical := make([]string, len(ids))
	for i, id := range ids {
		text, ok := postgresParam(id)
		if !ok {
			continue // a NULL element matches nothing
		}
		c, ok := parsePostgresUUID(text)
		if !ok {
			return nil, invalidUUIDError(text)
		}
		canonical[i] = c
	}

	result := object{}
	present := map[string]bool{}
	for _, id := range canonical {
		a := db.account(id)
		if a == nil || a.Deleted || present[id] {
			continue
		}
		present[id] = true
		result = result.with(id, displayName(a))
	}
	for _, id := range ids {
		key := toString(id) // a JavaScript property key
		if present[key] {
			continue
		}
		present[key] = true
		result = result.with(key, object{{"first_name", "Deleted"}, {"last_name", "User"}})
	}
	return result, nil
}

// displayName is an account's entry: trimmed names, "No Name" when both are
// empty, and the profile (null when unset).
func displayName(a *Account) object {
	first, last := jsTrim(stringOrEmpty(a.FirstName)), jsTrim(stringOrEmpty(a.LastName))
	if first == "" && last == "" {
		first, last = "No", "Name"
	}
	var profile any
	if a.Profile != nil {
		profile = profileObject(a.Profile)
	}
	return object{{"first_name", first}, {"last_name", last}, {"profile", profile}}
}

// profileObject is the profile as the jsonb column returns it: keys in
// jsonb's order, "color" before "image".
func profileObject(p *Profile) object {
	o := object{}
	if p.Color != "" {
		o = o.with("color", p.Color)
	}
	if p.Image != "" {
		o = o.with("image", p.Image)
	}
	return o
}

func stringOrEmpty(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
