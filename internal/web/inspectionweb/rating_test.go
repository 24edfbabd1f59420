package inspectionweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

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
