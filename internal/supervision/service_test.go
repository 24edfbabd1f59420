package supervision_test

import (
	"context"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

func at(day string) context.Context { return clock.With(context.Background(), clock.Pinned(day)) }

func wantCode(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
	if field != "" {
		if _, ok := apperr.As(err).Fields[field]; !ok {
			t.Fatalf("%s: fields %v lack %s", what, apperr.As(err).Fields, field)
		}
	}
}

func opening() supervision.Opening {
	return supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency, Source: "complaint",
		SourceRef: "TS-1", Summary: "群众反映对同一违法行为两次罚款"}
}

// must fails t on the error of a call returning a case.
func must(t *testing.T) func(*supervision.Case, error) *supervision.Case {
	return func(c *supervision.Case, err error) *supervision.Case {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func do(t *testing.T, svc *supervision.Service, ctx context.Context, p *auth.Principal, id int64, in supervision.ActInput) *supervision.Case {
	t.Helper()
	return must(t)(svc.Act(ctx, p, id, in))
}

// TestOpinionCorrectedLate: 受理 → 立案 → 监督意见书 (条例 Art. 28) delivered;
// the agency corrects after the 30 days of 鲁条例 Art. 28 and the overdue
// warning appears in warning handling and stays after the late report.
func TestOpinionCorrectedLate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup, agency := testworld.As("supervisor"), testworld.As("agency_admin")
		nos := certified(t, svc, w.Ctx)
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		if c.Status != supervision.StatusReceived {
			t.Fatalf("status %s", c.Status)
		}
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		_, err := svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "measure", At: testworld.Today, Note: "调阅案卷", Measure: "files",
			Supervisors: nos[:1]})
		wantCode(t, "one supervisor (鲁条例 Art. 22)", err, apperr.Invalid, "supervisors")
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "measure", At: testworld.Today, Note: "约谈局长", Measure: "talk",
			Supervisors: nos})
		c = do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "opinion", At: testworld.Today, Note: "重复罚款，应撤销第二次处罚",
			DeliveredOn: testworld.Today})
		if c.Deadlines["correction"] != "2026-07-15" {
			t.Fatalf("deadline %v, want correction 2026-07-15 (30 days, 民法典 Art. 201)", c.Deadlines)
		}
		var no string
		for _, d := range c.Documents {
			if d.Kind == "opinion" {
				no = d.DocNo
			}
		}
		if !strings.Contains(no, "监督意〔2026〕1号") {
			t.Fatalf("opinion number %q, documents %+v", no, c.Documents)
		}
		_, err = svc.Act(w.Ctx, agency, c.ID, supervision.ActInput{Action: "corrected", At: testworld.Today})
		wantCode(t, "corrected without note", err, apperr.Invalid, "note")
		_, err = svc.Act(w.Ctx, agency, c.ID, supervision.ActInput{Action: "opinion", At: testworld.Today, Note: "x"})
		wantCode(t, "agency issuing an opinion", err, apperr.Forbidden, "")

		// The daily pass after the limit raises the warning (spec §5).
		late := at("2026-07-16")
		if n, err := flow.Pass(late, db, "2026-07-16", svc.Due()); err != nil || n != 1 {
			t.Fatalf("pass: %d %v", n, err)
		}
		c = must(t)(svc.Get(late, sup, c.ID))
		if len(c.Warnings) != 1 || c.Warnings[0].Rule != "SUPERVISION_CORRECTION_OVERDUE" {
			t.Fatalf("warnings %+v", c.Warnings)
		}
		ws, err := warning.NewService(db).List(late, agency, &warning.Filter{Status: "open"})
		if err != nil || len(ws) != 1 || ws[0].Rule != "SUPERVISION_CORRECTION_OVERDUE" || ws[0].AgencyCode != testworld.Agency {
			t.Fatalf("the agency's warnings: %+v %v", ws, err)
		}
		c = do(t, svc, at("2026-07-20"), agency, c.ID, supervision.ActInput{Action: "corrected", At: "2026-07-20", Note: "已撤销第二次处罚决定"})
		if c.Status != supervision.StatusCorrected || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0].Message, "逾期5日后才报送") {
			t.Fatalf("after the late report: %s %+v", c.Status, c.Warnings)
		}
		ctx := at("2026-07-21")
		do(t, svc, ctx, sup, c.ID, supervision.ActInput{Action: "follow_up", At: "2026-07-21", Note: "回头看：未再发生重复罚款"})
		do(t, svc, ctx, sup, c.ID, supervision.ActInput{Action: "close", At: "2026-07-21"})
		_, err = svc.Act(ctx, sup, c.ID, supervision.ActInput{Action: "notice", At: "2026-07-21", Note: "通报", Scope: "internal"})
		wantCode(t, "an act after 结案", err, apperr.Conflict, "")
	})
}

