package helm

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// flagSpec is one supported flag: whether it takes a value, the verbs that
// accept it (nil: every verb) and where its value goes.
type flagSpec struct {
	takesValue bool
	verbs      []string
	set        func(c *Command, v string) error
}

var (
	installVerbs = []string{"install", "upgrade"}
	waitVerbs    = []string{"install", "upgrade", "uninstall"}
	nsVerbs      = []string{"install", "upgrade", "uninstall", "list", "status"}
)

// flags lists the supported flags by long name.
var flags = map[string]flagSpec{
	"all-namespaces":   {false, []string{"list"}, setBool(func(c *Command) *bool { return &c.AllNamespaces })},
	"atomic":           {false, installVerbs, setBool(func(c *Command) *bool { return &c.Atomic })},
	"create-namespace": {false, installVerbs, setBool(func(c *Command) *bool { return &c.CreateNamespace })},
	"debug":            {false, nil, func(*Command, string) error { return nil }},
	"description":      {true, installVerbs, setString(func(c *Command) *string { return &c.Description })},
	"devel":            {false, installVerbs, setBool(func(c *Command) *bool { return &c.Devel })},
	"force-update":     {false, []string{"repo add"}, setBool(func(c *Command) *bool { return &c.ForceUpdate })},
	"generate-name":    {false, []string{"install"}, setBool(func(c *Command) *bool { return &c.GenerateName })},
	"install":          {false, []string{"upgrade"}, setBool(func(c *Command) *bool { return &c.Install })},
	"kube-context":     {true, nil, setString(func(c *Command) *string { return &c.KubeContext })},
	"kubeconfig":       {true, nil, setString(func(c *Command) *string { return &c.Kubeconfig })},
	"namespace":        {true, nsVerbs, setString(func(c *Command) *string { return &c.Namespace })},
	"repo":             {true, installVerbs, setString(func(c *Command) *string { return &c.ChartRepo })},
	"reset-values":     {false, []string{"upgrade"}, setBool(func(c *Command) *bool { return &c.ResetValues })},
	"reuse-values":     {false, []string{"upgrade"}, setBool(func(c *Command) *bool { return &c.ReuseValues })},
	"set":              {true, installVerbs, appendTo(func(c *Command) *[]string { return &c.Set })},
	"set-json":         {true, installVerbs, appendTo(func(c *Command) *[]string { return &c.SetJSON })},
	"set-string":       {true, installVerbs, appendTo(func(c *Command) *[]string { return &c.SetString })},
	"timeout":          {true, waitVerbs, setTimeout},
	"values":           {true, installVerbs, appendTo(func(c *Command) *[]string { return &c.ValuesFiles })},
	"version":          {true, installVerbs, setString(func(c *Command) *string { return &c.Version })},
	"wait":             {false, waitVerbs, setBool(func(c *Command) *bool { return &c.Wait })},
	"wait-for-jobs":    {false, installVerbs, setBool(func(c *Command) *bool { return &c.WaitForJobs })},
}

// shorthands maps one-letter flags to their long names.
var shorthands = map[string]string{
	"A": "all-namespaces", "f": "values", "g": "generate-name", "i": "install", "n": "namespace",
}

// verbAliases maps helm's aliases to the verbs of Command.Verb.
var verbAliases = map[string]string{
	"install": "install", "upgrade": "upgrade", "status": "status",
	"uninstall": "uninstall", "un": "uninstall", "delete": "uninstall", "del": "uninstall",
	"list": "list", "ls": "list",
}

// flagUse is one flag found on the command line.
type flagUse struct {
	raw, name, value string
}

