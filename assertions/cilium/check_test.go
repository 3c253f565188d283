package cilium

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
	"github.com/tutor-run/tutor/assertions/ciliumstatus"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
)

const ns = "kube-system"

var update = flag.Bool("update", false, "rewrite testdata/byocni.txt")

// daemonSet is a DaemonSet whose pods are ready on ready of desired nodes.
func daemonSet(name string, desired, ready int32, labels map[string]string) *appsv1.DaemonSet {
	return &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Generation: 1, Labels: labels},
		Spec:       appsv1.DaemonSetSpec{Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"k8s-app": name}}},
		Status: appsv1.DaemonSetStatus{ObservedGeneration: 1, DesiredNumberScheduled: desired, NumberReady: ready,
			NumberAvailable: ready, NumberUnavailable: desired - ready, UpdatedNumberScheduled: desired},
	}
}

// deployment is a Deployment with ready of replicas pods ready.
func deployment(name string, replicas, ready int32) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Generation: 1},
		Spec: appsv1.DeploymentSpec{Replicas: ptr.To(replicas),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"k8s-app": name}}},
		Status: appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: replicas, ReadyReplicas: ready,
			AvailableReplicas: ready, UnavailableReplicas: replicas - ready, UpdatedReplicas: replicas},
	}
}

// pods are n pods of app in phase, running images.
func pods(app string, n int, phase corev1.PodPhase, images ...string) []runtime.Object {
	var objs []runtime.Object
	for i := range n {
		p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("%s-%d", app, i), Namespace: ns,
			Labels: map[string]string{"k8s-app": app}}, Status: corev1.PodStatus{Phase: phase}}
		p.Spec.HostNetwork = app == "cilium" || app == "cilium-operator"
		for j, img := range images {
			p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: fmt.Sprint("c", j), Image: img})
		}
		objs = append(objs, p)
	}
	return objs
}

// byocni is the seed post's BYOCNI cluster.
func byocni() []runtime.Object {
	objs := []runtime.Object{
		daemonSet("cilium", 3, 3, map[string]string{"helm.sh/chart": "cilium-1.14.0"}),
		deployment("cilium-operator", 2, 2), deployment("hubble-relay", 1, 1), deployment("hubble-ui", 1, 1),
	}
	objs = append(objs, pods("cilium", 3, corev1.PodRunning, "quay.io/cilium/cilium:v1.14.0@sha256:5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a")...)
	objs = append(objs, pods("cilium-operator", 2, corev1.PodRunning, "quay.io/cilium/operator-generic:v1.14.0")...)
	objs = append(objs, pods("hubble-relay", 1, corev1.PodRunning, "quay.io/cilium/hubble-relay:v1.14.0")...)
	objs = append(objs, pods("hubble-ui", 1, corev1.PodRunning, "quay.io/cilium/hubble-ui:v0.12.0", "quay.io/cilium/hubble-ui-backend:v0.12.0")...)
	return append(objs, pods("app", 4, corev1.PodRunning, "nginx")...)
}

// seed reads a cilium status of the seed post from ciliumstatus's testdata.
func seed(t *testing.T, name string) string {
	t.Helper()
	ar, err := txtar.ParseFile("../ciliumstatus/testdata/" + name + ".txtar")
	if err != nil {
		t.Fatal(err)
	}
	return string(ar.Files[0].Data)
}

