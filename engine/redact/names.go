package redact

import (
	"strings"
	"sync"
)

// secretWords make a name secret when a segment of it is the word, the word
// in the plural, or a compound ending in it (APIKEY, CLIENTSECRET).
var secretWords = []string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "KEY"}

// secretSegments make a name secret only as whole segments: BYPASS and
// COMPASS are not passwords.
var secretSegments = map[string]bool{"PASS": true, "PAT": true, "SAS": true, "APIKEY": true}

// notSecretSegments end in KEY but are not keys.
var notSecretSegments = map[string]bool{
	"PUBKEY": true, "PUBLICKEY": true, "HOTKEY": true, "LESSKEY": true, "MONKEY": true,
	"DONKEY": true, "TURKEY": true, "HOCKEY": true, "JOCKEY": true, "WHISKEY": true,
}

// descriptors, as the segment after a secret word, make the name describe
// the secret rather than hold it: SECRET_NAME, TOKEN_FILE, KEY_VAULT_URL.
var descriptors = map[string]bool{
	"NAME": true, "NAMES": true, "FILE": true, "FILES": true, "PATH": true, "DIR": true,
	"URL": true, "URI": true, "TYPE": true, "KIND": true, "REF": true, "LENGTH": true,
	"LEN": true, "SIZE": true, "BITS": true, "FORMAT": true, "VAULT": true, "ALG": true,
	"ALGORITHM": true, "EXPIRY": true, "EXPIRES": true, "EXPIRATION": true, "TTL": true,
	"ENDPOINT": true, "NAMESPACE": true, "HEADER": true, "ENABLED": true, "MODE": true,
	"POLICY": true, "VERSION": true, "COUNT": true, "FIELD": true, "STDIN": true,
}

// IsSecretName reports whether an environment variable called name holds a
// secret, judging by its name. The name is split into segments at '_', '-'
// and '.'; it is secret when a segment is TOKEN, SECRET, PASSWORD, PASSWD,
// PASSPHRASE, CREDENTIAL or KEY, a plural of one, or a compound ending in one
// (GHTOKEN, APIKEY), or is PASS, PAT or SAS, or when CONNECTION is followed
// by STRING. KEYBOARD, TOKENIZERS, PUBLIC_KEY and SECRET_NAME are not secret.
func IsSecretName(name string) bool {
	if v, ok := secretNames.Load(name); ok {
		return v.(bool)
	}
	secret := isSecretName(name)
	secretNames.Store(name, secret)
	return secret
}

// secretNames remembers IsSecretName's answers: the run state is scrubbed
// after every step, each time over the same few hundred variable names.
var secretNames sync.Map

// isSecretName is IsSecretName, worked out.
func isSecretName(name string) bool {
	segs := strings.FieldsFunc(strings.ToUpper(name), func(r rune) bool {
		return r == '_' || r == '-' || r == '.'
	})
	for i, seg := range segs {
		next := ""
		if i+1 < len(segs) {
			next = segs[i+1]
		}
		if seg == "CONNECTION" && (next == "STRING" || next == "STR") {
			return true
		}
		if !secretSegment(seg) || descriptors[next] {
			continue
		}
		if strings.HasSuffix(seg, "KEY") && i > 0 && (segs[i-1] == "PUBLIC" || segs[i-1] == "PUB") {
			continue
		}
		return true
	}
	return false
}

// secretSegment reports whether one upper-case segment of a name is secret.
func secretSegment(seg string) bool {
	if secretSegments[seg] {
		return true
	}
	if notSecretSegments[seg] {
		return false
	}
	for _, w := range secretWords {
		if strings.HasSuffix(seg, w) || seg == w+"S" {
			return true
		}
	}
	return false
}

// commonValues are too common in ordinary output to be redacted wherever
// they appear, even when a secret variable holds one.
var commonValues = map[string]bool{
	"true": true, "false": true, "yes": true, "null": true, "none": true, "nil": true,
	"undefined": true, "enabled": true, "disabled": true, "default": true, "empty": true,
	"unset": true, "redacted": true, "data+omitted": true, "<none>": true,
}

// isCommon reports whether v is one of commonValues, ignoring case.
func isCommon(v string) bool {
	return len(v) <= len("data+omitted") && commonValues[strings.ToLower(v)]
}

// usableSecret reports whether v can be redacted as a literal secret
// without mangling ordinary output: long enough, not a common word, and not
// a short number such as a port.
func usableSecret(v string) bool {
	if len(v) < minSecretLen || isCommon(v) {
		return false
	}
	if len(v) < 6 && strings.Trim(v, "0123456789") == "" {
		return false
	}
	return !strings.HasPrefix(v, Marker[:len(Marker)-1])
}
