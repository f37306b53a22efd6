package cost

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/vpctrace/vpctrace/internal/readfile"
	"github.com/vpctrace/vpctrace/internal/textpos"
)

// MaxFileSize is the most bytes Load reads from a price table file.
const MaxFileSize = 1 << 20

// Load reads a price table from the JSON file at path, in the format of
// the built-in one (fix/cost/prices.json):
//
//	{"date": "2026-12-03", "sources": ["https://..."],
//	 "regions": {"us-east-1": {"interface_endpoint_hour": 0.01, ...}}}
//
// Every region must give every price, none negative, and the table must
// have FallbackRegion. An error names the file, and the line and column of
// the value at fault.
func Load(path string) (*Table, error) {
	data, err := readfile.Regular(path, MaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("price table: %w", err)
	}
	return Decode(path, data)
}

// Decode decodes a price table from data, read from the file named name,
// as Load does.
func Decode(name string, data []byte) (*Table, error) {
	d := &decoder{data: data, dec: json.NewDecoder(bytes.NewReader(data)), text: textpos.New(data)}
	d.dec.UseNumber()
	t, err := d.table()
	if err != nil {
		return nil, fmt.Errorf("%s:%w", name, err)
	}
	t.Origin = name
	return t, nil
}

// decoder reads a price table token by token, so that every error can say
// where its value is.
type decoder struct {
	data []byte
	dec  *json.Decoder
	text *textpos.Index
}

// posError is an error at a position of the data; its text begins with
// "LINE:COL: ", so that Decode's name and colon make "FILE:LINE:COL: ".
type posError struct {
	line, col int
	msg       string
	eof       bool // the data ended
}

// atEnd reports whether err is that of next at the end of the data.
func atEnd(err error) bool {
	var pe *posError
	return errors.As(err, &pe) && pe.eof
}

func (e *posError) Error() string { return fmt.Sprintf("%d:%d: %s", e.line, e.col, e.msg) }

// errorAt is an error at byte offset off of the data.
func (d *decoder) errorAt(off int, format string, args ...any) error {
	line, col := d.text.Pos(off)
	return &posError{line, col, fmt.Sprintf(format, args...), false}
}

// next returns the next token and the offset at which it starts.
func (d *decoder) next() (json.Token, int, error) {
	off := int(d.dec.InputOffset())
	off += len(d.data[off:]) - len(bytes.TrimLeft(d.data[off:], " \t\r\n:,"))
	tok, err := d.dec.Token()
	if err == nil {
		return tok, off, nil
	}
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		// The offset is after the byte at fault.
		return nil, off, d.errorAt(max(int(syn.Offset)-1, off), "%v", err)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		line, col := d.text.Pos(len(d.data))
		return nil, off, &posError{line, col, "unexpected end of JSON", true}
	}
	return nil, off, d.errorAt(off, "%v", err)
}

// object reads a JSON object of what, calling member for each of its
// names with the offset of the name; member reads the value.
func (d *decoder) object(what string, member func(name string, off int) error) (int, error) {
	tok, start, err := d.next()
	if err != nil {
		return start, err
	}
	if tok != json.Delim('{') {
		return start, d.errorAt(start, "%s is %s, not an object", what, describe(tok))
	}
	seen := map[string]bool{}
	for d.dec.More() {
		tok, off, err := d.next()
		if err != nil {
			return start, err
		}
		name, _ := tok.(string) // json.Decoder gives object names as strings
		if seen[name] {
			return start, d.errorAt(off, "%s has %q twice", what, name)
		}
		seen[name] = true
		if err := member(name, off); err != nil {
			return start, err
		}
	}
	_, _, err = d.next() // the closing brace
	return start, err
}

// table reads the whole table: one object, then nothing.
func (d *decoder) table() (*Table, error) {
	t := &Table{Regions: map[string]Prices{}}
	var hasDate, hasRegions bool
	start, err := d.object("the price table", func(name string, off int) error {
		switch name {
		case "date":
			hasDate = true
			return d.date(&t.Date)
		case "sources":
			return d.sources(&t.Sources)
		case "regions":
			hasRegions = true
			return d.regions(t.Regions)
		}
		return d.errorAt(off, "unknown field %q (want date, sources, regions)", name)
	})
	if err != nil {
		return nil, err
	}
	if _, off, err := d.next(); !atEnd(err) {
		return nil, d.errorAt(off, "more after the price table")
	}
	switch {
	case !hasDate:
		return nil, d.errorAt(start, "the price table has no date")
	case !hasRegions:
		return nil, d.errorAt(start, "the price table has no regions")
	}
	if _, ok := t.Regions[FallbackRegion]; !ok {
		return nil, d.errorAt(start, "the price table has no %s, whose prices other regions take", FallbackRegion)
	}
	return t, nil
}

