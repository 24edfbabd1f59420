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
	// Exchange v1.1 facts and events.
	f.Add([]byte(`{"agency_code":"11370100MB2844944P","region_code":"370102","matter_code":"M","procedure":"general",
		"party":{"kind":"person","name":"李四","id_number":"370102201003020019"},
		"facts":{"act_date":"2024-03-01","harm":"none","corrected":true,"minor_act":true,"mental_incapable":true,"no_fault":true,
		"mitigating":["eliminated_harm","coerced"],"illegal_income_fen":100},
		"events":[{"type":"discovered","at":"2024-03-02"},{"type":"seized","at":"2024-03-03","doc_no":"扣1"},
		{"type":"testing","at":"2024-03-04","from":"2024-03-04","to":"2024-03-10","ref":"扣1"},
		{"type":"notified","at":"2024-03-05","hearing_right":false},{"type":"rights_waived","at":"2024-03-05"},
		{"type":"hearing_requested","at":"2024-03-06"},{"type":"hearing_absent","at":"2024-03-07"},{"type":"refund_ordered","at":"2024-03-08"},
		{"type":"decided","at":"2024-03-09","outcome":"penalty","tier":"mitigated","penalties":[{"kind":"fine","amount_fen":100}]},
		{"type":"delivered","at":"2024-03-09","method":"post"},{"type":"appealed","at":"2024-03-20"},
		{"type":"enforcement_urged","at":"2024-04-20"},{"type":"enforcement_applied","at":"2024-04-21"},
		{"type":"annulled","at":"2024-05-01","kind":"change"},{"type":"transferred","at":"2024-05-02T10:00:00+08:00"},
		{"type":"transfer_receipt","at":"2024-05-03","result":"not_filed"},{"type":"closed","at":"2024-05-04","reason":"dropped"}]}`))
	f.Add([]byte(`{"events":[{"type":"testing","at":"2024-03-04","from":"2024-03-09","to":"2024-03-01"},{"type":"delivered","at":"2024-01-01","method":"pigeon"},
		{"type":"annulled","at":"2024-01-01","kind":"x"},{"type":"closed","at":"2024-01-01","reason":"y"}]}`))
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
