package reader

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/tutor-run/tutor/engine/model"
)

// frontmatter is what the reader takes from a Jekyll-style header. Keys
// other than title and tutor (layout, date, categories, ...) are tolerated
// and ignored.
type frontmatter struct {
	title    string
	settings model.Settings
}

// tutorKey is the `tutor:` frontmatter key. Unknown fields are errors.
type tutorKey struct {
	Aliases  map[string]string `yaml:"aliases"`
	Env      yaml.Node         `yaml:"env"`
	Timeout  string            `yaml:"timeout"`
	Prompts  []string          `yaml:"prompts"`
	Contexts []string          `yaml:"contexts"`
	Skip     yaml.Node         `yaml:"skip"`
	Sandbox  struct {
		Nodes      int    `yaml:"nodes"`
		NodePrefix string `yaml:"nodePrefix"`
		RealNodes  int    `yaml:"realNodes"`
	} `yaml:"sandbox"`
}

// splitFrontmatter finds a frontmatter header at the start of src. It
// returns the header's YAML, the line the YAML starts on and the length of
// the whole header in bytes (0 when there is none).
func splitFrontmatter(src []byte) (yamlText []byte, size int, errs []lineError) {
	if !bytes.HasPrefix(src, []byte("---\n")) && !bytes.HasPrefix(src, []byte("---\r\n")) {
		return nil, 0, nil
	}
	first := bytes.IndexByte(src, '\n') + 1
	for off := first; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			next = off + end + 1
		}
		l := strings.TrimRight(string(src[off:next]), "\r\n")
		if l == "---" || l == "..." {
			return src[first:off], next, nil
		}
		off = next
	}
	return nil, 0, []lineError{{1, "frontmatter is not closed: add a line with --- after it"}}
}

// parseFrontmatter decodes the header's YAML; lines in errors are lines of
// the file.
func parseFrontmatter(y []byte) (frontmatter, []lineError) {
	var fm frontmatter
	var doc yaml.Node
	if err := yaml.Unmarshal(y, &doc); err != nil {
		return fm, []lineError{yamlError(err, 1)}
	}
	if len(doc.Content) == 0 {
		return fm, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fm, []lineError{{root.Line + 1, "frontmatter must be a mapping of keys to values"}}
	}
	var errs []lineError
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "title":
			fm.title = v.Value
		case "tutor":
			s, e := parseTutorKey(v)
			fm.settings = s
			errs = append(errs, e...)
		}
	}
	return fm, errs
}

var tutorFields = []string{"aliases", "contexts", "env", "prompts", "sandbox", "skip", "timeout"}

