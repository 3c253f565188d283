package reader

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tutor-run/tutor/engine/goldentest"
	"github.com/tutor-run/tutor/engine/model"
)

// The corpus: published posts by other people, read from outside the
// repository (their text is never copied here), with labels of our own in
// testdata/corpus saying what a careful reader would type and which output
// belongs to which command (see testdata/corpus/README.md).
const (
	sharedCorpus = "../../../shared/corpus"
	extraCorpus  = "../../.cache/corpus-extra"
)

// label is what a careful reader makes of one post.
type labels struct {
	cmds, alts []int
	outs       []outLabel
	shows      []outLabel
	files      []int
}

type outLabel struct{ from, to, cmd int }

func readLabels(t testing.TB, path string) labels {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var l labels
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		bad := func() { t.Fatalf("%s:%d: bad label %q", path, n, sc.Text()) }
		atoi := func(s string) int {
			v, err := strconv.Atoi(s)
			if err != nil {
				bad()
			}
			return v
		}
		span := func(s string) (int, int) {
			a, b, ok := strings.Cut(s, "-")
			if !ok {
				b = a
			}
			return atoi(a), atoi(b)
		}
		switch {
		case f[0] == "cmd" && len(f) >= 2:
			l.cmds = append(l.cmds, atoi(f[1]))
		case f[0] == "alt" && len(f) >= 2:
			l.alts = append(l.alts, atoi(f[1]))
		case f[0] == "out" && len(f) >= 3:
			a, b := span(f[1])
			l.outs = append(l.outs, outLabel{a, b, atoi(f[2])})
		case f[0] == "show" && len(f) >= 2:
			a, b := span(f[1])
			l.shows = append(l.shows, outLabel{from: a, to: b})
		case f[0] == "file" && len(f) >= 3:
			l.files = append(l.files, atoi(f[1]))
		default:
			bad()
		}
	}
	return l
}

// score is how well the plan of one post matches its labels.
type score struct {
	name                   string
	cmds, cmdsFound        int
	alts, altsFound        int
	outs, outsAttached     int
	outputAsCommand        int // must be 0
	shownRun               int // shown-only blocks planned to run
	files, filesWritten    int
	warnings, steps, exit2 int
}

func (s score) String() string {
	return fmt.Sprintf("%-42s cmd %3d/%-3d alt %2d/%-2d out %3d/%-3d out-as-cmd %d shown-run %d file %d/%d warn %d plan-exit %d",
		s.name, s.cmdsFound, s.cmds, s.altsFound, s.alts, s.outsAttached, s.outs, s.outputAsCommand, s.shownRun,
		s.filesWritten, s.files, s.warnings, s.exit2)
}

// scorePost plans src and measures the plan against l.
func scorePost(name string, src []byte, l labels) score {
	s := score{name: name, cmds: len(l.cmds), alts: len(l.alts), outs: len(l.outs), files: len(l.files)}
	t, err := Read(name, src)
	if err != nil {
		s.exit2 = 2
		return s
	}
	s.warnings = len(t.Warnings)
	starts := lineStarts(src)
	lineAt := func(off int) int { return sort.Search(len(starts), func(i int) bool { return starts[i] > off }) }
	type span struct {
		from, to int
		st       *model.Step
	}
	var cmdSpans, shown []span
	for _, st := range t.Steps() {
		s.steps++
		switch st.Kind {
		case model.KindShell, model.KindBackground:
			from, to := st.Pos.Line, st.Pos.Line
			if st.CommandSpan.End > st.CommandSpan.Start {
				from, to = lineAt(st.CommandSpan.Start), lineAt(max(st.CommandSpan.End-1, st.CommandSpan.Start))
			}
			cmdSpans = append(cmdSpans, span{from, to, st})
		case model.KindIllustration, model.KindFile:
			if st.Block != nil && st.Block.Span.End >= st.Block.Span.Start {
				shown = append(shown, span{st.Block.Pos.Line, lineAt(st.Block.Span.End), st})
			}
		}
	}
	covering := func(line int) *model.Step {
		for _, c := range cmdSpans {
			if c.from <= line && line <= c.to {
				return c.st
			}
		}
		return nil
	}
	for _, c := range l.cmds {
		if covering(c) != nil {
			s.cmdsFound++
		}
	}
	for _, a := range l.alts {
		found := covering(a) != nil
		for _, sh := range shown {
			found = found || (sh.from <= a && a <= sh.to)
		}
		for _, sec := range t.Sections {
			if sec.Skip != "" && sectionHolds(t, sec, a) {
				found = true
			}
		}
		if found {
			s.altsFound++
		}
	}
	for _, o := range l.outs {
		if st := covering(o.cmd); st != nil && st.Output != nil && o.from <= st.Output.Pos.Line && st.Output.Pos.Line <= o.to {
			s.outsAttached++
		}
		for _, c := range cmdSpans {
			if c.st.Runs() && o.from <= c.from && c.from <= o.to && c.st.Via == "" {
				s.outputAsCommand++
			}
		}
	}
	for _, o := range l.shows {
		for _, c := range cmdSpans {
			if c.st.Runs() && o.from <= c.from && c.from <= o.to {
				s.shownRun++
			}
		}
	}
	for _, f := range l.files {
		for _, st := range t.Steps() {
			if st.Kind == model.KindFile && st.Pos.Line <= f && f <= st.Pos.Line+strings.Count(st.Content, "\n") {
				s.filesWritten++
				break
			}
		}
	}
	return s
}

