package session

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/tutor-run/tutor/engine/model"
	"github.com/tutor-run/tutor/engine/reader"
)

// post is a tutorial as a session read it.
type post struct {
	src      []byte          // the file as read: --update rewrites it
	tutorial *model.Tutorial // parsed, with the reader's choices applied
	dir      string          // the absolute directory its steps run in
}

// readPost reads and parses file, applies choices, writes the post's
// warnings to warnings and returns it. ReadSource stops at the size limit,
// so /dev/zero or a huge file is refused (a *reader.Error) instead of
// exhausting memory; a file that is not there is an fs.ErrNotExist.
func readPost(file string, choices *Choices, lookupEnv func(string) (string, bool), warnings io.Writer) (*post, error) {
	src, err := reader.ReadSource(file)
	if err != nil {
		return nil, err
	}
	t, err := reader.Read(file, src)
	if err != nil {
		return nil, err
	}
	if err := choices.Apply(t, lookupEnv); err != nil {
		return nil, err
	}
	for _, w := range t.Warnings {
		fmt.Fprintln(warnings, w)
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return nil, err
	}
	return &post{src: src, tutorial: t, dir: dir}, nil
}
