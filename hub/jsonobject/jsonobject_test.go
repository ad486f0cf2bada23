package jsonobject

import (
	"encoding/json"
	"testing"
)

func TestParseKeepsOrderAndNamesOnce(t *testing.T) {
	tests := []struct{ doc, want string }{
		{`{"b":1,"a":[1, 2]}`, `{"b":1,"a":[1,2]}`},
		{` { } `, `{}`},
		{`{"now":1,"now":2,"x":3}`, `{"now":2,"x":3}`},
	}
	for _, tt := range tests {
		o, err := Parse([]byte(tt.doc))
		if err != nil {
			t.Fatalf("Parse(%s): %v", tt.doc, err)
		}
		got, err := o.MarshalJSON()
		if err != nil || string(got) != tt.want {
			t.Errorf("Parse(%s) marshals to %s, %v; want %s", tt.doc, got, err, tt.want)
		}
	}
	for _, notObject := range []string{`[1]`, `null`, `"x"`, `{"a":1`, ``, `{} {}`} {
		if _, err := Parse([]byte(notObject)); err != ErrNotAnObject {
			t.Errorf("Parse(%q) = %v, want ErrNotAnObject", notObject, err)
		}
	}
}

func TestSetLastAndMerge(t *testing.T) {
	o, _ := Parse([]byte(`{"skew_ms":"x","now":1,"round_trip_ms":0}`))
	o.SetLast("round_trip_ms", json.RawMessage(`38`))
	o.SetLast("skew_ms", json.RawMessage(`-2`))
	if got, _ := o.MarshalJSON(); string(got) != `{"now":1,"round_trip_ms":38,"skew_ms":-2}` {
		t.Errorf("SetLast gives %s", got)
	}
	merged := &Object{}
	for _, part := range []string{`{"a":1,"b":2}`, `{}`, `{"b":3,"c":4}`} {
		p, _ := Parse([]byte(part))
		merged.Merge(p)
	}
	if got, _ := merged.MarshalJSON(); string(got) != `{"a":1,"b":3,"c":4}` || merged.Len() != 3 {
		t.Errorf("Merge gives %s (%d members)", got, merged.Len())
	}
}

func TestGet(t *testing.T) {
	o, _ := Parse([]byte(`{"name":"laptop","expire":null}`))
	if v, has := o.Get("expire"); !has || string(v) != `null` {
		t.Errorf("Get(expire) = %s, %v", v, has)
	}
	if v, has := o.Get("trunc"); has || v != nil {
		t.Errorf("Get(trunc) = %s, %v: want nothing", v, has)
	}
}
