// Package ci checks tutor's CI integrations: the composite GitHub Action
// (action.yml at the repository root) and the example docs workflow
// (hack/ci/docs-workflow.yml). Its tests lint both with actionlint, used as a
// library, and run the action's shell steps against a fake tutor.
//
// It is a module of its own, like tools/cluster and tools/hubble, so that
// actionlint and its dependencies stay out of the go.mod that
// `go install github.com/tutor-run/tutor/cmd/tutor@VERSION` resolves.
// `make test` runs `cd tools/ci && go test ./...`.
package ci
