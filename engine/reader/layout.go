package reader

import (
	"strings"
)

// The layouts authors use around their blocks are read in their own
// files: cues.go (the paragraph before a block), output.go (output in a
// block of its own), files.go (files to create), tabs.go (alternatives),
// inside.go and interactive.go (shells opened in pods), hazards.go
// (commands that cannot run unattended as written). This file holds what
// the block languages say.

// Block languages by what their blocks usually hold.
var (
	// outputLangs label blocks that hold output (or text shown as is).
	outputLangs = setOf("output", "text", "none", "plaintext", "txt", "log", "json", "console", "")
	// transcriptLangs may hold a whole transcript (prompts and output)
	// although their label says text.
	transcriptLangs = setOf("", "text", "txt", "plaintext", "none", "markdown", "md", "yaml", "yml", "output")
	// windowsLangs hold commands for Windows, not run on Linux.
	windowsLangs = setOf("powershell", "pwsh", "ps", "ps1", "azurepowershell", "azurepowershell-interactive",
		"azure-powershell", "cmd", "bat", "batch", "dos", "bat-interactive")
	// commandLangs hold commands only when their content is a command
	// (Innovation Engine runs terraform blocks; most hold HCL).
	commandLangs = setOf("terraform", "hcl")
)

// onlyBlank reports whether lines hold nothing but blank lines.
func onlyBlank(lines []srcLine) bool {
	for _, l := range lines {
		if strings.TrimSpace(l.text) != "" {
			return false
		}
	}
	return true
}
