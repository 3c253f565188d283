package cluster

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/tutor-run/tutor/engine/images"
	"github.com/tutor-run/tutor/engine/internal/proc"
)

// BenchmarkRealNode measures a sandbox with a real node, warm (binaries and
// images built): how long Start takes, how long an nginx pod takes from
// create to Ready, the memory of every process of the sandbox at rest
// (control plane, node, shims and the pod), and how long Stop takes.
func BenchmarkRealNode(b *testing.B) {
	if err := CheckRealNode(); err != nil {
		b.Skipf("no real node here: %v", err)
	}
	if dir, err := images.DefaultDir(); err != nil {
		b.Skip(err)
	} else if _, err := images.Open(dir); err != nil {
		b.Skipf("no image store (make images): %v", err)
	}
	tutor := buildTutor(b)
	ctx := context.Background()
	var up, ready, down time.Duration
	var rss, pss int64
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		c, err := Start(ctx, Options{StateDir: filepath.Join(b.TempDir(), "sb"), Nodes: 2, RealNodes: 1, Ports: &Ports{},
			Registry: []string{tutor, "sandbox", "registry"}})
		if err != nil {
			b.Fatal(err)
		}
		up += time.Since(t0)
		d, err := nginxReady(ctx, c)
		if err != nil {
			c.Stop(ctx)
			b.Fatal(err)
		}
		ready += d
		time.Sleep(2 * time.Second) // at rest
		r, p := c.memory()
		rss, pss = rss+r, pss+p
		slot := c.state.Node.Slot
		t0 = time.Now()
		if err := c.Stop(ctx); err != nil {
			b.Fatal(err)
		}
		down += time.Since(t0)
		// Only this node's: another sandbox may run beside the benchmark.
		ours := regexp.MustCompile(fmt.Sprintf(`tutor-n%[1]d\b|tutorh%[1]d\b|/n%[1]d/`, slot))
		for _, l := range NodeLeftovers() {
			if ours.MatchString(l) {
				b.Errorf("the node left: %s", l)
			}
		}
	}
	n := float64(b.N)
	b.ReportMetric(up.Seconds()/n, "up-s")
	b.ReportMetric(ready.Seconds()/n, "nginx-ready-s")
	b.ReportMetric(float64(rss)/n/(1<<20), "rest-rss-MB")
	b.ReportMetric(float64(pss)/n/(1<<20), "rest-pss-MB")
	b.ReportMetric(down.Seconds()/n, "down-s")
}

// nginxReady creates an nginx pod and returns how long it took to become
// Ready.
func nginxReady(ctx context.Context, c *Cluster) (time.Duration, error) {
	client, err := c.clientset(10 * time.Second)
	if err != nil {
		return 0, err
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "web", Namespace: "default"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "nginx", Image: "nginx:1.27",
			Ports: []corev1.ContainerPort{{ContainerPort: 80}}}}},
	}
	t0 := time.Now()
	if _, err := client.CoreV1().Pods("default").Create(ctx, pod, metav1.CreateOptions{}); err != nil {
		return 0, err
	}
	err = c.poll(ctx, "nginx", 60*time.Second, func(ctx context.Context) error {
		p, err := client.CoreV1().Pods("default").Get(ctx, "web", metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, cond := range p.Status.Conditions {
			if cond.Type == corev1.PodReady && cond.Status == corev1.ConditionTrue {
				return nil
			}
		}
		return os.ErrDeadlineExceeded
	})
	return time.Since(t0), err
}

// memory is the resident memory of every process of the cluster (the
// components and what they started, the node's shims and its containers):
// the sum of their RSS, which counts pages they share (the multicall
// binary's) once per process, and of their PSS, which shares them out.
func (c *Cluster) memory() (rss, pss int64) {
	groups := map[int]bool{}
	for _, pgid := range c.groups() {
		groups[pgid] = true
	}
	pids, _ := proc.GroupsAlive(groups)
	if c.state.Node != nil {
		pids = append(pids, c.state.Node.leftoverPIDs()...)
	}
	seen := map[int]bool{}
	for _, pid := range pids {
		if seen[pid] {
			continue
		}
		seen[pid] = true
		data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/smaps_rollup")
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			field, rest, _ := strings.Cut(line, ":")
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			switch field {
			case "Rss":
				rss += kb << 10
			case "Pss":
				pss += kb << 10
			}
		}
	}
	return rss, pss
}
