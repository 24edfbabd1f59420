package caseweb_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

type thCase struct {
	ID        int64             `json:"id"`
	Status    string            `json:"status"`
	Deadlines map[string]string `json:"deadlines"`
	Warnings  []struct {
		Rule, Severity, Message, Basis, Due string
	} `json:"warnings"`
}

func (c thCase) rules() []string {
	var out []string
	for _, w := range c.Warnings {
		out = append(out, w.Rule)
	}
	slices.Sort(out)
	return out
}

// The spec's example, pushed as the spec says: deadlines computed (the
// Art. 36 limitation is a bar and ends on its day, a Sunday, with no
// 民法典 Art. 203 roll-forward: exchange v1.1), the one rule that holds
// today fires — the unpaid fine (处罚法 Art. 67, 72) in red, and, the three
// months for court enforcement having run out unapplied, a yellow 请核实 of
// the same rule (行政强制法 Art. 53) — a replay changes nothing, and the
// warnings list finds them.
func TestAPICaseSpecExample(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		e.Put("/api/v1/officers/LX-0003", tok, webtest.OfficerBody("王三", w.A102), http.StatusCreated)
		body := webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, "LX-0003"})
		var c thCase
		r := e.Put("/api/v1/cases/sc-market/2024-0001", tok, body, http.StatusCreated)
		r.Decode(t, &c)
		want := map[string]string{"limitation": "2026-03-01", "decision": "2024-06-03", "hearing_request": "2024-05-27",
			"delivery": "2024-06-12", "publicity": "2024-06-12", "payment": "2024-06-18"}
		for k, v := range want {
			if c.Deadlines[k] != v {
				t.Errorf("deadline %s = %q, want %q (all: %v)", k, c.Deadlines[k], v, c.Deadlines)
			}
		}
		if c.ID == 0 || c.Status != "delivered" || !slices.Equal(c.rules(), []string{"PAYMENT_OVERDUE", "PAYMENT_OVERDUE"}) {
			t.Fatalf("case = %+v", c)
		}
		if m := c.Warnings[0].Message; c.Warnings[0].Severity != "red" || !strings.Contains(m, "加处罚款累计5000元") || !strings.Contains(m, "第七十二条") {
			t.Errorf("payment warning = %+v", c.Warnings[0])
		}
		if m := c.Warnings[1].Message; c.Warnings[1].Severity != "yellow" || !strings.Contains(m, "申请人民法院强制执行的期限") ||
			c.Warnings[1].Due != c.Deadlines["enforcement"] {
			t.Errorf("enforcement warning = %+v", c.Warnings[1])
		}
		before := webtest.Counts(t, db)
		if again := e.Put("/api/v1/cases/sc-market/2024-0001", tok, body, http.StatusOK); string(again.Body) != string(r.Body) {
			t.Errorf("replay answered\n%s\nwant\n%s", again.Body, r.Body)
		}
		webtest.SameCounts(t, db, before, "replay")
		var got thCase
		e.Get("/api/v1/cases/sc-market/2024-0001", tok, http.StatusOK).Decode(t, &got)
		if got.ID != c.ID || !slices.Equal(got.rules(), c.rules()) {
			t.Errorf("GET = %+v", got)
		}
		var l webtest.List[map[string]any]
		e.Get("/api/v1/warnings?source_system=sc-market&source_id=2024-0001", tok, http.StatusOK).Decode(t, &l)
		if l.Total != 2 || l.Items[0]["rule"] != "PAYMENT_OVERDUE" || l.Items[1]["rule"] != "PAYMENT_OVERDUE" ||
			l.Items[0]["status"] != "open" || l.Items[1]["status"] != "open" {
			t.Errorf("warnings = %+v", l)
		}
		for q, n := range map[string]int{"rule=PAYMENT_OVERDUE": 2, "rule=DECISION_OVERDUE": 0, "severity=red": 1, "severity=yellow": 1,
			"agency_code=" + w.A102: 2, "agency_code=" + w.A102b: 0, "region_code=370102": 2, "status=resolved": 0, "status=all": 2} {
			var l webtest.List[map[string]any]
			e.Get("/api/v1/warnings?"+q, tok, http.StatusOK).Decode(t, &l)
			if l.Total != n {
				t.Errorf("warnings?%s: %d, want %d", q, l.Total, n)
			}
		}
		// Paid now: the warning turns yellow (paid late) and is not duplicated.
		body["events"] = append(body["events"].([]map[string]any), map[string]any{"type": "paid", "at": clock.TodayString(webtest.Ctx), "amount_fen": 500000})
		e.Put("/api/v1/cases/sc-market/2024-0001", tok, body, http.StatusOK).Decode(t, &c)
		if !slices.Equal(c.rules(), []string{"PAYMENT_OVERDUE"}) || c.Warnings[0].Severity != "yellow" || c.Status != "executed" {
			t.Errorf("after payment: %+v", c)
		}
		// Another token of the city sees it; one of another district does not.
		e.Get("/api/v1/cases/sc-market/2024-0001", w.City, http.StatusOK)
		e.Get("/api/v1/cases/sc-market/2024-0001", e.Token(auth.RoleIntegration, "370103", ""), http.StatusNotFound)
		var none webtest.List[map[string]any]
		e.Get("/api/v1/warnings", e.Token(auth.RoleIntegration, "370103", ""), http.StatusOK).Decode(t, &none)
		if none.Total != 0 {
			t.Errorf("another district sees %d warnings", none.Total)
		}
	})
}

