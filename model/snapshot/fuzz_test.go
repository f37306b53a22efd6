package snapshot

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// addFixtures seeds f with every JSON file under testdata.
func addFixtures(f *testing.F) {
	_ = filepath.WalkDir("testdata", func(path string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.HasSuffix(path, ".json") {
			if data, err := os.ReadFile(path); err == nil {
				f.Add(data)
			}
		}
		return nil
	})
	f.Add([]byte(vpcsJSON))
	f.Add([]byte(`{"VpcId": "vpc-1", "EnableDnsSupport": {"Value": true}}`))
	f.Add([]byte(`{"Vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/33"}]}`))
	f.Add([]byte("\xff\xfe{\x00}\x00"))
}

// FuzzLoad: whatever a file of the folder holds, Load ends with a world
// and diagnostics, never a panic; a diagnostic names a file, and two loads
// give the same world and diagnostics.
func FuzzLoad(f *testing.F) {
	addFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := filepath.Join(t.TempDir(), "snap")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "r.json"), data, 0o644); err != nil {
			t.Fatal(err)
		}
		w, ds := Load(dir)
		if w == nil {
			t.Fatal("no world")
		}
		if w2, ds2 := Load(dir); !reflect.DeepEqual(w, w2) || !reflect.DeepEqual(ds, ds2) {
			t.Fatal("two loads of one folder differ")
		}
		for _, d := range ds {
			if d.Source.File == "" {
				t.Errorf("a diagnostic names no file: %v", d)
			}
		}
	})
}

// FuzzIndexJSON: the index accepts exactly the documents encoding/json
// does, every offset is inside the document, and it is the index that
// walking json.Decoder's tokens gives.
func FuzzIndexJSON(f *testing.F) {
	addFixtures(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, err := indexJSON(data)
		if valid := json.Valid(data); valid != (err == nil) {
			t.Fatalf("json.Valid %v, indexJSON error %v", valid, err)
		}
		for ptr, off := range idx {
			if off < 0 || off >= len(data) {
				t.Fatalf("%s at %d, outside %d bytes", ptr, off, len(data))
			}
		}
		if ref, refErr := tokenIndex(data); err == nil && (refErr != nil || !reflect.DeepEqual(idx, ref)) {
			t.Fatalf("the index differs from json.Decoder's tokens:\n got %v\nwant %v (%v)", idx, ref, refErr)
		}
	})
}
