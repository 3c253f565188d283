package reader

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/goldentest"
)

// bigPost builds a post of about size bytes shaped like the seed: sections
// of prose, transcripts with pasted kubectl and hubble output, manifests
// and directives.
func bigPost(size int) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: big\nlayout: post\n---\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "## Section %d\n\nSome prose about the cluster, with a [link](https://example.com) and `code`.\n\n", i)
		b.WriteString("<!-- tutor: timeout 30s -->\n```bash\nuser@host:~$ k get no\nNAME                                STATUS   ROLES   AGE   VERSION\n")
		for n := 0; n < 20; n++ {
			fmt.Fprintf(&b, "aks-nodepool1-30325416-vmss%06d   Ready    agent   20m   v1.28.5\n", n)
		}
		b.WriteString("user@host:~$ hubble observe --from-pod default/testpod\n")
		for n := 0; n < 20; n++ {
			b.WriteString("Mar 29 22:50:56.889: default/testpod:58834 (ID:9727) -> kube-system/coredns-789789675-79xnk:53 (ID:41216) to-proxy FORWARDED (UDP)\n")
		}
		b.WriteString("```\n\n```yaml\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n```\n\n")
	}
	return []byte(b.String())
}

// BenchmarkRead10MB reads and plans a 10 MB post (target: < 300 ms).
func BenchmarkRead10MB(b *testing.B) {
	src := bigPost(10 << 20)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read("big.md", src); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanCorpus reads and plans every labelled third-party post on
// this machine (../shared/corpus, and .cache/corpus-extra when present).
func BenchmarkPlanCorpus(b *testing.B) {
	_, paths := corpusPosts(b)
	if len(paths) == 0 {
		b.Skip("no corpus on this machine (../shared/corpus)")
	}
	var srcs [][]byte
	size := 0
	for name, p := range paths {
		src := goldentest.ReadFile(b, p)
		if _, err := Read(name, src); err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, src)
		size += len(src)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, src := range srcs {
			if _, err := Read("post.md", src); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(srcs)), "posts")
}
