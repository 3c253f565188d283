package normalize

// Byte classes, looked up in one table so the scanner's inner loops stay
// cheap.
const (
	classDigit = 1 << iota
	classUpper
	classLower
	classHex
	classSpace
	// classKube marks the alphabet Kubernetes draws random name parts
	// from (k8s.io/apimachinery/pkg/util/rand): no vowels, no 0, 1, 3.
	classKube
	// classTemplate marks the letters a pod-template-hash is made of:
	// the decimal digits of a 32-bit hash mapped onto classKube.
	classTemplate
)

var classes = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] |= classDigit | classHex
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= classUpper
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] |= classLower
	}
	for _, c := range "abcdefABCDEF" {
		t[c] |= classHex
	}
	for _, c := range " \t\n\v\f" {
		t[c] |= classSpace
	}
	for _, c := range "bcdfghjklmnpqrstvwxz2456789" {
		t[c] |= classKube
	}
	for _, c := range "bcdf456789" {
		t[c] |= classTemplate
	}
	return t
}()

func isDigit(c byte) bool { return classes[c]&classDigit != 0 }
func isUpper(c byte) bool { return classes[c]&classUpper != 0 }
func isHex(c byte) bool   { return classes[c]&classHex != 0 }
func isSpace(c byte) bool { return classes[c]&classSpace != 0 }
func isKube(c byte) bool  { return classes[c]&classKube != 0 }
func isAlnum(c byte) bool {
	return classes[c]&(classDigit|classUpper|classLower) != 0
}

// isAlnumAt reports whether s[i] exists and is a letter or digit: a match
// that ends there would cut a word.
func isAlnumAt(s string, i int) bool { return i < len(s) && isAlnum(s[i]) }

// isDigitAt reports whether s[i] exists and is a digit.
func isDigitAt(s string, i int) bool { return i < len(s) && isDigit(s[i]) }

// alnumEnd returns the end of the run of letters and digits at s[i].
func alnumEnd(s string, i int) int {
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	return i
}

// digitsEnd returns the end of the run of digits at s[i].
func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// hexEnd returns the end of the run of hex digits at s[i].
func hexEnd(s string, i int) int {
	for i < len(s) && isHex(s[i]) {
		i++
	}
	return i
}

// spacesEnd returns the end of the run of spaces and tabs at s[i].
func spacesEnd(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// isTokenEnd reports whether a whitespace-delimited token can end at s[i]:
// at the end, before whitespace, or before a closing ')' or ',' that ends
// the token ("3 (5m ago)", "10s, 20s").
func isTokenEnd(s string, i int) bool {
	if i == len(s) || isSpace(s[i]) {
		return true
	}
	if s[i] == ')' || s[i] == ',' {
		return i+1 == len(s) || isSpace(s[i+1])
	}
	return false
}