// parseTutorKey decodes the `tutor:` value. Lines of yaml nodes count from
// the YAML's first line, which is the file's second line.
func parseTutorKey(v *yaml.Node) (model.Settings, []lineError) {
	s := model.Settings{Aliases: map[string]string{"k": "kubectl"}}
	if v.Kind != yaml.MappingNode {
		return s, []lineError{{v.Line + 1, "tutor: must be a mapping (" + strings.Join(tutorFields, ", ") + ")"}}
	}
	var errs []lineError
	for i := 0; i+1 < len(v.Content); i += 2 {
		if !slices.Contains(tutorFields, v.Content[i].Value) {
			errs = append(errs, lineError{v.Content[i].Line + 1, fmt.Sprintf("tutor: unknown setting %q (known: %s)", v.Content[i].Value, strings.Join(tutorFields, ", "))})
		}
	}
	var k tutorKey
	if err := v.Decode(&k); err != nil {
		return s, append(errs, yamlError(err, 1))
	}
	for name, exp := range k.Aliases {
		if !envName.MatchString(strings.ReplaceAll(name, "-", "_")) {
			errs = append(errs, lineError{v.Line + 1, fmt.Sprintf("tutor.aliases: bad alias name %q", name)})
		}
		s.Aliases[name] = exp
	}
	if k.Env.Kind != 0 && k.Env.Kind != yaml.MappingNode {
		errs = append(errs, lineError{k.Env.Line + 1, "tutor.env must be a mapping of NAME: value"})
	}
	for i := 0; k.Env.Kind == yaml.MappingNode && i+1 < len(k.Env.Content); i += 2 {
		name, val := k.Env.Content[i], k.Env.Content[i+1]
		if !envName.MatchString(name.Value) {
			errs = append(errs, lineError{name.Line + 1, fmt.Sprintf("tutor.env: bad variable name %q", name.Value)})
		}
		s.Env = append(s.Env, model.EnvVar{Name: name.Value, Value: val.Value})
	}
	if k.Timeout != "" {
		d, err := parseDuration(k.Timeout)
		if err != nil {
			errs = append(errs, lineError{v.Line + 1, "tutor.timeout: " + err.Error()})
		}
		s.Timeout = d
	}
	for _, p := range k.Prompts {
		if _, err := regexp.Compile(p); err != nil {
			errs = append(errs, lineError{v.Line + 1, fmt.Sprintf("tutor.prompts: bad pattern %q: %v", p, err)})
		}
	}
	s.Prompts, s.Contexts = k.Prompts, k.Contexts
	if k.Sandbox.Nodes < 0 || k.Sandbox.Nodes > 100 {
		errs = append(errs, lineError{v.Line + 1, fmt.Sprintf("tutor.sandbox.nodes: want 0 to 100, got %d", k.Sandbox.Nodes)})
	}
	if k.Sandbox.RealNodes < 0 || k.Sandbox.RealNodes > 1 {
		errs = append(errs, lineError{v.Line + 1, fmt.Sprintf("tutor.sandbox.realNodes: want 0 or 1, got %d", k.Sandbox.RealNodes)})
	}
	s.Sandbox = model.SandboxSettings{Nodes: k.Sandbox.Nodes, NodePrefix: k.Sandbox.NodePrefix, RealNodes: k.Sandbox.RealNodes}
	if k.Skip.Kind != 0 {
		why := strings.TrimSpace(k.Skip.Value)
		if k.Skip.Kind != yaml.ScalarNode || k.Skip.Tag != "!!str" || why == "" {
			errs = append(errs, lineError{k.Skip.Line + 1, `tutor.skip: say in words why the post is left out (skip: "needs a GPU")`})
		}
		s.Skip = why
	}
	return s, errs
}

// ReadSettings reads only the frontmatter of src, the content (or the
// start) of the tutorial named file, and returns its tutor settings: what
// deciding which posts a run covers needs, without parsing the post. A
// post without frontmatter has the default settings; problems with the
// header are an *Error, as Read reports them.
func ReadSettings(file string, src []byte) (model.Settings, error) {
	def := model.Settings{Aliases: map[string]string{"k": "kubectl"}}
	y, size, errs := splitFrontmatter(src)
	if size == 0 && errs == nil {
		return def, nil
	}
	if errs == nil && len(y) > MaxFrontmatterSize {
		errs = []lineError{{1, fmt.Sprintf("frontmatter is %s long (limit %s)", formatSize(int64(len(y))), formatSize(MaxFrontmatterSize))}}
	}
	var fm frontmatter
	if errs == nil {
		fm, errs = parseFrontmatter(y)
	}
	if len(errs) > 0 {
		return def, newError(file, lineStarts(src), errs, 0)
	}
	if fm.settings.Aliases == nil {
		return def, nil
	}
	return fm.settings, nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// yamlError turns a yaml error into a lineError; base is the file line of
// the YAML's first line minus one.
func yamlError(err error, base int) lineError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := base
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		line = base + n
		msg = strings.TrimSpace(yamlLine.ReplaceAllString(msg, ""))
		msg = strings.TrimPrefix(msg, ": ")
	}
	return lineError{line, "frontmatter: " + msg}
}
