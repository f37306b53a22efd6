package snapshot

// str is the value of an optional string of the AWS SDK's types, "" for
// nil.
func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
