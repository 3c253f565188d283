package readiness

import (
	"testing"

	"github.com/tutor-run/tutor/assertions"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/utils/ptr"
)

// toUnstructured converts a typed object and sets its kind.
func toUnstructured(t *testing.T, obj runtime.Object, kind string) *unstructured.Unstructured {
	t.Helper()
	fields, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{Object: fields}
	group := "apps/v1"
	if kind == "Pod" || kind == "Service" || kind == "ConfigMap" {
		group = "v1"
	}
	u.SetAPIVersion(group)
	u.SetKind(kind)
	return u
}

// objectCase is an object of kind and what a check must say of it.
type objectCase struct {
	name    string
	obj     runtime.Object
	kind    string
	ok      bool
	message string
}

// checkObjects runs check on each case's object, as the dynamic client
// returns it, and compares the verdict and the message.
func checkObjects(t *testing.T, check func(*unstructured.Unstructured) assertions.Result, cases []objectCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			r := check(toUnstructured(t, tt.obj, tt.kind))
			if r.OK != tt.ok || r.Message != tt.message {
				t.Errorf("got %v %q\nwant %v %q", r.OK, r.Message, tt.ok, tt.message)
			}
		})
	}
}

func deployment(gen int64, replicas *int32, st appsv1.DeploymentStatus) *appsv1.Deployment {
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: "basicdeploy", Namespace: "basics", Generation: gen},
		Spec:       appsv1.DeploymentSpec{Replicas: replicas},
		Status:     st,
	}
}

