package runner

import (
	"reflect"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

func TestGeneratedNames(t *testing.T) {
	tests := []struct {
		cmd  string
		want []nameRef
	}{
		{"k exec -n basics basicdeploy-65ff8695df-p58zr -- curl -i http://google.com", []nameRef{{"basics", "basicdeploy-65ff8695df-p58zr"}}},
		{"hubble observe --to-pod basics/basicdeploy-65ff8695df-p58zr --from-pod default/testpod", []nameRef{{"basics", "basicdeploy-65ff8695df-p58zr"}}},
		{"k logs pod/coredns-789789675-79xnk -n kube-system", []nameRef{{"kube-system", "coredns-789789675-79xnk"}}},
		{"k get no", nil},
		{"k exec testpod -- curl http://10.0.189.143", nil},
	}
	for _, tt := range tests {
		if got := generatedNames(tt.cmd); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("generatedNames(%q) = %v, want %v", tt.cmd, got, tt.want)
		}
	}
}

func TestMatchPod(t *testing.T) {
	pod := func(name string, phase corev1.PodPhase) corev1.Pod {
		return corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name}, Status: corev1.PodStatus{Phase: phase}}
	}
	pods := []corev1.Pod{
		pod("basicdeploy-7c9d5d6f4b-zzzzz", corev1.PodPending),
		pod("basicdeploy-7c9d5d6f4b-k2x7p", corev1.PodRunning),
		pod("other-7c9d5d6f4b-k2x7p", corev1.PodRunning),
	}
	if got, want := matchPod(pods, "basicdeploy-65ff8695df-p58zr"), "basicdeploy-7c9d5d6f4b-k2x7p"; got != want {
		t.Errorf("matchPod = %q, want %q", got, want)
	}
	if got := matchPod(pods, "basicdeploy-7c9d5d6f4b-zzzzz"); got != "" {
		t.Errorf("a live name must not be rebound, got %q", got)
	}
	if got := matchPod(pods, "absent-65ff8695df-p58zr"); got != "" {
		t.Errorf("no pod with that prefix, got %q", got)
	}
}
