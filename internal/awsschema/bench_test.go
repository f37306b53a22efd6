package awsschema

import "testing"

// BenchmarkIndex is the one-time cost: reading the header.
func BenchmarkIndex(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newIndex(data)
	}
}

// BenchmarkFirstLookup is the cost of a process's first lookup of a type:
// the index, its chunk and its line.
func BenchmarkFirstLookup(b *testing.B) {
	for _, tt := range []struct {
		kind kind
		name string
	}{
		{kindResource, "aws_instance"},
		{kindResource, "aws_security_group"},
		{kindDataSource, "aws_subnets"},
		// The largest line: 27 KB, 174 object types defined once.
		{kindDataSource, "aws_quicksight_analysis"},
	} {
		b.Run(tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := newIndex(data).lookup(tt.kind, tt.name); !ok {
					b.Fatal("not found")
				}
			}
		})
	}
}

// BenchmarkFirstLookupInChunk is the cost of the first lookup of a type
// whose chunk is already decompressed: decoding its line.
func BenchmarkFirstLookupInChunk(b *testing.B) {
	b.ReportAllocs()
	x := newIndex(data)
	x.lookup(kindResource, "aws_instance")
	i := 0
	for ; x.chunks[i+1].first <= "aws_instance"; i++ {
	}
	line := x.chunks[i].types[kindResource]["aws_instance"].line
	for b.Loop() {
		if _, err := parseLine(line); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookup is the cost of the lookups after the first.
func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	Resource("aws_instance")
	for b.Loop() {
		if _, ok := Resource("aws_instance"); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkAll is the cost of looking up every type once.
func BenchmarkAll(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		x := newIndex(data)
		for _, k := range []kind{kindResource, kindDataSource} {
			for _, name := range x.names(k) {
				x.lookup(k, name)
			}
		}
	}
}
