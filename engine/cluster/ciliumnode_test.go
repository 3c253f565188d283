package cluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/cilium/cilium/api/v1/observer"
	"google.golang.org/protobuf/types/known/timestamppb"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"

	"github.com/tutor-run/tutor/engine/helm"
	"github.com/tutor-run/tutor/engine/hubble"
	"github.com/tutor-run/tutor/engine/images"
)

// TestCiliumValues: the values name the node's own places, and each says
// why it is there.
func TestCiliumValues(t *testing.T) {
	c := &Cluster{dir: "/sb", state: state{Nodes: 3, Ports: Ports{APIServer: 26443}, Node: &realNode{Name: "tutor-node-0", Slot: 3}}}
	vals := c.CiliumValues()
	got := map[string]any{}
	for _, v := range vals {
		got[v.Key] = v.Value
		if v.Why == "" && v.Key != "tunnelProtocol" && v.Key != "hubble.ui.tolerations" {
			t.Errorf("%s says not why", v.Key)
		}
	}
	for key, want := range map[string]any{
		"k8sServiceHost": "10.250.3.1", "k8sServicePort": 26443, "ipam.mode": "kubernetes",
		"cni.binPath": "/sb/node/cni-bin", "cni.confPath": "/sb/node/cni", "cgroup.hostRoot": "/run/tutor-sandbox/n3/cgroupv2",
		"image.useDigest": false, "kubeProxyReplacement": "false",
	} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	if caps, _ := got["securityContext.capabilities.ciliumAgent"].([]string); slices.Contains(caps, "SYS_RESOURCE") || !slices.Contains(caps, "BPF") {
		t.Errorf("the agent's capabilities %q", caps)
	}
	for key, want := range map[string]any{"nodeinit.enabled": false, "aksbyocni.enabled": false} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	// Hubble UI, whose images are not built, goes to a simulated node, or
	// is off when there is none.
	if _, ok := got["hubble.ui.enabled"]; ok {
		t.Errorf("one real node of three: hubble.ui.enabled is set")
	}
	if sel, _ := got["hubble.ui.nodeSelector"].(map[string]any); sel["type"] != "kwok" {
		t.Errorf("hubble.ui.nodeSelector = %v, want a simulated node", sel)
	}
	c.state.Nodes = 1
	for _, v := range c.CiliumValues() {
		if v.Key == "hubble.ui.enabled" && v.Value == false {
			return
		}
	}
	t.Errorf("a sandbox with only its real node does not turn Hubble UI off")
}

// ciliumRig is a sandbox whose real node runs Cilium's chart (the images
// made from InstallCilium's binaries, CiliumValues and the relay on), with
// a namespace demo holding the pods web (nginx, Service web), probe and
// partner (curl).
type ciliumRig struct {
	c       *Cluster
	kubectl func(args ...string) (string, error)
	// agentOK is the time from the chart's apply to the agent's `cilium
	// status --brief` OK.
	agentOK time.Duration
	// existed and bpfMounted are the host's state before, which Stop must
	// leave as it was.
	existed    map[string]bool
	bpfMounted bool
	release    func()
	stopped    bool
}

