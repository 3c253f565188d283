// Package ci holds tutor's CI examples (the docs workflow and the Indexed
// Job); its tests check the Indexed Job, against a local API server. The
// GitHub Actions side is checked by the tools/ci module (actionlint).
package ci

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

// The cluster test (TestIndexedJobServerDryRun) shares kubetest's local
// control plane, as the other packages' cluster tests do.
func TestMain(m *testing.M) { os.Exit(kubetest.Main(m)) }

const jobFile = "indexed-job.yaml"

// loadJob strictly decodes indexed-job.yaml's documents (an unknown field
// is an error) and returns its Job.
func loadJob(t *testing.T) *batchv1.Job {
	t.Helper()
	f, err := os.Open(jobFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	decoder := serializer.NewCodecFactory(scheme.Scheme, serializer.EnableStrict).UniversalDeserializer()
	docs := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var jobs []*batchv1.Job
	for {
		doc, err := docs.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		obj, _, err := decoder.Decode(doc, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", jobFile, err)
		}
		if job, ok := obj.(*batchv1.Job); ok {
			jobs = append(jobs, job)
		}
	}
	if len(jobs) != 1 {
		t.Fatalf("%s holds %d Jobs, want 1", jobFile, len(jobs))
	}
	return jobs[0]
}

// tutorContainer is the Job's container named tutor.
func tutorContainer(t *testing.T, job *batchv1.Job) corev1.Container {
	t.Helper()
	cs := job.Spec.Template.Spec.Containers
	i := slices.IndexFunc(cs, func(c corev1.Container) bool { return c.Name == "tutor" })
	if i < 0 {
		t.Fatalf("the Job has no container named tutor")
	}
	return cs[i]
}

// shards is the container's TUTOR_SHARDS.
func shards(t *testing.T, c corev1.Container) int {
	t.Helper()
	for _, e := range c.Env {
		if e.Name == "TUTOR_SHARDS" {
			n, err := strconv.Atoi(e.Value)
			if err != nil {
				t.Fatalf("TUTOR_SHARDS %q: %v", e.Value, err)
			}
			return n
		}
	}
	t.Fatalf("the tutor container sets no TUTOR_SHARDS")
	return 0
}

// The settings that make the Job one pod per shard, retried per shard.
func TestIndexedJobShape(t *testing.T) {
	job := loadJob(t)
	spec := job.Spec
	c := tutorContainer(t, job)
	n := shards(t, c)
	if spec.CompletionMode == nil || *spec.CompletionMode != batchv1.IndexedCompletion {
		t.Errorf("completionMode %v, want Indexed", spec.CompletionMode)
	}
	if spec.Completions == nil || spec.Parallelism == nil || *spec.Completions != int32(n) || *spec.Parallelism != int32(n) {
		t.Errorf("completions %v, parallelism %v, TUTOR_SHARDS %d: want all equal", spec.Completions, spec.Parallelism, n)
	}
	if spec.BackoffLimitPerIndex == nil {
		t.Errorf("backoffLimitPerIndex is not set: a failed shard would use up the whole Job's retries")
	}
	if got := spec.Template.Spec.RestartPolicy; got != corev1.RestartPolicyNever {
		t.Errorf("restartPolicy %q, want Never (backoffLimitPerIndex and podFailurePolicy need it)", got)
	}
	// Exit 1 and 2 fail the index at once; 3 (environment) is retried.
	var failIndex []int32
	if p := spec.PodFailurePolicy; p != nil {
		for _, r := range p.Rules {
			if r.Action == batchv1.PodFailurePolicyActionFailIndex && r.OnExitCodes != nil && r.OnExitCodes.Operator == batchv1.PodFailurePolicyOnExitCodesOpIn {
				failIndex = append(failIndex, r.OnExitCodes.Values...)
			}
		}
	}
	if !slices.Equal(failIndex, []int32{1, 2}) {
		t.Errorf("podFailurePolicy fails the index on exit codes %v, want [1 2]", failIndex)
	}
	// The docs the init container clones are the tutor container's
	// working directory, on a volume both mount.
	inits := spec.Template.Spec.InitContainers
	if len(inits) != 1 {
		t.Fatalf("%d init containers, want 1 (the checkout)", len(inits))
	}
	dest := inits[0].Args[len(inits[0].Args)-1]
	if dest != c.WorkingDir {
		t.Errorf("the checkout clones into %q, the tutor container works in %q", dest, c.WorkingDir)
	}
	if mountOf(inits[0], dest) == "" || mountOf(inits[0], dest) != mountOf(c, c.WorkingDir) {
		t.Errorf("%s is on volume %q in the checkout and %q in tutor: want one shared volume", dest, mountOf(inits[0], dest), mountOf(c, c.WorkingDir))
	}
}

// mountOf is the volume c mounts at or above path.
func mountOf(c corev1.Container, path string) string {
	for _, m := range c.VolumeMounts {
		if path == m.MountPath || strings.HasPrefix(path, strings.TrimSuffix(m.MountPath, "/")+"/") {
			return m.Name
		}
	}
	return ""
}

// The container's shell turns the 0-based JOB_COMPLETION_INDEX into
// tutor's 1-based --shard I/N: run with each index and a fake tutor.
func TestIndexedJobCommand(t *testing.T) {
	c := tutorContainer(t, loadJob(t))
	if len(c.Command) != 3 || c.Command[0] != "sh" || c.Command[1] != "-c" {
		t.Fatalf("command %q, want sh -c SCRIPT", c.Command)
	}
	script := c.Command[2]
	if out, err := exec.Command("sh", "-n", "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("sh -n: %v\n%s", err, out)
	}
	bin := t.TempDir()
	fake := "#!/bin/sh\nprintf '%s\\n' \"$*\"\n"
	if err := os.WriteFile(filepath.Join(bin, "tutor"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	n := shards(t, c)
	for i := range n {
		cmd := exec.Command("sh", "-c", script)
		cmd.Env = []string{"PATH=" + bin + ":/usr/bin:/bin", "JOB_COMPLETION_INDEX=" + strconv.Itoa(i), "TUTOR_SHARDS=" + strconv.Itoa(n)}
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("index %d: %v\n%s", i, err, out)
		}
		shard := strconv.Itoa(i + 1)
		want := "run --keep-going --sandbox --shard " + shard + "/" + strconv.Itoa(n) + " --report-dir /reports/shard-" + shard + " docs/\n"
		if got := string(out); got != want {
			t.Errorf("index %d runs:\n%q\nwant:\n%q", i, got, want)
		}
	}
}

// A real API server (v1.37) accepts the file, keeps the Job's fields (a
// field behind a disabled feature gate would be dropped), and the dry run
// creates nothing.
func TestIndexedJobServerDryRun(t *testing.T) {
	c := kubetest.Cluster(t)
	client := kubetest.Clientset(t)
	ns := kubetest.Namespace(t, client)
	cmd := exec.Command(filepath.Join(c.BinDir(), "kubectl"), "--kubeconfig", c.Kubeconfig(),
		"apply", "--dry-run=server", "--validate=strict", "-n", ns, "-f", jobFile, "-o", "json")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kubectl apply --dry-run=server: %v\n%s", err, stderr.String())
	}
	var list struct {
		Kind  string            `json:"kind"`
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(out, &list); err != nil || list.Kind != "List" {
		t.Fatalf("kubectl printed kind %q (%v), want a List:\n%s", list.Kind, err, out)
	}
	var kinds []string
	var accepted *batchv1.Job
	for _, item := range list.Items {
		obj, _, err := scheme.Codecs.UniversalDeserializer().Decode(item, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, obj.GetObjectKind().GroupVersionKind().Kind)
		if j, ok := obj.(*batchv1.Job); ok {
			accepted = j
		}
	}
	if want := []string{"PersistentVolumeClaim", "Job"}; !slices.Equal(kinds, want) {
		t.Fatalf("the server accepted %v, want %v", kinds, want)
	}
	want := loadJob(t).Spec
	got := accepted.Spec
	for _, f := range []struct {
		name      string
		got, want any
	}{
		{"completionMode", deref(got.CompletionMode), deref(want.CompletionMode)},
		{"completions", deref(got.Completions), deref(want.Completions)},
		{"parallelism", deref(got.Parallelism), deref(want.Parallelism)},
		{"backoffLimitPerIndex", deref(got.BackoffLimitPerIndex), deref(want.BackoffLimitPerIndex)},
		{"maxFailedIndexes", deref(got.MaxFailedIndexes), deref(want.MaxFailedIndexes)},
		{"podFailurePolicy rules", len(rules(got.PodFailurePolicy)), len(rules(want.PodFailurePolicy))},
	} {
		if f.got != f.want {
			t.Errorf("the server's %s is %v, the file's %v", f.name, f.got, f.want)
		}
	}
	_, err = client.BatchV1().Jobs(ns).Get(context.Background(), accepted.Name, metav1.GetOptions{})
	if !apierrors.IsNotFound(err) {
		t.Errorf("after a dry run, getting the Job: %v, want NotFound", err)
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func rules(p *batchv1.PodFailurePolicy) []batchv1.PodFailurePolicyRule {
	if p == nil {
		return nil
	}
	return p.Rules
}