// sectionHolds reports whether line lies in section sec of t.
func sectionHolds(t *model.Tutorial, sec *model.Section, line int) bool {
	for i, s := range t.Sections {
		if s != sec {
			continue
		}
		end := int(^uint(0) >> 1)
		if i+1 < len(t.Sections) {
			end = t.Sections[i+1].Pos.Line
		}
		return s.Pos.Line <= line && line < end
	}
	return false
}

// corpusPosts lists the labelled posts with where their text is, when it
// is on this machine.
func corpusPosts(t testing.TB) (names []string, paths map[string]string) {
	labelsFiles, _ := filepath.Glob("testdata/corpus/*.labels")
	paths = map[string]string{}
	for _, lf := range labelsFiles {
		name := strings.TrimSuffix(filepath.Base(lf), ".labels")
		names = append(names, name)
		for _, dir := range []string{sharedCorpus, extraCorpus} {
			p := filepath.Join(dir, name+".md")
			if _, err := os.Stat(p); err == nil {
				paths[name] = p
				break
			}
		}
	}
	return names, paths
}

// TestCorpus plans every labelled third-party post and compares the
// scores with testdata/corpus/scores.txt (run with -update to accept a
// change). Whatever the scores, every post must plan (exit 0) and no
// pasted output may be planned as a command.
func TestCorpus(t *testing.T) {
	names, paths := corpusPosts(t)
	if len(paths) == 0 {
		t.Skip("no corpus on this machine (../shared/corpus)")
	}
	var got []string
	var total score
	total.name = "total"
	for _, name := range names {
		p, ok := paths[name]
		if !ok {
			continue
		}
		src := goldentest.ReadFile(t, p)
		s := scorePost(name, src, readLabels(t, filepath.Join("testdata/corpus", name+".labels")))
		got = append(got, s.String())
		if s.exit2 != 0 {
			t.Errorf("%s: tutor plan refuses the post: %v", name, func() error { _, err := Read(name, src); return err }())
		}
		if s.outputAsCommand != 0 {
			t.Errorf("%s: %d pasted output line(s) planned as commands", name, s.outputAsCommand)
		}
		total.cmds += s.cmds
		total.cmdsFound += s.cmdsFound
		total.alts += s.alts
		total.altsFound += s.altsFound
		total.outs += s.outs
		total.outsAttached += s.outsAttached
		total.outputAsCommand += s.outputAsCommand
		total.shownRun += s.shownRun
		total.files += s.files
		total.filesWritten += s.filesWritten
		total.warnings += s.warnings
	}
	t.Logf("\n%s\n%s", strings.Join(got, "\n"), total)
	compareScores(t, "testdata/corpus/scores.txt", got)
}

// compareScores compares each post's line of got with its line in the
// file; posts not on this machine keep their line. -update rewrites it.
func compareScores(t *testing.T, file string, got []string) {
	want := map[string]string{}
	data, _ := os.ReadFile(file)
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			want[f[0]] = l
		}
	}
	if goldentest.Update() {
		for _, g := range got {
			want[strings.Fields(g)[0]] = g
		}
		lines := make([]string, 0, len(want))
		for _, l := range want {
			lines = append(lines, l)
		}
		sort.Strings(lines)
		if err := os.WriteFile(file, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, g := range got {
		name := strings.Fields(g)[0]
		if w := want[name]; w != g {
			t.Errorf("corpus score changed (run go test -update to accept):\n got %s\nwant %s", g, w)
		}
	}
}

// TestCorpusMisses prints, for the post named by TUTOR_CORPUS_POST, each
// label the plan misses, with the line it points at.
func TestCorpusMisses(t *testing.T) {
	name := os.Getenv("TUTOR_CORPUS_POST")
	if name == "" {
		t.Skip("set TUTOR_CORPUS_POST=NAME to list what the plan of NAME misses")
	}
	_, paths := corpusPosts(t)
	src := goldentest.ReadFile(t, paths[name])
	l := readLabels(t, filepath.Join("testdata/corpus", name+".labels"))
	tut, err := Read(name, src)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	text := func(n int) string { return strings.TrimSpace(lines[n-1]) }
	for _, c := range l.cmds {
		single := labels{cmds: []int{c}}
		if scorePost(name, src, single).cmdsFound == 0 {
			t.Logf("cmd %d not found: %s", c, text(c))
		}
	}
	for _, o := range l.outs {
		single := labels{outs: []outLabel{o}}
		s := scorePost(name, src, single)
		if s.outsAttached == 0 {
			t.Logf("out %d-%d of %d not attached: %s", o.from, o.to, o.cmd, text(o.from))
		}
		if s.outputAsCommand > 0 {
			t.Logf("out %d-%d planned as a command: %s", o.from, o.to, text(o.from))
		}
	}
	for _, o := range l.shows {
		if s := scorePost(name, src, labels{shows: []outLabel{o}}); s.shownRun > 0 {
			t.Logf("show %d-%d runs: %s", o.from, o.to, text(o.from))
		}
	}
	for _, st := range tut.Steps() {
		t.Logf("step %d %s skip=%q note=%q out=%v", st.Pos.Line, st.Kind, st.Skip, st.Note, st.Output != nil)
	}
}
