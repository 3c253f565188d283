// Package posts decides which posts a run covers and how to split them
// between machines: it finds the posts under files, directories and globs
// (Find), narrows them to those a git change touches (ChangedSince),
// weighs them (Load) and splits them into shards (Shard, Matrix). The
// rules are specified for users in engine/doc.go, "Selecting posts".
package posts

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/tutor-run/tutor/engine/reader"
)

// Skip is a post that a directory or glob found but the selection left
// out, and why.
type Skip struct {
	File string `json:"file"`
	// Reason is the author's, from the frontmatter's tutor.skip.
	Reason string `json:"reason"`
}

// Found is what Search found: the posts to run and those left out.
type Found struct {
	// Files are sorted, unique and cleaned, relative when the path that
	// found them was.
	Files []string
	// Skips are the posts that opted out, sorted by file.
	Skips []Skip
}

// NotFoundError is a path that names no file, a directory that holds no
// markdown, or a glob that matches nothing.
type NotFoundError struct {
	Path string
	// Kind is what Path was taken for.
	Kind PathKind
}

// PathKind is how Find took a path.
type PathKind int

// The kinds of path Find takes.
const (
	PathFile PathKind = iota
	PathDir
	PathGlob
)

func (e *NotFoundError) Error() string {
	switch e.Kind {
	case PathDir:
		return e.Path + ": holds no post (no .md file that git does not ignore)"
	case PathGlob:
		return e.Path + ": matches no post"
	}
	return e.Path + ": no such file"
}

// Find returns the posts under paths, by the rules of Search.
func Find(paths []string) ([]string, error) {
	f, err := Search(paths)
	if err != nil {
		return nil, err
	}
	return f.Files, nil
}

// Search finds the posts under paths. A path that names a file is taken as
// is, whatever its name or frontmatter. A directory is searched
// recursively for *.md files; a glob (docs/**/*.md: * and ? within a
// name, ** across directories, [a-z] and {a,b}) takes the files it
// matches. Both honour .gitignore (inside a git work tree the files are
// those git ls-files lists, tracked or untracked but not ignored), skip
// node_modules and names that start with a dot below the directory
// searched, and leave out the posts whose frontmatter says tutor.skip
// (listed in Skips). A path that matches nothing is a *NotFoundError.
func Search(paths []string) (*Found, error) {
	if len(paths) == 0 {
		return nil, errors.New("no path to look for posts in")
	}
	named := map[string]bool{}
	var found []string
	for _, p := range paths {
		files, kind, err := expand(p)
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, &NotFoundError{Path: p, Kind: kind}
		}
		if kind == PathFile {
			named[files[0]] = true
		}
		found = append(found, files...)
	}
	slices.Sort(found)
	found = slices.Compact(found)
	out := &Found{Files: []string{}}
	buf := make([]byte, headerChunk)
	for _, f := range found {
		if !named[f] {
			why, err := optOut(f, buf)
			if errors.Is(err, fs.ErrNotExist) {
				continue // in git's index but deleted from the work tree
			}
			if err != nil {
				return nil, err
			}
			if why != "" {
				out.Skips = append(out.Skips, Skip{File: f, Reason: why})
				continue
			}
		}
		out.Files = append(out.Files, f)
	}
	return out, nil
}

// expand returns the candidate files of one path and how it was taken.
func expand(p string) ([]string, PathKind, error) {
	clean := filepath.Clean(p)
	fi, err := os.Stat(clean)
	switch {
	case err == nil && !fi.IsDir():
		return []string{clean}, PathFile, nil
	case err == nil:
		rels, err := listFiles(clean)
		if err != nil {
			return nil, PathDir, err
		}
		var files []string
		for _, r := range rels {
			if strings.HasSuffix(r, ".md") {
				files = append(files, filepath.Join(clean, filepath.FromSlash(r)))
			}
		}
		return files, PathDir, nil
	case errors.Is(err, fs.ErrNotExist) && isGlob(p):
		files, err := glob(clean)
		return files, PathGlob, err
	case errors.Is(err, fs.ErrNotExist):
		return nil, PathFile, nil
	}
	return nil, PathFile, err
}

// isGlob reports whether p holds a pattern character.
func isGlob(p string) bool { return strings.ContainsAny(p, "*?[{") }

