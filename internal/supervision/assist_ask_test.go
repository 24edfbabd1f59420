package supervision_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// TestAssistAndSpecialInvestigation: 提请有关单位协助 names the unit and a
// deadline (鲁条例 Art. 24), the daily pass warns when no answer is
// registered by then and the late answer keeps the warning; 专门调查
// (Art. 25) records its ground, team and scope; each refusal names its
// field and the article.
func TestAssistAndSpecialInvestigation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		rows := []struct {
			basis string
			in    supervision.ActInput
			field string
		}{
			{"鲁条例 Art. 24: the unit asked", supervision.ActInput{Action: "assist_ask", Note: "核实用地审批", Due: "2026-06-25"}, "unit"},
			{"鲁条例 Art. 24: the answer's deadline", supervision.ActInput{Action: "assist_ask", Note: "核实用地审批", Unit: "市自然资源和规划局"}, "due"},
			{"鲁条例 Art. 24: a deadline after the request", supervision.ActInput{Action: "assist_ask", Note: "核实", Unit: "市自然资源和规划局",
				Due: testworld.Today}, "due"},
			{"鲁条例 Art. 24: what is asked", supervision.ActInput{Action: "assist_ask", Unit: "市自然资源和规划局", Due: "2026-06-25"}, "note"},
			{"鲁条例 Art. 25: the ground", supervision.ActInput{Action: "special_investigation", Note: "查明", Team: "甲、乙", Range: "2025年以来的处罚"}, "kind"},
			{"鲁条例 Art. 25: who investigates", supervision.ActInput{Action: "special_investigation", Kind: "social_impact", Note: "查明",
				Range: "2025年以来的处罚"}, "team"},
			{"鲁条例 Art. 25: the scope", supervision.ActInput{Action: "special_investigation", Kind: "social_impact", Note: "查明", Team: "甲、乙"}, "range"},
			{"鲁条例 Art. 25: the findings", supervision.ActInput{Action: "special_investigation", Kind: "social_impact", Team: "甲、乙",
				Range: "2025年以来的处罚"}, "note"},
		}
		for _, r := range rows {
			r.in.At = testworld.Today
			_, err := svc.Act(w.Ctx, sup, c.ID, r.in)
			wantCode(t, r.basis, err, apperr.Invalid, r.field)
			if (r.field == "unit" || r.field == "kind") && !strings.Contains(apperr.As(err).Fields[r.field], "《山东省行政执法监督条例》第二十") {
				t.Errorf("%s: %v", r.basis, apperr.As(err).Fields)
			}
		}
		_, err := svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "assist_reply", At: testworld.Today, Note: "已答复"})
		if !apperr.Is(err, apperr.Conflict) || !strings.Contains(err.Error(), "第二十四条") {
			t.Fatalf("an answer without a request: %v, want 409 citing 第二十四条", err)
		}
		c = do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "special_investigation", At: testworld.Today, Kind: "social_impact",
			Team: "李明、王芳、张华", Range: "该局2025年以来同类处罚案件", Note: "查明重复罚款3起"})
		if last := c.Acts[len(c.Acts)-1]; last.Str("team") != "李明、王芳、张华" || last.Str("range") == "" || last.Str("kind") != "social_impact" {
			t.Fatalf("special investigation recorded %+v", last.Data)
		}
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "assist_ask", At: testworld.Today, Unit: "市自然资源和规划局",
			Due: "2026-06-25", Note: "核实涉案地块用地审批情况"})
		late := at("2026-06-26")
		if n, err := flow.Pass(late, db, "2026-06-26", svc.Due()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		c = must(t)(svc.Get(late, sup, c.ID))
		if len(c.Warnings) != 1 || c.Warnings[0].Rule != "SUPERVISION_ASSIST_OVERDUE" || !strings.Contains(c.Warnings[0].Basis, "第二十四条") ||
			!strings.Contains(c.Warnings[0].Message, "市自然资源和规划局") {
			t.Fatalf("warnings %+v", c.Warnings)
		}
		ws, err := warning.NewService(db).List(late, sup, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != "SUPERVISION_ASSIST_OVERDUE" {
			t.Fatalf("warning handling: %+v %v", ws, err)
		}
		c = do(t, svc, at("2026-06-29"), sup, c.ID, supervision.ActInput{Action: "assist_reply", At: "2026-06-29", Note: "用地审批手续齐全"})
		if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].Message, "逾期4日后才答复") {
			t.Fatalf("after the late answer: %+v", c.Warnings)
		}
	})
}
