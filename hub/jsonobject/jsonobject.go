// Package jsonobject keeps a JSON object's members in their order, each
// value as its bytes, and each name once. The program builds its JSON
// output from the server's answers with it: the answers of several
// getNames batches become one object, and a command adds its own fields
// (a measured round trip, a name it looked up) to the server's object.
package jsonobject

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
)

// ErrNotAnObject is a document that should have been a JSON object and
// is not (null, a list, a cut-off object).
var ErrNotAnObject = errors.New("not a JSON object")

// Object is a JSON object whose members keep their order and their values'
// bytes. The zero value is an empty object.
type Object struct {
	names  []string
	values map[string]json.RawMessage
}

// Parse reads a JSON object, keeping its members in order. A name given
// twice keeps its last value (as encoding/json decodes it) at its first
// place. Anything but one object is ErrNotAnObject.
func Parse(doc []byte) (*Object, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	if open, err := dec.Token(); err != nil || open != json.Delim('{') {
		return nil, ErrNotAnObject
	}
	o := &Object{}
	for dec.More() {
		token, err := dec.Token()
		name, isName := token.(string)
		if err != nil || !isName {
			return nil, ErrNotAnObject
		}
		var value json.RawMessage
		if err := dec.Decode(&value); err != nil {
			return nil, ErrNotAnObject
		}
		o.Set(name, value)
	}
	if end, err := dec.Token(); err != nil || end != json.Delim('}') {
		return nil, ErrNotAnObject
	}
	if _, err := dec.Token(); err == nil {
		return nil, ErrNotAnObject // more after the object
	}
	return o, nil
}

// Len is the number of members.
func (o *Object) Len() int { return len(o.names) }

// Get is the value of name, and whether the object has it.
func (o *Object) Get(name string) (json.RawMessage, bool) {
	value, has := o.values[name]
	return value, has
}

// Set gives name its value: in place if the object has the name, else last.
func (o *Object) Set(name string, value json.RawMessage) {
	if o.values == nil {
		o.values = map[string]json.RawMessage{}
	}
	if _, has := o.values[name]; !has {
		o.names = append(o.names, name)
	}
	o.values[name] = value
}

// SetLast gives name its value as the last member, moving it there if the
// object has it already.
func (o *Object) SetLast(name string, value json.RawMessage) {
	if _, has := o.values[name]; has {
		o.names = slices.DeleteFunc(o.names, func(n string) bool { return n == name })
		delete(o.values, name)
	}
	o.Set(name, value)
}

// Merge sets every member of other in o, in other's order (see Set).
func (o *Object) Merge(other *Object) {
	for _, name := range other.names {
		o.Set(name, other.values[name])
	}
}

// Each calls fn with each member in order, and stops at its first error,
// which it returns.
func (o *Object) Each(fn func(name string, value json.RawMessage) error) error {
	for _, name := range o.names {
		if err := fn(name, o.values[name]); err != nil {
			return err
		}
	}
	return nil
}

// MarshalJSON writes the object compact, each name encoded by encoding/json.
func (o *Object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, name := range o.names {
		if i > 0 {
			buf.WriteByte(',')
		}
		encoded, err := json.Marshal(name)
		if err != nil {
			return nil, err
		}
		buf.Write(encoded)
		buf.WriteByte(':')
		if err := json.Compact(&buf, o.values[name]); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
