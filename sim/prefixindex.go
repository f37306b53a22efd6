package sim

import (
	"cmp"
	"net/netip"
	"slices"
)

// prefixIndex finds the entries whose prefix is the longest one containing
// an address range. It keeps one map per prefix length present, so a lookup
// costs at most one map probe per distinct length (33 for IPv4), whatever
// the number of routes.
type prefixIndex struct {
	byLen map[int]map[netip.Prefix][]int
	lens  []int // the lengths present, longest first
}

// add records that entry i has destination p.
func (x *prefixIndex) add(p netip.Prefix, i int) {
	p = p.Masked()
	if x.byLen == nil {
		x.byLen = map[int]map[netip.Prefix][]int{}
	}
	m := x.byLen[p.Bits()]
	if m == nil {
		m = map[netip.Prefix][]int{}
		x.byLen[p.Bits()] = m
		x.lens = append(x.lens, p.Bits())
		slices.SortFunc(x.lens, func(a, b int) int { return cmp.Compare(b, a) })
	}
	m[p] = append(m[p], i)
}

// longest returns the entries of the longest prefix that contains all of
// dst, or nil.
func (x *prefixIndex) longest(dst netip.Prefix) []int {
	for _, l := range x.lens {
		if l > dst.Bits() {
			continue
		}
		key, err := dst.Addr().Prefix(l)
		if err != nil {
			continue
		}
		if idx := x.byLen[l][key]; len(idx) > 0 {
			return idx
		}
	}
	return nil
}

// exact returns the entries whose prefix is exactly p.
func (x *prefixIndex) exact(p netip.Prefix) []int { return x.byLen[p.Bits()][p.Masked()] }
