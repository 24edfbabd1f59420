package license_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/law"
	"zfjd/internal/license"
	"zfjd/internal/testworld"
)

var today = law.MustParseDate(testworld.Today)

// TestEventOrder: the order of an application's steps, a row per rule
// with its article of the 行政许可法.
func TestEventOrder(t *testing.T) {
	ev := func(ts ...string) []license.Event {
		out := make([]license.Event, len(ts))
		for i, x := range ts {
			out[i] = license.Event{Type: x, At: "2026-05-0" + string(rune('1'+i)), Reason: "依据"}
		}
		return out
	}
	for _, c := range []struct {
		basis, field string
		events       []license.Event
		status       string
	}{
		{"Art. 29: an application starts it", "", ev("applied"), license.Applied},
		{"Art. 29: nothing before the application", "events[0].type", ev("accepted"), ""},
		{"Art. 32 ¶1: accepted or not accepted after the application", "", ev("applied", "not_accepted"), license.NotAccepted},
		{"Art. 32 ¶1: not both", "events[2].type", ev("applied", "accepted", "not_accepted"), ""},
		{"Art. 34, 37: the decision after acceptance", "events[1].type", ev("applied", "granted"), ""},
		{"Art. 38 ¶1: granted", "", ev("applied", "accepted", "granted"), license.Granted},
		{"Art. 38 ¶2: refused", "", ev("applied", "accepted", "refused"), license.Refused},
		{"Art. 38: one decision", "events[3].type", ev("applied", "accepted", "refused", "granted"), ""},
		{"Art. 49, 50: changed and renewed stay in force", "", ev("applied", "accepted", "granted", "changed", "renewed"), license.Granted},
		{"Art. 69: revoked after the grant", "", ev("applied", "accepted", "granted", "revoked"), license.Revoked},
		{"Art. 69: nothing to revoke without a grant", "events[2].type", ev("applied", "accepted", "revoked"), ""},
		{"Art. 8 ¶2: withdrawn", "", ev("applied", "accepted", "granted", "withdrawn"), license.Withdrawn},
		{"Art. 70: cancelled ends it", "events[4].type", ev("applied", "accepted", "granted", "cancelled", "renewed"), ""},
	} {
		b := granted("")
		b.Events = c.events
		err := b.Normalize(today)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.basis, err)
			}
			continue
		}
		if _, ok := apperr.As(err).Fields[c.field]; !ok || !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%s: %v, want field %s", c.basis, err, c.field)
		}
	}
}

// FuzzParse: any byte string either fails (400, a field named or the
// body refused) or yields a body whose normalization is a fixed point.
func FuzzParse(f *testing.F) {
	seed, _ := json.Marshal(granted(testworld.Agency))
	f.Add(seed)
	f.Add([]byte(`{"agency_code":"","events":[{"type":"applied","at":"2026-13-01"}]}`))
	f.Add([]byte(`{"party":{"kind":"person","id_number":"11010519491231002X"},"events":null}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := license.Parse(data, today)
		if err != nil {
			if e := apperr.As(err); e == nil || e.Code != apperr.Invalid || e.Message == "" {
				t.Fatalf("error %v is not a 400 with a message", err)
			}
			return
		}
		again, _ := json.Marshal(b)
		c, err := license.Parse(again, today)
		if err != nil {
			t.Fatalf("a normalized body is refused: %v\n%s", err, again)
		}
		if !reflect.DeepEqual(b, c) {
			t.Fatalf("normalizing twice differs:\n%+v\n%+v", b, c)
		}
	})
}