// Parse parses the words after "helm". An unknown verb or flag yields an
// *UnsupportedError; a malformed command (a missing release or chart, a bad
// --timeout) a plain error.
func Parse(args []string) (Command, error) {
	pos, uses, err := splitArgs(args)
	if err != nil {
		return Command{}, err
	}
	if len(pos) == 0 {
		return Command{}, fmt.Errorf("helm: no command")
	}
	var c Command
	if pos[0] == "repo" {
		if len(pos) < 2 || (pos[1] != "add" && pos[1] != "update" && pos[1] != "up") {
			return Command{}, &UnsupportedError{Arg: strings.Join(pos[:min(2, len(pos))], " "), Reason: "verb"}
		}
		c.Verb = "repo " + map[string]string{"add": "add", "update": "update", "up": "update"}[pos[1]]
		pos = pos[2:]
	} else if v, ok := verbAliases[pos[0]]; ok {
		c.Verb = v
		pos = pos[1:]
	} else {
		return Command{}, &UnsupportedError{Arg: pos[0], Reason: "verb"}
	}
	for _, u := range uses {
		spec := flags[u.name]
		if spec.verbs != nil && !slices.Contains(spec.verbs, c.Verb) {
			return Command{}, &UnsupportedError{Arg: u.raw, Reason: "flag"}
		}
		if err := spec.set(&c, u.value); err != nil {
			return Command{}, fmt.Errorf("helm: flag %s: %w", u.raw, err)
		}
	}
	if err := c.setArgs(pos); err != nil {
		return Command{}, fmt.Errorf("helm %s: %w", c.Verb, err)
	}
	return c, nil
}

// splitArgs separates positional arguments from flags, taking the value of
// a flag that needs one from the next word.
func splitArgs(args []string) (pos []string, uses []flagUse, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), uses, nil
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		name, value, hasValue := splitFlag(a)
		spec, ok := flags[name]
		if !ok {
			return nil, nil, &UnsupportedError{Arg: a, Reason: "flag"}
		}
		switch {
		case spec.takesValue && !hasValue:
			if i+1 >= len(args) {
				return nil, nil, fmt.Errorf("helm: flag %s needs a value", a)
			}
			i++
			value = args[i]
		case !spec.takesValue && !hasValue:
			value = "true"
		}
		uses = append(uses, flagUse{raw: a, name: name, value: value})
	}
	return pos, uses, nil
}

// splitFlag splits "--name=value", "--name", "-n=value", "-nvalue" and "-n"
// into the long flag name and the value.
func splitFlag(a string) (name, value string, hasValue bool) {
	if strings.HasPrefix(a, "--") {
		name, value, hasValue = strings.Cut(a[2:], "=")
		return name, value, hasValue
	}
	short := a[1:2]
	long, ok := shorthands[short]
	if !ok {
		return a, "", false // not in flags: reported as unsupported
	}
	rest := strings.TrimPrefix(a[2:], "=")
	return long, rest, rest != ""
}

// setArgs takes the positional arguments of c.Verb.
func (c *Command) setArgs(pos []string) error {
	want := func(n int, names string) error {
		if len(pos) != n {
			return fmt.Errorf("want %s, got %d argument(s)", names, len(pos))
		}
		return nil
	}
	switch c.Verb {
	case "repo add":
		if err := want(2, "NAME URL"); err != nil {
			return err
		}
		c.RepoName, c.RepoURL = pos[0], pos[1]
	case "repo update":
		if len(pos) > 0 {
			c.RepoNames = pos
		}
	case "install":
		if c.GenerateName {
			if err := want(1, "CHART"); err != nil {
				return err
			}
			c.Chart = pos[0]
			return nil
		}
		if err := want(2, "NAME CHART (or --generate-name CHART)"); err != nil {
			return err
		}
		c.Release, c.Chart = pos[0], pos[1]
	case "upgrade":
		if err := want(2, "NAME CHART"); err != nil {
			return err
		}
		c.Release, c.Chart = pos[0], pos[1]
	case "uninstall", "status":
		if err := want(1, "NAME"); err != nil {
			return err
		}
		c.Release = pos[0]
	case "list":
		return want(0, "no arguments")
	}
	return nil
}

func setBool(field func(*Command) *bool) func(*Command, string) error {
	return func(c *Command, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("bad boolean %q", v)
		}
		*field(c) = b
		return nil
	}
}

func setString(field func(*Command) *string) func(*Command, string) error {
	return func(c *Command, v string) error { *field(c) = v; return nil }
}

func appendTo(field func(*Command) *[]string) func(*Command, string) error {
	return func(c *Command, v string) error { *field(c) = append(*field(c), v); return nil }
}

func setTimeout(c *Command, v string) error {
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return fmt.Errorf("bad duration %q", v)
	}
	c.Timeout = d
	return nil
}
