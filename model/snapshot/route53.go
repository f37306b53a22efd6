package snapshot

// route53Kinds are the Route53 responses vpctrace reads.
var route53Kinds []kind

// route53State is what the Route53 decoders resolve once every response is read.
type route53State struct{}

// finishRoute53 resolves what the Route53 responses leave for the end.
func (b *builder) finishRoute53() {}
