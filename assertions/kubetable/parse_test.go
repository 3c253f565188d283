package kubetable

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Table
	}{
		{"get no", getNo, []Table{{
			Columns: []string{"NAME", "STATUS", "ROLES", "AGE", "VERSION"},
			Rows: [][]string{
				{"aks-nodepool1-30325416-vmss000000", "NotReady", "agent", "20m", "v1.28.5"},
				{"aks-nodepool1-30325416-vmss000001", "NotReady", "agent", "20m", "v1.28.5"},
				{"aks-nodepool1-30325416-vmss000002", "NotReady", "agent", "19m", "v1.28.5"},
			},
			Line: 1,
		}}},
		{"get all", "\n" + getAll, []Table{
			{Kind: "pod", Columns: []string{"NAME", "READY", "STATUS", "RESTARTS", "AGE"},
				Rows: [][]string{{"pod/basicdeploy-65ff8695df-p58zr", "1/1", "Running", "0", "19h"}}, Line: 2},
			{Kind: "service", Columns: []string{"NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"},
				Rows: [][]string{{"service/basicdeploy", "LoadBalancer", "10.0.189.143", "172.171.45.48", "80:30316/TCP", "20h"}}, Line: 5},
			{Kind: "deployment.apps", Columns: []string{"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"},
				Rows: [][]string{{"deployment.apps/basicdeploy", "1/1", "1", "1", "20h"}}, Line: 8},
			{Kind: "replicaset.apps", Columns: []string{"NAME", "DESIRED", "CURRENT", "READY", "AGE"},
				Rows: [][]string{{"replicaset.apps/basicdeploy-65ff8695df", "1", "1", "1", "20h"}}, Line: 11},
		}},
		{"wide, values with spaces, two-word columns", podsWide, []Table{{
			Columns: []string{"NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"},
			Rows: [][]string{
				{"basicdeploy-65ff8695df-p58zr", "1/1", "Running", "0", "19h", "10.244.1.17", "aks-nodepool1-30325416-vmss000001", "<none>", "<none>"},
				{"testpod", "1/1", "Running", "1 (20h ago)", "20h", "10.244.0.5", "aks-nodepool1-30325416-vmss000000", "<none>", "<none>"},
			},
			Line: 1,
		}}},
		{"empty cell stays empty", "NAME    STATUS   ROLES    AGE   VERSION\nnode1   Ready             5m    v1.30.0\r\n", []Table{{
			Columns: []string{"NAME", "STATUS", "ROLES", "AGE", "VERSION"},
			Rows:    [][]string{{"node1", "Ready", "", "5m", "v1.30.0"}},
			Line:    1,
		}}},
		{"row shifted by an edited name", "NAME                                READY   STATUS    RESTARTS   AGE\nweb-1   1/1     Running   0          19h\n", []Table{{
			Columns: []string{"NAME", "READY", "STATUS", "RESTARTS", "AGE"},
			Rows:    [][]string{{"web-1", "1/1", "Running", "0", "19h"}},
			Line:    1,
		}}},
		{"last column keeps its spaces", "LAST SEEN   TYPE      REASON   OBJECT        MESSAGE\n2m          Warning   BackOff  pod/web-0     Back-off restarting  failed container\n", []Table{{
			Columns: []string{"LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"},
			Rows:    [][]string{{"2m", "Warning", "BackOff", "pod/web-0", "Back-off restarting  failed container"}},
			Line:    1,
		}}},
		{"whitespace collapsed", "NAME READY STATUS RESTARTS AGE NOMINATED NODE\npod/web-0 1/1 Running 1 (5m ago) 19h <none>\n...\n", []Table{{
			Kind:    "pod",
			Columns: []string{"NAME", "READY", "STATUS", "RESTARTS", "AGE", "NOMINATED NODE"},
			Rows:    [][]string{{"pod/web-0", "1/1", "Running", "1 (5m ago)", "19h", "<none>"}, {"...", "", "", "", "", ""}},
			Line:    1,
		}}},
		{"no-break spaces", "NAME\u00a0\u00a0\u00a0STATUS\nweb\u00a0\u00a0\u00a0\u00a0Active\n", []Table{{
			Columns: []string{"NAME", "STATUS"},
			Rows:    [][]string{{"web", "Active"}},
			Line:    1,
		}}},
		{"tabs", "NAME\tSTATUS\nweb\tActive\n", []Table{{
			Columns: []string{"NAME", "STATUS"},
			Rows:    [][]string{{"web", "Active"}},
			Line:    1,
		}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.text)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse:\n got %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestParseLabelsAndNamespaces(t *testing.T) {
	tables, err := Parse(podsAll)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tables[0].Rows[3], []string{"kube-system", "cilium-xkcdq", "1/1", "Running", "0", "20h"}; !reflect.DeepEqual(got, want) {
		t.Errorf("row 3 = %q, want %q", got, want)
	}
	labels := "NAME      READY   STATUS    RESTARTS   AGE   LABELS\nweb-abc   1/1     Running   0          1m    app=web,pod-template-hash=65ff8695df\n"
	tables, err = Parse(labels)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tables[0].Rows[0][5], "app=web,pod-template-hash=65ff8695df"; got != want {
		t.Errorf("LABELS = %q, want %q", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"empty", "\n \n", "no table"},
		{"no resources", "No resources found in basics namespace.\n", `line 1: not a table header: "No resources found in basics namespace."`},
		{"second block", getNo + "\nWarning: deprecated\n", "line 6: not a table header"},
		{"collapsed row too short", "NAME READY STATUS\nweb 1/1\n", "line 2: 2 values under 3 columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want %q", err, tt.want)
			}
		})
	}
}
