package reader

import (
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/model"
)

func TestIsCommandLine(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"kubectl get pods -A", true},
		{"k get no", true},
		{"sudo apt-mark unhold kubeadm", true},
		{"export NAME=web", true},
		{"NAME=web ./run.sh", true},
		{"./configure --prefix=/usr", true},
		{"/usr/local/bin/tool --version", true},
		{"mytool --flag value", true},
		{"mytool sub --flag", true},
		{"long-running-server &", true},
		{"Cilium hubble ui", true},
		{"hubble() {", true},
		{"NAME      READY   STATUS    RESTARTS   AGE", false},
		{"web-0     1/1     Running   0          3m", false},
		{"pod/web created", false},
		{"deployment.apps/web configured", false},
		{"Server:    10.0.0.10", false},
		{"cilium image (default): v1.14.4", false},
		{"Helm chart version:", false},
		{"command terminated with exit code 28", false},
		{"stern pod-query [flags]", false},
		{"# a comment", false},
		{"kind is a tool for running local clusters", false},
		{"hello world", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := isCommandLine(tt.line); got != tt.want {
			t.Errorf("isCommandLine(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
	if !isCommandLineIn("pebble ping", map[string]bool{"pebble": true}) {
		t.Error("a tool the post runs, with a subcommand, is a command")
	}
	if isCommandLineIn("pebble 1.8.0", map[string]bool{"pebble": true}) {
		t.Error("a tool's name and a version is what it prints")
	}
}

func TestLooksLikeOutput(t *testing.T) {
	tests := []struct {
		line string
		want bool
	}{
		{"NAME   READY", true},
		{"Error from server (NotFound): pods \"x\" not found", true},
		{"{\"a\": 1}", true},
		{"12:00:01 started", true},
		{"✓ Ensuring node image", true},
		{"mytool ping", false},
		{"./run.sh", false},
		{"MY_VAR=1 tool", false},
	}
	for _, tt := range tests {
		if got := looksLikeOutput(tt.line); got != tt.want {
			t.Errorf("looksLikeOutput(%q) = %v, want %v", tt.line, got, tt.want)
		}
	}
}

func TestClassifyHazard(t *testing.T) {
	tests := []struct {
		cmd  string
		want hazard
	}{
		{"kubectl port-forward svc/web 8080:80", hazardServer},
		{"kubectl -n demo port-forward pod/web 8080:80", hazardServer},
		{"kubectl port-forward svc/web 8080:80 &", hazardNone},
		{"k get pods -w", hazardFollow},
		{"kubectl get pods --watch", hazardFollow},
		{"kubectl logs -f web", hazardFollow},
		{"kubectl logs web", hazardNone},
		{"hubble observe --follow", hazardFollow},
		{"hubble observe --last 10", hazardNone},
		{"tail -f /var/log/syslog", hazardFollow},
		{"ping example.com", hazardFollow},
		{"ping -c 3 example.com", hazardNone},
		{"watch kubectl get pods", hazardFollow},
		{"minikube tunnel", hazardServer},
		{"kubectl exec -it web -- sh", hazardShell},
		{"kubectl exec -ti web -- /bin/bash", hazardShell},
		{"kubectl exec web -- cat /etc/hosts", hazardNone},
		{"kubectl exec -it web -- cat /etc/hosts", hazardNone},
		{"kubectl run -it --rm tmp --image=busybox -- sh", hazardRunShell},
		{"kubectl run -it --rm load --image=busybox -- /bin/sh -c \"while true; do wget -q -O- http://web; done\"", hazardInteractive},
		{"kubectl edit configmap coredns", hazardInteractive},
		{"vi values.yaml", hazardInteractive},
		{"az login", hazardInteractive},
		{"az login --service-principal -u x -p y --tenant z", hazardNone},
		{"ssh-keygen -t ed25519", hazardInteractive},
		{"ssh-keygen -t ed25519 -N '' -f key", hazardNone},
		{"redis-cli -p 7000", hazardInteractive},
		{"redis-cli -p 7000 ping", hazardNone},
		{"docker run -it ubuntu bash", hazardInteractive},
		{"docker run -d nginx", hazardNone},
		{"read -p 'continue?' answer", hazardInteractive},
	}
	for _, tt := range tests {
		if got, why := classifyHazard(tt.cmd, map[string]string{"k": "kubectl"}); got != tt.want {
			t.Errorf("classifyHazard(%q) = %v (%s), want %v", tt.cmd, got, why, tt.want)
		}
	}
}

func TestShellVia(t *testing.T) {
	if got, want := shellVia("kubectl exec -it web -n demo -- /bin/sh", nil), "kubectl exec web -n demo -- /bin/sh -c"; got != want {
		t.Errorf("shellVia = %q, want %q", got, want)
	}
}

func TestFindPlaceholders(t *testing.T) {
	tests := []struct {
		cmd  string
		want []model.Placeholder
	}{
		{"kubectl logs <pod-name>", []model.Placeholder{{Text: "<pod-name>", Name: "pod-name"}}},
		{"curl https://<EXTERNAL-IP>:<NODE-PORT>", []model.Placeholder{{Text: "<EXTERNAL-IP>", Name: "EXTERNAL-IP"}, {Text: "<NODE-PORT>", Name: "NODE-PORT"}}},
		{`curl -LO https://dl/{{< param "version" >}}/x`, []model.Placeholder{{Text: `{{< param "version" >}}`, Name: "version"}}},
		{"cat <<EOF > x.yaml", nil},
		{"diff <(sort a) <(sort b)", nil},
		{"sort < input.txt", nil},
	}
	for _, tt := range tests {
		got := findPlaceholders(tt.cmd)
		if len(got) != len(tt.want) {
			t.Errorf("findPlaceholders(%q) = %v, want %v", tt.cmd, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("findPlaceholders(%q)[%d] = %v, want %v", tt.cmd, i, got[i], tt.want[i])
			}
		}
	}
}

func TestCues(t *testing.T) {
	outputs := []struct {
		prose string
		want  bool
	}{
		{"The output is similar to:", true},
		{"Output:", true},
		{"You should see something like this:", true},
		{"which produces the following output", true},
		{"Confirm the pod is Running. For example:", true},
		{"Then create a pod using this file and verify its status:", false},
		{"Errors such as the following indicate a problem:", false},
		{"You can enable the UI as well:", false},
	}
	for _, tt := range outputs {
		if got := readCue(tt.prose).output(); got != tt.want {
			t.Errorf("output cue %q = %v, want %v", tt.prose, got, tt.want)
		}
	}
	files := []struct{ prose, want string }{
		{"Create a file named `app.yaml` with the following content:", "app.yaml"},
		{"Save this as values.yaml:", "values.yaml"},
		{"Start by creating a `kind.config` file as described in the docs:", "kind.config"},
		{"Create the deployment:", ""},
		{"Copy the output from the previous command.", ""},
	}
	for _, tt := range files {
		if got := readCue(tt.prose).file; got != tt.want {
			t.Errorf("file cue %q = %q, want %q", tt.prose, got, tt.want)
		}
	}
}

// A tool's configuration file looks like a manifest but is not applied.
func TestConfigFileIsNotApplied(t *testing.T) {
	post := "# Config\n\n```yaml\nkind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nnodes:\n- role: control-plane\n```\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n```\n"
	tut, err := Read("post.md", []byte(post))
	if err != nil {
		t.Fatal(err)
	}
	steps := tut.Steps()
	if len(steps) != 2 || steps[0].Runs() || !steps[1].Runs() {
		t.Fatalf("want the kind config shown and the Namespace applied, got %+v %+v", steps[0], steps[1])
	}
	if want := "a configuration file read by kind (apiVersion kind.x-k8s.io/v1alpha4)"; !strings.HasPrefix(steps[0].Skip, want) {
		t.Errorf("skip = %q, want it to start with %q", steps[0].Skip, want)
	}
}

func TestRunShellPod(t *testing.T) {
	p := runShellPod("kubectl run -it --rm dns-test -n demo --image=busybox:1.36 --restart=Never -- sh", nil)
	if got, want := p.start, "kubectl run dns-test -n demo --image=busybox:1.36 --restart=Never -- sleep 3600 && kubectl wait --for=condition=Ready pod/dns-test -n demo --timeout=120s"; got != want {
		t.Errorf("start = %q, want %q", got, want)
	}
	if got, want := p.via, "kubectl exec dns-test -n demo -- sh -c"; got != want {
		t.Errorf("via = %q, want %q", got, want)
	}
	if got, want := p.stop, "kubectl delete pod dns-test -n demo --wait=false"; got != want {
		t.Errorf("stop = %q, want %q", got, want)
	}
	if p := runShellPod("kubectl run -it tmp --image=alpine -- sh", nil); p.stop != "" {
		t.Errorf("without --rm the pod stays, got stop %q", p.stop)
	}
}
