package redact

import (
	"io"
	"strings"
	"testing"
	"time"
)

// ordinaryOutput is what tutorials print most: kubectl tables and YAML,
// cilium status, hubble flows, curl -v.
const ordinaryOutput = `NAMESPACE     NAME                                         READY   STATUS    RESTARTS   AGE   IP           NODE
kube-system   cilium-5ztqk                                 1/1     Running   0          12m   172.18.0.3   kind-worker
kube-system   cilium-operator-6d8b8c9c9f-xk2lp             1/1     Running   0          12m   172.18.0.2   kind-control-plane
kube-system   hubble-relay-7b4c8d9f5b-2m4kq                1/1     Running   0          10m   10.244.1.17  kind-worker
default       deathstar-6f87496b9d-7qkjw                   1/1     Running   0          3m    10.244.1.40  kind-worker
Image versions         cilium             quay.io/cilium/cilium:v1.15.1@sha256:18d44ad1a1d5aa7d1a8c0e6c4b8d5d1e1a5b5f2b6c8d9e0f1a2b3c4d5e6f7a8b: 2
                       hubble-relay       quay.io/cilium/hubble-relay:v1.15.1@sha256:3254aaf85064bc1567e8ce01ad634b6dd269e91858c83be99e47e685d4bb8012: 1
Feb  7 10:21:33.512: default/xwing:41324 (ID:12345) -> default/deathstar-6f87496b9d-7qkjw:80 (ID:23456) http-request DROPPED (HTTP/1.1 PUT http://deathstar.default.svc.cluster.local/v1/exhaust-port)
Feb  7 10:21:33.513: default/tiefighter:52110 (ID:34567) -> default/deathstar-6f87496b9d-7qkjw:80 (ID:23456) to-endpoint FORWARDED (TCP Flags: SYN)
> POST /v1/request-landing HTTP/1.1
> Host: deathstar.default.svc.cluster.local
< HTTP/1.1 200 OK
  - name: kube-api-access-x2k9p
    projected:
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
          - key: kubernetes.io/os
            operator: In
2b5b2d1c-7a1e-4d2a-9d1f-3c5b9a1e0f11   Succeeded   eastus   rg-tutor
`

// secretOutput holds secrets of most kinds.
const secretOutput = `> Authorization: Bearer ` + jwt + `
    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpNSUlFb3dJQkFBS0NBUUVB
  "password": "Xy8Q~abcDEF123ghiJKL456mnoPQR789stuVWX",
DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123DEF456+ghi789==;EndpointSuffix=core.windows.net
the secret is s3cr3t-value
`

// repeat returns about 10 MB of blocks, every nth of them secret.
func repeat(nth int) string {
	var b strings.Builder
	for i := 0; b.Len() < 10<<20; i++ {
		if i%nth == nth-1 {
			b.WriteString(secretOutput)
		} else {
			b.WriteString(ordinaryOutput)
		}
	}
	return b.String()
}

// benchmarkString redacts 10 MB in which every nth block holds secrets.
func benchmarkString(b *testing.B, nth int) {
	r := New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value", "MY_TOKEN=tok-9f8e7d6c", "DB_PASSWORD=pa55word!"})
	s := repeat(nth)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		r.String(s)
	}
}

// BenchmarkRedact10MB redacts typical output: secrets in one block of 50.
func BenchmarkRedact10MB(b *testing.B) { benchmarkString(b, 50) }

// BenchmarkRedact10MBDense redacts output with secrets in every other
// block, a JWT every 3 KB.
func BenchmarkRedact10MBDense(b *testing.B) { benchmarkString(b, 2) }

// podYAML is `kubectl get pod -o yaml`: a ':' every few bytes.
const podYAML = `- apiVersion: v1
  kind: Pod
  metadata:
    annotations:
      kubectl.kubernetes.io/restartedAt: "2025-02-07T10:21:33Z"
    creationTimestamp: "2025-02-07T10:21:33Z"
    labels:
      app.kubernetes.io/name: deathstar
      pod-template-hash: 6f87496b9d
    name: deathstar-6f87496b9d-7qkjw
    namespace: default
  spec:
    containers:
    - image: quay.io/cilium/starwars:v2.1@sha256:833d915ec68fca3ce83668fc5dae97c455b2134d8f23ef96586f55b894cfb1e8
      imagePullPolicy: IfNotPresent
      name: deathstar
      ports:
      - containerPort: 80
        protocol: TCP
    serviceAccountName: default
    tolerations:
    - effect: NoExecute
      key: node.kubernetes.io/not-ready
      operator: Exists
      tolerationSeconds: 300
  status:
    phase: Running
    podIP: 10.244.1.40
`

// BenchmarkRedact10MBYAML redacts 10 MB of pod YAML, the worst case for
// the key scanner, which stops at every ':'.
func BenchmarkRedact10MBYAML(b *testing.B) {
	r := New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value"})
	s := strings.Repeat(podYAML, 10<<20/len(podYAML))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		r.String(s)
	}
}

// BenchmarkWriter10MB streams typical output through a Writer in 32 KB
// writes, as a step's output arrives.
func BenchmarkWriter10MB(b *testing.B) {
	r := New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value", "MY_TOKEN=tok-9f8e7d6c"})
	s := []byte(repeat(50))
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		w := r.Writer(io.Discard)
		for i := 0; i < len(s); i += 32 << 10 {
			w.Write(s[i:min(i+32<<10, len(s))])
		}
		w.Close()
	}
}

// TestRedact10MBIsFast guards the budget of 100 ms for String on 10 MB of
// typical output, with slack for a loaded or race-instrumented machine.
func TestRedact10MBIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	r := New([]string{"AZURE_CLIENT_SECRET=s3cr3t-value"})
	s := repeat(50)
	start := time.Now()
	out := r.String(s)
	if d := time.Since(start); d > time.Second {
		t.Errorf("String on %d bytes took %v", len(s), d)
	}
	if strings.Contains(out, "s3cr3t-value") || strings.Contains(out, "abc123DEF456") {
		t.Error("a secret got through")
	}
}
