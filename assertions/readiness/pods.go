package readiness

import (
	"fmt"
	"strings"

	"github.com/tutor-run/tutor/assertions"
	corev1 "k8s.io/api/core/v1"
)

// PodReady checks that a pod's Ready condition is True. When it is not, the
// message gives the phase and what holds the pod back: the failing
// conditions (an unschedulable pod's PodScheduled message) and waiting or
// terminated containers.
func PodReady(pod *corev1.Pod) assertions.Result {
	name := describe("pod", pod.Namespace, pod.Name)
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
			return pass("%s: Ready", name)
		}
	}
	phase := string(pod.Status.Phase)
	if phase == "" {
		phase = "no status yet"
	}
	return fail("%s: not Ready, %s%s", name, phase, joinReasons(podReasons(pod)))
}

// podReasons lists why a pod is not Ready, most telling first.
func podReasons(pod *corev1.Pod) []string {
	var parts []string
	if pod.DeletionTimestamp != nil {
		parts = append(parts, "being deleted")
	}
	if pod.Status.Reason != "" || pod.Status.Message != "" {
		parts = append(parts, reasonMessage(pod.Status.Reason, pod.Status.Message))
	}
	for _, c := range pod.Status.Conditions {
		if c.Status != corev1.ConditionTrue && (c.Reason != "" || c.Message != "") {
			parts = append(parts, condition(string(c.Type), string(c.Status), c.Reason, c.Message))
		}
	}
	statuses := append(append([]corev1.ContainerStatus{}, pod.Status.InitContainerStatuses...), pod.Status.ContainerStatuses...)
	for _, cs := range statuses {
		switch {
		case cs.State.Waiting != nil && cs.State.Waiting.Reason != "":
			parts = append(parts, fmt.Sprintf("container %s waiting: %s", cs.Name, reasonMessage(cs.State.Waiting.Reason, cs.State.Waiting.Message)))
		case cs.State.Terminated != nil && cs.State.Terminated.ExitCode != 0:
			t := cs.State.Terminated
			parts = append(parts, fmt.Sprintf("container %s exited %d: %s", cs.Name, t.ExitCode, reasonMessage(t.Reason, t.Message)))
		}
	}
	return parts
}

// reasonMessage joins a reason and a message, either of which may be
// empty.
func reasonMessage(reason, message string) string {
	switch {
	case message == "":
		return reason
	case reason == "":
		return message
	}
	return reason + " (" + message + ")"
}

// ServiceHasIngress checks that a Service of type LoadBalancer has been
// given an address: status.loadBalancer.ingress is not empty.
func ServiceHasIngress(svc *corev1.Service) assertions.Result {
	name := describe("service", svc.Namespace, svc.Name)
	if svc.Spec.Type != corev1.ServiceTypeLoadBalancer {
		t := string(svc.Spec.Type)
		if t == "" {
			t = string(corev1.ServiceTypeClusterIP)
		}
		return fail("%s: type %s, not LoadBalancer, gets no ingress", name, t)
	}
	var addrs []string
	for _, in := range svc.Status.LoadBalancer.Ingress {
		switch {
		case in.IP != "":
			addrs = append(addrs, in.IP)
		case in.Hostname != "":
			addrs = append(addrs, in.Hostname)
		}
	}
	if len(svc.Status.LoadBalancer.Ingress) == 0 {
		var why []string
		for _, c := range svc.Status.Conditions {
			if c.Status != "True" {
				why = append(why, condition(c.Type, string(c.Status), c.Reason, c.Message))
			}
		}
		return fail("%s: no LoadBalancer ingress yet (EXTERNAL-IP <pending>)%s", name, joinReasons(why))
	}
	if len(addrs) == 0 {
		return pass("%s: LoadBalancer ingress without address", name)
	}
	return pass("%s: LoadBalancer ingress %s", name, strings.Join(addrs, ", "))
}
