package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
)

// BenchmarkColdStart runs the built vpctrace as a new process, each time
// with an empty home, cache and temporary folder, as a fresh CI container
// runs it (issue 17: trace on the seed under 20 ms). Its allocations are
// the parent's; scripts/process-bench.sh measures the process's memory.
func BenchmarkColdStart(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "vpctrace")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"trace"}, {"version"}} {
		b.Run(args[0], func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				b.StopTimer()
				dir := filepath.Join(b.TempDir(), strconv.Itoa(n))
				n++
				if err := os.MkdirAll(filepath.Join(dir, "tmp"), 0o700); err != nil {
					b.Fatal(err)
				}
				cmd := exec.Command(bin, args...)
				cmd.Env = []string{"HOME=" + filepath.Join(dir, "home"), "TMPDIR=" + filepath.Join(dir, "tmp"), "PATH=" + os.Getenv("PATH")}
				b.StartTimer()
				if err := cmd.Run(); err != nil {
					b.Fatalf("vpctrace %s: %v", args[0], err)
				}
			}
		})
	}
}
