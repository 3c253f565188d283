package readiness

import (
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestPodReady(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "testpod", Namespace: "default"}
	tests := []struct {
		name    string
		status  corev1.PodStatus
		ok      bool
		message string
	}{
		{"ready", corev1.PodStatus{Phase: corev1.PodRunning, Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionTrue}}},
			true, "pod default/testpod: Ready"},
		{"unschedulable", corev1.PodStatus{Phase: corev1.PodPending, Conditions: []corev1.PodCondition{
			{Type: corev1.PodScheduled, Status: corev1.ConditionFalse, Reason: "Unschedulable", Message: "0/3 nodes are available: 3 node(s) had untolerated taint."}}},
			false, "pod default/testpod: not Ready, Pending; PodScheduled=False (Unschedulable: 0/3 nodes are available: 3 node(s) had untolerated taint.)"},
		{"image pull", corev1.PodStatus{Phase: corev1.PodPending,
			Conditions:        []corev1.PodCondition{{Type: corev1.PodReady, Status: corev1.ConditionFalse, Reason: "ContainersNotReady", Message: "containers with unready status: [curl]"}},
			ContainerStatuses: []corev1.ContainerStatus{{Name: "curl", State: corev1.ContainerState{Waiting: &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: `Back-off pulling image "curlimages/curl"`}}}}},
			false, `pod default/testpod: not Ready, Pending; Ready=False (ContainersNotReady: containers with unready status: [curl]); container curl waiting: ImagePullBackOff (Back-off pulling image "curlimages/curl")`},
		{"crashed", corev1.PodStatus{Phase: corev1.PodRunning,
			ContainerStatuses: []corev1.ContainerStatus{{Name: "app", State: corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{ExitCode: 137, Reason: "OOMKilled"}}}}},
			false, "pod default/testpod: not Ready, Running; container app exited 137: OOMKilled"},
		{"evicted", corev1.PodStatus{Phase: corev1.PodFailed, Reason: "Evicted", Message: "The node was low on resource: memory."},
			false, "pod default/testpod: not Ready, Failed; Evicted (The node was low on resource: memory.)"},
		{"succeeded", corev1.PodStatus{Phase: corev1.PodSucceeded}, false, "pod default/testpod: not Ready, Succeeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := PodReady(&corev1.Pod{ObjectMeta: meta, Status: tt.status})
			if r.OK != tt.ok || r.Message != tt.message {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
		})
	}
}

func TestServiceHasIngress(t *testing.T) {
	meta := metav1.ObjectMeta{Name: "basicdeploy", Namespace: "basics"}
	lb := corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}
	tests := []struct {
		name    string
		svc     corev1.Service
		ok      bool
		message string
	}{
		{"ip", corev1.Service{ObjectMeta: meta, Spec: lb, Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{
			Ingress: []corev1.LoadBalancerIngress{{IP: "172.171.45.48"}}}}}, true, "service basics/basicdeploy: LoadBalancer ingress 172.171.45.48"},
		{"hostname", corev1.Service{ObjectMeta: meta, Spec: lb, Status: corev1.ServiceStatus{LoadBalancer: corev1.LoadBalancerStatus{
			Ingress: []corev1.LoadBalancerIngress{{Hostname: "a.elb.example.com"}}}}}, true, "service basics/basicdeploy: LoadBalancer ingress a.elb.example.com"},
		{"pending", corev1.Service{ObjectMeta: meta, Spec: lb}, false, "service basics/basicdeploy: no LoadBalancer ingress yet (EXTERNAL-IP <pending>)"},
		{"pending with condition", corev1.Service{ObjectMeta: meta, Spec: lb, Status: corev1.ServiceStatus{Conditions: []metav1.Condition{
			{Type: "LoadBalancerProvisioned", Status: metav1.ConditionFalse, Reason: "SyncFailed", Message: "quota exceeded"}}}},
			false, "service basics/basicdeploy: no LoadBalancer ingress yet (EXTERNAL-IP <pending>); LoadBalancerProvisioned=False (SyncFailed: quota exceeded)"},
		{"cluster ip", corev1.Service{ObjectMeta: meta}, false, "service basics/basicdeploy: type ClusterIP, not LoadBalancer, gets no ingress"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ServiceHasIngress(&tt.svc)
			if r.OK != tt.ok || r.Message != tt.message {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
		})
	}
}
