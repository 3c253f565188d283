//go:build tools

// Package tools pins the hubble CLI (github.com/cilium/cilium/hubble) in this
// wrapper module, so build.sh can build cilium's own main package with the
// versions in go.mod and go.sum. It is never compiled (build tag tools).
package tools

import _ "github.com/cilium/cilium/hubble"
