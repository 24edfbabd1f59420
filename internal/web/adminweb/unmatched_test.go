package adminweb_test

// Unknown pages and methods answer in Chinese with a way back (issue 16).

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

func TestUIUnmatchedInChinese(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		for _, b := range []*webtest.Browser{w.Env.Browser(t), w.Login(t, "officer")} {
			p := b.Get("/no-such-page")
			if p.Status != http.StatusNotFound || webtest.Text(p.Doc.Find("h1")) != "页面不存在" || p.Doc.Find(`main a[href="/"]`).Length() != 1 {
				t.Errorf("/no-such-page: %d %q", p.Status, webtest.Text(p.Doc.Find("main")))
			}
			p = b.Do(http.MethodDelete, "/audit", nil, nil)
			if p.Status != http.StatusMethodNotAllowed || !strings.Contains(webtest.Text(p.Doc.Find("main")), "请求方式") || p.Header.Get("Allow") == "" {
				t.Errorf("DELETE /audit: %d %q allow %q", p.Status, webtest.Text(p.Doc.Find("main")), p.Header.Get("Allow"))
			}
		}
		// The API keeps its JSON.
		if p := w.Env.Browser(t).Get("/api/v1/no-such"); p.Status != http.StatusNotFound || !strings.Contains(p.Header.Get("Content-Type"), "json") {
			t.Errorf("/api/v1/no-such: %d %s", p.Status, p.Header.Get("Content-Type"))
		}
	})
}
