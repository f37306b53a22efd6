package snapshot

// transitKinds are the Transit responses vpctrace reads.
var transitKinds []kind

// transitState is what the Transit decoders resolve once every response is read.
type transitState struct{}

// finishTransit resolves what the Transit responses leave for the end.
func (b *builder) finishTransit() {}
