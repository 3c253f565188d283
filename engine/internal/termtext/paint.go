package termtext

import "github.com/tutor-run/tutor/engine/linediff"

// Style is a Select Graphic Rendition code; Plain is none.
type Style string

// The palette of the terminal reporter and tutor learn, one so that a
// status or a diff looks the same in both.
const (
	Plain  Style = ""
	Bold   Style = "1"
	Dim    Style = "2"
	Italic Style = "3"
	Strike Style = "9" // crossed out
	Red    Style = "31"
	Green  Style = "32"
	Yellow Style = "33"
	Cyan   Style = "36"
)

// Paint wraps s in st when color is on.
func Paint(color bool, st Style, s string) string {
	if !color || st == Plain || s == "" {
		return s
	}
	return "\x1b[" + string(st) + "m" + s + "\x1b[0m"
}

// diffStyles are the styles of diff lines by kind: file headers bold,
// removals (the post) red, additions (the run) green, hunk headers cyan.
var diffStyles = [...]Style{
	linediff.ContextLine: Plain,
	linediff.HeaderLine:  Bold,
	linediff.RemovedLine: Red,
	linediff.AddedLine:   Green,
	linediff.HunkLine:    Cyan,
}

// PaintDiffLine paints one line of a unified diff by its kind.
func PaintDiffLine(color bool, line string) string {
	return Paint(color, diffStyles[linediff.ClassifyLine(line)], line)
}
