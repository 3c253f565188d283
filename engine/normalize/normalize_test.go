package normalize

import (
	"strings"
	"testing"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Timestamps.
		{"stamp milli (hubble)",
			"Mar 29 22:50:56.889: default/testpod (ID:2615) <> 172.21.0.4 (host) pre-xlate-rev TRACED (UDP)",
			"<TIME>: default/testpod (ID:<ID>) <> <IP> (host) pre-xlate-rev TRACED (UDP)"},
		{"stamp (syslog, padded day)", "Jan  2 15:04:05 node1 kubelet[812]: ok", "<TIME> node1 kubelet[812]: ok"},
		{"rfc3339", "time=2024-03-29T18:00:00Z level=info", "time=<TIME> level=info"},
		{"rfc3339 nano with offset", `"ts": "2024-03-29T18:00:00.123456789+02:00",`, `"ts": "<TIME>",`},
		{"rfc3339 without zone", "created 2024-03-29T18:00:00 ok", "created <TIME> ok"},
		{"rfc1123 http date", "Date: Fri, 29 Mar 2024 22:50:49 GMT", "Date: <TIME>"},
		{"rfc1123z", "Start Time: Fri, 29 Mar 2024 18:00:00 +0200", "Start Time: <TIME>"},
		{"common log format", `10.251.1.1 - - [06/Dec/2026:04:12:09 +0000] "GET / HTTP/1.1" 200 284`, `<IP> - - [<TIME>] "GET / HTTP/1.1" 200 284`},
		{"common log format without zone", "[06/Dec/2026:04:12:09]", "[<TIME>]"},
		{"a path with a month is no time", "/srv/06/Dec/2026:x", "/srv/06/Dec/2026:x"},
		{"date default", "Thu Nov 26 01:31:15 UTC 2026", "<TIME>"},
		{"ansic", "Mon Jan  2 15:04:05 2006", "<TIME>"},
		{"ruby date", "Mon Jan 02 15:04:05 -0700 2006", "<TIME>"},
		{"jekyll date", "date:   2024-03-29 18:00:00 +0200", "date: <TIME>"},
		{"go time string", "at 2024-03-29 18:00:00.5 +0000 UTC done", "at <TIME> done"},
		{"plain clock", "started 22:50:56 ok", "started <TIME> ok"},
		{"clock with fraction", "22:50:56.889 ready", "<TIME> ready"},
		{"log level is not a zone", "Mar 29 22:50:56 INFO up", "<TIME> INFO up"},
		// Ages.
		{"kubectl age", "aks-nodepool1-30325416-vmss000000   NotReady   agent   20m   v1.28.5",
			"aks-nodepool1-30325416-vmss000000 NotReady agent <AGE> v1.28.5"},
		{"compound ages", "a 5m12s b 3d4h c 10s d 250ms e 1.5s f 19h", "a <AGE> b <AGE> c <AGE> d <AGE> e <AGE> f <AGE>"},
		{"invalid age", "pod/x   0/1   Pending   0   <invalid>", "pod/x 0/1 Pending 0 <AGE>"},
		{"restarts ago", "pod/x 1/1 Running 3 (5m ago) 2d", "pod/x 1/1 Running 3 (<AGE> ago) <AGE>"},
		// Hashes.
		{"pod name", "pod/basicdeploy-65ff8695df-p58zr   1/1     Running   0          19h",
			"pod/basicdeploy-<HASH>-<HASH> 1/1 Running 0 <AGE>"},
		{"replicaset", "replicaset.apps/basicdeploy-65ff8695df   1         1         1       20h",
			"replicaset.apps/basicdeploy-<HASH> 1 1 1 <AGE>"},
		{"all-digit hash", "kube-system/coredns-789789675-79xnk:53", "kube-system/coredns-<HASH>-<HASH>:53"},
		{"digitless suffix after a hash", "web-5d4f8c7b9-xkcdq", "web-<HASH>-<HASH>"},
		{"digitless template hash", "pod/web-ccccdfddf-5k2xq", "pod/web-<HASH>-<HASH>"},
		{"daemonset pod", "cilium-x7k2p 1/1 Running", "cilium-<HASH> 1/1 Running"},
		// Addresses and ports.
		{"service row", "service/basicdeploy   LoadBalancer   10.0.189.143   172.171.45.48   80:30316/TCP   20h",
			"service/basicdeploy LoadBalancer <IP> <IP> 80:<PORT>/TCP <AGE>"},
		{"ip with port", "<> 140.82.114.3:80 (world)", "<> <IP>:80 (world)"},
		{"ip with ephemeral port", "from 10.0.0.12:48740", "from <IP>:<PORT>"},
		{"cidr", "podCIDR 10.244.0.0/16", "podCIDR <IP>/16"},
		{"ip after colon", `"ip":"10.244.1.7", endpoint:10.0.0.1:443`, `"ip":"<IP>", endpoint:<IP>:443`},
		{"ipv6", "addr fe80::1ff:fe23:4567:890a and 2001:db8::1.", "addr <IP> and <IP>."},
		{"bracketed ipv6 with port", "[fd00::10:5]:4240 ok", "<IP>:4240 ok"},
		{"ipv6 ephemeral port", "[::1]:51234", "<IP>:<PORT>"},
		{"pod ephemeral port", "default/testpod:48740 (ID:2615)", "default/testpod:<PORT> (ID:<ID>)"},
		// Digests, UUIDs, tokens.
		{"image digest", "quay.io/cilium/cilium:v1.14.0@sha256:5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a: 3",
			"quay.io/cilium/cilium:v1.14.0@sha256:<DIGEST>: 3"},
		{"container id", "containerd://5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a",
			"containerd://<DIGEST>"},
		{"uuid", "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg", "/subscriptions/<UUID>/resourceGroups/rg"},
		{"guid upper case", "id: 3F2504E0-4F89-11D3-9A0C-0305E82C3301", "id: <UUID>"},
		{"csp nonce", "script-src 'nonce-sV5c5Sjw7ddtkiSm6Ojijg' 'strict-dynamic'", "script-src 'nonce-<TOKEN>' 'strict-dynamic'"},
		// Terminal noise.
		{"ansi colours", "\x1b[36m \\__\x1b[31m/¯¯\\\x1b[32m__/\x1b[0m    Operator:           \x1b[32mOK\x1b[0m",
			" \\__/¯¯\\__/ Operator: OK"},
		{"progress overwrite", "  0     0 \r 50   100 \rdone", "done"},
		{"crlf", "HTTP/1.1 301 Moved Permanently\r", "HTTP/1.1 301 Moved Permanently"},
		{"backspace", "ab\bc", "ac"},
		{"osc hyperlink", "\x1b]8;;http://x\x07link\x1b]8;;\x07", "link"},
		{"curl progress meter", "100   219  100   219    0     0   5456      0 --:--:-- --:--:-- --:--:--  5475", "<PROGRESS>"},
		{"curl stalled meter", "  0     0    0     0    0     0      0      0 --:--:--  0:00:08 --:--:--     0", "<PROGRESS>"},
		{"spacing", "  a\t\tb   c   ", " a b c"},
		// Placeholders stay as they are.
		{"placeholders", "<TIME>: ns/web-<HASH>-<HASH>:<PORT> (ID:<ID>) -> <IP>:80 <AGE> sha256:<DIGEST> <UUID> <TOKEN>",
			"<TIME>: ns/web-<HASH>-<HASH>:<PORT> (ID:<ID>) -> <IP>:80 <AGE> sha256:<DIGEST> <UUID> <TOKEN>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Line(tt.in), tt.want; got != want {
				t.Errorf("Line(%q)\n got %q\nwant %q", tt.in, got, want)
			}
		})
	}
}

