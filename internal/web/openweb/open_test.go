package openweb_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/opendata"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func get(t *testing.T, u string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestOpenDecisions: spec §7 — every published, not withdrawn decision,
// a person masked, an organisation with its code, paging, as_of, CSV, the
// cache headers and 304, and 400 for a page too large.
func TestOpenDecisions(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		w.Case(t, "paid", func(c *cases.Case) {
			c.Party = cases.Party{Kind: "person", Name: "欧阳丽娜", IDNumber: webtest.PartyID("061"), Address: "济南市历下区和平路34号"}
		})
		w.OtherCase(t)
		c := w.Case(t, "paid", func(c *cases.Case) {
			c.Party = cases.Party{Kind: "org", Name: "济南历城某某日用品经营部", IDNumber: webtest.USCC(t, "370112", 6161)}
		})
		w.Act(t, c.ID, "head", cases.Event{Type: "annulled", At: "2026-06-12", Note: "行政复议决定撤销"})
		w.Act(t, c.ID, "officer", cases.Event{Type: "publication_withdrawn", At: "2026-06-12", Note: "行政复议决定撤销"})

		base := w.Env.TS.URL
		resp, body := get(t, base+"/open/v1/decisions?page_size=1")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		var p opendata.Page
		var raw map[string]any
		json.Unmarshal([]byte(body), &p)
		json.Unmarshal([]byte(body), &raw)
		if p.Total != 2 || len(p.Items) != 1 || raw["as_of"] == "" || p.PageSize != 1 {
			t.Fatalf("page %s", body)
		}
		resp, body = get(t, base+"/open/v1/decisions")
		json.Unmarshal([]byte(body), &p)
		var person, org *opendata.Decision
		for _, d := range p.Items {
			if d.PartyKind == "person" {
				person = d
			} else {
				org = d
			}
		}
		if person == nil || org == nil || person.PartyName != "欧阳某某" || person.PartyIDNumber != "" || strings.Contains(body, "061") && strings.Contains(body, webtest.PartyID("061")) {
			t.Fatalf("masking: %s", body)
		}
		if org.PartyIDNumber == "" || len(person.Penalties) == 0 || person.Penalties[0].Kind == "" || person.PublicityUntil == "" || person.MatterCode == "" {
			t.Fatalf("fields: %+v %+v", person, org)
		}
		if strings.Contains(body, "日用品经营部") {
			t.Fatal("a withdrawn decision is in the open data")
		}
		etag := resp.Header.Get("ETag")
		if etag == "" || resp.Header.Get("Last-Modified") == "" || resp.Header.Get("Cache-Control") == "" {
			t.Fatalf("cache headers %v", resp.Header)
		}
		if resp, _ := get(t, base+"/open/v1/decisions", "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
			t.Fatalf("conditional GET: %d", resp.StatusCode)
		}
		resp, body = get(t, base+"/open/v1/decisions.csv?region_code=370102")
		lines := strings.Split(strings.TrimSpace(body), "\n")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(lines[0], "\ufeffdecision_no,") || len(lines) != 2 || resp.Header.Get("X-Total-Count") != "1" {
			t.Fatalf("csv %d %q", resp.StatusCode, body)
		}
		if resp, body := get(t, base+"/open/v1/decisions?page_size=1001"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "page_size") {
			t.Fatalf("page_size 1001: %d %s", resp.StatusCode, body)
		}
		if resp, _ := get(t, base+"/open"); resp.StatusCode != http.StatusOK {
			t.Fatalf("help page: %d", resp.StatusCode)
		}
	})
}