// TestScope: outside the jurisdiction a case does not exist; only
// supervision opens; 复议/诉讼 disputes are refused (条例 Art. 33 ¶3);
// 提级监督 moves the handling up one level (条例 Art. 20).
func TestScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup, city := testworld.As("supervisor"), testworld.As("city")
		_, err := svc.Open(w.Ctx, testworld.As("agency_admin"), opening())
		wantCode(t, "an agency opening", err, apperr.Forbidden, "")
		o := opening()
		o.AgencyCode, o.RegionCode = testworld.Other, "370103"
		_, err = svc.Open(w.Ctx, sup, o)
		wantCode(t, "another county's agency", err, apperr.Forbidden, "")
		o = opening()
		o.RegionCode = "370103"
		_, err = svc.Open(w.Ctx, city, o)
		wantCode(t, "region not the agency's", err, apperr.Invalid, "region_code")

		o = opening()
		o.Dispute = "litigation"
		c := must(t)(svc.Open(w.Ctx, sup, o))
		if c.Status != supervision.StatusRefused || len(c.Acts) != 1 || !strings.Contains(c.Acts[0].Note, "第三十三条第三款") {
			t.Fatalf("refusal: %s %+v", c.Status, c.Acts)
		}
		_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		wantCode(t, "filing a refused case", err, apperr.Conflict, "")
		refusedID := c.ID

		o = opening()
		o.Escalated = true
		c = must(t)(svc.Open(w.Ctx, sup, o))
		_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		wantCode(t, "the county filing an escalated case", err, apperr.Forbidden, "")
		do(t, svc, w.Ctx, city, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})

		for _, who := range []string{"other_officer", "officer", "social"} {
			_, err = svc.Get(w.Ctx, testworld.As(who), c.ID)
			wantCode(t, who+" reading", err, apperr.NotFound, "")
		}
		if _, err := svc.Get(w.Ctx, testworld.As("head"), c.ID); err != nil {
			t.Fatalf("the agency's head reads its case: %v", err)
		}
		list, err := svc.List(w.Ctx, testworld.As("head"), supervision.Filter{Board: true}, &registry.Page{})
		if err != nil || len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("board for the agency: %+v", list)
		}
		// 挂牌督办 (Art. 20 ¶3) by the county puts its case on the city's
		// board beside the escalated one; an ordinary case is not on it.
		o = opening()
		o.Listed, o.Summary = true, "企业反映同一事项被重复检查"
		listed := must(t)(svc.Open(w.Ctx, sup, o))
		must(t)(svc.Open(w.Ctx, sup, opening()))
		board, err := svc.List(w.Ctx, city, supervision.Filter{Board: true}, &registry.Page{})
		if err != nil || len(board) != 2 || board[0].ID != listed.ID || board[1].ID != c.ID {
			t.Fatalf("the city's board: %+v %v", board, err)
		}
		if refused := must(t)(svc.Get(w.Ctx, sup, refusedID)); refused.Status != supervision.StatusRefused ||
			!strings.Contains(refused.Acts[0].Note, "请当事人在行政诉讼程序中依法主张权利") {
			t.Fatalf("the Art. 33 ¶3 refusal does not point the party to 行政诉讼: %+v", refused.Acts)
		}
	})
}
