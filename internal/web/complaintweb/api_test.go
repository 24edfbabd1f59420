package complaintweb_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

type receipt struct {
	TrackingCode string `json:"tracking_code"`
	Secret       string `json:"secret"`
}

type tracking struct {
	Status  string `json:"status"`
	Answer  string `json:"answer"`
	Rating  *int   `json:"rating"`
	History []struct {
		Action string `json:"action"`
	} `json:"history"`
}

type apiComplaint struct {
	ID          int64  `json:"id"`
	Status      string `json:"status"`
	ForwardedTo string `json:"forwarded_to"`
	ReplyDue    string `json:"reply_due"`
	Contact     *struct {
		Phone string `json:"phone"`
	} `json:"contact"`
}

// challenge fetches and solves a proof-of-work challenge.
func challenge(t *testing.T, e *webtest.Env) (string, string) {
	t.Helper()
	var c complaint.Challenge
	e.Get("/api/v1/public/challenge", "", http.StatusOK).Decode(t, &c)
	if c.Difficulty != complaint.Difficulty || c.Challenge == "" {
		t.Fatalf("challenge %+v", c)
	}
	return c.Challenge, complaint.Solve(c.Challenge, c.Difficulty)
}

// trackGet reads a tracking answer with the secret in its header (the
// harness's calls send no extra headers), checking status and error shape.
func trackGet(t *testing.T, e *webtest.Env, path, secret string, want int, into any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.TS.URL+path, nil)
	req.Header.Set("X-Complaint-Secret", secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var raw map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&raw); err != nil || resp.StatusCode != want {
		t.Fatalf("GET %s: %d %v, want %d", path, resp.StatusCode, err, want)
	}
	if want != http.StatusOK {
		if e, ok := raw["error"].(map[string]any); !ok || e["code"] != "not_found" || e["fields"] == nil {
			t.Fatalf("error body %v", raw)
		}
		return
	}
	b, _ := json.Marshal(raw)
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatal(err)
	}
}

func body(ch, nonce string) map[string]any {
	return map[string]any{"challenge": ch, "nonce": nonce, "category": "no_certificate", "region_code": testworld.Region,
		"description": "检查时执法人员没有出示执法证件。", "officer_cert_no": testworld.CertA, "place": "历下区泉城路1号",
		"happened_on": "2026-06-12", "anonymous": false, "contact": map[string]any{"name": "王先生", "phone": "13800138000"}}
}

