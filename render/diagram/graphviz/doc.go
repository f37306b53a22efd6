// Package graphviz lays out and draws a diagram's DOT as SVG or PNG,
// in-process: Graphviz compiled to WebAssembly, run by wazero, through
// github.com/goccy/go-graphviz. No system Graphviz is needed. A PNG is
// the SVG painted in Go (see raster.go), so that the two show the same.
//
// Render is a diagram.Drawer. Linking this package costs every process
// that links it, whether it draws or not: go-graphviz compiles its
// WebAssembly to native code in its package init, about 1 s with a cold
// cache (see internal/wasmcache) and 50 ms with a warm one. The vpctrace
// command therefore does not link it, and draws through
// cmd/vpctrace-draw, which does.
package graphviz
