package helm

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		args string
		want Command
	}{
		{"repo add", "repo add cilium https://helm.cilium.io/",
			Command{Verb: "repo add", RepoName: "cilium", RepoURL: "https://helm.cilium.io/"}},
		{"repo update", "repo update", Command{Verb: "repo update"}},
		{"repo up names", "repo up cilium bitnami", Command{Verb: "repo update", RepoNames: []string{"cilium", "bitnami"}}},
		{"seed install", "install cilium cilium/cilium --version 1.14.0 --namespace kube-system",
			Command{Verb: "install", Release: "cilium", Chart: "cilium/cilium", Version: "1.14.0", Namespace: "kube-system"}},
		{"flags before verb and = forms", "-n=kube-system install --version=1.14.0 cilium ./chart --wait --timeout=10m --create-namespace",
			Command{Verb: "install", Release: "cilium", Chart: "./chart", Version: "1.14.0", Namespace: "kube-system", Wait: true, Timeout: 10 * time.Minute, CreateNamespace: true}},
		{"sets keep order", "install x c --set a=1,b=2 --set-string s=01 --set c=3 --set-json j={\"k\":1} -f v1.yaml --values=v2.yaml -fv3.yaml",
			Command{Verb: "install", Release: "x", Chart: "c", Set: []string{"a=1,b=2", "c=3"}, SetString: []string{"s=01"},
				SetJSON: []string{`j={"k":1}`}, ValuesFiles: []string{"v1.yaml", "v2.yaml", "v3.yaml"}}},
		{"generate name", "install -g bitnami/nginx", Command{Verb: "install", GenerateName: true, Chart: "bitnami/nginx"}},
		{"upgrade install", "upgrade -i cilium cilium/cilium -n kube-system --reuse-values --set x=y --atomic --wait=false",
			Command{Verb: "upgrade", Install: true, Release: "cilium", Chart: "cilium/cilium", Namespace: "kube-system", ReuseValues: true, Set: []string{"x=y"}, Atomic: true}},
		{"repo flag and contexts", "install web nginx --repo https://charts.example/ --kube-context kind --kubeconfig /k",
			Command{Verb: "install", Release: "web", Chart: "nginx", ChartRepo: "https://charts.example/", KubeContext: "kind", Kubeconfig: "/k"}},
		{"uninstall alias", "delete cilium -n kube-system --wait", Command{Verb: "uninstall", Release: "cilium", Namespace: "kube-system", Wait: true}},
		{"list", "ls -A", Command{Verb: "list", AllNamespaces: true}},
		{"status", "status cilium --namespace=kube-system", Command{Verb: "status", Release: "cilium", Namespace: "kube-system"}},
		{"debug ignored", "--debug list", Command{Verb: "list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.Fields(tt.args))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", tt.args, got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		args        string
		unsupported string // the Arg of the *UnsupportedError; "" for a plain error
		msg         string // part of the message
	}{
		{"template cilium cilium/cilium", "template", "unsupported verb"},
		{"repo remove cilium", "repo remove", "unsupported verb"},
		{"install cilium cilium/cilium --post-renderer ./x", "--post-renderer", "unsupported flag"},
		{"install cilium cilium/cilium -o json", "-o", "unsupported flag"},
		{"list --version 1", "--version", "unsupported flag"},
		{"install cilium", "", "want NAME CHART"},
		{"upgrade cilium", "", "want NAME CHART"},
		{"uninstall", "", "want NAME"},
		{"repo add cilium", "", "want NAME URL"},
		{"install a b --timeout 5", "", `bad duration "5"`},
		{"install a b --wait=maybe", "", `bad boolean "maybe"`},
		{"install a b --version", "", "needs a value"},
		{"", "", "no command"},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			_, err := Parse(strings.Fields(tt.args))
			if err == nil {
				t.Fatal("no error")
			}
			var ue *UnsupportedError
			if got := errors.As(err, &ue); got != (tt.unsupported != "") {
				t.Fatalf("err = %v (%T); unsupported = %v, want %v", err, err, got, tt.unsupported != "")
			}
			if ue != nil && ue.Arg != tt.unsupported {
				t.Errorf("Arg = %q, want %q", ue.Arg, tt.unsupported)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %q, want it to contain %q", err, tt.msg)
			}
		})
	}
}
