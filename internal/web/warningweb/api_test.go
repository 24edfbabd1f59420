package warningweb_test

import (
	"fmt"
	"net/http"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

type apiStep struct {
	Action string `json:"action"`
	At     string `json:"at"`
	Actor  string `json:"actor"`
	Note   string `json:"note"`
}

type apiWarning struct {
	ID        int64     `json:"id"`
	Rule      string    `json:"rule"`
	Severity  string    `json:"severity"`
	Status    string    `json:"status"`
	Stage     string    `json:"stage"`
	Escalated bool      `json:"escalated"`
	History   []apiStep `json:"history"`
}

// TestAPIWarningHandling walks a warning of a case pushed through the API
// from issued to closed (spec/supervision-v1.md §1) with every refusal on
// the way, each call checked against openapi.yaml.
func TestAPIWarningHandling(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		county := e.Token(auth.RoleIntegration, "370102", "")
		e.Put("/api/v1/cases/sc/C-1", county, webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, w.Off102}), http.StatusCreated)
		agency := e.Token(auth.RoleIntegration, "370102", w.A102)
		head := e.Token(auth.RoleHead, "370102", w.A102)
		officer := e.Token(auth.RoleOfficer, "370102", w.A102)
		sibling := e.Token(auth.RoleAgencyAdmin, "370102", w.A102b)
		sup := e.Token(auth.RoleSupervisor, "370102", "")
		otherSup := e.Token(auth.RoleSupervisor, "370103", "")

		var list webtest.List[apiWarning]
		e.Get("/api/v1/warnings?stage=issued", sup, http.StatusOK).Decode(t, &list)
		if list.Total < 2 {
			t.Fatalf("issued warnings: %+v", list)
		}
		for _, x := range list.Items {
			if x.Stage != "issued" || x.Escalated {
				t.Errorf("listed %+v", x)
			}
		}
		id, id2 := list.Items[0].ID, list.Items[1].ID
		path := fmt.Sprintf("/api/v1/warnings/%d", id)
		act := path + "/actions"

		var got apiWarning
		e.Get(path, agency, http.StatusOK).Decode(t, &got)
		if got.Stage != "issued" || len(got.History) != 1 || got.History[0].Action != "issued" || got.History[0].Actor != "system" {
			t.Fatalf("issued warning %+v", got)
		}
		e.Get(path, otherSup, http.StatusNotFound)
		e.Get(path, sibling, http.StatusNotFound)
		e.Get("/api/v1/warnings/999999", sup, http.StatusNotFound)
		e.Call(http.MethodPost, act, otherSup, map[string]any{"action": "verify"}, http.StatusNotFound)
		e.Call(http.MethodPost, act, officer, map[string]any{"action": "sign"}, http.StatusForbidden)
		e.Call(http.MethodPost, act, county, map[string]any{"action": "sign"}, http.StatusForbidden) // not the case's agency
		e.Call(http.MethodPost, act, sup, map[string]any{"action": "sign"}, http.StatusForbidden)
		e.Call(http.MethodPost, act, agency, map[string]any{"action": "rectify", "note": "已整改"}, http.StatusConflict)
		if er := e.Call(http.MethodPost, act, sup, map[string]any{"action": "verify"}, http.StatusConflict).APIErr(t); er.Code != "conflict" {
			t.Errorf("409 code %q", er.Code)
		}
		e.Call(http.MethodPost, act, agency, `{"note": 1}`, http.StatusBadRequest)

		e.Call(http.MethodPost, act, head, map[string]any{"action": "sign", "note": "收到"}, http.StatusOK).Decode(t, &got)
		if got.Stage != "signed" || got.Status != "open" {
			t.Fatalf("signed %+v", got)
		}
		e.Call(http.MethodPost, act, agency, map[string]any{"action": "sign"}, http.StatusConflict)
		if er := e.Call(http.MethodPost, act, agency, map[string]any{"action": "rectify"}, http.StatusBadRequest).APIErr(t); er.Fields["note"] == "" {
			t.Errorf("missing note: %+v", er)
		}
		e.Call(http.MethodPost, act, agency, map[string]any{"action": "rectify", "note": "已督促当事人缴纳并申请强制执行"}, http.StatusOK)
		e.Call(http.MethodPost, act, sup, map[string]any{"action": "return"}, http.StatusBadRequest)
		e.Call(http.MethodPost, act, sup, map[string]any{"action": "return", "note": "未见申请强制执行的材料"}, http.StatusOK).Decode(t, &got)
		if got.Stage != "signed" {
			t.Fatalf("returned %+v", got)
		}
		e.Call(http.MethodPost, act, agency, map[string]any{"action": "explain", "note": "已于期限内申请，附法院受理通知"}, http.StatusOK)
		e.Call(http.MethodPost, act, sup, map[string]any{"action": "verify"}, http.StatusOK).Decode(t, &got)
		if got.Stage != "closed" || got.Status != "resolved" {
			t.Fatalf("closed %+v", got)
		}
		want := []struct{ action, actor string }{{"issued", "system"}, {"sign", ""}, {"rectify", ""}, {"return", ""}, {"explain", ""}, {"verify", ""}}
		if len(got.History) != len(want) {
			t.Fatalf("history %+v", got.History)
		}
		for i, h := range got.History {
			if h.Action != want[i].action || (want[i].actor != "" && h.Actor != want[i].actor) || h.At == "" {
				t.Errorf("history[%d] = %+v, want %s", i, h, want[i].action)
			}
		}
		if got.History[3].Note != "未见申请强制执行的材料" {
			t.Errorf("return note %q", got.History[3].Note)
		}
		e.Get("/api/v1/warnings?stage=closed&status=all", sup, http.StatusOK).Decode(t, &list)
		if list.Total != 1 || list.Items[0].ID != id || list.Items[0].Status != "resolved" {
			t.Errorf("closed list %+v", list)
		}
		e.Get("/api/v1/warnings?stage=done", sup, http.StatusBadRequest)

		// Batch: sign two, one already closed; verify needs supervision.
		var batch struct {
			Results []struct {
				ID    int64  `json:"id"`
				OK    bool   `json:"ok"`
				Stage string `json:"stage"`
				Error *struct {
					Code string `json:"code"`
				} `json:"error"`
			} `json:"results"`
		}
		e.Call(http.MethodPost, "/api/v1/warnings/actions", agency, map[string]any{"action": "sign", "ids": []int64{id2, id}}, http.StatusOK).Decode(t, &batch)
		if len(batch.Results) != 2 || !batch.Results[0].OK || batch.Results[0].Stage != "signed" || batch.Results[1].OK ||
			batch.Results[1].Error == nil || batch.Results[1].Error.Code != "conflict" {
			t.Errorf("batch sign %+v", batch)
		}
		e.Call(http.MethodPost, "/api/v1/warnings/actions", agency, map[string]any{"action": "rectify", "ids": []int64{id2}}, http.StatusBadRequest)
		e.Call(http.MethodPost, "/api/v1/warnings/actions", sup, map[string]any{"action": "verify", "ids": []int64{id2}}, http.StatusOK).Decode(t, &batch)
		if batch.Results[0].OK || batch.Results[0].Error.Code != "conflict" {
			t.Errorf("batch verify of a signed one %+v", batch)
		}
		e.Call(http.MethodPost, "/api/v1/warnings/actions", "", map[string]any{"action": "sign", "ids": []int64{id2}}, http.StatusUnauthorized)
	})
}
