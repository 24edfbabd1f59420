package coordweb_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/coordination"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// TestAPICoordination: an agency's system reads the disputes it is named
// in and answers one (条例 Art. 13, 25), and signs and answers a request
// it received; every call is checked against openapi.yaml on both
// engines: 404 outside reach, 403 for the wrong side, 409 for a second
// answer, 400 naming the field, 401 without a token.
func TestAPICoordination(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		ctx := clock.With(context.Background(), webtest.Clock)
		today := clock.TodayString(ctx)
		svc := coordination.NewService(db)
		a102 := &auth.Principal{Name: "历下区局", Username: "a", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: w.A102}
		d, err := svc.Open(ctx, a102, coordination.Opening{Kind: "competence", Title: "食品经营许可核查由谁负责", Summary: "两局意见不一",
			Agencies: []string{w.A102, w.A102b}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SendAssist(ctx, a102, coordination.AssistOpening{Kind: "licence", Recipient: w.A102b, Subject: "x", Summary: "y"}); err == nil {
			t.Fatal("a licence notice without a case was sent")
		}
		if _, err := db.W.Exec(`INSERT INTO assists (kind, region_code, sender, recipient, subject, summary, status, sent_on, answer_due,
			created_by, created_at, updated_at) VALUES ('township', '370102', $1, $2, '无证经营', '请依法查处', 'sent', $3, $3, 't', 0, 0)`,
			w.A102, w.A102b, today); err != nil {
			t.Fatal(err)
		}
		other := e.Token(auth.RoleIntegration, "370102", w.A102b)
		far := e.Token(auth.RoleIntegration, "370103", w.A103)
		sender := e.Token(auth.RoleIntegration, "370102", w.A102)
		sup := e.Token(auth.RoleSupervisor, "370102", "")
		path := "/api/v1/disputes/" + strconv.FormatInt(d.ID, 10)

		var page struct {
			Total int `json:"total"`
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		e.Get("/api/v1/disputes?open=true", other, http.StatusOK).Decode(t, &page)
		if page.Total != 1 || page.Items[0].ID != d.ID {
			t.Fatalf("the named agency's list: %+v", page)
		}
		e.Get("/api/v1/disputes", far, http.StatusOK).Decode(t, &page)
		if page.Total != 0 {
			t.Fatalf("the far agency lists %d", page.Total)
		}
		e.Get("/api/v1/disputes?status=lost", other, http.StatusBadRequest)
		e.Call(http.MethodGet, "/api/v1/disputes", "", nil, http.StatusUnauthorized)
		e.Get(path, far, http.StatusNotFound)
		e.Get(path, sup, http.StatusOK)
		answer := map[string]any{"action": "answer", "at": today, "note": "不属本局职责", "position": "not_ours", "evidence": []string{"三定方案"}}
		e.Call(http.MethodPost, path+"/actions", sender, answer, http.StatusForbidden)
		e.Call(http.MethodPost, path+"/actions", far, answer, http.StatusNotFound)
		bad := e.Call(http.MethodPost, path+"/actions", other, map[string]any{"action": "answer", "at": today, "note": "x"},
			http.StatusBadRequest).APIErr(t)
		if _, ok := bad.Fields["position"]; !ok {
			t.Fatalf("no position: %+v", bad)
		}
		var got coordination.Dispute
		e.Call(http.MethodPost, path+"/actions", other, answer, http.StatusOK).Decode(t, &got)
		if got.Status != coordination.StatusAnswered {
			t.Fatalf("after the answer: %s", got.Status)
		}
		e.Call(http.MethodPost, path+"/actions", other, answer, http.StatusConflict)
		e.Call(http.MethodPost, path+"/actions", other, map[string]any{"action": "meeting", "at": today, "note": "x"}, http.StatusForbidden)

		var assists struct {
			Total int `json:"total"`
			Items []struct {
				ID int64 `json:"id"`
			} `json:"items"`
		}
		e.Get("/api/v1/assists?kind=township", other, http.StatusOK).Decode(t, &assists)
		if assists.Total != 1 {
			t.Fatalf("the recipient's assists: %+v", assists)
		}
		e.Get("/api/v1/assists?kind=nope", other, http.StatusBadRequest)
		ap := "/api/v1/assists/" + strconv.FormatInt(assists.Items[0].ID, 10) + "/actions"
		e.Call(http.MethodPost, ap, far, map[string]any{"action": "receipt", "at": today}, http.StatusNotFound)
		e.Call(http.MethodPost, ap, sender, map[string]any{"action": "receipt", "at": today}, http.StatusForbidden)
		e.Call(http.MethodPost, ap, other, map[string]any{"action": "answer", "at": today, "note": "已处理"}, http.StatusBadRequest)
		e.Call(http.MethodPost, ap, other, map[string]any{"action": "receipt", "at": today}, http.StatusOK)
		e.Call(http.MethodPost, ap, other, map[string]any{"action": "receipt", "at": today}, http.StatusConflict)
		var as coordination.Assist
		e.Call(http.MethodPost, ap, other, map[string]any{"action": "answer", "at": today, "note": "已立案查处", "answer": "acted"},
			http.StatusOK).Decode(t, &as)
		if as.Status != coordination.AssistAnswered {
			t.Fatalf("after the answer: %s", as.Status)
		}
	})
}
