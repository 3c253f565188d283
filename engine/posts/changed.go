package posts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// ChangedSince returns the posts among files (paths relative to the
// current directory, as Find returns them) that a change since the git
// revision ref touches: the post itself changed, or a file it names (see
// Names) changed, or a file under a directory it names. A change is any
// path in
//
//   - git diff --name-only --no-renames ref...HEAD: what the commits on
//     HEAD's side changed since HEAD's merge base with ref (a pull
//     request's own commits, whatever ref has gained since);
//   - git diff --name-only --no-renames HEAD: staged and unstaged changes;
//   - git ls-files --others --exclude-standard: untracked files git does
//     not ignore.
//
// A renamed or deleted file counts under its old name as well. Posts are
// as Load read them: one that could not be read (a Problem) is not chosen
// by what it names (its run would only report its problems); it is chosen
// when it changed itself. Posts keep their order. Outside a git work tree the error is a *NotRepoError; a
// ref git does not know, or one with no history in common with HEAD (a
// shallow clone: fetch with fetch-depth: 0), is a *RefError.
func ChangedSince(ctx context.Context, ref string, posts []Post) ([]Post, error) {
	changed, err := changedPaths(ctx, ref)
	if err != nil {
		return nil, err
	}
	under := func(p string) bool {
		if changed[p] {
			return true
		}
		prefix := p + string(filepath.Separator)
		for c := range changed {
			if strings.HasPrefix(c, prefix) {
				return true
			}
		}
		return false
	}
	out := []Post{}
	for _, p := range posts {
		abs, err := filepath.Abs(p.File)
		if err != nil {
			return nil, err
		}
		if changed[abs] {
			out = append(out, p)
			continue
		}
		if p.Tutorial == nil {
			continue
		}
		for _, name := range Names(p.Tutorial, filepath.Dir(abs)) {
			if under(name) {
				out = append(out, p)
				break
			}
		}
	}
	return out, nil
}

// changedPaths returns the absolute paths changed since ref.
func changedPaths(ctx context.Context, ref string) (map[string]bool, error) {
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	prefix, err := git(ctx, "", "rev-parse", "--show-prefix")
	if notARepo(err) {
		return nil, &NotRepoError{Dir: cwd, Err: err}
	}
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(ref, "-") || ref == "" {
		return nil, &RefError{Ref: ref, Reason: "want a git revision (a branch, tag or commit)"}
	}
	if _, err := git(ctx, "", "rev-parse", "--verify", "--quiet", ref+"^{commit}"); err != nil {
		return nil, &RefError{Ref: ref, Reason: "git knows no such revision (in CI, fetch it: actions/checkout with fetch-depth: 0)"}
	}
	// Paths git prints are relative to the top of the work tree; made
	// relative to the current directory's place in it (--show-prefix)
	// and joined to it, they compare with filepath.Abs of the posts, even
	// when the current directory is reached through a symbolic link.
	here := strings.TrimSuffix(strings.TrimSpace(string(prefix)), "/")
	if here == "" {
		here = "."
	}
	lists := [][]string{
		{"diff", "--name-only", "-z", "--no-renames", "--no-relative", ref + "...HEAD", "--"},
		{"diff", "--name-only", "-z", "--no-renames", "--no-relative", "HEAD", "--"},
		{"ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ":/"},
	}
	changed := map[string]bool{}
	for i, args := range lists {
		out, err := git(ctx, "", args...)
		var ge *GitError
		if i == 0 && errors.As(err, &ge) && strings.Contains(ge.Stderr, "no merge base") {
			return nil, &RefError{Ref: ref, Reason: "HEAD shares no history with it (a shallow clone? fetch with fetch-depth: 0)"}
		}
		if err != nil {
			return nil, err
		}
		for _, p := range splitZ(out) {
			rel, err := filepath.Rel(filepath.FromSlash(here), filepath.FromSlash(p))
			if err != nil {
				return nil, err
			}
			changed[filepath.Join(cwd, rel)] = true
		}
	}
	return changed, nil
}
