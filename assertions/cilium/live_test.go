package cilium

import (
	"context"
	"testing"
	"time"

	"github.com/tutor-run/tutor/engine/kube/kubetest"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestLiveCheck installs a fake Cilium (the agent DaemonSet, the operator
// and Hubble Relay, with images nobody pulls: kwok runs the pods) into the
// shared cluster's kube-system and checks that Check sees it OK.
func TestLiveCheck(t *testing.T) {
	cs := kubetest.Clientset(t)
	ctx := context.Background()
	agent := daemonSet("cilium", 0, 0, map[string]string{"helm.sh/chart": "cilium-1.14.0"})
	agent.Status = appsv1.DaemonSetStatus{}
	agent.Generation = 0
	agent.Spec.Template = template("cilium", "quay.io/cilium/cilium:v1.14.0")
	install(t, func() error {
		_, err := cs.AppsV1().DaemonSets(ns).Create(ctx, agent, metav1.CreateOptions{})
		return err
	},
		func() error { return cs.AppsV1().DaemonSets(ns).Delete(ctx, "cilium", metav1.DeleteOptions{}) })
	for _, d := range []struct {
		name, image string
		replicas    int32
	}{{"cilium-operator", "quay.io/cilium/operator-generic:v1.14.0", 2}, {"hubble-relay", "quay.io/cilium/hubble-relay:v1.14.0", 1}} {
		dep := deployment(d.name, d.replicas, 0)
		dep.Status, dep.Generation = appsv1.DeploymentStatus{}, 0
		dep.Spec.Template = template(d.name, d.image)
		install(t, func() error {
			_, err := cs.AppsV1().Deployments(ns).Create(ctx, dep, metav1.CreateOptions{})
			return err
		},
			func() error { return cs.AppsV1().Deployments(ns).Delete(ctx, d.name, metav1.DeleteOptions{}) })
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		s, err := Check(ctx, cs, "")
		if err != nil {
			t.Fatal(err)
		}
		r := Healthy(s, "hubble")
		if r.OK {
			t.Logf("%s\n%s", r.Message, Render(s))
			if s.HelmChart != "1.14.0" || len(s.Workloads) != 3 || s.Workloads[0].Desired != kubetest.Nodes {
				t.Errorf("unexpected facts:\n%s", Render(s))
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not healthy after 60s: %s\n%s", r.Message, Render(s))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// template is a pod template labelled k8s-app=app running image.
func template(app, image string) corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"k8s-app": app}},
		Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: app, Image: image}}},
	}
}

// install runs create and registers remove as the test's cleanup, so the
// shared cluster's kube-system is left without the fake Cilium.
func install(t *testing.T, create, remove func() error) {
	t.Helper()
	if err := create(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := remove(); err != nil {
			t.Error(err)
		}
	})
}
