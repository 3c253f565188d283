package judge

import "testing"

func TestFor(t *testing.T) {
	aliases := map[string]string{"k": "kubectl"}
	const stalled = "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
		"                                 Dload  Upload   Total   Spent    Left  Speed\n" +
		"  0     0    0     0    0     0      0      0 --:--:--  0:00:08 --:--:--     0\n"
	tests := []struct {
		command, expected string
		want              Rule
	}{
		{"k get no", "NAME STATUS\n", KubeTable},
		{"cilium status", "Cilium: OK\n", CiliumStatus},
		{"cilium status -o json", "{}\n", Document},
		{"hubble observe --from-pod default/testpod", "x\n", HubbleFlows},
		{"k exec probe -- curl -i http://google.com", "HTTP/1.1 301 Moved Permanently\n", HTTP},
		{"k exec -n store web -- curl -i --max-time 8 http://github.com", stalled, Blocked},
		{"echo hi", "hi\n", Text},
	}
	for _, tt := range tests {
		if got := For(tt.command, tt.expected, aliases); got != tt.want {
			t.Errorf("For(%q) = %d, want %d", tt.command, got, tt.want)
		}
	}
}

func TestCompareByRule(t *testing.T) {
	res, _ := Compare(HTTP, "HTTP/1.1 301 Moved Permanently\nLocation: http://www.google.com/\n", "HTTP/1.1 200 OK\n")
	if res.OK {
		t.Error("301 against 200 passed")
	}
	res, _ = Compare(HubbleFlows,
		"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/web-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)\n",
		"Nov 25 10:00:00.000: default/testpod:51234 (ID:777) <> basics/web-7c9f8d6b5-x2x9k:80 (ID:31) Policy denied DROPPED (TCP Flags: SYN)\n")
	if !res.OK {
		t.Errorf("same flow with new times, ports, ids and hash failed: %s", res.Message)
	}
}
