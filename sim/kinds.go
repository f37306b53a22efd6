package sim

import "github.com/vpctrace/vpctrace/catalog"

// kindInfo is what package catalog says of a call kind, with the kind's
// place in the catalog's order, which is the order calls are listed in.
type kindInfo struct {
	catalog.Kind
	order int
}

// kinds holds catalog.Kinds by kind.
var kinds = func() map[CallKind]*kindInfo {
	m := make(map[CallKind]*kindInfo, len(catalog.Kinds))
	for i, k := range catalog.Kinds {
		m[CallKind(k.Name)] = &kindInfo{Kind: k, order: i}
	}
	return m
}()

// kindOf returns the catalog's description of kind; a kind the catalog
// does not have is described by zero values.
func kindOf(kind CallKind) *kindInfo {
	if k, ok := kinds[kind]; ok {
		return k
	}
	return &kindInfo{}
}

// addressed returns c with the endpoint service and host of its kind in
// c.Region: the catalog's service, and its host template filled with v
// and the region.
func (c Call) addressed(v catalog.HostValues) Call {
	k := kindOf(c.Kind)
	v.Region = c.Region
	c.Host = k.Host(v)
	if k.Service != catalog.NoService {
		c.Service = serviceName(c.Region, k.Service)
	}
	return c
}
