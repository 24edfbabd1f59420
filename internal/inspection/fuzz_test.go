package inspection

import (
	"encoding/json"
	"strings"
	"testing"

	"zfjd/internal/law"
)

// FuzzPushBody: any §4 body either normalizes or is refused with fields
// named; a normalized one judges without panicking and its events are in
// time order.
func FuzzPushBody(f *testing.F) {
	f.Add(`{"agency_code":"11370102MB2850412R","region_code":"370102","matter_code":"J-1","kind":"routine",
		"enterprise":{"name":"某公司","id_number":"91370102MA3C5R2K0M"},"events":[{"type":"reported","at":"2026-06-15"},
		{"type":"checked_in","at":"2026-06-15T09:00:00+08:00","officers":["A","B"]},{"type":"result","at":"2026-06-15","problem_found":false}]}`)
	f.Add(`{"kind":"special","emergency":true,"events":[{"type":"checked_in","at":"2026-02-30"}]}`)
	f.Add(`{"joint_agency_codes":["x","11370102MB2850412R"],"events":[{"type":"approved","at":"9999-12-31T23:59:59Z"}]}`)
	f.Fuzz(func(t *testing.T, s string) {
		var in Inspection
		if json.Unmarshal([]byte(s), &in) != nil {
			return
		}
		in.Checklist = nil
		if err := in.Normalize(); err != nil {
			return
		}
		for i := 1; i < len(in.Events); i++ {
			if in.Events[i].when.before(in.Events[i-1].when) {
				t.Fatalf("events out of order: %v", in.Events)
			}
		}
		env := &Env{Cal: law.Default().Lenient(), Today: law.MustParseDate("2026-06-15"), Caps: DefaultCaps, Officers: map[string]Cert{}}
		if _, err := Judge(&in, env); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzObjectRow: an imported pool row is read or refused with a reason,
// and a read one has its id, name and a known tier.
func FuzzObjectRow(f *testing.F) {
	f.Add("91370102MA3C5R2K0M", "某公司", "企业", "食品", "高风险")
	f.Add("", "x", "", "", "high")
	f.Add("x", "", "", "", "中")
	f.Fuzz(func(t *testing.T, id, name, typ, field, tier string) {
		o, msg := ParseObjectRow([]string{id, name, typ, field, tier})
		if msg == "" && (o.ID == "" || o.Name == "" || TierLabel(o.Tier) == o.Tier) {
			t.Fatalf("accepted %+v", o)
		}
	})
}

// FuzzCode: what NormalizeCode accepts is exactly a code newCode can issue.
func FuzzCode(f *testing.F) {
	f.Add(newCode())
	f.Add(" jcaaaaaaaaaaaaaaaa ")
	f.Add("JC../../etc")
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := NormalizeCode(s)
		if ok && (len(c) != 18 || !strings.HasPrefix(c, "JC") || strings.ContainsAny(c, "/.%? ")) {
			t.Fatalf("accepted %q as %q", s, c)
		}
	})
}
