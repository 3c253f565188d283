package assertions

import "testing"

func FuzzOutput(f *testing.F) {
	f.Add(getNodes, getAll)
	f.Add(hubbleFlows, "...\n"+hubbleFlows)
	f.Add("NAME\n...\nweb-1 1/1\n...", "NAME\nweb-1 1/1\n")
	f.Add(ciliumStatus, "\x1b[32mOK\x1b[0m\r\n")
	f.Add("", "\n\n")
	f.Fuzz(func(t *testing.T, expected, actual string) {
		r := Output(expected, actual)
		if !r.OK && r.Message == "" {
			t.Errorf("Output(%q, %q) failed without a message", expected, actual)
		}
		if r.OK && r.Diff != "" {
			t.Errorf("Output(%q, %q) passed with a diff", expected, actual)
		}
		for _, s := range []string{expected, actual} {
			if r := Output(s, s); !r.OK {
				t.Errorf("Output(x, x) failed for %q: %s", s, r.Message)
			}
		}
		Diff(expected, actual)
	})
}
