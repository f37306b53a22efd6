package tui

import safe "github.com/vpctrace/vpctrace/internal/sanitize"

// sanitize makes a string from the input safe to print on a terminal (see
// package internal/sanitize).
func sanitize(s string) string { return safe.String(s) }
