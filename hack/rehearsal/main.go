// Command rehearsal writes tutorials/testdata/aks-cilium-101: a recording
// that stands for a fresh run of tutorials/aks-cilium-101.md on AKS (new
// times, pod-template hashes, node pool, ports, identities and addresses,
// one Cilium version that drifted on the managed cluster), so that `make
// rehearsal` can judge the tutorial without Azure.
//
//	go run ./hack/rehearsal [-tutorial FILE] [-out DIR]
//
// Every runnable step of the tutorial must get an answer here, in order;
// a step without one stops the program, so the recording cannot drift
// from the tutorial silently.
package main

import (
	"bytes"
	_ "embed"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/cilium/cilium/api/v1/flow"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/tutor-run/tutor/engine/hubble/flowfmt"
	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
	"github.com/tutor-run/tutor/engine/record"
)

func main() {
	tutorial := flag.String("tutorial", "tutorials/aks-cilium-101.md", "the tutorial")
	out := flag.String("out", "tutorials/testdata/aks-cilium-101", "the recording's directory")
	flag.Parse()
	if err := write(*tutorial, *out); err != nil {
		fmt.Fprintln(os.Stderr, "rehearsal:", err)
		os.Exit(1)
	}
}

func write(path, dir string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	t, err := reader.Read(path, src)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	w, err := record.Create(dir, "aks-cilium-101.md", time.Date(2026, 11, 25, 23, 10, 0, 0, time.UTC))
	if err != nil {
		return err
	}
	outputs := map[string]string{}
	for _, f := range txtar.Parse(outputsTxtar).Files {
		outputs[f.Name] = string(f.Data)
	}
	next := 0
	for _, s := range t.Sections {
		for i, st := range s.Steps {
			if !st.Runs() {
				continue
			}
			if next == len(answers) {
				return fmt.Errorf("%s:%d: no answer for %q", path, st.Pos.Line, summary(st))
			}
			a := answers[next]
			next++
			if !strings.HasPrefix(summary(st), a.match) {
				return fmt.Errorf("%s:%d: the next answer is for %q, the step is %q", path, st.Pos.Line, a.match, summary(st))
			}
			e := record.Entry{Key: record.Key(s.ID, i+1), Line: st.Pos.Line, Kind: string(st.Kind), Command: st.Command,
				Exit: a.exit, DurationMS: a.ms, Output: a.output}
			if a.file != "" {
				text, ok := outputs[a.file]
				if !ok {
					return fmt.Errorf("the answer for %q names %s, which outputs.txtar does not hold", a.match, a.file)
				}
				e.Output = text
			}
			if a.flows != nil {
				var b bytes.Buffer
				fl := a.flows()
				if err := flowfmt.WriteJSONPB(&b, fl); err != nil {
					return err
				}
				e.Flows = b.Bytes()
				if a.compact {
					e.Output = compact(fl)
				}
			}
			if err := w.Add(e); err != nil {
				return err
			}
		}
	}
	if next != len(answers) {
		return fmt.Errorf("%d answers left over, from %q", len(answers)-next, answers[next].match)
	}
	return w.SetTools(map[string]string{
		"az": "azure-cli 2.67.0", "kubectl": "Client Version: v1.31.3", "helm": "v3.16.3+gcfd0749",
		"cilium": "cilium-cli: v0.16.20 compiled with go1.23.3 on linux/amd64", "hubble": "hubble v1.16.4@HEAD-3f7e9c2",
		"kubernetes server": "v1.31.3",
	})
}

// summary is what an answer matches: the command, or the step's summary.
func summary(st *model.Step) string {
	if st.Command != "" && (st.Kind == model.KindShell || st.Kind == model.KindBackground) {
		return st.Command
	}
	return string(st.Kind) + ": " + st.Summary()
}

func compact(fl []*flow.Flow) string {
	var b strings.Builder
	for _, f := range fl {
		b.WriteString(flowfmt.Compact(f))
		b.WriteByte('\n')
	}
	return b.String()
}

// outputsTxtar holds the recorded run's longer outputs, one file each.
//
//go:embed outputs.txtar
var outputsTxtar []byte

// answer is what one step printed in the recorded run.
type answer struct {
	match  string
	output string
	// file, when set, names the output in outputs.txtar instead: the
	// outputs that take more than a line are kept there as they printed.
	file string
	exit int
	ms   int64
	// flows, when set, are the flows the step fetched; compact makes the
	// output their hubble observe lines.
	flows   func() []*flow.Flow
	compact bool
}
