package snapshot

// efsKinds are the EFS responses vpctrace reads.
var efsKinds []kind

// efsState is what the EFS decoders resolve once every response is read.
type efsState struct{}

// finishEFS resolves what the EFS responses leave for the end.
func (b *builder) finishEFS() {}