func check(t *testing.T, objs ...runtime.Object) ciliumstatus.Status {
	t.Helper()
	s, err := Check(context.Background(), fake.NewClientset(objs...), "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckRendersTheSeed(t *testing.T) {
	s := check(t, byocni()...)
	out := Render(s)
	if *update {
		if err := os.WriteFile("testdata/byocni.txt", []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/byocni.txt")
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("Render:\n%s\nwant:\n%s", out, want)
	}
	r := ciliumstatus.Compare(seed(t, "seed-byocni"), out, ciliumstatus.Options{StrictVersions: true})
	if !r.OK || !strings.Contains(r.Message, "Cluster Pods: not judged") {
		t.Errorf("Compare with the post: %v %s\n%s", r.OK, r.Message, r.Diff)
	}
	back, err := ciliumstatus.Parse(out)
	if err != nil || !reflect.DeepEqual(back, withoutProblems(s)) {
		t.Errorf("Parse(Render(s)) = %+v, %v\nwant %+v", back, err, s)
	}
	if r := Healthy(s, "hubble"); !r.OK {
		t.Errorf("Healthy: %s", r.Message)
	}
}

func withoutProblems(s ciliumstatus.Status) ciliumstatus.Status { s.Problems = nil; return s }

func TestCheck(t *testing.T) {
	agent := daemonSet("cilium", 3, 3, nil)
	for _, tt := range []struct {
		name    string
		objs    []runtime.Object
		want    string // Facts, components and workloads only
		healthy string // Healthy(s, "hubble").Message
	}{
		{"nothing installed", nil,
			"Cilium: errors\nOperator: disabled\nEnvoy DaemonSet: disabled\nHubble Relay: disabled\nClusterMesh: disabled\n",
			"cilium not OK: Cilium: 1 errors; Hubble Relay: disabled, expected enabled and OK"},
		{"agent only", []runtime.Object{agent},
			"Cilium: OK\nOperator: disabled\nEnvoy DaemonSet: disabled\nHubble Relay: disabled\nClusterMesh: disabled\nDaemonSet cilium: all ready\n",
			"cilium not OK: Hubble Relay: disabled, expected enabled and OK"},
		{"agent not ready, relay", []runtime.Object{daemonSet("cilium", 3, 2, nil), deployment("hubble-relay", 1, 1), daemonSet("cilium-envoy", 3, 3, nil)},
			"Cilium: errors\nOperator: disabled\nEnvoy DaemonSet: OK\nHubble Relay: OK\nClusterMesh: disabled\nDaemonSet cilium: Ready 2/3, Unavailable 1/3\nDaemonSet cilium-envoy: all ready\nDeployment hubble-relay: all ready\n",
			"cilium not OK: Cilium: 2 errors; DaemonSet cilium: Desired: 3, Ready: 2/3, Available: 2/3, Unavailable: 1/3"},
		{"relay not ready", []runtime.Object{agent, deployment("hubble-relay", 1, 0)},
			"Cilium: OK\nOperator: disabled\nEnvoy DaemonSet: disabled\nHubble Relay: errors\nClusterMesh: disabled\nDaemonSet cilium: all ready\nDeployment hubble-relay: Ready 0/1, Unavailable 1/1\n",
			"cilium not OK: Hubble Relay: 2 errors; Deployment hubble-relay: Desired: 1, Unavailable: 1/1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := check(t, tt.objs...)
			s.Containers, s.Pods, s.Images = nil, nil, nil
			if got := ciliumstatus.Facts(s); got != tt.want {
				t.Errorf("facts:\n%s\nwant:\n%s", got, tt.want)
			}
			if r := Healthy(s, "hubble"); r.OK || r.Message != tt.healthy {
				t.Errorf("Healthy: %v %q\nwant %q", r.OK, r.Message, tt.healthy)
			}
		})
	}
}

func TestCheckEnvoyDisabledReason(t *testing.T) {
	s := check(t, daemonSet("cilium", 1, 1, nil))
	if st, _ := s.Component("Envoy DaemonSet"); st.String() != "disabled (using embedded mode)" {
		t.Errorf("envoy: %s", st)
	}
	if r := Healthy(s); !r.OK || r.Message != "cilium OK: Cilium OK; 1 workloads ready" {
		t.Errorf("Healthy: %v %s", r.OK, r.Message)
	}
	if r := Healthy(s, "bgp"); r.OK {
		t.Errorf("unknown component: %s", r.Message)
	}
}

func TestCheckHelmRelease(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	fmt.Fprint(zw, `{"name":"cilium","chart":{"metadata":{"name":"cilium","version":"1.14.5"}}}`)
	zw.Close()
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "sh.helm.release.v1.cilium.v2", Namespace: ns,
			Labels: map[string]string{"owner": "helm", "status": "deployed", "name": "cilium"}},
		Data: map[string][]byte{"release": []byte(base64.StdEncoding.EncodeToString(gz.Bytes()))},
	}
	if s := check(t, daemonSet("cilium", 1, 1, nil), secret); s.HelmChart != "1.14.5" {
		t.Errorf("chart version %q", s.HelmChart)
	}
}

func TestCheckPods(t *testing.T) {
	objs := append(byocni(), pods("web", 1, corev1.PodPending, "x")...)
	objs = append(objs, pods("job", 1, corev1.PodSucceeded, "x")...)
	s := check(t, objs...)
	if got := s.Pods.String(); got != "?/7 managed by Cilium" {
		t.Errorf("pods: %s", got)
	}
}
