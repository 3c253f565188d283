package normalize

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// benchOutput returns n lines of mixed kubectl, hubble, cilium and curl
// output with values that vary from line to line.
func benchOutput(n int) string {
	r := rand.New(rand.NewSource(1))
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
	var b strings.Builder
	for i := 0; i < n; i++ {
		switch i % 5 {
		case 0, 1:
			fmt.Fprintf(&b, "Mar %d %02d:%02d:%02d.%03d: default/testpod-%s:%d (ID:%d) -> basics/basicdeploy-%s-%s:80 (ID:%d) to-overlay FORWARDED (TCP Flags: ACK, PSH)\n",
				1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60), r.Intn(1000), rnd(5), 32768+r.Intn(28000), r.Intn(65000), templateHash(), rnd(5), r.Intn(65000))
		case 2:
			fmt.Fprintf(&b, "pod/basicdeploy-%s-%s   1/1     Running   0          %dh   10.244.%d.%d   aks-nodepool1-30325416-vmss00000%d\n",
				templateHash(), rnd(5), r.Intn(48), r.Intn(255), r.Intn(255), r.Intn(9))
		case 3:
			fmt.Fprintf(&b, "Date: Fri, %02d Mar 2024 %02d:%02d:%02d GMT\n", 1+r.Intn(28), r.Intn(24), r.Intn(60), r.Intn(60))
		case 4:
			fmt.Fprintf(&b, "\x1b[32mDeployment\x1b[0m             cilium-operator    Desired: 2, Ready: \x1b[32m2/2\x1b[0m, Available: 2/2\n")
		}
	}
	return b.String()
}

func BenchmarkNormalize100k(b *testing.B) {
	in := benchOutput(100000)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Text(in)
	}
}
