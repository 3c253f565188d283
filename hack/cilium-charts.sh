#!/usr/bin/env bash
# Prints the directory of the official Cilium helm repository (index.yaml
# plus cilium-X.tgz files), from the Go module github.com/cilium/charts,
# downloading it into the module cache first if needed (idempotent), and
# links it to .cache/charts/cilium. Tests use it to mirror
# https://helm.cilium.io/ offline.
set -euo pipefail

version=v0.0.0-20260401193212-853ba84e802b
root=$(cd "$(dirname "$0")/.." && pwd)

dir=$(cd "$root" && GOFLAGS=-mod=mod GONOSUMDB=github.com/cilium/charts GOSUMDB=off \
	go mod download -json "github.com/cilium/charts@$version" |
	sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
if [ -z "$dir" ] || [ ! -f "$dir/index.yaml" ]; then
	echo "cilium-charts.sh: go mod download gave no chart directory for github.com/cilium/charts@$version" >&2
	exit 1
fi
mkdir -p "$root/.cache/charts"
ln -sfn "$dir" "$root/.cache/charts/cilium"
echo "$dir"
