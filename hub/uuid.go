package hub

// IsUUID reports whether s is a UUID in its usual text form
// (8-4-4-4-12 hex digits, either case), the form of CoCalc account and project ids.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHexDigit(c) {
				return false
			}
		}
	}
	return true
}

func isHexDigit(c byte) bool { return hexDigits[c] }

// hexDigits marks the bytes that are hex digits: a lookup, as every account
// of an answer has its id checked.
var hexDigits = func() (table [256]bool) {
	for _, c := range "0123456789abcdefABCDEF" {
		table[c] = true
	}
	return table
}()
