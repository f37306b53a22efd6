// Package patch holds the edits vpctrace fix makes to an input's files:
// what each file holds before and after, how to show them as a unified
// diff, and how to write them into a root safely.
//
// The edits themselves come from one package per input format
// (patch/terraform, patch/scenario), which turn a verified list of
// what-if changes (package whatif) into new file contents.
package patch

// Edit is the new content of one file of an input.
type Edit struct {
	// Path is the file's path relative to the root, with forward slashes.
	Path string
	// Old is the file's content when it was read; nil for a file the edit
	// creates.
	Old []byte
	// New is the file's content after the edit.
	New []byte
}
