// Package redact keeps secrets out of everything tutor writes: reports,
// recordings, run state and rewritten posts.
//
// A Redactor knows two kinds of secret. Literal secrets are exact values: the
// values of environment variables whose names look secret (AZURE_CLIENT_SECRET,
// GITHUB_TOKEN...) and whatever the caller adds. Patterns recognise secrets by
// their shape or their key: a `token:` in a kubeconfig, an `Authorization:
// Bearer` header, a JWT, a PEM private key, an Azure SAS signature or account
// key, AWS and GitHub keys, `--password X`. Only the secret value is replaced,
// by Marker or by "[REDACTED:NAME]" when the name of its variable is known, so
// that the output stays readable.
package redact

import (
	"encoding/base64"
	"slices"
	"strings"
	"sync"
)

// Marker replaces a secret whose variable name is not known.
const Marker = "[REDACTED]"

// minSecretLen is the length below which a value is too short to be told
// apart from ordinary output, so it is not treated as a literal secret.
const minSecretLen = 4

// literal is one secret value and the name of the variable that held it.
type literal struct {
	value string
	label string
}

// Redactor replaces secrets in text. It is safe for concurrent use; secrets
// added while a Writer is open apply to what the Writer has not yet written.
type Redactor struct {
	mu sync.RWMutex
	// literals is replaced, never changed in place, so a reader may keep
	// the slice it got under the lock.
	literals []literal
}

// New returns a Redactor that knows as secrets the values of the entries of
// env ("NAME=value") whose names IsSecretName accepts, and every value of
// extra. Values shorter than four bytes and common words such as "true" are
// ignored: replacing them would mangle ordinary output.
func New(env []string, extra ...string) *Redactor {
	r := &Redactor{}
	for _, kv := range env {
		if name, value, ok := strings.Cut(kv, "="); ok {
			r.AddEnv(name, value)
		}
	}
	for _, v := range extra {
		r.AddSecret(v)
	}
	return r
}

// AddSecret makes value a literal secret, for example a kubeconfig's client
// key read at run time. Its base64 encoding is a secret too, as Kubernetes
// shows Secret data in that form.
func (r *Redactor) AddSecret(value string) { r.add(value, "") }

// AddEnv makes value a literal secret, labelled with name, when
// IsSecretName(name) holds.
func (r *Redactor) AddEnv(name, value string) {
	if IsSecretName(name) {
		r.add(value, name)
	}
}

// Clone returns a Redactor that knows the same secrets as r; secrets added
// to either afterwards do not reach the other.
func (r *Redactor) Clone() *Redactor {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return &Redactor{literals: r.literals}
}

// add records value and its variants unless it is too common to redact.
func (r *Redactor) add(value, label string) {
	var values []string
	for _, v := range []string{value, strings.TrimSpace(value)} {
		if !usableSecret(v) {
			continue
		}
		values = append(values, v)
		if len(v) >= 6 {
			values = append(values, strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(v)), "="))
		}
	}
	if len(values) == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	lits := slices.Clone(r.literals)
	for _, v := range values {
		i := slices.IndexFunc(lits, func(l literal) bool { return l.value == v })
		switch {
		case i < 0:
			lits = append(lits, literal{value: v, label: label})
		case lits[i].label == "":
			lits[i].label = label
		}
	}
	// Longest first, so that of two overlapping secrets the longer one
	// wins the label.
	slices.SortStableFunc(lits, func(a, b literal) int { return len(b.value) - len(a.value) })
	r.literals = lits
}

// snapshot returns the literal secrets known now.
func (r *Redactor) snapshot() []literal {
	if r == nil {
		return nil
	}
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.literals
}

// String returns s with every secret value replaced by a marker.
func (r *Redactor) String(s string) string {
	sp, _ := r.find(s)
	return apply(s, sp, len(s))
}

// Contains reports whether s holds a secret that String would replace.
func (r *Redactor) Contains(s string) bool {
	sp, _ := r.find(s)
	return len(sp) > 0
}

// span is a secret at s[start:end].
type span struct {
	start, end int
	label      string
}

// find returns the merged, sorted spans of the secrets in s and, when s
// ends inside a PEM private key whose END line has not come yet, the offset
// of its BEGIN line (else -1).
func (r *Redactor) find(s string) ([]span, int) {
	var sp []span
	for _, l := range r.snapshot() {
		for i := 0; ; {
			j := strings.Index(s[i:], l.value)
			if j < 0 {
				break
			}
			sp = append(sp, span{i + j, i + j + len(l.value), l.label})
			i += j + len(l.value)
		}
	}
	sp, open := findPatterns(s, sp)
	return merge(sp), open
}

// merge sorts spans and joins those that overlap or touch, keeping a label
// when one of them has it.
func merge(sp []span) []span {
	if len(sp) < 2 {
		return sp
	}
	slices.SortFunc(sp, func(a, b span) int { return a.start - b.start })
	out := sp[:1]
	for _, x := range sp[1:] {
		last := &out[len(out)-1]
		if x.start > last.end {
			out = append(out, x)
			continue
		}
		last.end = max(last.end, x.end)
		if last.label == "" {
			last.label = x.label
		}
	}
	return out
}

// apply returns s[:upto] with the spans that start before upto replaced by
// markers. No span may cross upto.
func apply(s string, sp []span, upto int) string {
	if len(sp) == 0 {
		return s[:upto]
	}
	var b strings.Builder
	b.Grow(upto)
	at := 0
	for _, x := range sp {
		if x.start >= upto {
			break
		}
		b.WriteString(s[at:x.start])
		b.WriteString(marker(x.label))
		at = x.end
	}
	b.WriteString(s[at:upto])
	return b.String()
}

// marker is the text that replaces a secret held by the variable label.
func marker(label string) string {
	if label == "" {
		return Marker
	}
	return "[REDACTED:" + label + "]"
}
