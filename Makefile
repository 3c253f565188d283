# tutor's build. `make demo` runs the main job; `make test` passes the tests.
GO        ?= go
BIN       := bin/tutor
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS   := -X github.com/tutor-run/tutor/engine/versions.Version=$(VERSION)
FUZZTIME  ?= 10s

.PHONY: all build test vet fuzz demo bench clean charts rehearsal rehearsal-live ci-examples

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/tutor

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# The tests, a short fuzz run of the reader and the matchers, then the
# Cilium tour: rehearsed against its recording, then live on a real node.
test: vet charts
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz
	$(MAKE) --no-print-directory rehearsal
	$(MAKE) --no-print-directory rehearsal-live

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./engine/reader
	$(GO) test -run '^$$' -fuzz '^FuzzDirective$$' -fuzztime $(FUZZTIME) ./engine/reader
	$(GO) test -run '^$$' -fuzz '^FuzzOutput$$' -fuzztime $(FUZZTIME) ./assertions

# Build tutor, show its plan of the getting-started tutorial, run it,
# rehearse the Kubernetes 101 tutorial on a local sandbox cluster, then the
# Cilium tour against its recording.
demo: build cluster-bin
	$(BIN) plan tutorials/getting-started.md
	$(BIN) run tutorials/getting-started.md
	$(BIN) run --sandbox tutorials/kubernetes-101.md
	$(MAKE) --no-print-directory rehearsal

# The official Cilium chart repository, offline (the Go module
# github.com/cilium/charts), for the rehearsal and the helm tests.
CILIUM_CHARTS := .cache/charts/cilium
charts:
	@./hack/cilium-charts.sh >/dev/null

# The Cilium tour (tutorials/aks-cilium-101.md) judged against a recorded
# AKS run: commands come from the recording, while the Cilium 1.14.0 chart
# and the manifests go to a local sandbox through the helm SDK and client-go.
rehearsal: build cluster-bin charts
	$(BIN) run --sandbox --replay tutorials/testdata/aks-cilium-101 \
		--helm-mirror https://helm.cilium.io/=$(CILIUM_CHARTS) tutorials/aks-cilium-101.md

# The Cilium tour live, with no recording: the sandbox gets a real node,
# the post's own helm install of the Cilium 1.14.0 chart runs Cilium's agent,
# operator and Hubble Relay there (images from cilium-images, values fitted
# to the node and listed as notes), and every cluster section's claims are
# judged against them; the az sections are skipped, as --sandbox does.
# Needs root; one Cilium runs on a machine at a time.
rehearsal-live: build cluster-bin node-bin images cilium-images charts
	$(BIN) run --sandbox --real-nodes 1 --helm-mirror https://helm.cilium.io/=$(CILIUM_CHARTS) tutorials/aks-cilium-101.md

# The benchmarks, then tutor's per-step overhead side by side with plain bash.
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./...
	./hack/bench-overhead.sh $(BIN) 200 5

clean:
	rm -rf bin

# The local Kubernetes control plane's binaries (engine/cluster, `tutor sandbox`), built once
# into .cache/cluster/bin by `tutor sandbox install binaries --bin-dir .cache/cluster/bin`, the
# same build as an installed tutor's (a no-op when up to date; 10-15 min cold on 2 cores, about
# a minute with a warm Go build cache). The tests need them.
.PHONY: cluster-bin
cluster-bin:
	./tools/cluster/build.sh

test bench: cluster-bin

# The real node's binaries (engine/cluster.InstallNode: containerd, containerd-shim-runc-v2, ctr
# and coredns), built once into .cache/node/bin by `tutor sandbox install node --bin-dir
# .cache/node/bin` (a no-op when up to date). kubelet and kube-proxy are in cluster-bin; runc,
# the CNI plugins, iptables and conntrack come from Debian (.ci/run installs them).
.PHONY: node-bin
node-bin:
	./tools/cluster/build.sh node

test bench: node-bin

# Cilium v1.14.0's agent, CLI, health checker, CNI plugin, generic operator and Hubble Relay
# with the BPF sources (engine/cluster.InstallCilium), built from source once into
# .cache/cilium/bin by `tutor sandbox install cilium --bin-dir .cache/cilium/bin` (a no-op when
# up to date; 8-9 min cold on 2 cores, measured with an empty Go build cache).
.PHONY: cilium-bin
cilium-bin:
	./tools/cluster/build.sh cilium

# The images of Cilium's chart (quay.io/cilium/cilium, operator-generic, hubble-relay) made from
# cilium-bin's binaries and Debian's clang, llvm, iproute2 and iptables into the image store
# (engine/cluster.CiliumImages; about a minute cold, a no-op when current).
.PHONY: cilium-images
cilium-images: cilium-bin
	$(GO) run ./cmd/tutor sandbox images build --cilium

test bench: cilium-images

# The real hubble CLI (github.com/cilium/cilium/hubble v1.18.11) for engine/hubble's parity
# tests, built once into .cache/hubble/bin (a no-op when up to date; ~2 min cold on 2 cores).
.PHONY: hubble-bin
hubble-bin:
	./tools/hubble/build.sh

test: hubble-bin

# The CI integrations: action.yml and hack/ci/docs-workflow.yml linted by
# actionlint (a library in the tools/ci module, kept out of tutor's go.mod)
# and the action's shell steps run against a fake tutor. The Indexed Job
# example (hack/ci/indexed-job.yaml) is checked by `go test ./hack/ci`.
ci-examples:
	cd tools/ci && GOWORK=off $(GO) vet ./... && GOWORK=off $(GO) test -count=1 ./...

test: ci-examples

# The container images of the sandbox's real node (engine/images, `tutor sandbox images`):
# nginx, curlimages/curl, busybox/alpine and pause, built from Debian packages into
# $XDG_CACHE_HOME/tutor/images (a no-op when built; about half a minute cold on 2 cores).
.PHONY: images
images:
	$(GO) run ./cmd/tutor sandbox images build

test bench: images