// startCilium brings a rig up, or skips tb when the machine cannot run it:
// it needs root, `make cilium-bin`, the node's binaries and the chart
// repository. It waits for the machine's Cilium lock.
func startCilium(ctx context.Context, tb testing.TB) *ciliumRig {
	tb.Helper()
	if err := CheckRealNode(); err != nil {
		tb.Skipf("no real node here: %v", err)
	}
	bin, err := DefaultCiliumBinDir()
	if err == nil {
		err = CheckCiliumBinaries(bin)
	}
	if err != nil {
		tb.Skipf("Cilium's binaries are not built (make cilium-bin): %v", err)
	}
	chart := ciliumChart(tb)
	var log bytes.Buffer
	store, err := images.Build(ctx, images.Options{Local: CiliumImages(bin), Log: &log})
	if err != nil {
		tb.Fatalf("images: %v\n%s", err, log.String())
	}
	tutor := buildTutor(tb)
	r := &ciliumRig{existed: map[string]bool{}}
	r.release, err = CiliumTurn(ctx, func() { tb.Log("waiting for another run's Cilium") })
	if err != nil {
		tb.Fatal(err)
	}
	for _, p := range ciliumHostPaths {
		_, err := os.Lstat(p)
		r.existed[p] = err == nil
	}
	r.bpfMounted = isMountOf(bpfRoot, "bpf")
	r.c, err = Start(ctx, Options{StateDir: filepath.Join(tb.TempDir(), "sb"), Nodes: 2, RealNodes: 1, Ports: &Ports{},
		ImagesDir: store.Dir(), Registry: []string{tutor, "sandbox", "registry"}})
	if err != nil {
		r.release()
		tb.Fatal(err)
	}
	tb.Cleanup(r.stop)
	vals, err := r.c.PrepareCilium(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	// The post's own values: the tour turns the relay on.
	values := map[string]any{"hubble": map[string]any{"relay": map[string]any{"enabled": true}}}
	ovs := make([]helm.Override, len(vals))
	for i, v := range vals {
		ovs[i] = helm.Override(v)
	}
	helm.Set(values, ovs)
	manifest := renderChart(tb, chart, values)
	// kubectl returns the command's standard output, and its standard
	// error in the error.
	r.kubectl = func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, filepath.Join(r.c.BinDir(), "kubectl"), args...)
		cmd.Env = append(os.Environ(), "KUBECONFIG="+r.c.Kubeconfig())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			err = fmt.Errorf("%w: %s", err, stderr.String())
		}
		return string(out), err
	}
	t0 := time.Now()
	if out, err := r.kubectl("apply", "-f", manifest); err != nil {
		tb.Fatalf("kubectl apply: %v\n%s", err, out)
	}
	if err := r.c.poll(ctx, "cilium status", 4*time.Minute, func(context.Context) error {
		out, err := r.kubectl("-n", "kube-system", "exec", "ds/cilium", "-c", "cilium-agent", "--", "cilium", "status", "--brief")
		if err != nil {
			return err
		}
		if lastLine(out) != "OK" {
			return errors.New(out)
		}
		return nil
	}); err != nil {
		out, _ := r.kubectl("-n", "kube-system", "get", "pods", "-o", "wide")
		events, _ := r.kubectl("-n", "kube-system", "get", "events")
		tb.Fatalf("the agent is not healthy: %v\n%s\n%s", err, out, events)
	}
	r.agentOK = time.Since(t0)
	tb.Logf("chart applied to `cilium status --brief` OK: %s", r.agentOK.Round(100*time.Millisecond))
	if out, err := r.kubectl("-n", "kube-system", "wait", "--for=condition=Available", "deploy/hubble-relay", "--timeout=3m"); err != nil {
		tb.Fatalf("hubble-relay: %v\n%s", err, out)
	}
	tb.Logf("chart applied to hubble-relay available: %s", time.Since(t0).Round(100*time.Millisecond))
	for _, args := range [][]string{
		{"create", "namespace", "demo"},
		{"-n", "demo", "run", "web", "--image", "nginx:1.27", "--labels", "app=web", "--port", "80"},
		{"-n", "demo", "expose", "pod", "web", "--port", "80"},
		{"-n", "demo", "run", "probe", "--image", "curlimages/curl", "--labels", "app=probe", "--command", "--", "sleep", "3600"},
		{"-n", "demo", "run", "partner", "--image", "curlimages/curl", "--labels", "app=partner", "--command", "--", "sleep", "3600"},
		{"-n", "demo", "wait", "--for=condition=Ready", "pod", "--all", "--timeout=2m"},
	} {
		if out, err := r.kubectl(args...); err != nil {
			tb.Fatalf("kubectl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return r
}

// curl is the HTTP status of a request from the pod from to web, "000"
// when it gets no answer within the seconds given.
func (r *ciliumRig) curl(from string, seconds int) string {
	out, _ := r.kubectl("-n", "demo", "exec", from, "--", "curl", "-s", "-m", fmt.Sprint(seconds), "-o", "/dev/null", "-w", "%{http_code}", "http://web")
	return lastLine(out)
}

// partnerOnly is a NetworkPolicy that lets only the partner reach web.
const partnerOnly = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: partner-only, namespace: demo}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: partner}}
`

// applyPolicy applies partnerOnly.
func (r *ciliumRig) applyPolicy(tb testing.TB) {
	tb.Helper()
	policy := filepath.Join(tb.TempDir(), "policy.yaml")
	if err := os.WriteFile(policy, []byte(partnerOnly), 0o644); err != nil {
		tb.Fatal(err)
	}
	if out, err := r.kubectl("apply", "-f", policy); err != nil {
		tb.Fatalf("kubectl apply: %v\n%s", err, out)
	}
}

// relay connects to the rig's Hubble Relay through a port-forward.
func (r *ciliumRig) relay(ctx context.Context, tb testing.TB) *hubble.Client {
	tb.Helper()
	cfg, err := r.c.RESTConfig()
	if err != nil {
		tb.Fatal(err)
	}
	client, err := hubble.Connect(ctx, hubble.Options{RESTConfig: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { client.Close() })
	return client
}

// probeDrops is the request for the probe's dropped flows to web.
func probeDrops(since time.Time) *observer.GetFlowsRequest {
	req := &observer.GetFlowsRequest{Number: 1000, Whitelist: []*flow.FlowFilter{{
		SourcePod: []string{"demo/probe"}, DestinationPod: []string{"demo/web"}, Verdict: []flow.Verdict{flow.Verdict_DROPPED}}}}
	if !since.IsZero() {
		req.Since = timestamppb.New(since)
	}
	return req
}

// stop stops the sandbox once and releases the lock.
func (r *ciliumRig) stop() {
	if r.stopped {
		return
	}
	r.stopped = true
	r.c.Stop(context.Background())
	r.release()
}

// TestCiliumAgentOnRealNode checks that Cilium's agent on the real node
// says it is healthy, that it enforces a NetworkPolicy (the probe's curl
// fails, the partner's gets through), that Hubble Relay serves the agent's
// flows, the drop among them, and that Stop leaves nothing of Cilium
// behind.
func TestCiliumAgentOnRealNode(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	r := startCilium(ctx, t)
	if got := r.curl("probe", 3); got != "200" {
		t.Fatalf("probe's curl before the policy: %q, want 200", got)
	}
	r.applyPolicy(t)
	if got := r.curl("probe", 3); got != "000" {
		t.Errorf("probe's curl under the policy: %q, want 000 (dropped)", got)
	}
	if got := r.curl("partner", 3); got != "200" {
		t.Errorf("partner's curl under the policy: %q, want 200", got)
	}
	client := r.relay(ctx, t)
	t1 := time.Now()
	flows, err := client.Flows(ctx, probeDrops(time.Time{}))
	if err != nil {
		t.Fatalf("flows from the relay: %v", err)
	}
	t.Logf("the relay answered with %d dropped flows in %s", len(flows), time.Since(t1).Round(time.Millisecond))
	if !slices.ContainsFunc(flows, func(f *flow.Flow) bool { return f.GetDropReasonDesc() == flow.DropReason_POLICY_DENIED }) {
		t.Errorf("no POLICY_DENIED drop of probe -> web among %d flows", len(flows))
	}

	netns := r.c.state.Node.netns()
	r.stop()
	// Not NodeLeftovers: other sandboxes' real nodes may run beside this one.
	if left := ciliumLeftovers(); len(left) > 0 {
		t.Errorf("Cilium's agent left: %v", left)
	}
	if _, err := os.Stat(filepath.Join("/run/netns", netns)); err == nil {
		t.Errorf("the node's network namespace %s is still there", netns)
	}
	for _, p := range ciliumHostPaths {
		if _, err := os.Lstat(p); !r.existed[p] && !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s was made for the agent and is still there", p)
		}
	}
	if isMountOf(bpfRoot, "bpf") != r.bpfMounted {
		t.Errorf("%s is mounted: %v, before the sandbox: %v", bpfRoot, !r.bpfMounted, r.bpfMounted)
	}
}

// BenchmarkCiliumOnRealNode measures Cilium on the real node, warm
// (binaries and images built), once per iteration: the chart's apply to
// the agent's `cilium status --brief` OK (agent-ok-s), a NetworkPolicy's
// apply to the first Policy denied drop the relay serves while the probe
// keeps knocking (policy-drop-s), and a flow claim's query of the relay
// (the probe's drops since the policy) (flow-query-ms, the mean of 20).
func BenchmarkCiliumOnRealNode(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	var agentOK, drop, query time.Duration
	queries := 0
	b.ResetTimer()
	for range b.N {
		r := startCilium(ctx, b)
		agentOK += r.agentOK
		client := r.relay(ctx, b)
		knock, stopKnocking := context.WithCancel(ctx)
		go func() {
			for knock.Err() == nil {
				r.curl("probe", 1)
			}
		}()
		t0 := time.Now()
		r.applyPolicy(b)
		var flows []*flow.Flow
		err := r.c.poll(ctx, "a Policy denied drop", 60*time.Second, func(ctx context.Context) error {
			var err error
			flows, err = client.Flows(ctx, probeDrops(t0))
			if err == nil && len(flows) == 0 {
				err = errors.New("no drop yet")
			}
			return err
		})
		stopKnocking()
		if err != nil {
			b.Fatal(err)
		}
		first := flows[0].GetTime().AsTime()
		for _, f := range flows[1:] {
			if t := f.GetTime().AsTime(); t.Before(first) {
				first = t
			}
		}
		drop += first.Sub(t0)
		for range 20 {
			t1 := time.Now()
			if _, err := client.Flows(ctx, probeDrops(t0)); err != nil {
				b.Fatal(err)
			}
			query += time.Since(t1)
			queries++
		}
		r.stop()
	}
	n := float64(b.N)
	b.ReportMetric(agentOK.Seconds()/n, "agent-ok-s")
	b.ReportMetric(drop.Seconds()/n, "policy-drop-s")
	b.ReportMetric(float64(query.Milliseconds())/float64(queries), "flow-query-ms")
}

// ciliumChart is the path of Cilium's chart CiliumVersion in the chart
// repository `tutor sandbox install charts` places (a checkout's
// .cache/charts/cilium first).
func ciliumChart(t testing.TB) string {
	t.Helper()
	name := "cilium-" + strings.TrimPrefix(CiliumVersion, "v") + ".tgz"
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		if root, ok := findModuleRoot(wd); ok {
			dirs = append(dirs, filepath.Join(root, ".cache", "charts", "cilium"))
		}
	}
	if d, err := DefaultChartsDir(); err == nil {
		dirs = append(dirs, d)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, name)); err == nil {
			return filepath.Join(d, name)
		}
	}
	t.Skipf("no %s in %v (tutor sandbox install charts)", name, dirs)
	return ""
}

// renderChart renders the chart at path with vals as `helm template
// cilium PATH -n kube-system` does, into a file of manifests.
func renderChart(t testing.TB, path string, vals map[string]any) string {
	t.Helper()
	ch, err := loader.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	caps := chartutil.DefaultCapabilities.Copy()
	caps.KubeVersion = chartutil.KubeVersion{Version: KubernetesVersion, Major: "1", Minor: strings.Split(KubernetesVersion, ".")[1]}
	rv, err := chartutil.ToRenderValues(ch, vals, chartutil.ReleaseOptions{Name: "cilium", Namespace: "kube-system", IsInstall: true}, caps)
	if err != nil {
		t.Fatal(err)
	}
	files, err := engine.Render(ch, rv)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(files))
	for name := range files {
		if strings.HasSuffix(name, ".yaml") && strings.TrimSpace(files[name]) != "" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		b.WriteString("---\n# " + name + "\n" + files[name] + "\n")
	}
	out := filepath.Join(t.TempDir(), "cilium.yaml")
	if err := os.WriteFile(out, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// buildTutor builds the tutor binary, which serves the node's images.
func buildTutor(t testing.TB) string {
	t.Helper()
	wd, _ := os.Getwd()
	root, ok := findModuleRoot(wd)
	if !ok {
		t.Skip("not in the tutor module")
	}
	tutor := filepath.Join(t.TempDir(), "tutor")
	build := exec.Command("go", "build", "-o", tutor, "./cmd/tutor")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build tutor for the registry: %v\n%s", err, out)
	}
	return tutor
}

// lastLine is the last line of out, trimmed.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}
