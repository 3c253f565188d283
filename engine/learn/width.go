package learn

import (
	"unicode/utf8"

	"github.com/tutor-run/tutor/engine/internal/termtext"
)

// visibleWidth is the number of terminal columns s takes, escape
// sequences left out and wide runes (emoji, CJK) counted twice.
func visibleWidth(s string) int {
	n := 0
	for _, r := range termtext.StripANSI(s) {
		n += runeWidth(r)
	}
	return n
}

// runeWidth is 2 for the runes terminals draw double-width, 0 for
// combining marks and variation selectors, else 1. It is a rough table;
// being off by one only moves a line break.
func runeWidth(r rune) int {
	switch {
	case r == utf8.RuneError:
		return 1
	case r >= 0x300 && r <= 0x36F, r >= 0xFE00 && r <= 0xFE0F, r == 0x200D:
		return 0
	case r >= 0x1100 && r <= 0x115F, r >= 0x2E80 && r <= 0xA4CF, r >= 0xAC00 && r <= 0xD7A3,
		r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F, r >= 0xFF00 && r <= 0xFF60,
		r >= 0xFFE0 && r <= 0xFFE6, r >= 0x1F300 && r <= 0x1FAFF, r >= 0x20000 && r <= 0x3FFFD:
		return 2
	}
	return 1
}
