package ciliumstatus

import (
	"strings"

	"github.com/tutor-run/tutor/assertions/internal/cliflags"
)

// IsCiliumStatus reports whether command, as written in a post, is
// cilium-cli's `cilium status` printing the summary Compare understands:
// with any flags (--wait, --wait-duration, --context, -n ...) except an
// output other than "summary" (-o json). aliases maps a first word to what
// it stands for; leading VAR=value assignments are skipped. A pipe, list,
// redirection or substitution makes it false.
func IsCiliumStatus(command string, aliases map[string]string) bool {
	args, ok := valueFlags.Command(command, aliases, "cilium", "status")
	if !ok {
		return false
	}
	for k := 0; k < len(args); {
		if !strings.HasPrefix(args[k], "-") {
			return false // cilium status takes no arguments
		}
		name, value, next, ok := valueFlags.Flag(args, k)
		if !ok {
			return false
		}
		k = next
		if (name == "o" || name == "output") && value != "summary" {
			return false
		}
		if name == "h" || name == "help" {
			return false
		}
	}
	return true
}

// valueFlags are the cilium-cli flags (global and status's) that take a
// value.
var valueFlags = cliflags.ValueFlags{
	"n": true, "namespace": true, "context": true, "o": true, "output": true,
	"wait-duration": true, "helm-release-name": true, "kubeconfig": true,
	"worker-count": true,
}
