package reader

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"
)

// Limits on what the reader accepts. A tutorial is a blog post: these are
// far above any real one, and low enough that a binary, a generated file
// or a pathological nesting is refused in one pass over its bytes, before
// the markdown parser, whose time and memory grow with lines, blocks and
// nesting, sees it.
const (
	// MaxFileSize is the largest tutorial, in bytes.
	MaxFileSize = 64 << 20
	// MaxLineLength is the longest line, in bytes, without its newline.
	MaxLineLength = 1 << 20
	// MaxLines is the most lines a tutorial may have; a 10 MB post of
	// transcripts has about 140,000. Parsing takes up to about 1 KB of
	// memory per line.
	MaxLines = 250_000
	// MaxNesting is how deep lists and blockquotes may nest.
	MaxNesting = 32
	// MaxNestedLines bounds the lines inside lists and blockquotes, each
	// counted once per level around it: goldmark's time and memory per
	// line grow with its depth.
	MaxNestedLines = 1_000_000
	// MaxFrontmatterSize is the largest frontmatter header, in bytes: its
	// YAML is decoded into a tree that takes a hundred times its size.
	MaxFrontmatterSize = 64 << 10
	// MaxErrors is how many problems an *Error lists; a last diagnostic
	// counts the ones left out.
	MaxErrors = 100
)

// maxKeptErrors bounds the problems kept while reading; past it they are
// only counted, so that a file of a million broken lines costs no more
// than a small one.
const maxKeptErrors = 10 * MaxErrors

// maxOversizeScan bounds how much of a file over MaxFileSize ReadSource
// reads looking for the lines that make it so.
const maxOversizeScan = 1 << 30

// ReadSource reads the tutorial at path for Read. A file over MaxFileSize
// is not loaded: it is scanned in small pieces for its over-long lines and
// refused with an *Error that names its size. A pipe or a device is read
// up to the limit.
func ReadSource(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	switch {
	case st.IsDir():
		return nil, fmt.Errorf("read %s: is a directory, not a tutorial", path)
	case !st.Mode().IsRegular():
		return readStream(path, f)
	case st.Size() > MaxFileSize:
		return nil, oversize(path, f, st.Size())
	}
	// As os.ReadFile, in one buffer of the file's size, in case it grows.
	src := make([]byte, 0, st.Size()+512)
	for {
		n, err := f.Read(src[len(src):cap(src)])
		src = src[:len(src)+n]
		if errors.Is(err, io.EOF) {
			return src, nil
		}
		if err != nil {
			return nil, err
		}
		if len(src) > MaxFileSize {
			return nil, newError(path, nil, []lineError{sizeError(int64(len(src)))}, 0)
		}
		if len(src) == cap(src) {
			src = append(src, 0)[:len(src)]
		}
	}
}

// readStream reads a pipe or a device, which may never end, up to the
// limit.
func readStream(path string, r io.Reader) ([]byte, error) {
	var chunks [][]byte
	total := 0
	s := &lineScan{}
	for {
		buf := make([]byte, 256<<10)
		n, err := io.ReadFull(r, buf)
		chunks, total = append(chunks, buf[:n]), total+n
		s.feed(buf[:n])
		if total > MaxFileSize {
			limit := lineError{1, fmt.Sprintf("file is more than the limit of %s: a tutorial is a markdown post", formatSize(MaxFileSize))}
			return nil, newError(path, nil, append([]lineError{limit}, s.errs...), 0)
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return bytes.Join(chunks, nil), nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// oversize scans a file that is too large, without holding it, and
// returns the error listing its size and its over-long lines.
func oversize(path string, f io.Reader, size int64) error {
	errs := []lineError{sizeError(size)}
	s := &lineScan{}
	buf := make([]byte, 256<<10)
	r := io.LimitReader(f, maxOversizeScan)
	for {
		n, err := r.Read(buf)
		s.feed(buf[:n])
		if err != nil {
			if !errors.Is(err, io.EOF) {
				return err
			}
			break
		}
	}
	s.finish()
	return newError(path, nil, append(errs, s.errs...), 0)
}

func sizeError(size int64) lineError {
	return lineError{1, fmt.Sprintf("file is %d bytes (%s), more than the limit of %s: a tutorial is a markdown post", size, formatSize(size), formatSize(MaxFileSize))}
}

// checkLimits checks the size, the lines and the nesting of src, and
// returns what exceeds a limit. Nesting is checked only on input whose
// lines are within bounds, and only its first excess is reported: the
// rest of a runaway nesting would repeat it.
func checkLimits(src []byte) []lineError {
	var errs []lineError
	if len(src) > MaxFileSize {
		errs = append(errs, sizeError(int64(len(src))))
	}
	s := &lineScan{}
	s.feed(src)
	s.finish()
	if errs = append(errs, s.errs...); len(errs) > 0 {
		return errs
	}
	// Two scans: one as CommonMark reads code fences, and one that takes
	// their lines as markdown too, so that no fence goldmark does not see
	// (in an HTML block) hides a nesting from the limit; with a higher
	// limit, as code may well start with "- " or ">".
	n, blind := &nesting{}, &nesting{noFences: true}
	total := 0
	for line := 1; len(src) > 0; line++ {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		depth, blindDepth := n.line(l), blind.line(l)
		if depth > MaxNesting || blindDepth > 4*MaxNesting {
			return []lineError{{line, fmt.Sprintf("lists and blockquotes nest %d levels deep here (limit %d)", max(depth, blindDepth), MaxNesting)}}
		}
		if total += blindDepth; total > MaxNestedLines {
			return []lineError{{line, fmt.Sprintf("too many lines inside lists and blockquotes: counted once per level of nesting, they pass %d here", MaxNestedLines)}}
		}
	}
	return nil
}

// lineScan measures lines as bytes are fed to it, in pieces of any size,
// keeping nothing but the length of the current line.
type lineScan struct {
	line   int // 1-based number of the line being read
	length int // bytes of it so far
	errs   []lineError
}

func (s *lineScan) feed(p []byte) {
	for len(p) > 0 {
		if s.length == 0 {
			s.line++
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			s.length += len(p)
			return
		}
		s.length += i
		s.endLine()
		p = p[i+1:]
	}
}

// finish ends a last line that has no newline.
func (s *lineScan) finish() {
	if s.length > 0 {
		s.endLine()
	}
}

func (s *lineScan) endLine() {
	switch {
	case s.length > MaxLineLength:
		s.errs = append(s.errs, lineError{s.line, fmt.Sprintf("line is %d bytes long (limit %s)", s.length, formatSize(MaxLineLength))})
	case s.line == MaxLines+1:
		s.errs = append(s.errs, lineError{s.line, fmt.Sprintf("file has more than %d lines (limit %d)", MaxLines, MaxLines)})
	}
	s.length = 0
}

// formatSize writes a byte count for people: 64 MiB, 1.5 MiB, 12 KiB.
func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// checkEncoding refuses binary and non-UTF-8 input with the line of the
// first bad byte.
func (r *read) checkEncoding() bool {
	if i := bytes.IndexByte(r.src, 0); i >= 0 {
		r.errorf(r.lineOf(i), "binary content (a NUL byte): a tutorial is UTF-8 markdown text")
		return false
	}
	if utf8.Valid(r.src) {
		return true
	}
	for i := 0; i < len(r.src); {
		c, n := utf8.DecodeRune(r.src[i:])
		if c == utf8.RuneError && n <= 1 {
			r.errorf(r.lineOf(i), "invalid UTF-8 at byte %d: a tutorial is UTF-8 markdown text", i)
			return false
		}
		i += n
	}
	return true
}
