# tutor's build. `make demo` runs the main job; `make test` passes the tests.
GO        ?= go
BIN       := bin/tutor
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo devel)
LDFLAGS   := -X github.com/tutor-run/tutor/engine/runner.Version=$(VERSION)
FUZZTIME  ?= 10s

.PHONY: all build test vet fuzz demo bench clean

all: build

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/tutor

vet:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# The tests, then a short fuzz run of the reader and the matchers.
test: vet
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory fuzz

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) ./engine/reader
	$(GO) test -run '^$$' -fuzz '^FuzzOutput$$' -fuzztime $(FUZZTIME) ./assertions

# Build tutor, show its plan of the getting-started tutorial, and run it.
demo: build
	$(BIN) plan tutorials/getting-started.md
	$(BIN) run tutorials/getting-started.md

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