// Bad input answers 4xx with the spec's error body and writes nothing.
func TestAPICaseRefusesBadInput(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		good := func() map[string]any {
			return webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, w.Off102b})
		}
		ev := func(b map[string]any, i int) map[string]any { return b["events"].([]map[string]any)[i] }
		before := webtest.Counts(t, db)
		for _, c := range []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"broken JSON", `{"agency_code": `, http.StatusBadRequest, ""},
			{"wrong type", func() any { b := good(); b["facts"].(map[string]any)["party_age"] = "十六"; return b }(), http.StatusBadRequest, "facts.party_age"},
			{"unknown event type", func() any { b := good(); ev(b, 1)["type"] = "teleported"; return b }(), http.StatusBadRequest, "events[1].type"},
			{"impossible date", func() any { b := good(); ev(b, 0)["at"] = "2024-02-30"; return b }(), http.StatusBadRequest, "events[0].at"},
			{"bad instant", func() any { b := good(); ev(b, 0)["at"] = "2024-03-05T10:00:00"; return b }(), http.StatusBadRequest, "events[0].at"},
			{"invalid USCC", func() any {
				b := good()
				b["party"].(map[string]any)["id_number"] = webtest.BadCheck("91370102MA3C5R2K0M")
				return b
			}(), http.StatusBadRequest, "party.id_number"},
			{"invalid ID card", func() any {
				b := good()
				b["party"] = map[string]any{"kind": "person", "name": "张三", "id_number": "370102198503140013"}
				return b
			}(), http.StatusBadRequest, "party.id_number"},
			{"bad agency code", func() any { b := good(); b["agency_code"] = webtest.BadCheck(w.A102); return b }(), http.StatusBadRequest, "agency_code"},
			{"unknown region", func() any { b := good(); b["region_code"] = "370199"; return b }(), http.StatusBadRequest, "region_code"},
			{"bad procedure", func() any { b := good(); b["procedure"] = "fast"; return b }(), http.StatusBadRequest, "procedure"},
			{"out-of-scope region", webtest.CaseBody(w.A103, "370103", w.M103, nil), http.StatusForbidden, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				r := e.Put("/api/v1/cases/sc/bad-1", tok, c.body, c.status)
				er := r.APIErr(t)
				if c.field != "" && er.Fields[c.field] == "" {
					t.Errorf("no message for %s: %+v", c.field, er)
				}
			})
		}
		e.Put("/api/v1/cases/bad%20system/x", tok, good(), http.StatusBadRequest)
		webtest.SameCounts(t, db, before, "bad input")
		// A token of another role may not push cases.
		e.Put("/api/v1/cases/sc/x", e.Token(auth.RoleSupervisor, "370102", ""), good(), http.StatusForbidden)
		// A token bound to one agency may not push another agency's cases.
		e.Put("/api/v1/cases/sc/x", e.Token(auth.RoleIntegration, "370102", w.A102b), good(), http.StatusForbidden)
		webtest.SameCounts(t, db, before, "forbidden")
	})
}

// Time passing opens a warning without any new push (the refresh on read
// and the warnings list): a case filed 80 days before the pinned day has
// no warning there; the same database served 20 days later reports the
// decision overdue (处罚法 Art. 60: 90 days from filing).
func TestAPICaseClockRunsOut(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		w := webtest.SetupAPIWorld(t, e)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		body := webtest.CaseBody(w.A102, "370102", w.M102, []string{w.Off102, w.Off102b})
		body["facts"].(map[string]any)["act_date"] = webtest.DaysAgo(200)
		body["events"] = []map[string]any{{"type": "filed", "at": webtest.DaysAgo(80), "officers": []string{w.Off102, w.Off102b}}}
		var c thCase
		e.Put("/api/v1/cases/sc/late", tok, body, http.StatusCreated).Decode(t, &c)
		if len(c.Warnings) != 0 || c.Status != "filed" || c.Deadlines["decision"] != webtest.DaysAgo(-10) {
			t.Fatalf("case filed 80 days ago: %+v, want no warning and the decision due in 10 days", c)
		}
		var l webtest.List[map[string]any]
		e.Get("/api/v1/warnings?source_system=sc", tok, http.StatusOK).Decode(t, &l)
		if l.Total != 0 {
			t.Fatalf("warnings before the clock ran out: %+v", l)
		}

		later := webtest.StartOn(t, db, webtest.ClockAt(20))
		e.Get("/api/v1/cases/sc/late", tok, http.StatusOK) // the earlier server: still nothing due
		later.Get("/api/v1/cases/sc/late", tok, http.StatusOK).Decode(t, &c)
		if !slices.Equal(c.rules(), []string{"DECISION_OVERDUE"}) || c.Warnings[0].Severity != "red" || c.Status != "filed" {
			t.Fatalf("20 days later: %+v", c)
		}
		if !strings.Contains(c.Warnings[0].Message, "已超期") {
			t.Errorf("message %q", c.Warnings[0].Message)
		}
		later.Get("/api/v1/warnings?source_system=sc", tok, http.StatusOK).Decode(t, &l)
		if l.Total != 1 || l.Items[0]["rule"] != "DECISION_OVERDUE" || l.Items[0]["status"] != "open" {
			t.Errorf("warnings 20 days later: %+v", l)
		}
	})
}
