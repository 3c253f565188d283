package httpresp

import (
	"path"
	"slices"
	"strings"

	"github.com/tutor-run/tutor/engine/model"
)

// IsCurl reports whether command, as written in a post, is a curl whose
// output Parse understands: it has -i/--include, -I/--head or -v/--verbose
// (also inside a group of short flags, -sI, -iL) and does not write to a
// file (-o FILE, -O). The curl may run through `kubectl exec [flags] POD
// -- curl ...`. aliases maps a first word to what it stands for ({"k":
// "kubectl"}); leading VAR=value assignments are skipped. A pipe, list,
// redirection or substitution makes it false.
func IsCurl(command string, aliases map[string]string) bool {
	words, ok := model.CommandWords(command, aliases)
	if !ok || len(words) == 0 {
		return false
	}
	if path.Base(words[0]) == "kubectl" {
		i := slices.Index(words, "--")
		if i < 0 || slices.Index(words[:i], "exec") < 0 {
			return false
		}
		words = words[i+1:]
	}
	if len(words) == 0 || path.Base(words[0]) != "curl" {
		return false
	}
	shows := false
	for k := 1; k < len(words); k++ {
		w := words[k]
		switch {
		case w == "--include" || w == "--head" || w == "--verbose":
			shows = true
		case w == "--output" || w == "--remote-name" || strings.HasPrefix(w, "--output="):
			if w == "--output" && k+1 < len(words) && words[k+1] == "-" {
				k++
				continue
			}
			return false
		case strings.HasPrefix(w, "--"):
			if curlLongValue[w] {
				k++
			}
		case strings.HasPrefix(w, "-") && len(w) > 1:
			for j := 1; j < len(w); j++ {
				c := w[j]
				switch {
				case c == 'i' || c == 'I' || c == 'v':
					shows = true
				case c == 'O':
					return false
				case c == 'o':
					value := w[j+1:]
					if value == "" && k+1 < len(words) {
						k++
						value = words[k]
					}
					if value != "-" && value != "/dev/stdout" {
						return false
					}
					j = len(w)
				case strings.IndexByte(curlShortValue, c) >= 0:
					if j == len(w)-1 {
						k++ // the value is the next word
					}
					j = len(w)
				}
			}
		}
	}
	return shows
}

// curlShortValue are curl's short options that take a value.
const curlShortValue = "AbcCdDeEFHKmPQrtTuUwxXyYz"

// curlLongValue are common long options that take a value.
var curlLongValue = map[string]bool{
	"--request": true, "--header": true, "--data": true, "--data-raw": true, "--data-binary": true,
	"--user": true, "--user-agent": true, "--max-time": true, "--connect-timeout": true,
	"--resolve": true, "--cacert": true, "--cert": true, "--key": true, "--proxy": true,
	"--retry": true, "--form": true, "--cookie": true, "--referer": true, "--write-out": true,
}
