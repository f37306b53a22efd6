package tfmap

import "testing"

// FuzzDecodeUserData checks the decoder of EC2 user data (issue 11, point
// 10): no panic, and a gzip bomb in base64 decodes to at most 1 MiB.
func FuzzDecodeUserData(f *testing.F) {
	for _, s := range []string{"#!/bin/bash\necho ECS_CLUSTER=main >> /etc/ecs/ecs.config", "RUNfQ1NfQ0xVU1RFUj1tYWlu",
		"H4sIAAAAAAAA/3N1DnYO9lHwdfRz9Q0BAM6l9w8QAAAA", "====", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := decodeUserData(s)
		if len(out) > len(s) && len(out) > 1<<20 {
			t.Fatalf("decodeUserData: %d bytes from %d", len(out), len(s))
		}
		_ = ecsCluster.FindStringSubmatch(out)
	})
}
