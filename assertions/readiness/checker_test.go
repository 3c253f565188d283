package readiness

import (
	"github.com/tutor-run/tutor/engine/model"

	"context"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	dynamicfake "k8s.io/client-go/dynamic/fake"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/kubernetes/scheme"
)

func TestChecker(t *testing.T) {
	objs := []runtime.Object{
		&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n0"}, Status: corev1.NodeStatus{Conditions: []corev1.NodeCondition{readyCond}}},
		&corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: "n1"}},
		&appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: "basicdeploy", Namespace: "basics", Generation: 1},
			Status: appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 1, UpdatedReplicas: 1, AvailableReplicas: 1}},
		&corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "testpod", Namespace: "tutorial"},
			Status: corev1.PodStatus{Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}}},
		&corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "basicdeploy", Namespace: "basics"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}},
	}
	typed := fake.NewClientset(objs...)
	dyn := dynamicfake.NewSimpleDynamicClient(scheme.Scheme, objs...)
	tests := []struct {
		claim   string
		ok      bool
		message string
	}{
		{"nodes ready", false, "1 of 2 nodes Ready; NotReady: n1 (no Ready condition: the node has never reported)"},
		{"nodes ready 1", true, "1 of 2 nodes Ready"},
		{"nodes notready 1", true, "1 of 2 nodes NotReady: n1 (no Ready condition: the node has never reported)"},
		{"rollout deployment/basicdeploy -n basics", true, "deployment basics/basicdeploy: 1 of 1 replicas available"},
		{"rollout deployment/missing -n basics", false, "deployment basics/missing not found"},
		{"pod ready testpod", true, "pod tutorial/testpod: Ready"},
		{"pod ready testpod -n default", false, "pod default/testpod not found"},
		{"service basicdeploy -n basics has-ingress", false, "service basics/basicdeploy: no LoadBalancer ingress yet (EXTERNAL-IP <pending>)"},
	}
	checkers := map[string]Checker{
		"dynamic": {Client: typed, Dynamic: dyn, Namespace: "tutorial"},
		"typed":   {Client: typed, Namespace: "tutorial"},
	}
	for name, c := range checkers {
		for _, tt := range tests {
			t.Run(name+"/"+tt.claim, func(t *testing.T) {
				claim, err := model.ParseClusterClaim(strings.Fields(tt.claim))
				if err != nil {
					t.Fatal(err)
				}
				r := c.Check(context.Background(), claim)
				if r.OK != tt.ok || r.Message != tt.message {
					t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
				}
			})
		}
	}
}

func TestCheckerDefaultNamespace(t *testing.T) {
	c := Checker{Client: fake.NewClientset()}
	r := c.Check(context.Background(), model.ClusterClaim{What: model.ClaimPodReady, Name: "p"})
	if r.Message != "pod default/p not found" {
		t.Errorf("got %q", r.Message)
	}
}
