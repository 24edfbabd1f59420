package supervisionweb_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/warning"
	"zfjd/internal/web/webtest"
)

func agencyP(code string) *auth.Principal {
	return &auth.Principal{Name: "机关管理员", Username: "a", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: code}
}

type apiCase struct {
	ID        int64             `json:"id"`
	Status    string            `json:"status"`
	Deadlines map[string]string `json:"deadlines"`
	Warnings  []struct {
		Rule string `json:"rule"`
	} `json:"warnings"`
	Documents []struct {
		Kind  string `json:"kind"`
		DocNo string `json:"doc_no"`
		URL   string `json:"url"`
	} `json:"documents"`
}

// TestAPISupervisionCase walks spec §5 through the API on both engines,
// each call checked against openapi.yaml: 201 {id, status}, 404 outside
// the jurisdiction, 403 for the wrong side, 409 out of order and after
// 结案, 400 naming the field; the §5 deadline and its warning after time
// passes (a second server on a later clock runs the daily pass).
func TestAPISupervisionCase(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		sup := e.Token(auth.RoleSupervisor, "370102", "")
		otherSup := e.Token(auth.RoleSupervisor, "370103", "")
		agency := e.Token(auth.RoleAgencyAdmin, "370102", w.A102)
		sibling := e.Token(auth.RoleAgencyAdmin, "370102", w.A102b)

		body := map[string]any{"region_code": "370102", "agency_code": w.A102, "source": "hotline_12345", "source_ref": "12345-0001",
			"summary": "企业反映同一事项被重复检查", "listed": true}
		e.Call(http.MethodPost, "/api/v1/supervision-cases", agency, body, http.StatusForbidden)
		bad := e.Call(http.MethodPost, "/api/v1/supervision-cases", sup, map[string]any{"region_code": "370102", "agency_code": w.A102,
			"source": "gossip", "summary": "x"}, http.StatusBadRequest).APIErr(t)
		if _, ok := bad.Fields["source"]; !ok {
			t.Fatalf("bad source: %+v", bad)
		}
		var c apiCase
		e.Call(http.MethodPost, "/api/v1/supervision-cases", sup, body, http.StatusCreated).Decode(t, &c)
		if c.ID == 0 || c.Status != "received" {
			t.Fatalf("created %+v", c)
		}
		path := fmt.Sprintf("/api/v1/supervision-cases/%d", c.ID)
		e.Get(path, otherSup, http.StatusNotFound)
		e.Get(path, sibling, http.StatusNotFound)
		e.Get(path, agency, http.StatusOK)

		act := func(token string, want int, kv ...any) *webtest.Resp {
			t.Helper()
			b := map[string]any{"at": "2026-06-15"}
			for i := 0; i+1 < len(kv); i += 2 {
				b[kv[i].(string)] = kv[i+1]
			}
			return e.Call(http.MethodPost, path+"/actions", token, b, want)
		}
		act(sup, http.StatusConflict, "action", "opinion", "note", "未立案")
		act(sup, http.StatusOK, "action", "file")
		// The measure names 行政执法监督证 numbers (鲁条例 Art. 22): two distinct
		// holders valid on its date, registered by the body.
		admin := &auth.Principal{Name: "管理员", Username: "admin", Role: auth.RoleAdmin, Region: "370000"}
		for _, no := range []string{"AP3701020001", "AP3701020002"} {
			if _, err := supervision.NewService(db).AddCert(clock.With(context.Background(), webtest.Clock), admin, supervision.CertInput{
				CertNo: no, HolderName: "持证人" + no[len(no)-1:], RegionCode: "370102", ValidFrom: "2025-01-01", ValidTo: "2030-12-31"}); err != nil {
				t.Fatal(err)
			}
		}
		if f := act(sup, http.StatusBadRequest, "action", "measure", "measure", "files", "note", "调阅案卷",
			"supervisors", []string{"AP3701020001", "监督员乙"}).APIErr(t); !strings.Contains(f.Fields["supervisors"], "监督员乙") ||
			!strings.Contains(f.Message, "第二十二条") {
			t.Fatalf("a name instead of a certificate: %+v", f)
		}
		act(sup, http.StatusOK, "action", "measure", "measure", "files", "note", "调阅案卷", "supervisors", []string{"AP3701020001", "AP3701020002"})
		if f := act(sup, http.StatusBadRequest, "action", "assist_ask", "note", "核实").APIErr(t); f.Fields["unit"] == "" || f.Fields["due"] == "" {
			t.Fatalf("assist_ask without unit and due: %+v", f)
		}
		act(sup, http.StatusOK, "action", "assist_ask", "note", "核实用地审批", "unit", "市自然资源和规划局", "due", "2026-06-25")
		act(sup, http.StatusOK, "action", "assist_reply", "note", "手续齐全")
		if f := act(sup, http.StatusBadRequest, "action", "opinion").APIErr(t); f.Fields["note"] == "" {
			t.Fatalf("opinion without note: %+v", f)
		}
		e.Call(http.MethodPost, path+"/actions", sup, map[string]any{"action": "file"}, http.StatusBadRequest)
		act(agency, http.StatusForbidden, "action", "opinion", "note", "x")
		act(sup, http.StatusOK, "action", "opinion", "note", "重复检查，应合并为一次", "delivered_on", "2026-06-15").Decode(t, &c)
		if c.Status != "opinion" || c.Deadlines["correction"] != "2026-07-15" || len(c.Documents) != 2 || c.Documents[0].DocNo == "" {
			t.Fatalf("after the opinion: %+v", c)
		}
		act(sup, http.StatusForbidden, "action", "corrected", "note", "x")
		act(agency, http.StatusOK, "action", "objection", "note", "检查系上级部署的专项检查")
		act(sup, http.StatusOK, "action", "objection_answer", "note", "专项检查亦应合并实施")
		act(sup, http.StatusBadRequest, "action", "decision", "note", "撤销", "kind", "annul")

		// After the limit the daily pass raises SUPERVISION_CORRECTION_OVERDUE.
		late := webtest.StartOn(t, db, webtest.ClockAt(31))
		ctx := clock.With(context.Background(), webtest.ClockAt(31))
		if _, err := flow.Pass(ctx, db, clock.TodayString(ctx), supervision.NewService(db).Due()); err != nil {
			t.Fatal(err)
		}
		late.Get(path, agency, http.StatusOK).Decode(t, &c)
		if len(c.Warnings) != 1 || c.Warnings[0].Rule != "SUPERVISION_CORRECTION_OVERDUE" {
			t.Fatalf("warnings after the limit: %+v", c)
		}
		// In warning handling (spec §1) the agency signs and answers it; GET
		// /api/v1/warnings/{id} serves it. (The exchange list GET
		// /api/v1/warnings lists case warnings only.)
		ws, err := warning.NewService(db).List(ctx, agencyP(w.A102), &warning.Filter{Rule: "SUPERVISION_CORRECTION_OVERDUE"})
		if err != nil || len(ws) != 1 {
			t.Fatalf("the agency's warnings: %+v %v", ws, err)
		}
		late.Get(fmt.Sprintf("/api/v1/warnings/%d", ws[0].ID), agency, http.StatusOK)
		late.Call(http.MethodPost, path+"/actions", agency, map[string]any{"action": "corrected", "at": "2026-07-16", "note": "已合并检查"}, http.StatusOK)
		late.Call(http.MethodPost, path+"/actions", sup, map[string]any{"action": "close", "at": "2026-07-16"}, http.StatusOK)
		r := late.Call(http.MethodPost, path+"/actions", sup, map[string]any{"action": "follow_up", "at": "2026-07-16", "note": "x"}, http.StatusConflict)
		if !strings.Contains(r.APIErr(t).Message, "结案") {
			t.Fatalf("after close: %s", r)
		}
		var page struct {
			Total int `json:"total"`
		}
		late.Get("/api/v1/supervision-cases?board=true&status=closed", agency, http.StatusOK).Decode(t, &page)
		if page.Total != 1 {
			t.Fatalf("closed listed cases: %+v", page)
		}
	})
}