// TestLineKeeps lists values that look volatile in part but are not, or
// that only count as whole tokens.
func TestLineKeeps(t *testing.T) {
	tests := []struct{ name, in string }{
		{"node names", "aks-nodepool1-30325416-vmss000000 Ready agent v1.28.5"},
		{"words after dash", "cilium-operator hubble-relay kube-proxy --from-pod x-https"},
		{"age inside words", "nginx:1.25 k8s x86-64 ubuntu-22.04 foo20m 20minutes 20m/s"},
		{"versions", "v1.28.5 cilium:1.13.10-1 0.1.0-3127877da2a229fb171bf4c5d84fcaf9aa8584c3"},
		{"well-known ports", "80/TCP :53 :443 :8080 :10250 127.0.0.1x"},
		{"counts and codes", "1/1 0/1 3/3 HTTP/1.1 301 Moved 200 OK Content-Length: 219"},
		{"not an ip", "1.2.3.4.5 999.1.1.1 v1.2.3.4"},
		{"not a time", "00:11:22:33:44:55 12:99:00 80:30"},
		{"identifiers", "CiliumNetworkPolicy Ipv6NativeRoutingCidr ConfigMapList"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Line(tt.in), tt.in; got != want {
				t.Errorf("Line(%q) = %q, want it unchanged", tt.in, got)
			}
		})
	}
}

// TestTolerance: pairs of lines from two runs that differ only in what
// legitimately varies normalize to the same text.
func TestTolerance(t *testing.T) {
	tests := []struct{ name, a, b string }{
		{"kubectl spacing and age",
			"aks-nodepool1-30325416-vmss000002   Ready   agent   19m   v1.28.5",
			"aks-nodepool1-30325416-vmss000002 Ready agent 3d4h v1.28.5"},
		{"pod hash and ip",
			"basicdeploy-65ff8695df-p58zr   1/1   Running   0   19h   10.244.1.7   aks-nodepool1-30325416-vmss000000",
			"basicdeploy-7c9d8f6b54-zq4wx   1/1   Running   0   5s    10.244.2.19  aks-nodepool1-30325416-vmss000000"},
		{"hubble flow",
			"Mar 29 21:06:33.831: default/testpod:48740 (ID:2615) <> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) Policy denied DROPPED (TCP Flags: SYN)",
			"Nov 26 01:31:15.002: default/testpod:51872 (ID:40112) <> basics/basicdeploy-7c9d8f6b54-zq4wx:80 (ID:118) Policy denied DROPPED (TCP Flags: SYN)"},
		{"nodeport", "80:30316/TCP", "80:31877/TCP"},
		{"http date", "Date: Fri, 29 Mar 2024 22:50:49 GMT", "Date: Thu, 26 Nov 2026 01:31:15 GMT"},
		{"cilium status colours",
			"Cilium:             OK",
			"Cilium:   \x1b[32mOK\x1b[0m"},
		{"image digest",
			"cilium quay.io/cilium/cilium:v1.14.0@sha256:5a94b561f4651fcfd85970a50bc78b201cfbd6e2ab1a03848eab25a82832653a: 3",
			"cilium quay.io/cilium/cilium:v1.14.0@sha256:1c876cfa1d5e35bc91e1025c9314f922041592a88b03313c22c1f97a5d2ba88f: 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Line(tt.b), Line(tt.a); got != want {
				t.Errorf("normalized lines differ:\n%q\n%q", want, got)
			}
		})
	}
}

