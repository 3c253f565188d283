package hubble_test

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/hubble/hubbletest"
	"github.com/tutor-run/tutor/engine/kube/kubetest"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// The parity tests run the real hubble CLI (tools/hubble, `make hubble-bin`)
// against the test Observer server and hold our printer and our reading of
// its command line to what it does.
const (
	hubbleBinEnv  = "TUTOR_HUBBLE_BIN" // path of a hubble binary; default .cache/hubble/bin/hubble
	hubbleVersion = "v1.18.11"         // what tools/hubble/build.sh builds
)

// startParity serves the parity flows from a fake Hubble server and
// returns the real hubble CLI, the flows and the server's address.
func startParity(t *testing.T) (bin string, flows []*flow.Flow, addr string) {
	t.Helper()
	bin, flows = realHubble(t), parityFlows()
	_, addr = hubbletest.Start(t, flows...)
	return bin, flows, addr
}

// realHubble returns the path of the real hubble CLI. Without it the test
// fails with the hint to build it, or skips, loudly, under TUTOR_SKIP_CLUSTER=1.
func realHubble(t *testing.T) string {
	t.Helper()
	bin, err := findHubble()
	if err == nil {
		var out []byte
		out, err = exec.Command(bin, "--version").CombinedOutput()
		if err == nil && !bytes.Contains(out, []byte(hubbleVersion)) {
			err = fmt.Errorf("%s is %q, want hubble %s", bin, bytes.TrimSpace(out), hubbleVersion)
		} else if err != nil {
			err = fmt.Errorf("%s --version: %w", bin, err)
		}
	}
	if err != nil {
		if os.Getenv(kubetest.SkipEnv) == "1" {
			t.Skipf("SKIPPED (%s=1): this test needs the real hubble CLI: %v", kubetest.SkipEnv, err)
		}
		t.Fatalf("%v: run `make hubble-bin` to build it (about 2 minutes the first time), or set %s=1 to skip", err, kubetest.SkipEnv)
	}
	return bin
}

// findHubble is $TUTOR_HUBBLE_BIN, else .cache/hubble/bin/hubble in the root
// of the tutor module, found by walking up from the working directory.
func findHubble() (string, error) {
	if bin := os.Getenv(hubbleBinEnv); bin != "" {
		return filepath.Abs(bin)
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.HasPrefix(data, []byte("module github.com/tutor-run/tutor\n")) {
			bin := filepath.Join(dir, ".cache", "hubble", "bin", "hubble")
			if _, err := os.Stat(bin); err != nil {
				return "", fmt.Errorf("no hubble CLI: %w", err)
			}
			return bin, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no hubble CLI: no tutor module above the working directory; set %s", hubbleBinEnv)
		}
		dir = parent
	}
}

// observe runs `hubble observe --server addr args...` and returns its
// standard output. TZ=UTC because hubble prints times in local time, and a
// HOME of its own so no user's hubble config takes part.
func observe(t *testing.T, bin, addr string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"observe", "--server", addr}, args...)...)
	home := t.TempDir()
	cmd.Env = append(os.Environ(), "TZ=UTC", "HOME="+home, "XDG_CONFIG_HOME="+home, "NO_COLOR=1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.Bytes())
	}
	return stdout.String()
}

func lines(out string) []string {
	if out == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(out, "\n"), "\n")
}

// diffLines lists the lines that differ, "-" ours and "+" hubble's; "" when
// none do.
func diffLines(ours, theirs []string) string {
	var b strings.Builder
	for i := range max(len(ours), len(theirs)) {
		var o, h string
		if i < len(ours) {
			o = ours[i]
		}
		if i < len(theirs) {
			h = theirs[i]
		}
		if o != h || i >= len(ours) || i >= len(theirs) {
			fmt.Fprintf(&b, "line %d:\n- %q\n+ %q\n", i+1, o, h)
		}
	}
	return b.String()
}

func compactLines(flows []*flow.Flow) []string {
	var out []string
	for _, f := range flows {
		out = append(out, flowfmt.Compact(f))
	}
	return out
}

