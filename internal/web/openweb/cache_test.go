package openweb_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestOpenRegistryCaching: every registry answer carries ETag,
// Last-Modified and Cache-Control; If-None-Match and If-Modified-Since
// answer 304 while the data stands; JSON and CSV have their own tags; a
// registry write changes the tags, and the old one then gets the new data.
func TestOpenRegistryCaching(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		base := w.Env.TS.URL
		paths := []string{"/open/v1/agencies", "/open/v1/agencies.csv", "/open/v1/officers?agency_code=" + testworld.Agency,
			"/open/v1/officers.csv", "/open/v1/matters?kind=penalty", "/open/v1/matters.csv"}
		tags := map[string]string{}
		seen := map[string]bool{}
		for _, p := range paths {
			resp, _ := get(t, base+p)
			etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
			if resp.StatusCode != http.StatusOK || etag == "" || lm == "" || resp.Header.Get("Cache-Control") != "public, max-age=300" {
				t.Fatalf("%s: %d %v", p, resp.StatusCode, resp.Header)
			}
			if seen[etag] {
				t.Errorf("%s: ETag %s is another answer's too", p, etag)
			}
			seen[etag], tags[p] = true, etag
			if resp, body := get(t, base+p, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || body != "" ||
				resp.Header.Get("ETag") != etag {
				t.Errorf("%s If-None-Match: %d %q", p, resp.StatusCode, body)
			}
			if resp, _ := get(t, base+p, "If-None-Match", `"other", W/`+etag); resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s If-None-Match list: %d", p, resp.StatusCode)
			}
			if resp, _ := get(t, base+p, "If-None-Match", `"other"`); resp.StatusCode != http.StatusOK {
				t.Errorf("%s If-None-Match other: %d", p, resp.StatusCode)
			}
			if resp, _ := get(t, base+p, "If-Modified-Since", lm); resp.StatusCode != http.StatusNotModified {
				t.Errorf("%s If-Modified-Since: %d", p, resp.StatusCode)
			}
			at, _ := http.ParseTime(lm)
			if resp, _ := get(t, base+p, "If-Modified-Since", at.Add(-time.Second).Format(http.TimeFormat)); resp.StatusCode != http.StatusOK {
				t.Errorf("%s If-Modified-Since earlier: %d", p, resp.StatusCode)
			}
		}
		// Another page of the same set is another answer.
		if resp, _ := get(t, base+"/open/v1/agencies?page=2", "If-None-Match", tags["/open/v1/agencies"]); resp.StatusCode != http.StatusOK {
			t.Errorf("page 2 with page 1's tag: %d", resp.StatusCode)
		}

		// The agency is renamed: its name is on the agencies and on its officers.
		if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: testworld.Agency, Name: "济南市历下区市场监督管理局（更名）",
			Kind: "enforcement", RegionCode: testworld.Region, Domain: "市场监管"}); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			resp, body := get(t, base+p, "If-None-Match", tags[p])
			if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == tags[p] {
				t.Errorf("%s after a write: %d, ETag %s (was %s)", p, resp.StatusCode, resp.Header.Get("ETag"), tags[p])
			}
			if !strings.Contains(p, "matters") && !strings.Contains(body, "（更名）") {
				t.Errorf("%s after a write: the new name is missing", p)
			}
		}
	})
}

// TestOpenDecisionsIfModifiedSince: the decisions' Last-Modified is the
// latest publication day, which a withdrawal does not move, so only the
// ETag makes a decisions answer 304.
func TestOpenDecisionsIfModifiedSince(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		for _, p := range []string{"/open/v1/decisions", "/open/v1/decisions.csv"} {
			resp, _ := get(t, w.Env.TS.URL+p)
			if resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == "" || resp.Header.Get("Cache-Control") != "public, max-age=300" {
				t.Fatalf("%s: %d %v", p, resp.StatusCode, resp.Header)
			}
			if resp, _ := get(t, w.Env.TS.URL+p, "If-Modified-Since", time.Now().UTC().Format(http.TimeFormat)); resp.StatusCode != http.StatusOK {
				t.Errorf("%s If-Modified-Since: %d", p, resp.StatusCode)
			}
		}
	})
}