// TestDetection: what matters still differs after normalization.
func TestDetection(t *testing.T) {
	tests := []struct{ name, a, b string }{
		{"ready", "aks-nodepool1-30325416-vmss000000 Ready agent 20m v1.28.5",
			"aks-nodepool1-30325416-vmss000000 NotReady agent 20m v1.28.5"},
		{"cilium health", "Cilium:             OK", "Cilium:             1 errors"},
		{"verdict", "Mar 29 22:11:59.762: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay FORWARDED (TCP Flags: SYN)",
			"Mar 29 22:11:59.762: default/testpod:55722 (ID:2615) -> basics/basicdeploy-65ff8695df-p58zr:80 (ID:9727) to-overlay DROPPED (TCP Flags: SYN)"},
		{"http status", "HTTP/1.1 301 Moved Permanently", "HTTP/1.1 200 OK"},
		{"readiness count", "pod/basicdeploy-65ff8695df-p58zr 1/1 Running 0 19h", "pod/basicdeploy-65ff8695df-p58zr 0/1 Running 0 19h"},
		{"pod status", "pod/basicdeploy-65ff8695df-p58zr 1/1 Running 0 19h", "pod/basicdeploy-65ff8695df-p58zr 1/1 CrashLoopBackOff 0 19h"},
		{"node prefix", "aks-nodepool1-30325416-vmss000000 Ready", "aks-userpool1-30325416-vmss000000 Ready"},
		{"namespace", "kube-system/coredns-789789675-79xnk:53", "default/coredns-789789675-79xnk:53"},
		{"deployment name", "pod/basicdeploy-65ff8695df-p58zr", "pod/otherdeploy-65ff8695df-p58zr"},
		{"well-known port", "basics/basicdeploy-65ff8695df-p58zr:80", "basics/basicdeploy-65ff8695df-p58zr:8080"},
		{"restarts", "pod/x 1/1 Running 0 19h", "pod/x 1/1 Running 4 (2m ago) 19h"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if a, b := Line(tt.a), Line(tt.b); a == b {
				t.Errorf("both lines normalize to %q", a)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"lines kept", "a   b\n\n  \nc  ", "a b\n\n\nc"},
		{"trailing newline kept", "a\nb\n", "a\nb\n"},
		{"crlf", "NAME   READY\r\nweb   1/1\r\n", "NAME READY\nweb 1/1\n"},
		{"progress meter rewrites", "  % Total\n\r  0  0\r100   219  100   219    0     0   5456      0 --:--:-- --:--:-- --:--:--  5475\nHTTP/1.1 200 OK",
			" % Total\n<PROGRESS>\nHTTP/1.1 200 OK"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := Text(tt.in), tt.want; got != want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}

// TestIdempotent: normalized text normalizes to itself, so an expected
// output may hold placeholders.
func TestIdempotent(t *testing.T) {
	in := strings.Join([]string{
		"Mar 29 22:50:56.889: basics/basicdeploy-65ff8695df-p58zr:58834 (ID:9727) -> kube-system/coredns-789789675-79xnk:53 (ID:41216) to-proxy FORWARDED (UDP)",
		"service/basicdeploy   LoadBalancer   10.0.189.143   172.171.45.48   80:30316/TCP   20h",
		"Date: Fri, 29 Mar 2024 22:50:49 GMT",
		"\x1b[32mOK\x1b[0m 1.2.3.4:45678 [::1]:51234 3F2504E0-4F89-11D3-9A0C-0305E82C3301",
	}, "\n")
	once := Text(in)
	if got, want := Text(once), once; got != want {
		t.Errorf("Text is not idempotent:\n%q\n%q", want, got)
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"Mar 29 22:50:56.889: default/testpod:48740 (ID:2615) <> 172.21.0.4 (host)",
		"pod/basicdeploy-65ff8695df-p58zr   1/1   Running   0   19h",
		"Date: Fri, 29 Mar 2024 22:50:49 GMT\r\n[fe80::1]:8080 \x1b[32mOK\x1b[0m",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := Text(s)
		if strings.Count(once, "\n") != strings.Count(s, "\n") {
			t.Fatalf("Text(%q) = %q changed the number of lines", s, once)
		}
		_ = Line(s)
	})
}
