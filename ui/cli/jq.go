package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"

	"github.com/itchyny/gojq"

	"cocalc-tui/hub/clean"
)

// compileJQ parses and compiles --jq, so that a mistake in the expression
// is reported before anything is sent. The expression runs without the
// environment ($ENV is empty: it holds the key), without modules and
// without input beyond the document.
func (inv *invocation) compileJQ() error {
	query, err := gojq.Parse(inv.opts.jq)
	if err != nil {
		return usageError{"--jq: " + clean.Bounded(err.Error(), clean.ErrorLimit)}
	}
	code, err := gojq.Compile(query)
	if err != nil {
		return usageError{"--jq: " + clean.Bounded(err.Error(), clean.ErrorLimit)}
	}
	inv.opts.jqCode = code
	return nil
}

// jqError is --jq failing on a document (".name" of a list, an error()
// call): the expression does not fit the answer. It exits with exitUsage.
type jqError struct{ msg string }

func (e jqError) Error() string { return e.msg }

// writeDocument writes one JSON document of the output: made safe by
// clean.JSON (see writeJSON), or, with --jq, what the expression makes of
// it, one result a line: a string as text (cleaned by clean.Text: its TABs
// and line breaks kept, as gh's --jq keeps them for @tsv and join("\n"),
// everything else a terminal would act on made harmless), anything else as
// JSON. Every form is
// scrubbed of the key last. indent indents JSON (on a terminal; never in
// JSON Lines).
func (inv *invocation) writeDocument(ctx context.Context, w io.Writer, doc []byte, indent bool, scrub func(string) string) error {
	if inv.opts.jqCode == nil {
		return writeJSON(w, doc, indent, scrub)
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber() // numbers as the server wrote them: ids of 64 bits stay exact
	var value any
	if err := dec.Decode(&value); err != nil {
		return jqError{"--jq: the output is not JSON: " + err.Error()}
	}
	var out bytes.Buffer
	results := inv.opts.jqCode.RunWithContext(ctx, value)
	for {
		result, more := results.Next()
		if !more {
			break
		}
		switch r := result.(type) {
		case error:
			return jqError{"--jq: " + scrub(clean.Bounded(r.Error(), clean.ErrorLimit))}
		case string:
			out.WriteString(scrub(clean.Text(r)))
			out.WriteByte('\n')
		default:
			encoded, err := gojq.Marshal(r)
			if err != nil {
				return jqError{"--jq: " + clean.Bounded(err.Error(), clean.ErrorLimit)}
			}
			if err := writeJSON(&out, encoded, indent, scrub); err != nil {
				return err
			}
		}
	}
	_, err := w.Write(out.Bytes())
	return err
}
