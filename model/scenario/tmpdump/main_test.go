package scen
import (
	"testing"
	"fmt"
	"github.com/vpctrace/vpctrace/example"
	"github.com/vpctrace/vpctrace/model/scenario"
)
func TestDump(t *testing.T) {
	w, d := scenario.Decode(example.SeedFile, example.Seed)
	fmt.Println(d)
	fmt.Printf("%+v\n", w)
}
