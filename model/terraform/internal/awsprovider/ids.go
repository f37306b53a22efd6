package awsprovider

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// hexHash returns the first n hexadecimal digits of sha256(s) (n <= 64).
func hexHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// Alphabets for IDs that AWS writes in other characters than hex.
const (
	upperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	mixedAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	digits     = "0123456789"
)

// alphabetHash returns n characters of alphabet chosen by sha256(s)
// (n <= 32).
func alphabetHash(s string, n int, alphabet string) string {
	sum := sha256.Sum256([]byte(s))
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteByte(alphabet[int(sum[i])%len(alphabet)])
	}
	return b.String()
}

// uuidHash formats sha256(s) as a version-4-shaped UUID.
func uuidHash(s string) string {
	h := hexHash(s, 32)
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32]
}