// TestAPIComplaint walks spec §3 on the wire: a public filing, its
// tracking with and without the secret, the staff acts in their order
// with every refusal, the contact only for supervision, and the rating.
func TestAPIComplaint(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		testworld.Build(t, db)
		e := webtest.Start(t, db)
		sup := e.Token(auth.RoleSupervisor, testworld.Region, "")
		otherSup := e.Token(auth.RoleSupervisor, "370103", "")
		agency := e.Token(auth.RoleAgencyAdmin, testworld.Region, testworld.Agency)
		officer := e.Token(auth.RoleOfficer, testworld.Region, testworld.Agency)

		ch, nonce := challenge(t, e)
		bad := body(ch, nonce)
		bad["anonymous"], bad["contact"] = false, map[string]any{"phone": "12345"}
		if f := e.Call(http.MethodPost, "/api/v1/public/complaints", "", bad, http.StatusBadRequest).APIErr(t).Fields; f["contact.phone"] == "" {
			t.Fatalf("bad phone: %v", f)
		}
		bad = body(ch, "nope")
		if f := e.Call(http.MethodPost, "/api/v1/public/complaints", "", bad, http.StatusBadRequest).APIErr(t).Fields; f["nonce"] == "" {
			t.Fatalf("bad nonce: %v", f)
		}
		var r receipt
		e.Call(http.MethodPost, "/api/v1/public/complaints", "", body(ch, nonce), http.StatusCreated).Decode(t, &r)
		e.Call(http.MethodPost, "/api/v1/public/complaints", "", body(ch, nonce), http.StatusBadRequest) // spent
		track := "/api/v1/public/complaints/" + r.TrackingCode
		trackGet(t, e, track, "WRONG", http.StatusNotFound, nil)
		trackGet(t, e, "/api/v1/public/complaints/TSNOSUCHCODE", r.Secret, http.StatusNotFound, nil)
		var tr tracking
		trackGet(t, e, track, r.Secret, http.StatusOK, &tr)
		if tr.Status != "received" || len(tr.History) != 1 || tr.Rating != nil {
			t.Fatalf("tracking %+v", tr)
		}

		var list webtest.List[apiComplaint]
		e.Get("/api/v1/complaints?status=received", sup, http.StatusOK).Decode(t, &list)
		if list.Total != 1 || list.Items[0].Contact != nil {
			t.Fatalf("list %+v", list)
		}
		id := list.Items[0].ID
		path := fmt.Sprintf("/api/v1/complaints/%d", id)
		e.Get(path, otherSup, http.StatusNotFound)
		e.Get(path, agency, http.StatusNotFound) // not forwarded yet
		var c apiComplaint
		e.Get(path, sup, http.StatusOK).Decode(t, &c)
		if c.Contact == nil || c.Contact.Phone != "13800138000" {
			t.Fatalf("supervision reads no contact: %+v", c)
		}
		act := func(tok string, b map[string]any, want int) *webtest.Resp {
			t.Helper()
			return e.Call(http.MethodPost, path+"/actions", tok, b, want)
		}
		act(sup, map[string]any{"action": "answer", "note": "x"}, http.StatusConflict)
		act(sup, map[string]any{"action": "bogus"}, http.StatusBadRequest)
		act(officer, map[string]any{"action": "accept"}, http.StatusNotFound)
		act(sup, map[string]any{"action": "accept"}, http.StatusOK)
		act(sup, map[string]any{"action": "forward", "agency_code": "91370102MA3C5R2K0M"}, http.StatusBadRequest)
		act(sup, map[string]any{"action": "forward", "agency_code": testworld.Agency}, http.StatusOK).Decode(t, &c)
		if c.Status != "forwarded" || c.ForwardedTo != testworld.Agency || c.ReplyDue != "2026-07-07" {
			t.Fatalf("forwarded %+v", c)
		}
		c = apiComplaint{}
		e.Get(path, agency, http.StatusOK).Decode(t, &c)
		if c.Contact != nil || strings.Contains(e.Get(path, agency, http.StatusOK).String(), "13800138000") {
			t.Fatal("the agency complained about reads the contact")
		}
		act(sup, map[string]any{"action": "reply", "note": "x"}, http.StatusForbidden)
		act(agency, map[string]any{"action": "reply"}, http.StatusBadRequest)
		act(agency, map[string]any{"action": "reply", "note": "已核实，对执法人员批评教育。"}, http.StatusOK)
		e.Call(http.MethodPost, track+"/rating", "", map[string]any{"secret": r.Secret, "score": 5}, http.StatusConflict)
		act(sup, map[string]any{"action": "answer", "note": "经核查属实，已责令整改。"}, http.StatusOK)
		e.Call(http.MethodPost, track+"/rating", "", map[string]any{"secret": "WRONG", "score": 5}, http.StatusNotFound)
		e.Call(http.MethodPost, track+"/rating", "", map[string]any{"secret": r.Secret, "score": 9}, http.StatusBadRequest)
		e.Call(http.MethodPost, track+"/rating", "", map[string]any{"secret": r.Secret, "score": 4, "comment": "满意"}, http.StatusOK).Decode(t, &tr)
		if tr.Status != "answered" || tr.Rating == nil || *tr.Rating != 4 || !strings.Contains(tr.Answer, "责令整改") {
			t.Fatalf("after rating %+v", tr)
		}
		e.Call(http.MethodPost, track+"/rating", "", map[string]any{"secret": r.Secret, "score": 4}, http.StatusConflict)
		act(sup, map[string]any{"action": "close"}, http.StatusOK)
		act(sup, map[string]any{"action": "close"}, http.StatusConflict)
	})
}

// TestAPIRateLimit: beyond 5 complaints an hour from one address the answer is 429.
func TestAPIRateLimit(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		testworld.Build(t, db)
		e := webtest.Start(t, db)
		for i := 0; i < 5; i++ {
			ch, nonce := challenge(t, e)
			e.Call(http.MethodPost, "/api/v1/public/complaints", "", body(ch, nonce), http.StatusCreated)
		}
		ch, nonce := challenge(t, e)
		resp := e.Call(http.MethodPost, "/api/v1/public/complaints", "", body(ch, nonce), http.StatusTooManyRequests)
		if !strings.Contains(resp.String(), "rate_limited") {
			t.Fatalf("429 body %s", resp)
		}
	})
}
