package redact

import (
	"encoding/base64"
	"strings"
	"sync"
	"testing"
)

func TestNewEnvSecrets(t *testing.T) {
	env := []string{
		"AZURE_CLIENT_SECRET=s3cr3t-value",
		"MY_TOKEN=tok-9f8e7d6c",
		"HOME=/home/learner",
		"KEYBOARD=s3cr3t-value-not",
		"SHORT_TOKEN=abc",
		"FLAG_SECRET=true",
		"PORT_PASSWORD=8080",
		"EMPTY_PASSWORD=",
		"NOEQUALS",
	}
	r := New(env, "extra-secret-1")
	tests := []struct{ in, want string }{
		{"secret is s3cr3t-value.", "secret is [REDACTED:AZURE_CLIENT_SECRET]."},
		{"tok-9f8e7d6c and tok-9f8e7d6c", "[REDACTED:MY_TOKEN] and [REDACTED:MY_TOKEN]"},
		{"home is /home/learner", "home is /home/learner"},
		{"abc true 8080", "abc true 8080"},
		{"got extra-secret-1", "got [REDACTED]"},
		{"data: " + base64.StdEncoding.EncodeToString([]byte("s3cr3t-value")), "data: [REDACTED:AZURE_CLIENT_SECRET]"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := r.String(tt.in); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestAddSecretAndClone(t *testing.T) {
	r := New(nil)
	c := r.Clone()
	r.AddSecret("client-key-material\n")
	r.AddEnv("DB_PASSWORD", "pa55word!")
	r.AddEnv("HOSTNAME", "node-1.example")
	if got, want := r.String("k=client-key-material; p=pa55word! h=node-1.example"), "k=[REDACTED]; p=[REDACTED:DB_PASSWORD] h=node-1.example"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got, want := c.String("pa55word!"), "pa55word!"; got != want {
		t.Errorf("a clone made before AddEnv redacted: %q", got)
	}
	if !r.Contains("x pa55word! y") || r.Contains("nothing here") {
		t.Error("Contains disagrees with String")
	}
}

func TestOverlappingSecretsKeepTheLongest(t *testing.T) {
	r := New([]string{"A_TOKEN=abcdef", "B_TOKEN=abcdefghij"})
	if got, want := r.String("[abcdefghij] [abcdef]"), "[[REDACTED:B_TOKEN]] [[REDACTED:A_TOKEN]]"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	r := New(nil)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			secret := strings.Repeat(string(rune('a'+i)), 8)
			r.AddSecret(secret)
			if got := r.String("x " + secret + " y"); got != "x [REDACTED] y" {
				t.Errorf("String = %q", got)
			}
		})
	}
	wg.Wait()
}