// parityFlows are the seed's flows: the denied transcript, one flow of each
// seed kind, and variations that reach the printer's other branches.
func parityFlows() []*flow.Flow {
	start := hubbletest.SeedStart()
	flows := hubbletest.DeniedScenario(start, 3)
	t := start.Add(10 * time.Second)
	for kind := hubbletest.PolicyDenied; kind <= hubbletest.WorldDenied; kind++ {
		t = t.Add(1234 * time.Millisecond)
		flows = append(flows, hubbletest.SeedFlow(kind, t, 40000+uint32(kind)))
	}
	variant := func(kind int, change func(*flow.Flow)) {
		t = t.Add(time.Second)
		f := hubbletest.SeedFlow(kind, t, 50000+uint32(len(flows)))
		change(f)
		flows = append(flows, f)
	}
	// Replies print flipped, with "<-".
	variant(hubbletest.OverlaySYN, func(f *flow.Flow) { f.IsReply = wrapperspb.Bool(true) })
	// A service's name instead of the IP. (The seed's endpoints are shared: clone.)
	variant(hubbletest.Translated, func(f *flow.Flow) {
		f.Destination = &flow.Endpoint{Identity: f.Destination.Identity, Namespace: "basics"}
		f.DestinationService = &flow.Service{Namespace: "basics", Name: "basicdeploy"}
	})
	// Policy verdicts say ALLOWED and AUDITED too.
	variant(hubbletest.PolicyDenied, func(f *flow.Flow) {
		f.Verdict, f.PolicyMatchType, f.TrafficDirection = flow.Verdict_FORWARDED, 1, flow.TrafficDirection_EGRESS
	})
	variant(hubbletest.PolicyDenied, func(f *flow.Flow) { f.Verdict = flow.Verdict_AUDIT })
	variant(hubbletest.OverlaySYN, func(f *flow.Flow) { f.AuthType = flow.AuthType_SPIRE })
	// Identity 11 is reserved (encrypted overlay), but hubble has no name for it.
	variant(hubbletest.HostTrace, func(f *flow.Flow) { f.Destination = &flow.Endpoint{Identity: 11} })
	// Terminal control characters in a summary.
	variant(hubbletest.DNSRequest, func(f *flow.Flow) { f.Summary = "DNS Query \x1b[31mgithub.com.\r A" })
	// Nothing at all: no time, no IP, no endpoints.
	return append(flows, &flow.Flow{})
}

func TestParityCompact(t *testing.T) {
	bin, flows, addr := startParity(t)
	got := lines(observe(t, bin, addr, "--last", fmt.Sprint(len(flows))))
	if diff := diffLines(compactLines(flows), got); diff != "" {
		t.Errorf("flowfmt.Compact (-) and hubble observe (+) differ:\n%s", diff)
	}
}

func TestParityFilters(t *testing.T) {
	bin, _, addr := startParity(t)
	c, err := hubble.Connect(context.Background(), hubble.Options{Server: addr})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	for _, args := range []string{
		"--from-pod default/testpod --verdict DROPPED",
		"--from-pod default/testpod --verdict DROPPED --last 2",
		"--to-pod basics/basicdeploy-65ff8695df-p58zr --type drop",
		"--pod kube-system/coredns",
		"--namespace basics --protocol udp",
		"--to-port 53",
		"--not --from-pod default/testpod",
		"--label k8s:k8s-app=kube-dns",
		"--to-fqdn github.com",
		"--verdict TRANSLATED --verdict TRACED",
		"--traffic-direction egress",
		"--first 3",
		"--since 2024-03-29T21:06:35Z --until 2024-03-29T21:06:36Z",
		"", // the default: the last 20
	} {
		t.Run(cmp.Or(args, "no filter"), func(t *testing.T) {
			o, err := hubble.ParseObserve(strings.Fields(args), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			ours, err := c.Flows(context.Background(), o.Request)
			if err != nil {
				t.Fatal(err)
			}
			got := lines(observe(t, bin, addr, strings.Fields(args)...))
			if len(got) == 0 {
				t.Errorf("hubble observe %s printed no flows: the case compares nothing", args)
			}
			if diff := diffLines(compactLines(ours), got); diff != "" {
				t.Errorf("our client (-) and hubble observe (+) differ:\n%s", diff)
			}
		})
	}
}

func TestParityJSONPB(t *testing.T) {
	bin, flows, addr := startParity(t)
	out := observe(t, bin, addr, "-o", "jsonpb", "--last", fmt.Sprint(len(flows)))
	got, err := flowfmt.ReadJSONPB(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(flows) {
		t.Fatalf("read %d flows, served %d:\n%s", len(got), len(flows), out)
	}
	for i := range flows {
		if !proto.Equal(got[i], flows[i]) {
			t.Errorf("flow %d: read %v\nserved %v", i, got[i], flows[i])
		}
	}
}
