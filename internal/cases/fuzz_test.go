package cases

import (
	"encoding/json"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/law"
)

// FuzzExchangeCase feeds arbitrary bodies of PUT /api/v1/cases through
// what the API does with them: decode, normalize, and — when valid — judge
// and ask the workflow what may come next. None of it may panic, and a
// valid case's judgement is deterministic.
func FuzzExchangeCase(f *testing.F) {
	base, _ := json.Marshal(baseCase())
	f.Add(base)
	f.Add([]byte(`{"agency_code":"11370100MB2844944P","region_code":"370102","matter_code":"M","procedure":"summary",
		"party":{"kind":"person","name":"张三","id_number":"11010519491231002X"},"facts":{"act_date":"2024-01-01","harm":"none"},
		"events":[{"type":"decided","at":"2024-01-02T10:00:00+08:00","outcome":"penalty","penalties":[{"kind":"fine","amount_fen":20000}]},
		{"type":"seized","at":"2024-01-01"},{"type":"paid","at":"2024-01-03","amount_fen":-1}]}`))
	f.Add([]byte(`{"events":[{"type":"hearing_noticed","at":"2024-13-01","hearing_at":"x"}]}`))
	today := law.MustParseDate("2024-12-01")
	f.Fuzz(func(t *testing.T, body []byte) {
		var c Case
		if json.Unmarshal(body, &c) != nil {
			return
		}
		if c.normalize(today) != nil {
			return
		}
		env := &Env{Cal: law.Default(), Today: today, Officers: map[string]OfficerCert{}}
		a, b := Judge(&c, env), Judge(&c, env)
		if a.Status != b.Status || len(a.Warnings) != len(b.Warnings) || a.NextCheck != b.NextCheck {
			t.Fatalf("judgement not deterministic: %+v vs %+v", a, b)
		}
		c.SourceSystem = SourceZFJD
		for _, r := range auth.Roles {
			Workflow.Offered(StateOf(&c), r)
		}
		DocsReached(&c)
		NextSteps(&c)
	})
}
