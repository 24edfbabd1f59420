package inspectionweb_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// §4 rating with §3's proof of work: a refused rating (bad score, too long a
// comment, on the API or the phone form, or a second rating) leaves its
// challenge usable; only a stored rating spends it.
func TestRatingSpendsProofOnlyWhenStored(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		e := w.Env
		tok := e.Token(auth.RoleIntegration, "370100", "")
		var codes []string
		for i, day := range []string{"2026-06-01", "2026-06-08"} {
			var a answer
			e.Put(fmt.Sprintf("/api/v1/inspections/sc-insp/%d", i+1), tok, body(day), http.StatusCreated).Decode(t, &a)
			codes = append(codes, a.Code)
		}
		rate := func(code string) string { return "/api/v1/public/inspections/" + code + "/rating" }
		ch, nonce := challenge(t, e)
		with := func(score int, comment string) map[string]any {
			return map[string]any{"challenge": ch, "nonce": nonce, "score": score, "comment": comment}
		}
		for _, c := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"a score of 9", with(9, ""), "score"},
			{"a score of 0", with(0, ""), "score"},
			{"a comment of 501 characters", with(4, strings.Repeat("好", 501)), "comment"},
		} {
			if r := e.Call(http.MethodPost, rate(codes[0]), "", c.body, http.StatusBadRequest); !strings.Contains(string(r.Body), `"`+c.field+`"`) {
				t.Errorf("%s: %s", c.name, r.Body)
			}
		}
		res, err := http.PostForm(e.TS.URL+"/public/inspections/"+codes[0]+"/rating",
			url.Values{"challenge": {ch}, "nonce": {nonce}, "score": {"6"}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("phone form with a score of 6: %d", res.StatusCode)
		}
		// The same challenge, unspent by every refusal, carries the rating; then it is spent.
		e.Call(http.MethodPost, rate(codes[0]), "", with(4, "规范"), http.StatusCreated)
		if r := e.Call(http.MethodPost, rate(codes[1]), "", with(5, ""), http.StatusBadRequest); !strings.Contains(string(r.Body), `"challenge"`) {
			t.Errorf("a spent challenge: %s", r.Body)
		}
		// A second rating of the same visit is 409 and leaves its new challenge usable.
		ch, nonce = challenge(t, e)
		e.Call(http.MethodPost, rate(codes[0]), "", with(1, ""), http.StatusConflict)
		e.Call(http.MethodPost, rate(codes[1]), "", with(5, ""), http.StatusCreated)
	})
}

// Supervision's list of the enterprises' ratings (事后评价) is filtered by
// agency and score and exported as xlsx; a wrong score is named and the
// list shown whole; an agency's head gets neither the list nor the file.
func TestRatingsPageFilterAndExport(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := start(t, db)
		e := w.Env
		tok := e.Token(auth.RoleIntegration, "370100", "")
		for i, c := range []struct {
			day     string
			score   int
			comment string
		}{{"2026-06-01", 5, "规范文明"}, {"2026-06-08", 2, "检查人员未出示证件"}} {
			var a answer
			e.Put(fmt.Sprintf("/api/v1/inspections/sc-insp/%d", i+1), tok, body(c.day), http.StatusCreated).Decode(t, &a)
			ch, nonce := challenge(t, e)
			e.Call(http.MethodPost, "/api/v1/public/inspections/"+a.Code+"/rating", "",
				map[string]any{"challenge": ch, "nonce": nonce, "score": c.score, "comment": c.comment}, http.StatusCreated)
		}
		sup := w.Login(t, "supervisor")
		if n := sup.Get("/inspections/ratings").Doc.Find("#ratings-table tbody tr").Length(); n != 2 {
			t.Errorf("%d ratings listed, want 2", n)
		}
		pg := sup.Get("/inspections/ratings?max_score=2")
		if rows := pg.Doc.Find("#ratings-table tbody tr"); rows.Length() != 1 || !strings.Contains(rows.Text(), "未出示证件") {
			t.Errorf("2 points or less: %q", rows.Text())
		}
		if pg.Doc.Find("#agency option").Length() != 2 {
			t.Errorf("agency choices: %q", pg.Doc.Find("#agency").Text())
		}
		if pg := sup.Get("/inspections/ratings?max_score=9"); !strings.Contains(pg.Doc.Find(".error-box").Text(), "max_score") ||
			pg.Doc.Find("#ratings-table tbody tr").Length() != 2 {
			t.Errorf("a wrong score: %q", pg.Doc.Find("main").Text())
		}
		x := sup.Get("/inspections/ratings?format=xlsx&max_score=2")
		wb, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
		if err != nil {
			t.Fatalf("export: %d %v", x.Status, err)
		}
		rows, _ := wb.GetRows("企业评价")
		if len(rows) != 2 || rows[0][4] != "评分" || rows[1][4] != "2" || rows[1][5] != "检查人员未出示证件" {
			t.Errorf("export rows: %v", rows)
		}
		head := w.Login(t, "head")
		for _, u := range []string{"/inspections/ratings", "/inspections/ratings?format=xlsx"} {
			if pg := head.Get(u); pg.Status != http.StatusForbidden {
				t.Errorf("the agency's head opens %s: %d", u, pg.Status)
			}
		}
	})
}
