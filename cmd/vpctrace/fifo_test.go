//go:build unix

package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunFIFONoWriter: a named FIFO that no process writes to, given as
// PATH or --plan, is an error at once (exit 2), never a hang (issue 11,
// point 3).
func TestRunFIFONoWriter(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "plan.json")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	for _, args := range [][]string{{"trace", fifo}, {"trace", "--plan", fifo, "../../testdata/terraform/seed"}} {
		t.Run(strings.Join(args[:len(args)-1], " "), func(t *testing.T) {
			done := make(chan int, 1)
			var stdout, stderr bytes.Buffer
			go func() { done <- run(args, &stdout, &stderr) }()
			select {
			case status := <-done:
				if status != exitBadInput || !strings.Contains(stderr.String(), "nothing to read: the stream is empty") {
					t.Errorf("status %d, stderr %q; want %d and a message that the stream is empty", status, stderr.String(), exitBadInput)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("still waiting after 30 s")
			}
		})
	}
}
