package snapshot

// ecsKinds are the ECS responses vpctrace reads.
var ecsKinds []kind

// ecsState is what the ECS decoders resolve once every response is read.
type ecsState struct{}

// finishECS resolves what the ECS responses leave for the end.
func (b *builder) finishECS() {}
