package kubetable

import (
	"reflect"
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/fixture"
)

func TestIsGet(t *testing.T) {
	aliases := map[string]string{"k": "kubectl", "kb": "kubectl --context aks -n basics"}
	fixture.CheckCommands(t, "IsGet", IsGet, aliases, map[string]bool{
		"k get no":                                  true,
		"k get all -n basics ":                      true,
		"kubectl get pods -o wide":                  true,
		"kubectl get pods -owide":                   true,
		"kubectl get pods --output=wide":            true,
		"kubectl get pods -A --show-labels -L app":  true,
		"kubectl -n basics get pods":                true,
		"kubectl --context=aks get svc basicdeploy": true,
		"kb get deploy":                             true,
		"KUBECONFIG=/tmp/kc kubectl get nodes":      true,
		"/usr/local/bin/kubectl get ns":             true,
		`kubectl get pods -l "app in (web)"`:        true,

		"kubectl get":              false,
		"kubectl get pods -o yaml": false,
		"kubectl get pods -o json": false,
		"kubectl get pods -o name": false,
		"kubectl get pods -o jsonpath='{.items[*].metadata.name}'": false,
		"kubectl get pods -o=custom-columns=NAME:.metadata.name":   false,
		"kubectl get pods -o go-template --template '{{.kind}}'":   false,
		"kubectl get pods -w":                                         false,
		"kubectl get pods --watch":                                    false,
		"kubectl get pods --no-headers":                               false,
		"kubectl get --raw /healthz":                                  false,
		"kubectl get pods | grep web":                                 false,
		"kubectl get pods > pods.txt":                                 false,
		"kubectl get pods 2>/dev/null":                                false,
		"kubectl get pods; echo done":                                 false,
		"kubectl get pods $(cat flags)":                               false,
		"kubectl get pods -o":                                         false,
		"kubectl describe pods":                                       false,
		"k exec testpod -- curl -i http://10.0.189.143":               false,
		"hubble observe --to-pod basics/basicdeploy-65ff8695df-p58zr": false,
		"kubectl get pods 'unterminated":                              false,
		"":                                                            false,
	})
}

func TestSubstitute(t *testing.T) {
	pod := Binding{"pod", "basicdeploy-65ff8695df-p58zr", "basicdeploy-7c9d5d6f4b-k2x7p"}
	rs := Binding{"replicaset.apps", "basicdeploy-65ff8695df", "basicdeploy-7c9d5d6f4b"}
	coredns := Binding{"pod", "coredns-789789675-79xnk", "coredns-5d78c9869d-h7x2p"}
	bindings := []Binding{pod, rs, coredns, {"service", "basicdeploy", "basicdeploy"}}
	tests := []struct {
		command, want string
		used          []Binding
	}{
		{"k exec -n basics basicdeploy-65ff8695df-p58zr -- curl -i -X GET http://google.com",
			"k exec -n basics basicdeploy-7c9d5d6f4b-k2x7p -- curl -i -X GET http://google.com", []Binding{pod}},
		{"hubble observe --to-pod basics/basicdeploy-65ff8695df-p58zr --from-pod default/testpod",
			"hubble observe --to-pod basics/basicdeploy-7c9d5d6f4b-k2x7p --from-pod default/testpod", []Binding{pod}},
		{"hubble observe --from-pod basics/basicdeploy-65ff8695df-p58zr --to-pod=kube-system/coredns-789789675-79xnk",
			"hubble observe --from-pod basics/basicdeploy-7c9d5d6f4b-k2x7p --to-pod=kube-system/coredns-5d78c9869d-h7x2p", []Binding{pod, coredns}},
		{"k logs pod/basicdeploy-65ff8695df-p58zr; k logs 'basicdeploy-65ff8695df-p58zr'",
			"k logs pod/basicdeploy-7c9d5d6f4b-k2x7p; k logs 'basicdeploy-7c9d5d6f4b-k2x7p'", []Binding{pod}},
		{"k describe rs basicdeploy-65ff8695df", "k describe rs basicdeploy-7c9d5d6f4b", []Binding{rs}},
		{"k port-forward basicdeploy-65ff8695df-p58zr:80", "k port-forward basicdeploy-7c9d5d6f4b-k2x7p:80", []Binding{pod}},
		{"k exec testpod -- curl -i -X GET http://172.171.45.48", "k exec testpod -- curl -i -X GET http://172.171.45.48", nil},
		{"k get pods basicdeploy-65ff8695df-p58zr-old basicdeploy-65ff8695df-p58zr.yaml",
			"k get pods basicdeploy-65ff8695df-p58zr-old basicdeploy-65ff8695df-p58zr.yaml", nil},
		{"k get svc basicdeploy", "k get svc basicdeploy", nil},
	}
	for _, tt := range tests {
		got, used := Substitute(tt.command, bindings)
		if got != tt.want || !reflect.DeepEqual(used, tt.used) {
			t.Errorf("Substitute(%q)\n = %q, %q\nwant %q, %q", tt.command, got, used, tt.want, tt.used)
		}
	}
}
