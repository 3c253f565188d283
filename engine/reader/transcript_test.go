package reader

import (
	"reflect"
	"strings"
	"testing"
)

func lines(s string) []srcLine {
	var out []srcLine
	off := 0
	for i, l := range strings.Split(s, "\n") {
		out = append(out, srcLine{text: l, line: i + 1, start: off, end: off + len(l)})
		off += len(l) + 1
	}
	return out
}

func TestPrompts(t *testing.T) {
	tests := []struct {
		lang, line string
		want       int // length of the prompt, -1 when there is none
	}{
		{"bash", "yumemaru@azure:~$ k get no", len("yumemaru@azure:~$ ")},
		{"bash", "root@node-1:/etc# ls", len("root@node-1:/etc# ")},
		{"bash", "(venv) dev@box:~/src$ make", len("(venv) dev@box:~/src$ ")},
		{"bash", "[dev@box tmp]$ ls", len("[dev@box tmp]$ ")},
		{"bash", "$ echo hi", 2},
		{"bash", "PS C:\\Users\\me> Get-Item .", len("PS C:\\Users\\me> ")},
		{"bash", "PS> dir", 4},
		{"bash", "# a comment in a script", -1},
		{"console", "# apt-get install curl", 2},
		{"bash", "echo $HOME", -1},
		{"bash", "NAME  STATUS  AGE", -1},
		{"bash", "user@example.com is an address, not a prompt", -1},
		{"bash", "$5 is a price", -1},
	}
	for _, tt := range tests {
		t.Run(tt.lang+"/"+tt.line, func(t *testing.T) {
			if got := newPrompter(tt.lang, nil).at(tt.line); got != tt.want {
				t.Errorf("match(%q) = %d, want %d", tt.line, got, tt.want)
			}
		})
	}
}

func TestSplitTranscript(t *testing.T) {
	type cmd struct {
		Text, Output string
		Background   bool
	}
	tests := []struct {
		name string
		in   string
		want []cmd
	}{
		{"outputs", "$ a\nout a\n\n$ b\nout b", []cmd{{"a", "out a\n", false}, {"b", "out b", false}}},
		{"continuation", "$ kubectl run x \\\n  --image=nginx\npod/x created", []cmd{{"kubectl run x \\\n  --image=nginx", "pod/x created", false}}},
		{"heredoc", "$ cat <<EOF\n$ inside\nEOF\ninside", []cmd{{"cat <<EOF\n$ inside\nEOF", "inside", false}}},
		{"quoted heredoc word", "$ cat <<'X' >f\nbody\nX", []cmd{{"cat <<'X' >f\nbody\nX", "", false}}},
		{"herestring is not a heredoc", "$ cat <<< hi\nhi", []cmd{{"cat <<< hi", "hi", false}}},
		{"open quote", "$ echo 'a\n> b'\na\nb", []cmd{{"echo 'a\nb'", "a\nb", false}}},
		{"pipe at end", "$ ls |\n> wc -l\n3", []cmd{{"ls |\nwc -l", "3", false}}},
		{"background", "$ cilium hubble port-forward&\n$ hubble observe", []cmd{{"cilium hubble port-forward&", "", true}, {"hubble observe", "", false}}},
		{"and-and is not background", "$ a && b", []cmd{{"a && b", "", false}}},
		{"bare prompt", "$\n$ ls", []cmd{{"ls", "", false}}},
		{"comment backslash", "$ echo x # note \\\nx", []cmd{{"echo x # note \\", "x", false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmds, has := splitTranscript(lines(tt.in), newPrompter("bash", nil))
			if !has {
				t.Fatal("no prompt found")
			}
			var got []cmd
			for _, c := range cmds {
				var out []string
				for _, l := range c.output {
					out = append(out, l.text)
				}
				got = append(got, cmd{c.text, strings.Join(out, "\n"), c.background})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestSplitTranscriptSpans(t *testing.T) {
	src := "x@y:~$ k get no\nNAME\n"
	cmds, _ := splitTranscript(lines(src), newPrompter("bash", nil))
	if got, want := src[cmds[0].span.Start:cmds[0].span.End], "k get no"; got != want {
		t.Errorf("span covers %q, want %q", got, want)
	}
}
