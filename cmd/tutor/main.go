// Command tutor runs article-style markdown tutorials and checks that what
// they claim still holds. See engine/doc.go for the tutorial syntax.
package main

import (
	"os"

	"github.com/tutor-run/tutor/cmd/tutor/cli"
)

func main() { os.Exit(cli.Main()) }
