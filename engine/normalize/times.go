package normalize

// matchDigitTime matches a timestamp that starts with a digit at s[i]:
//
//	2024-03-29T18:00:00.123+02:00   RFC 3339, with or without fraction or zone
//	2024-03-29 18:00:00 +0200 CEST  git, Jekyll, Go's time.Time.String
//	29 Mar 2024 22:50:49 GMT        RFC 1123 without the weekday
//	06/Dec/2026:04:12:09 +0000      Common Log Format (nginx, Apache access logs)
//	22:50:56.889, 0:00:08           a clock time or an elapsed time
func matchDigitTime(s string, i int) int {
	if len(s)-i < 7 {
		return -1
	}
	switch {
	case s[i+1] == ':' || s[i+2] == ':':
		j := matchClock(s, i)
		if j < 0 {
			return -1
		}
		if j < len(s) && (s[j] == 'Z' || s[j] == 'z') {
			j++
		}
		// "12:00:00: msg" is a time; "00:11:22:33" is not.
		if isAlnumAt(s, j) || (j+1 < len(s) && s[j] == ':' && (isAlnum(s[j+1]) || s[j+1] == ':')) {
			return -1
		}
		return j
	case s[i+4] == '-':
		return matchISO(s, i)
	case s[i+1] == ' ' || s[i+2] == ' ':
		j := matchDayFirst(s, i)
		if j < 0 || isAlnumAt(s, j) {
			return -1
		}
		return j
	case s[i+2] == '/':
		return matchCommonLog(s, i)
	}
	return -1
}

// matchCommonLog matches DD/Mon/YYYY:HH:MM:SS and an optional numeric zone
// after a space, the time of an access log line.
func matchCommonLog(s string, i int) int {
	if digitsEnd(s, i) != i+2 || !isMonth(s, i+3) || i+12 > len(s) || s[i+6] != '/' ||
		digitsEnd(s, i+7) != i+11 || s[i+11] != ':' {
		return -1
	}
	j := matchClock(s, i+12)
	if j < 0 {
		return -1
	}
	if j+1 < len(s) && s[j] == ' ' {
		if z := matchNumericZone(s, j+1); z > 0 {
			j = z
		}
	}
	if isAlnumAt(s, j) {
		return -1
	}
	return j
}

// matchISO matches YYYY-MM-DD, then 'T' or spaces, a clock and a zone.
func matchISO(s string, i int) int {
	if i+11 > len(s) || digitsEnd(s, i) != i+4 || s[i+4] != '-' ||
		digitsEnd(s, i+5) != i+7 || s[i+7] != '-' || digitsEnd(s, i+8) != i+10 {
		return -1
	}
	j := i + 10
	switch s[j] {
	case 'T', 't', '_':
		j++
	case ' ':
		j = spacesEnd(s, j)
	default:
		return -1
	}
	if j = matchClock(s, j); j < 0 {
		return -1
	}
	if j < len(s) && (s[j] == 'Z' || s[j] == 'z') {
		j++
	} else if z := matchNumericZone(s, j); z > 0 {
		j = z
	} else if k := spacesEnd(s, j); k > j {
		if z := matchNumericZone(s, k); z > 0 {
			j = z
			if k := spacesEnd(s, j); k > j {
				if a := matchZoneName(s, k); a > 0 {
					j = a
				}
			}
		} else if a := matchZoneName(s, k); a > 0 && isUTC(s[k:a]) {
			j = a
		}
	}
	if isAlnumAt(s, j) {
		return -1
	}
	return j
}

// matchTextTime matches a timestamp that starts with an English weekday or
// month name at s[i]:
//
//	Mar 29 22:50:56.889              time.StampMilli (hubble), Stamp (syslog)
//	Thu Nov 26 01:31:15 UTC 2026     date, UnixDate, ANSIC, RubyDate
//	Fri, 29 Mar 2024 22:50:49 GMT    RFC 1123 (HTTP Date, Expires)
func matchTextTime(s string, i int) int {
	j := i
	weekday := isWeekday(s, j)
	if weekday {
		j += 3
		if j < len(s) && s[j] == ',' {
			j++
		}
		k := spacesEnd(s, j)
		if k == j {
			return -1
		}
		j = k
	}
	switch {
	case isMonth(s, j):
		j = matchMonthFirst(s, j)
	case weekday && isDigitAt(s, j):
		j = matchDayFirst(s, j)
	default:
		return -1
	}
	if j < 0 || isAlnumAt(s, j) {
		return -1
	}
	return j
}

