package upward

import (
	"context"
	"encoding/json"

	"zfjd/internal/store"
)

// Mapping turns one record-log leaf into what a target receives.
type Mapping interface {
	Label() string
	// Wants reports whether the target receives this change at all (a
	// 双公示 target takes only penalty decisions); decided when queued.
	Wants(kind string, content []byte) bool
	// Map is the record sent, read when it is sent.
	Map(ctx context.Context, q store.Querier, kind, ref string, content []byte) (any, error)
}

// Mappings are the field mappings a target may use, by name.
var Mappings = map[string]Mapping{
	"records":        records{},
	"credit_penalty": creditPenalty{},
}

var mappingOrder = []string{"records", "credit_penalty"}

// records sends every record change as the log holds it: its kind, its
// reference and its canonical content (the province's or the national
// system's full copy; the national data-element standard SF/T 0052 was not
// available to map to).
type records struct{}

func (records) Label() string             { return "全部记录原样推送" }
func (records) Wants(string, []byte) bool { return true }
func (records) Map(_ context.Context, _ store.Querier, kind, ref string, content []byte) (any, error) {
	var c any = json.RawMessage(content)
	if !json.Valid(content) {
		c = string(content)
	}
	return map[string]any{"kind": kind, "ref": ref, "content": c}, nil
}
