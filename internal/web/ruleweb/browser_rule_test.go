package ruleweb_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func login(b *webtest.Tab, base, user string) {
	b.T.Helper()
	b.Nav("open /login", base+"/login")
	b.Do("type the login "+user,
		chromedp.SendKeys(chromedp.CSS(`input[name="username"]`), user),
		chromedp.SendKeys(chromedp.CSS(`input[name="password"]`), testworld.Password))
	b.ClickAndLoad("log in as "+user, chromedp.CSS(`.login button[type="submit"]`))
}

// push sends a case through the exchange API.
func push(t *testing.T, base, tok, id string, body map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(http.MethodPut, base+"/api/v1/cases/bs/"+id, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("push %s: %v %v", id, resp, err)
	}
	resp.Body.Close()
}

// The "done when" of custom rules in a real browser, on both engines: the
// city's supervisor writes a rule in the editor, sees a wrong expression
// refused with its position, takes the example 大额罚款未集体讨论, dry-runs
// it, switches it on and saves — and exactly the cases the dry run named
// carry its warning.
func TestBrowserCustomRule(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		base := webtest.Serve(ctx, t, db)
		tok, err := auth.CreateToken(w.Ctx, db, "执法办案系统", auth.RoleIntegration, testworld.Region, testworld.Agency)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range []struct {
			fen       int64
			discussed bool
		}{{6_000_000, false}, {100_000, false}, {6_000_000, true}, {8_000_000, false}} {
			b := webtest.CaseBody(testworld.Agency, testworld.Region, testworld.Matter, webtest.Team)
			evs := b["events"].([]map[string]any)
			evs[2]["penalties"] = []map[string]any{{"kind": "fine", "amount_fen": c.fen}}
			if c.discussed {
				b["events"] = append(evs, map[string]any{"type": "collective_discussion", "at": "2024-05-30"})
			}
			b["party"] = map[string]any{"kind": "org", "name": fmt.Sprint("某某公司", i), "id_number": ""}
			push(t, base, tok, fmt.Sprint("R-", i), b)
		}

		sup := webtest.Launch(ctx, t, chromium)
		login(sup, base, "city")
		sup.Nav("rules page", base+"/rules?region=370100")
		if !strings.Contains(sup.Text(`tr[data-rule="DECISION_OVERDUE"]`), "《行政处罚法》第六十条") {
			t.Fatalf("rules page: %.300s", sup.Text("main"))
		}
		sup.ClickAndLoad("new custom rule", chromedp.CSS(`a[href^="/rules/custom/new"]`))
		sup.Do("write a wrong rule",
			chromedp.SetValue(chromedp.CSS(`#code`), "BIG_FINE"),
			chromedp.SetValue(chromedp.CSS(`#name`), "大额罚款未集体讨论"),
			chromedp.SetValue(chromedp.CSS(`#expression`), `case.procedure ==`))
		if resp, err := chromedp.RunResponse(sup.Ctx, chromedp.Click(chromedp.CSS(`#dry-run`))); err != nil || resp == nil || resp.Status != http.StatusBadRequest {
			t.Fatalf("dry-run the wrong rule: %v %v", resp, err)
		}
		if e := sup.Text("#expression-error"); !strings.Contains(e, "第1行第18列") {
			t.Fatalf("no position in the error: %q", e)
		}
		sup.Do("open the examples", chromedp.Click(chromedp.CSS(`details.examples summary`)))
		sup.ClickAndLoad("take the example", chromedp.CSS(`a[href*="example=BIG_FINE_NO_DISCUSSION"]`))
		sup.ClickAndLoad("dry-run the example", chromedp.CSS(`#dry-run`))
		n, _ := strconv.Atoi(sup.Text("#dry-run-count"))
		named := webtest.Run(sup, "read the matches", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("tr.match")).map(r => r.dataset.case)`))
		if n != 2 || len(named) != 2 {
			t.Fatalf("dry run: %d %v", n, named)
		}
		if c := count(t, db, `SELECT COUNT(*) FROM findings WHERE rule = 'BIG_FINE_NO_DISCUSSION'`); c != 0 {
			t.Fatalf("the dry run wrote %d findings", c)
		}
		sup.Do("switch it on", chromedp.Click(chromedp.CSS(`#enabled`)))
		sup.ClickAndLoad("save", chromedp.CSS(`#save`))
		if loc := sup.Location(); !strings.HasSuffix(loc, "/rules/custom/BIG_FINE_NO_DISCUSSION") {
			t.Fatalf("after save at %s: %.300s", loc, sup.Text("main"))
		}
		if v := sup.Text("main"); !strings.Contains(v, "第1版") || !strings.Contains(v, "已保存第1版") {
			t.Errorf("versions: %.400s", v)
		}
		flagged := ids(t, db, `SELECT subject_id FROM findings WHERE rule = 'BIG_FINE_NO_DISCUSSION' AND status = 'open' ORDER BY subject_id`)
		slices.Sort(named)
		if !slices.Equal(flagged, named) {
			t.Fatalf("flagged %v, the dry run named %v", flagged, named)
		}
		sup.CheckNoExceptions()
	})
}

func count(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.R.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func ids(t *testing.T, db *store.DB, q string) []string {
	t.Helper()
	rows, err := db.R.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		out = append(out, strconv.FormatInt(id, 10))
	}
	slices.Sort(out)
	return out
}