// glob returns the files pattern matches, listed from the directory
// before its first pattern character.
func glob(pattern string) ([]string, error) {
	slash := filepath.ToSlash(pattern)
	if !doublestar.ValidatePattern(slash) {
		return nil, fmt.Errorf("%s: bad glob pattern", pattern)
	}
	base, rest := doublestar.SplitPattern(slash)
	if fi, err := os.Stat(filepath.FromSlash(base)); err != nil || !fi.IsDir() {
		return nil, nil
	}
	rels, err := listFiles(filepath.FromSlash(base))
	if err != nil {
		return nil, err
	}
	var files []string
	for _, r := range rels {
		if ok, _ := doublestar.Match(rest, r); ok {
			files = append(files, filepath.Join(filepath.FromSlash(base), filepath.FromSlash(r)))
		}
	}
	return files, nil
}

// listFiles returns the files under dir, as slash-separated paths
// relative to it, leaving out what git ignores, node_modules and hidden
// names. Inside a git work tree git lists them; elsewhere dir is walked.
func listFiles(dir string) ([]string, error) {
	rels, err := gitFiles(dir)
	if errors.Is(err, errNoGit) {
		return walkFiles(dir)
	}
	if err != nil {
		return nil, err
	}
	kept := rels[:0]
	for _, r := range rels {
		if !strings.HasSuffix(r, "/") && !hiddenPath(r) {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// hiddenPath reports whether a relative path goes through node_modules or
// a name that starts with a dot.
func hiddenPath(rel string) bool {
	for part := range strings.SplitSeq(rel, "/") {
		if skippedName(part) {
			return true
		}
	}
	return false
}

func skippedName(name string) bool {
	return name == "node_modules" || (strings.HasPrefix(name, ".") && name != "." && name != "..")
}

// walkFiles lists the regular files under dir outside a git work tree.
func walkFiles(dir string) ([]string, error) {
	var rels []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p == dir {
			return nil
		}
		if skippedName(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			rel, err := filepath.Rel(dir, p)
			if err != nil {
				return err
			}
			rels = append(rels, filepath.ToSlash(rel))
		}
		return nil
	})
	return rels, err
}

// headerChunk is how much of a post is read first to find its
// frontmatter; a longer header is read up to reader.MaxFrontmatterSize.
const headerChunk = 8 << 10

// optOut returns the post's tutor.skip reason; buf is scratch space of
// headerChunk bytes. A post whose frontmatter cannot be read is not left
// out: its run reports the problem.
func optOut(file string, buf []byte) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	n, err := io.ReadFull(f, buf[:headerChunk])
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return "", fmt.Errorf("reading %s: %w", file, err)
	}
	head := buf[:n]
	if !bytes.HasPrefix(head, []byte("---\n")) && !bytes.HasPrefix(head, []byte("---\r\n")) {
		return "", nil
	}
	end := headerEnd(head, n < headerChunk)
	if end < 0 && n == headerChunk {
		rest, err := io.ReadAll(io.LimitReader(f, reader.MaxFrontmatterSize+16))
		if err != nil {
			return "", fmt.Errorf("reading %s: %w", file, err)
		}
		head = append(slices.Clone(head), rest...)
		end = headerEnd(head, true)
	}
	// Most headers do not mention skip; decoding their YAML is most of
	// the time Find takes.
	if end < 0 || !bytes.Contains(head[:end], []byte("skip")) {
		return "", nil
	}
	s, err := reader.ReadSettings(file, head[:end])
	if err != nil {
		return "", nil
	}
	return s.Skip, nil
}

// headerEnd returns the offset just past the frontmatter's closing line
// in buf, or -1 when buf does not hold it; whole says buf is the whole
// file, so that its last line may end without a newline.
func headerEnd(buf []byte, whole bool) int {
	off := bytes.IndexByte(buf, '\n') + 1
	for off > 0 && off < len(buf) {
		next := bytes.IndexByte(buf[off:], '\n')
		if next < 0 && !whole {
			return -1
		}
		if next < 0 {
			if l := string(bytes.TrimRight(buf[off:], "\r")); l == "---" || l == "..." {
				return len(buf)
			}
			return -1
		}
		line := bytes.TrimRight(buf[off:off+next], "\r")
		if string(line) == "---" || string(line) == "..." {
			return off + next + 1
		}
		off += next + 1
	}
	return -1
}
