package model

import "strings"

// ManifestObjects lists the kinds and names of a manifest's objects
// ("Namespace/shop, Deployment/web"), read from its top-level kind and
// metadata.name lines.
func ManifestObjects(src string) string {
	var objs []string
	kind, name := "", ""
	flush := func() {
		if kind != "" || name != "" {
			objs = append(objs, strings.Trim(kind, `"'`)+"/"+strings.Trim(name, `"'`))
		}
		kind, name = "", ""
	}
	inMeta := false
	for _, l := range strings.Split(src, "\n") {
		switch {
		case strings.TrimSpace(l) == "---":
			flush()
		case strings.HasPrefix(l, "kind:"):
			kind = strings.TrimSpace(strings.TrimPrefix(l, "kind:"))
		case strings.HasPrefix(l, "metadata:"):
			inMeta = true
		case inMeta && strings.HasPrefix(strings.TrimLeft(l, " "), "name:") && strings.HasPrefix(l, "  ") && !strings.HasPrefix(l, "   "):
			name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "name:"))
		case len(l) > 0 && l[0] != ' ' && l[0] != '#':
			inMeta = false
		}
	}
	flush()
	return strings.Join(objs, ", ")
}

// Summary says in one line what a step does, for steps that have no
// command: the objects a manifest applies or deletes, the claim an assert
// step checks, the variables an env step sets.
func (s *Step) Summary() string {
	switch s.Kind {
	case KindManifest:
		verb := "apply "
		if s.Delete {
			verb = "delete "
		}
		return verb + ManifestObjects(s.Manifest)
	case KindAssert:
		return "check: " + s.Claim.Describe()
	case KindEnv:
		parts := make([]string, len(s.Env))
		for i, e := range s.Env {
			parts[i] = e.Name + "=" + e.Value
		}
		return "export " + strings.Join(parts, " ")
	case KindFile:
		return "write " + s.Path
	}
	return s.Command
}
