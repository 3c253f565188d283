package assertions

import "testing"

// A faithful rerun differs in its measurements and passes; a changed claim
// beside them fails.
func TestOutputMeasurements(t *testing.T) {
	checkOutputs(t, []outputCase{
		{"ping round trip and ttl", "64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.045 ms\n", "64 bytes from 10.0.0.1: icmp_seq=1 ttl=63 time=1.233 ms\n", true},
		{"ping summary", "3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.040/0.045/0.050/0.004 ms\n",
			"3 packets transmitted, 3 received, 0% packet loss, time 2041ms\nrtt min/avg/max/mdev = 0.102/0.300/0.501/0.120 ms\n", true},
		{"packet loss is a claim", "3 packets transmitted, 3 received, 0% packet loss, time 2003ms\n",
			"3 packets transmitted, 0 received, 100% packet loss, time 2041ms\n", false},
		{"dig record ttl", "example.com.\t\t3600\tIN\tA\t93.184.216.34\n", "example.com.\t\t1791\tIN\tA\t93.184.216.34\n", true},
		{"dig record type is a claim", "example.com.\t3600\tIN\tA\t93.184.216.34\n", "example.com.\t3600\tIN\tCNAME\tother.example.\n", false},
		{"home directory", "Merged \"aks\" as current context in /home/alice/.kube/config\n", "Merged \"aks\" as current context in /root/.kube/config\n", true},
		{"subscription id", "\"id\": \"/subscriptions/0000-1111/resourceGroups/rg\",\n", "\"id\": \"/subscriptions/9999-2222/resourceGroups/rg\",\n", true},
		{"resource group is a claim", "\"id\": \"/subscriptions/0000-1111/resourceGroups/rg\",\n", "\"id\": \"/subscriptions/0000-1111/resourceGroups/other\",\n", false},
		{"curl 7 vs 8 wording of a timeout", "curl: (28) Connection timed out after 5001 milliseconds\n", "curl: (28) Failed to connect to backend port 8080 after 5002 ms: Timeout was reached\n", true},
		{"curl refused is not a timeout", "curl: (28) Connection timed out after 5001 milliseconds\n", "curl: (7) Failed to connect to backend port 8080 after 2 ms: Couldn't connect to server\n", false},
		{"byte counts", "Downloaded 12345 bytes\n", "Downloaded 12399 bytes\n", true},
	})
}
