package hubble

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/portforward"
	"k8s.io/client-go/transport/spdy"
)

// ForwardError says why a port-forward to a Service could not start.
type ForwardError struct {
	Namespace, Service string
	Err                error
}

func (e *ForwardError) Error() string {
	return fmt.Sprintf("hubble: port-forward to service %s/%s: %v", e.Namespace, e.Service, e.Err)
}

func (e *ForwardError) Unwrap() error { return e.Err }

// ErrNoPod is wrapped by a ForwardError when no Running pod backs the Service.
var ErrNoPod = errors.New("no Running pod matches the service's selector")

// PortForward forwards a free loopback port to the pod behind the Service
// namespace/service, as `kubectl port-forward svc/...` does: it resolves
// the Service's selector to a Running pod and the Service port (port, or
// the first one when port is 0) to the pod's target port, then forwards
// over SPDY. It returns "127.0.0.1:<port>" and a stop function that ends
// the forward (safe to call more than once).
func PortForward(ctx context.Context, cfg *rest.Config, namespace, service string, port int) (addr string, stop func(), err error) {
	fail := func(err error) (string, func(), error) {
		return "", nil, &ForwardError{Namespace: namespace, Service: service, Err: err}
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		return fail(err)
	}
	pod, target, err := resolveService(ctx, client, namespace, service, port)
	if err != nil {
		return fail(err)
	}
	transport, upgrader, err := spdy.RoundTripperFor(cfg)
	if err != nil {
		return fail(err)
	}
	url := client.CoreV1().RESTClient().Post().Resource("pods").
		Namespace(namespace).Name(pod.Name).SubResource("portforward").URL()
	dialer := spdy.NewDialer(upgrader, &http.Client{Transport: transport}, http.MethodPost, url)
	stopCh, readyCh := make(chan struct{}), make(chan struct{})
	fw, err := portforward.NewOnAddresses(dialer, []string{"127.0.0.1"},
		[]string{"0:" + strconv.Itoa(target)}, stopCh, readyCh, io.Discard, io.Discard)
	if err != nil {
		return fail(err)
	}
	done := make(chan error, 1)
	go func() { done <- fw.ForwardPorts() }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			close(stopCh)
			<-done
		})
	}
	select {
	case <-readyCh:
	case err := <-done:
		if err == nil {
			err = errors.New("forward ended before it was ready")
		}
		done <- err // for stop
		return fail(fmt.Errorf("pod %s: %w", pod.Name, err))
	case <-ctx.Done():
		stop()
		return fail(ctx.Err())
	}
	ports, err := fw.GetPorts()
	if err != nil || len(ports) == 0 {
		stop()
		return fail(fmt.Errorf("no local port: %v", err))
	}
	return fmt.Sprintf("127.0.0.1:%d", ports[0].Local), stop, nil
}

// resolveService finds a Running pod behind the Service and the pod port
// that the Service port targets.
func resolveService(ctx context.Context, client kubernetes.Interface, namespace, service string, port int) (*corev1.Pod, int, error) {
	svc, err := client.CoreV1().Services(namespace).Get(ctx, service, metav1.GetOptions{})
	if err != nil {
		return nil, 0, err
	}
	if len(svc.Spec.Selector) == 0 {
		return nil, 0, errors.New("the service has no selector")
	}
	sp, err := servicePort(svc, port)
	if err != nil {
		return nil, 0, err
	}
	pods, err := client.CoreV1().Pods(namespace).List(ctx, metav1.ListOptions{
		LabelSelector: labels.SelectorFromSet(svc.Spec.Selector).String(),
	})
	if err != nil {
		return nil, 0, err
	}
	pod := pickPod(pods.Items)
	if pod == nil {
		return nil, 0, ErrNoPod
	}
	target, err := targetPort(pod, sp)
	return pod, target, err
}

func servicePort(svc *corev1.Service, port int) (corev1.ServicePort, error) {
	for _, sp := range svc.Spec.Ports {
		if port == 0 || int(sp.Port) == port {
			return sp, nil
		}
	}
	if port == 0 {
		return corev1.ServicePort{}, errors.New("the service has no ports")
	}
	return corev1.ServicePort{}, fmt.Errorf("the service has no port %d", port)
}

// pickPod prefers a Ready pod, then any Running one; never a deleting pod.
func pickPod(pods []corev1.Pod) *corev1.Pod {
	var running *corev1.Pod
	for i := range pods {
		p := &pods[i]
		if p.DeletionTimestamp != nil || p.Status.Phase != corev1.PodRunning {
			continue
		}
		for _, c := range p.Status.Conditions {
			if c.Type == corev1.PodReady && c.Status == corev1.ConditionTrue {
				return p
			}
		}
		if running == nil {
			running = p
		}
	}
	return running
}

// targetPort resolves a Service port's targetPort (number, name, or unset:
// the service port itself) to a container port of pod.
func targetPort(pod *corev1.Pod, sp corev1.ServicePort) (int, error) {
	tp := sp.TargetPort
	switch {
	case tp.Type == intstr.Int && tp.IntVal == 0:
		return int(sp.Port), nil
	case tp.Type == intstr.Int:
		return int(tp.IntVal), nil
	}
	for _, c := range pod.Spec.Containers {
		for _, cp := range c.Ports {
			if cp.Name == tp.StrVal {
				return int(cp.ContainerPort), nil
			}
		}
	}
	return 0, fmt.Errorf("pod %s has no container port named %q", pod.Name, tp.StrVal)
}
