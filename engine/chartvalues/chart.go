package chartvalues

import "strings"

// Chart names the chart a block of the Terraform-like sets shape is for,
// judged by the value names it sets, or returns "" when it cannot tell.
// Only Cilium's chart is known: a block is Cilium's when every name starts
// with a top-level key of some Cilium chart and at least one is a value
// only Cilium has (hubble.*, ipam.*, kubeProxyReplacement...).
//
// Both halves matter. Without the first, the sets of another chart that
// happen to name ipam.mode would be taken; without the second, a block
// that sets only image.tag and resources, which every chart has, would.
// Text of another shape (YAML, an HCL resource, a malformed block) is
// not recognised: the block is then shown as the post shows it.
func Chart(text string) string {
	if !IsTerraformSets(text) {
		return ""
	}
	sets, err := Sets(text)
	if err != nil || len(sets) == 0 {
		return ""
	}
	own := false
	for _, s := range sets {
		top, _, _ := strings.Cut(s.Name, ".")
		if !ciliumTopKeys[top] {
			return ""
		}
		own = own || ciliumOwns(s.Name)
	}
	if !own {
		return ""
	}
	return "cilium"
}

// ciliumOwns reports whether a value name is one only Cilium's chart has:
// it is in ciliumOwn or under one of its names.
func ciliumOwns(name string) bool {
	for n := name; ; {
		if ciliumOwn[n] {
			return true
		}
		i := strings.LastIndexByte(n, '.')
		if i < 0 {
			return false
		}
		n = n[:i]
	}
}
