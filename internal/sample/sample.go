// Package sample makes realistic command output for tests and benchmarks:
// kubectl tables, hubble flows, cilium status and curl headers, with the
// volatile values a real cluster varies from run to run.
package sample

import (
	"fmt"
	"math/rand"
	"strings"
)

// Output returns n lines of kubectl, hubble, cilium status and curl output
// as one run prints them; runs with other seeds differ only in volatile
// values (times, ports, identities, hashes, addresses, ages, padding).
func Output(n int, seed int64) []string {
	r := rand.New(rand.NewSource(seed))
	const kube = "bcdfghjklmnpqrstvwxz2456789"
	rnd := func(k int) string {
		b := make([]byte, k)
		for i := range b {
			b[i] = kube[r.Intn(len(kube))]
		}
		return string(b)
	}
	// templateHash is how Kubernetes makes a pod-template-hash: the
	// decimal digits of a 32-bit hash mapped onto its alphabet.
	templateHash := func() string {
		b := []byte(fmt.Sprint(r.Uint32()))
		for i, c := range b {
			b[i] = kube[int(c)%len(kube)]
		}
		return string(b)
	}
	pad := strings.Repeat(" ", 1+r.Intn(4))
	out := make([]string, n)
	for i := range out {
		switch i % 6 {
		case 0, 1:
			out[i] = fmt.Sprintf("Mar %d %02d:%02d:%02d.%03d: default/testpod-%d:%d (ID:%d) -> basics/basicdeploy-%s-%s:80 (ID:%d) to-overlay FORWARDED (TCP Flags: ACK, PSH)",
				1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), r.Intn(1000), i%97, 32768+r.Intn(28000), r.Intn(65000), templateHash(), rnd(5), r.Intn(65000))
		case 2:
			out[i] = fmt.Sprintf("pod/web-%d-%s-%s%s1/1     Running   0   %s%dh   10.244.%d.%d   aks-nodepool1-30325416-vmss00000%d",
				i%89, templateHash(), rnd(5), pad, pad, r.Intn(48), r.Intn(255), r.Intn(255), i%9)
		case 3:
			out[i] = fmt.Sprintf("aks-nodepool1-30325416-vmss%06d   Ready   agent%s%dd   v1.28.5", i%1000, pad, 1+r.Intn(30))
		case 4:
			out[i] = fmt.Sprintf("Date: Fri, %02d Mar 2024 %02d:%02d:%02d GMT", 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60))
		case 5:
			out[i] = fmt.Sprintf("\x1b[32mDeployment\x1b[0m%scilium-operator    Desired: 2, Ready: \x1b[32m2/2\x1b[0m, Available: 2/2", pad)
		}
	}
	return out
}