// matchMonthFirst matches "Mar 29 22:50:56" and what may follow it: a zone
// and a year ("UTC 2026", "-0700 2006", "2006").
func matchMonthFirst(s string, j int) int {
	if j = spacesEnd(s, j+3); !isDigitAt(s, j) || !isSpace(s[j-1]) {
		return -1
	}
	if e := digitsEnd(s, j); e-j > 2 {
		return -1
	} else if j = spacesEnd(s, e); j == e {
		return -1
	}
	if j = matchClock(s, j); j < 0 {
		return -1
	}
	if k := spacesEnd(s, j); k > j {
		if z, named := matchZone(s, k); z > 0 && !named {
			j = z
		} else if z > 0 {
			// A zone name counts when a year follows it or it is UTC:
			// "... 22:50:56 INFO" is a log level, not a zone.
			if y := matchYear(s, spacesEnd(s, z)); y > 0 && spacesEnd(s, z) > z {
				return y
			}
			if isUTC(s[k:z]) {
				j = z
			}
		}
	}
	if k := spacesEnd(s, j); k > j {
		if y := matchYear(s, k); y > 0 {
			j = y
		}
	}
	return j
}

// matchDayFirst matches "29 Mar 2024 22:50:49 GMT" (the zone is optional).
func matchDayFirst(s string, j int) int {
	e := digitsEnd(s, j)
	if e == j || e-j > 2 {
		return -1
	}
	if j = spacesEnd(s, e); j == e || !isMonth(s, j) {
		return -1
	}
	e = j + 3
	if j = spacesEnd(s, e); j == e {
		return -1
	}
	if e = digitsEnd(s, j); e-j != 4 && e-j != 2 {
		return -1
	}
	if j = spacesEnd(s, e); j == e {
		return -1
	}
	if j = matchClock(s, j); j < 0 {
		return -1
	}
	if k := spacesEnd(s, j); k > j {
		if z, _ := matchZone(s, k); z > 0 {
			j = z
		}
	}
	return j
}

// matchZone matches a zone at s[j], numeric ("+0200") or a name ("UTC"):
// it returns where the zone ends (-1 when there is none) and whether it
// is a name, which some callers take only with a year after it.
func matchZone(s string, j int) (end int, named bool) {
	if z := matchNumericZone(s, j); z > 0 {
		return z, false
	}
	if a := matchZoneName(s, j); a > 0 {
		return a, true
	}
	return -1, false
}

// matchClock matches H:MM:SS or HH:MM:SS with an optional fraction
// (".889" or ",889") at s[j]. It does not look at what follows.
func matchClock(s string, j int) int {
	h := digitsEnd(s, j)
	if h == j || h-j > 2 || h+6 > len(s) || s[h] != ':' || s[h+3] != ':' ||
		!isDigit(s[h+1]) || !isDigit(s[h+2]) || s[h+1] > '5' ||
		!isDigit(s[h+4]) || !isDigit(s[h+5]) || s[h+4] > '6' {
		return -1
	}
	j = h + 6
	if j+1 < len(s) && (s[j] == '.' || s[j] == ',') && isDigit(s[j+1]) {
		j = digitsEnd(s, j+1)
	}
	return j
}

// matchNumericZone matches "+0200", "-07:00" at s[j].
func matchNumericZone(s string, j int) int {
	if j+5 > len(s) || (s[j] != '+' && s[j] != '-') || digitsEnd(s, j+1) < j+3 {
		return -1
	}
	e := digitsEnd(s, j+1)
	if e == j+3 && e+2 < len(s) && s[e] == ':' && digitsEnd(s, e+1) == e+3 {
		e += 3
	} else if e != j+5 {
		return -1
	}
	if isAlnumAt(s, e) {
		return -1
	}
	return e
}

// matchZoneName matches a zone abbreviation such as UTC, GMT, CEST at s[j].
func matchZoneName(s string, j int) int {
	e := j
	for e < len(s) && isUpper(s[e]) {
		e++
	}
	if e-j < 2 || e-j > 5 || isAlnumAt(s, e) {
		return -1
	}
	switch s[j:e] {
	case "INFO", "WARN", "ERROR", "DEBUG", "FATAL", "TRACE", "OK", "TCP", "UDP":
		return -1
	}
	return e
}

// matchYear matches a four-digit year token at s[j].
func matchYear(s string, j int) int {
	if e := digitsEnd(s, j); e == j+4 && !isAlnumAt(s, e) {
		return e
	}
	return -1
}

func isUTC(zone string) bool { return zone == "UTC" || zone == "GMT" }

// isMonth reports whether an English month abbreviation starts at s[j].
func isMonth(s string, j int) bool {
	if j+3 > len(s) {
		return false
	}
	switch s[j : j+3] {
	case "Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec":
		return true
	}
	return false
}

// isWeekday reports whether an English weekday abbreviation starts at s[j].
func isWeekday(s string, j int) bool {
	if j+3 > len(s) {
		return false
	}
	switch s[j : j+3] {
	case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
		return true
	}
	return false
}
