package netprobe

import (
	"testing"

	"github.com/tutor-run/tutor/assertions/internal/ruletest"
)

func TestDNS(t *testing.T) {
	tests := []struct {
		name, expected, actual string
		short, ok              bool
	}{
		{"short answers in another order", "10.0.0.1\n10.0.0.2\n", "10.9.9.2\n10.9.9.1\n", true, true},
		{"short answer lost", "10.0.0.1\n", "", true, false},
		{"nslookup server differs", "Server:\t\t10.0.0.10\nAddress:\t10.0.0.10#53\n\nName:\tweb.shop.svc.cluster.local\nAddress: 10.0.12.7\n",
			"Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tweb.shop.svc.cluster.local\nAddress: 10.96.3.3\n", false, true},
		{"nslookup name gone", "Name:\tweb.shop.svc.cluster.local\nAddress: 10.0.12.7\n", "** server can't find web.shop.svc.cluster.local: NXDOMAIN\n", false, false},
		{"busybox cannot resolve", "Name:\tweb\nAddress 1: 10.0.12.7\n", "nslookup: can't resolve 'web'\n", false, false},
		{"cname target changed", "www.example.com. 300 IN CNAME web.example.com.\n", "www.example.com. 20 IN CNAME cdn.example.net.\n", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DNS(tt.expected, tt.actual, tt.short); got.OK != tt.ok {
				t.Errorf("OK = %v, want %v: %s", got.OK, tt.ok, got.Message)
			}
		})
	}
}

func TestPing(t *testing.T) {
	reply := "PING web (10.0.0.5) 56(84) bytes of data.\n64 bytes from 10.0.0.5: icmp_seq=1 ttl=64 time=0.05 ms\n"
	ruletest.Run(t, Ping, []ruletest.Case{
		{Name: "more replies before Ctrl-C", Expected: reply, Actual: reply + "64 bytes from 10.0.0.5: icmp_seq=2 ttl=64 time=0.09 ms\n", OK: true},
		{Name: "no reply", Expected: reply, Actual: "PING web (10.0.0.5) 56(84) bytes of data.\nFrom 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n", OK: false},
		{Name: "unknown host", Expected: reply, Actual: "ping: web: Name or service not known\n", OK: false},
		{Name: "other target", Expected: reply, Actual: "PING db (10.0.0.6) 56(84) bytes of data.\n64 bytes from 10.0.0.6: icmp_seq=1 ttl=64 time=0.05 ms\n", OK: false},
	})
}
