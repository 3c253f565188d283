#!/usr/bin/env bash
# build.sh - build the real hubble CLI once, for the parity tests of engine/hubble.
#
#   tools/hubble/build.sh   build $ROOT/.cache/hubble/bin/hubble unless already built
#
# The CLI is cilium's own main package (github.com/cilium/cilium/hubble), built in this
# wrapper module because `go install ...@v1.18.11` refuses cilium's replace directives.
# go.mod keeps cilium's replaces except k8s.io/apimachinery => github.com/cilium/apimachinery
# (the proxy refuses that zip; upstream apimachinery serves the CLI). Needs only the Go
# module proxy. Cold: ~2 min on 2 cores.
set -euo pipefail

HUBBLE_VERSION=v1.18.11   # github.com/cilium/cilium; keep in step with go.mod
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${TUTOR_HUBBLE_BIN_DIR:-$ROOT/.cache/hubble/bin}
# -mod=mod: a fresh machine fetches what go.sum lists (go.sum is committed, so the
# versions are fixed; a missing line is added rather than failing). No VCS stamp: the
# binary must not depend on the state of the work tree.
export GOWORK=off GOFLAGS="-mod=mod -buildvcs=false"
cd "$HERE"

T0=$(date +%s)
log() { echo "[hubble-bin +$(($(date +%s) - T0))s] $*" >&2; }

# stamp identifies a build: the version plus the wrapper's sources and this script.
stamp() {
  echo "hubble=$HUBBLE_VERSION src=$(cat tools.go go.mod go.sum build.sh | sha256sum | cut -c1-16)"
}

built() {
  [[ "$(cat "$BIN/VERSIONS" 2>/dev/null)" == "$(stamp)" && -x $BIN/hubble ]]
}

build() {
  rm -f "$BIN/VERSIONS"
  local pkg=github.com/cilium/cilium/hubble/pkg
  log "building hubble $HUBBLE_VERSION; cold: ~2 min on 2 cores"
  go build -trimpath -ldflags "-s -w -X $pkg.Version=$HUBBLE_VERSION" \
    -o "$BIN/hubble.tmp" github.com/cilium/cilium/hubble
  mv -f "$BIN/hubble.tmp" "$BIN/hubble"
  stamp > "$BIN/VERSIONS"
  log "built $BIN/hubble ($(du -sh "$BIN/hubble" | cut -f1)): $("$BIN/hubble" --version)"
}

case ${1:-} in
"")
  # One build at a time (parallel `make` runs); the second finds it built.
  mkdir -p "$BIN"
  exec 9>"$BIN/.lock"
  flock 9
  if built; then log "up to date: $BIN ($(stamp))"; else build; fi
  ;;
*) echo "usage: $0" >&2; exit 2 ;;
esac
