package hubble_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/hubble"
	"google.golang.org/protobuf/encoding/protojson"
)

func TestParseObserve(t *testing.T) {
	now := time.Date(2024, 3, 29, 22, 0, 0, 0, time.UTC)
	tests := []struct {
		args string
		want string // protojson of the request, spaces removed
	}{
		{"hubble observe --to-pod basics/basicdeploy-65ff8695df-p58zr --from-pod default/testpod",
			`{"number":"20","whitelist":[{"sourcePod":["default/testpod"],"destinationPod":["basics/basicdeploy-65ff8695df-p58zr"]}]}`},
		{"observe --pod default/testpod --verdict DROPPED",
			`{"number":"20","whitelist":[{"sourcePod":["default/testpod"],"verdict":["DROPPED"]},{"destinationPod":["default/testpod"],"verdict":["DROPPED"]}]}`},
		{"--namespace basics --last 5",
			`{"number":"5","whitelist":[{"sourcePod":["basics/"]},{"destinationPod":["basics/"]}]}`},
		{"-n basics --from-pod web",
			`{"number":"20","whitelist":[{"sourcePod":["basics/web"]},{"sourcePod":["web"],"destinationPod":["basics/"]}]}`},
		{"--from-namespace kube-system --to-label k8s:app=web --protocol tcp --to-port 80",
			`{"number":"20","whitelist":[{"sourcePod":["kube-system/"],"destinationLabel":["k8s:app=web"],"protocol":["tcp"],"destinationPort":["80"]}]}`},
		{"--type policy-verdict --type trace:to-overlay --first 3",
			`{"number":"3","first":true,"whitelist":[{"eventType":[{"type":5},{"type":4,"matchSubType":true,"subType":4}]}]}`},
		{"--type drop --traffic-direction ingress -o jsonpb --server localhost:4245",
			`{"number":"20","whitelist":[{"trafficDirection":["INGRESS"],"eventType":[{"type":1}]}]}`},
		{"--since 5m --until 2024-03-29T21:58:00Z",
			`{"since":"2024-03-29T21:55:00Z","until":"2024-03-29T21:58:00Z"}`},
		{"--label=k8s:org=cilium101 --not --verdict=FORWARDED",
			`{"number":"20","blacklist":[{"verdict":["FORWARDED"]}],"whitelist":[{"sourceLabel":["k8s:org=cilium101"]},{"destinationLabel":["k8s:org=cilium101"]}]}`},
		{"--to-fqdn github.com --drop-reason-desc POLICY_DENIED",
			`{"number":"20","whitelist":[{"destinationFqdn":["github.com"],"dropReasonDesc":["POLICY_DENIED"]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			o, err := hubble.ParseObserve(strings.Fields(tt.args), now)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := protojson.Marshal(o.Request)
			if got := strings.ReplaceAll(string(data), " ", ""); got != tt.want {
				t.Errorf("request:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
	o, _ := hubble.ParseObserve(strings.Fields(tests[6].args), now)
	if o.Output != "jsonpb" || o.Server != "localhost:4245" {
		t.Errorf("output %q server %q", o.Output, o.Server)
	}
}

func TestParseObserveErrors(t *testing.T) {
	tests := []struct {
		args, flag string
		err        error
	}{
		{"--follow", "--follow", hubble.ErrFollow},
		{"-f --from-pod x", "--follow", hubble.ErrFollow},
		{"--frum-pod x", "--frum-pod", hubble.ErrUnknownFlag},
		{"-x", "-x", hubble.ErrUnknownFlag},
		{"stray", "stray", hubble.ErrUnknownFlag},
		{"--verdict", "--verdict", hubble.ErrNoValue},
		{"--verdict MAYBE", "--verdict", hubble.ErrBadValue},
		{"--last many", "--last", hubble.ErrBadValue},
		{"--since yesterday", "--since", hubble.ErrBadValue},
		{"-o yaml", "--output", hubble.ErrBadValue},
		{"--type nonsense", "--type", hubble.ErrBadValue},
	}
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			_, err := hubble.ObserveArgs(strings.Fields(tt.args))
			var ae *hubble.ArgError
			if !errors.As(err, &ae) || ae.Flag != tt.flag || !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want an ArgError for %s wrapping %v", err, tt.flag, tt.err)
			}
		})
	}
}