// date reads the non-empty string of the date field.
func (d *decoder) date(into *string) error {
	s, off, err := d.str("date")
	if err == nil && s == "" {
		err = d.errorAt(off, "date is empty")
	}
	*into = s
	return err
}

// sources reads the list of source addresses.
func (d *decoder) sources(into *[]string) error {
	tok, off, err := d.next()
	if err != nil {
		return err
	}
	if tok != json.Delim('[') {
		return d.errorAt(off, "sources is %s, not a list of strings", describe(tok))
	}
	for d.dec.More() {
		s, off, err := d.str("a source")
		if err != nil {
			return err
		}
		if s == "" {
			return d.errorAt(off, "a source is empty")
		}
		*into = append(*into, s)
	}
	_, _, err = d.next()
	return err
}

// regionName is the form of an AWS region's name.
var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

// regions reads the regions object into regions.
func (d *decoder) regions(regions map[string]Prices) error {
	_, err := d.object("regions", func(name string, off int) error {
		if !regionName.MatchString(name) {
			return d.errorAt(off, "%q is not a region name such as us-east-1", name)
		}
		p, err := d.prices(name)
		regions[name] = p
		return err
	})
	return err
}

// priceFields are the JSON names of the prices of Prices, in order.
var priceFields = []string{"interface_endpoint_hour", "interface_endpoint_gb", "nat_gateway_hour", "nat_gateway_gb", "public_ipv4_hour"}

// field returns a pointer to the price of p named name, or nil.
func field(p *Prices, name string) *float64 {
	switch name {
	case "interface_endpoint_hour":
		return &p.InterfaceEndpointHour
	case "interface_endpoint_gb":
		return &p.InterfaceEndpointGB
	case "nat_gateway_hour":
		return &p.NATGatewayHour
	case "nat_gateway_gb":
		return &p.NATGatewayGB
	case "public_ipv4_hour":
		return &p.PublicIPv4Hour
	}
	return nil
}

// prices reads the prices of region: every price, none negative.
func (d *decoder) prices(region string) (Prices, error) {
	var p Prices
	seen := map[string]bool{}
	start, err := d.object(region, func(name string, off int) error {
		seen[name] = true
		if name == "note" {
			note, _, err := d.str(region + " note")
			p.Note = note
			return err
		}
		f := field(&p, name)
		if f == nil {
			return d.errorAt(off, "%s: unknown field %q (want %s, note)", region, name, strings.Join(priceFields, ", "))
		}
		v, err := d.price(region, name)
		*f = v
		return err
	})
	if err != nil {
		return p, err
	}
	for _, name := range priceFields {
		if !seen[name] {
			return p, d.errorAt(start, "%s has no %s", region, name)
		}
	}
	return p, nil
}

// price reads the number of price name of region: a dollar amount, not
// negative.
func (d *decoder) price(region, name string) (float64, error) {
	tok, off, err := d.next()
	if err != nil {
		return 0, err
	}
	n, ok := tok.(json.Number)
	if !ok {
		return 0, d.errorAt(off, "%s %s is %s, not a number of dollars", region, name, describe(tok))
	}
	v, err := strconv.ParseFloat(string(n), 64)
	switch {
	case err != nil || math.IsInf(v, 0):
		return 0, d.errorAt(off, "%s %s: %s is out of range", region, name, n)
	case v < 0:
		return 0, d.errorAt(off, "%s %s is negative: %s", region, name, n)
	}
	return v, nil
}

// str reads a string, what the error calls what.
func (d *decoder) str(what string) (string, int, error) {
	tok, off, err := d.next()
	if err != nil {
		return "", off, err
	}
	s, ok := tok.(string)
	if !ok {
		return "", off, d.errorAt(off, "%s is %s, not a string", what, describe(tok))
	}
	return s, off, nil
}

// describe says what a token is, for errors.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		if v == '{' {
			return "an object"
		}
		return "a list"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}
