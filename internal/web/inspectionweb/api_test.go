package inspectionweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

type answer struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Status   string `json:"status"`
	Warnings []struct {
		Rule string `json:"rule"`
	} `json:"warnings"`
}

// §4 end to end: a source system pushes four visits in one month, the
// fourth raises INSPECTION_FREQUENCY, a replay changes nothing, the
// enterprise reads the public page by the code and rates it once; an
// officer's token may not push; another county's token gets 403.
func TestAPIInspections(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		e := w.Env
		tok := e.Token(auth.RoleIntegration, "370100", "")
		var a answer
		var codes []string
		for i, day := range []string{"2026-06-01", "2026-06-03", "2026-06-08", "2026-06-15"} {
			want := http.StatusCreated
			r := e.Put(fmt.Sprintf("/api/v1/inspections/sc-insp/%d", i+1), tok, body(day), want)
			r.Decode(t, &a)
			codes = append(codes, a.Code)
			if (len(a.Warnings) > 0) != (i == 3) {
				t.Errorf("visit %d on %s: warnings %v", i+1, day, a.Warnings)
			}
		}
		if a.Warnings[0].Rule != "INSPECTION_FREQUENCY" || a.Code == "" || a.Status != "on_site" {
			t.Fatalf("fourth visit: %+v", a)
		}
		var again answer
		e.Put("/api/v1/inspections/sc-insp/4", tok, body("2026-06-15"), http.StatusOK).Decode(t, &again)
		if again.Code != a.Code || again.ID != a.ID || len(again.Warnings) != 1 {
			t.Errorf("replay: %+v", again)
		}
		e.Get("/api/v1/inspections/sc-insp/4", tok, http.StatusOK)
		e.Get("/api/v1/inspections?rule=INSPECTION_FREQUENCY", tok, http.StatusOK)
		e.Get("/api/v1/inspections?status=nonsense", tok, http.StatusBadRequest)

		officer := e.Token(auth.RoleOfficer, testworld.Region, testworld.Agency)
		e.Put("/api/v1/inspections/sc-insp/9", officer, body("2026-06-15"), http.StatusForbidden)
		other := e.Token(auth.RoleIntegration, "370103", "")
		e.Put("/api/v1/inspections/sc-insp/9", other, body("2026-06-15"), http.StatusForbidden)
		e.Get("/api/v1/inspections/sc-insp/4", other, http.StatusNotFound)
		bad := body("2026-06-15")
		bad["kind"] = "surprise"
		e.Put("/api/v1/inspections/sc-insp/9", tok, bad, http.StatusBadRequest)
		e.Put("/api/v1/inspections/zfjd/9", tok, body("2026-06-15"), http.StatusForbidden)

		var pub struct {
			AgencyName string `json:"agency_name"`
			Approved   bool   `json:"approved"`
			Officers   []struct {
				Name, CertStatus string
			} `json:"officers"`
		}
		e.Get("/api/v1/public/inspections/"+a.Code, "", http.StatusOK).Decode(t, &pub)
		if !pub.Approved || len(pub.Officers) != 2 || pub.AgencyName == "" {
			t.Errorf("public: %+v", pub)
		}
		e.Get("/api/v1/public/inspections/JCAAAAAAAAAAAAAAAA", "", http.StatusNotFound)
		rate := "/api/v1/public/inspections/" + a.Code + "/rating"
		ch, nonce := challenge(t, e)
		e.Call(http.MethodPost, rate, "", map[string]any{"challenge": ch, "nonce": nonce, "score": 9}, http.StatusBadRequest)
		// Without a proof of work, or with a wrong one, the rating is refused.
		if r := e.Call(http.MethodPost, rate, "", map[string]any{"score": 5}, http.StatusBadRequest); !strings.Contains(string(r.Body), "nonce") {
			t.Errorf("no proof: %s", r.Body)
		}
		ch, nonce = challenge(t, e)
		e.Call(http.MethodPost, rate, "", map[string]any{"challenge": ch, "nonce": nonce + "x", "score": 5}, http.StatusBadRequest)
		// The phone form is refused without a proof too, and shows the form again.
		res, err := http.PostForm(e.TS.URL+"/public/inspections/"+a.Code+"/rating", url.Values{"score": {"5"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("phone form without a proof: %d", res.StatusCode)
		}
		e.Call(http.MethodPost, rate, "", map[string]any{"challenge": ch, "nonce": nonce, "score": 5, "comment": "规范"}, http.StatusCreated)
		// A spent proof is refused even where a rating would be new.
		if r := e.Call(http.MethodPost, "/api/v1/public/inspections/"+codes[0]+"/rating", "", map[string]any{"challenge": ch, "nonce": nonce, "score": 4},
			http.StatusBadRequest); !strings.Contains(string(r.Body), "challenge") {
			t.Errorf("spent proof: %s", r.Body)
		}
		ch, nonce = challenge(t, e)
		e.Call(http.MethodPost, rate, "", map[string]any{"challenge": ch, "nonce": nonce, "score": 1}, http.StatusConflict)
	})
}

// The supervision view counts the visits by region and month; an officer
// may not open it.
func TestStatsPage(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		tok := w.Env.Token(auth.RoleIntegration, "370100", "")
		for i, day := range []string{"2026-06-01", "2026-06-08"} {
			w.Env.Put(fmt.Sprintf("/api/v1/inspections/sc-insp/%d", i+1), tok, body(day), http.StatusCreated)
		}
		sup := w.Login(t, "supervisor")
		pg := sup.Get("/inspections/stats?year=2026")
		if pg.Status != http.StatusOK || !strings.Contains(pg.Doc.Find("#stats-summary").Text(), "2") ||
			pg.Doc.Find("#heat-table tbody tr").Length() != 1 {
			t.Errorf("stats page: %d %q", pg.Status, pg.Doc.Find("main").Text())
		}
		// The 低效检查 warnings of the year are one click away, as the list filtered by rule and days.
		if href, _ := pg.Doc.Find("#stats-ineffective").Attr("href"); href != "/inspections?rule=INSPECTION_INEFFECTIVE&from=2026-01-01&to=2026-12-31" {
			t.Errorf("the 低效检查 link: %q", href)
		} else if l := sup.Get(href); l.Status != http.StatusOK || l.Doc.Find(".error-box").Length() != 0 {
			t.Errorf("the 低效检查 list: %d %q", l.Status, l.Doc.Find(".error-box").Text())
		}
		if pg := w.Login(t, "officer").Get("/inspections/stats"); pg.Status != http.StatusForbidden {
			t.Errorf("officer opens the stats: %d", pg.Status)
		}
		// The list, the page, the filing form and the export answer.
		for _, u := range []string{"/inspections", "/inspections/items", "/inspections/plans", "/inspections/joint", "/inspections/draws",
			"/inspections/export.xlsx"} {
			if pg := sup.Get(u); pg.Status != http.StatusOK {
				t.Errorf("%s: %d", u, pg.Status)
			}
		}
	})
}

// challenge fetches and solves a proof-of-work challenge (spec §3).
func challenge(t *testing.T, e *webtest.Env) (string, string) {
	t.Helper()
	var c complaint.Challenge
	e.Get("/api/v1/public/challenge", "", http.StatusOK).Decode(t, &c)
	if c.Difficulty != complaint.Difficulty || c.Challenge == "" {
		t.Fatalf("challenge %+v", c)
	}
	return c.Challenge, complaint.Solve(c.Challenge, c.Difficulty)
}