func TestRolloutComplete(t *testing.T) {
	stuck := appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 1, UpdatedReplicas: 1, Conditions: []appsv1.DeploymentCondition{
		{Type: appsv1.DeploymentProgressing, Status: corev1.ConditionFalse, Reason: "ProgressDeadlineExceeded", Message: `ReplicaSet "basicdeploy-65ff" has timed out progressing.`},
		{Type: appsv1.DeploymentAvailable, Status: corev1.ConditionFalse, Reason: "MinimumReplicasUnavailable"},
	}}
	checkObjects(t, RolloutComplete, []objectCase{
		{"deployment fresh", deployment(1, nil, appsv1.DeploymentStatus{}), "Deployment", false,
			"deployment basics/basicdeploy: the controller has not yet seen generation 1"},
		{"deployment unavailable", deployment(1, ptr.To[int32](1), appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 1, UpdatedReplicas: 1}), "Deployment", false,
			"deployment basics/basicdeploy: 0 of 1 replicas available"},
		{"deployment updating", deployment(2, ptr.To[int32](3), appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 3, UpdatedReplicas: 1, AvailableReplicas: 3}), "Deployment", false,
			"deployment basics/basicdeploy: 1 of 3 replicas updated"},
		{"deployment old pods", deployment(2, ptr.To[int32](3), appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 4, UpdatedReplicas: 3, AvailableReplicas: 3}), "Deployment", false,
			"deployment basics/basicdeploy: 1 old replicas pending termination"},
		{"deployment stuck", deployment(1, nil, stuck), "Deployment", false,
			`deployment basics/basicdeploy: 0 of 1 replicas available; Progressing=False (ProgressDeadlineExceeded: ReplicaSet "basicdeploy-65ff" has timed out progressing.)`},
		{"deployment complete", deployment(2, ptr.To[int32](3), appsv1.DeploymentStatus{ObservedGeneration: 2, Replicas: 3, UpdatedReplicas: 3, AvailableReplicas: 3}), "Deployment", true,
			"deployment basics/basicdeploy: 3 of 3 replicas available"},
		{"deployment scaled to zero", deployment(1, ptr.To[int32](0), appsv1.DeploymentStatus{ObservedGeneration: 1}), "Deployment", true,
			"deployment basics/basicdeploy: 0 of 0 replicas available"},
		{"daemonset unavailable", &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "cilium", Namespace: "kube-system", Generation: 1},
			Status: appsv1.DaemonSetStatus{ObservedGeneration: 1, DesiredNumberScheduled: 2, UpdatedNumberScheduled: 2, NumberAvailable: 1}}, "DaemonSet", false,
			"daemonset kube-system/cilium: 1 of 2 pods available"},
		{"daemonset updating", &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "cilium", Namespace: "kube-system", Generation: 1},
			Status: appsv1.DaemonSetStatus{ObservedGeneration: 1, DesiredNumberScheduled: 2, UpdatedNumberScheduled: 0, NumberAvailable: 2}}, "DaemonSet", false,
			"daemonset kube-system/cilium: 0 of 2 pods updated"},
		{"daemonset complete", &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "cilium", Namespace: "kube-system", Generation: 3},
			Status: appsv1.DaemonSetStatus{ObservedGeneration: 3, DesiredNumberScheduled: 2, UpdatedNumberScheduled: 2, NumberAvailable: 2}}, "DaemonSet", true,
			"daemonset kube-system/cilium: 2 of 2 pods available"},
		{"daemonset on delete", &appsv1.DaemonSet{ObjectMeta: metav1.ObjectMeta{Name: "cilium", Namespace: "kube-system", Generation: 3},
			Spec: appsv1.DaemonSetSpec{UpdateStrategy: appsv1.DaemonSetUpdateStrategy{Type: appsv1.OnDeleteDaemonSetStrategyType}}}, "DaemonSet", true,
			"daemonset kube-system/cilium: update strategy OnDelete, nothing to wait for"},
		{"statefulset not ready", &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "data", Generation: 1}, Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](3)},
			Status: appsv1.StatefulSetStatus{ObservedGeneration: 1, ReadyReplicas: 2}}, "StatefulSet", false,
			"statefulset data/db: 2 of 3 replicas ready"},
		{"statefulset revision", &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "data", Generation: 2}, Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](3)},
			Status: appsv1.StatefulSetStatus{ObservedGeneration: 2, ReadyReplicas: 3, UpdatedReplicas: 1, CurrentRevision: "db-1", UpdateRevision: "db-2"}}, "StatefulSet", false,
			"statefulset data/db: 1 of 3 replicas updated to revision db-2"},
		{"statefulset partition", &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "data", Generation: 2},
			Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](3), UpdateStrategy: appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType,
				RollingUpdate: &appsv1.RollingUpdateStatefulSetStrategy{Partition: ptr.To[int32](2)}}},
			Status: appsv1.StatefulSetStatus{ObservedGeneration: 2, ReadyReplicas: 3, UpdatedReplicas: 1, CurrentRevision: "db-1", UpdateRevision: "db-2"}}, "StatefulSet", true,
			"statefulset data/db: 3 of 3 replicas ready (partition 2)"},
		{"statefulset complete", &appsv1.StatefulSet{ObjectMeta: metav1.ObjectMeta{Name: "db", Namespace: "data", Generation: 2}, Spec: appsv1.StatefulSetSpec{Replicas: ptr.To[int32](3)},
			Status: appsv1.StatefulSetStatus{ObservedGeneration: 2, ReadyReplicas: 3, UpdatedReplicas: 3, CurrentRevision: "db-2", UpdateRevision: "db-2"}}, "StatefulSet", true,
			"statefulset data/db: 3 of 3 replicas ready"},
		{"no rollout", &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "d"}}, "ConfigMap", false,
			"configmap d/c: a ConfigMap has no rollout (want a Deployment, DaemonSet or StatefulSet)"},
	})
}

func TestReadyDispatches(t *testing.T) {
	checkObjects(t, Ready, []objectCase{
		{"deployment", deployment(1, nil, appsv1.DeploymentStatus{ObservedGeneration: 1, Replicas: 1, UpdatedReplicas: 1}), "Deployment", false,
			"deployment basics/basicdeploy: 0 of 1 replicas available"},
		{"pod", &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", Namespace: "n"}}, "Pod", false, "pod n/p: not Ready, no status yet"},
		{"cluster ip service", &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "n"}}, "Service", true, "service n/s: exists"},
		{"lb service", &corev1.Service{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "n"}, Spec: corev1.ServiceSpec{Type: corev1.ServiceTypeLoadBalancer}}, "Service", false,
			"service n/s: no LoadBalancer ingress yet (EXTERNAL-IP <pending>)"},
		{"configmap", &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "c", Namespace: "n"}}, "ConfigMap", true, "configmap n/c: exists"},
	})
}
