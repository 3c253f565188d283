// Package helm runs the helm commands of a post through the helm v3 SDK,
// with no helm binary: Parse turns the words of `helm ...` into a Command,
// ParseValues reads a values block attached to a helm step (through
// engine/chartvalues), and a Client runs commands against a cluster and
// prints what the helm CLI would print, so a post's pasted output can be
// compared.
//
// The Client keeps its own helm home (repositories.yaml, repository cache,
// registry credentials) and never reads the user's HELM_* environment or
// ~/.config/helm. Options.Mirrors serves chart repositories from local
// directories, so a rehearsal installs `cilium/cilium` without a network.
//
// Supported verbs: repo add, repo update, install, upgrade (with --install),
// uninstall, list and status. Anything else yields an *UnsupportedError so a
// caller can fall back to a helm binary.
package helm
