package model

import (
	"reflect"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	aliases := map[string]string{"k": "kubectl"}
	tests := []struct {
		in   string
		want []string
		ok   bool
	}{
		{"helm install cilium cilium/cilium --version 1.14.0", []string{"helm", "install", "cilium", "cilium/cilium", "--version", "1.14.0"}, true},
		{`helm upgrade --set "a=b c" --set-string 'x=$y'`, []string{"helm", "upgrade", "--set", "a=b c", "--set-string", "x=$y"}, true},
		{`k exec testpod -- curl -i -X GET http://10.0.0.1`, []string{"kubectl", "exec", "testpod", "--", "curl", "-i", "-X", "GET", "http://10.0.0.1"}, true},
		{`echo a\ b "q\"x"`, []string{"echo", "a b", `q"x`}, true},
		{"helm list | grep x", nil, false},
		{"helm install $NAME chart", nil, false},
		{`helm install "$NAME" chart`, nil, false},
		{"cilium hubble port-forward&", nil, false},
		{"a && b", nil, false},
		{"echo 'open", nil, false},
		{"two\nlines", nil, false},
		{"   ", nil, false},
		{`k get pods -l "app in (web)"`, []string{"kubectl", "get", "pods", "-l", "app in (web)"}, true},
		{`curl -d '{"a":1}' http://x`, []string{"curl", "-d", `{"a":1}`, "http://x"}, true},
		{"echo `date`", nil, false},
		{`echo "$(date)"`, nil, false},
		{"echo a>b", nil, false},
		{"KUBECONFIG=x k get no", []string{"kubectl", "get", "no"}, true},
		{"a=b", nil, false},
	}
	for _, tt := range tests {
		got, ok := Words(tt.in, aliases)
		if ok != tt.ok || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Words(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCommandWordsKeepVariables(t *testing.T) {
	got, ok := CommandWords(`k exec probe -- curl -i "http://$LB_IP"`, map[string]string{"k": "kubectl"})
	want := []string{"kubectl", "exec", "probe", "--", "curl", "-i", "http://$LB_IP"}
	if !ok || !reflect.DeepEqual(got, want) {
		t.Errorf("CommandWords = %q, %v", got, ok)
	}
	if _, ok := CommandWords("curl -i $(cat url)", nil); ok {
		t.Error("a substitution passed")
	}
}

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		in   string
		want []string
		err  bool
	}{
		{`reason "Policy denied" port 80`, []string{"reason", "Policy denied", "port", "80"}, false},
		{`match "a\tb\n" 'c\d' e\f`, []string{"match", "a\tb\n", `c\d`, `e\f`}, false},
		{`contains "$HOME | x"`, []string{"contains", "$HOME | x"}, false},
		{`reason "open`, nil, true},
	}
	for _, tt := range tests {
		got, err := SplitArgs(tt.in)
		if (err != nil) != tt.err || strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}
