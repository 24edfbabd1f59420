package publicweb_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestPublicSupervisionNotices: a 通报 向社会公布 (行政执法监督条例 Art. 31)
// appears on the portal's list and page without login, its personal data
// removed as on the decision pages; an internal 通报 (在一定范围内) does
// not appear and its page is 404; the portal header links the list.
func TestPublicSupervisionNotices(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		svc, sup := supervision.NewService(db), testworld.As("supervisor")
		c, err := svc.Open(w.Ctx, sup, supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency, Source: "complaint",
			Summary: "群众反映重复罚款"})
		if err != nil {
			t.Fatal(err)
		}
		notice := func(scope, note string) int64 {
			c, err := svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "notice", At: testworld.Today, Scope: scope, Note: note})
			if err != nil {
				t.Fatal(err)
			}
			return c.Acts[len(c.Acts)-1].ID
		}
		filed, err := svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		if err != nil {
			t.Fatal(err)
		}
		public := notice("public", "该局对同一违法行为两次罚款，当事人联系电话15866661234，证人王强反映属实。责令限期纠正。")
		internal := notice("internal", "内部通报：执法记录仪未按规定使用")

		anon := w.Env.Browser(t)
		list := anon.Get("/public/supervision-notices")
		webtest.PageOK(t, "notices", list)
		rows := list.Doc.Find("#public-notices tbody tr")
		if rows.Length() != 1 || !strings.Contains(webtest.Text(rows), "监督通〔2026〕1号") || strings.Contains(list.Body, "执法记录仪") {
			t.Fatalf("public list: %s", webtest.Text(list.Doc.Find("main")))
		}
		if list.Doc.Find(`nav.public-nav a#nav-supervision-notices[href="/public/supervision-notices"]`).Length() != 1 {
			t.Error("the portal header does not link the 通报")
		}
		page := anon.Get("/public/supervision-notices/" + strconv.FormatInt(public, 10))
		webtest.PageOK(t, "notice", page)
		body := webtest.Text(page.Doc.Find("#public-notice"))
		if !strings.Contains(body, "责令限期纠正") || !strings.Contains(body, "第三十一条") || strings.Contains(page.Body, "15866661234") ||
			strings.Contains(body, "王强") {
			t.Fatalf("notice page (masked?): %s", body)
		}
		if p := anon.Get("/public/supervision-notices/" + strconv.FormatInt(internal, 10)); p.Status != http.StatusNotFound ||
			strings.Contains(p.Body, "执法记录仪") {
			t.Errorf("internal 通报 on the portal: %d", p.Status)
		}
		// Another act of the case (立案) is no 通报 either.
		if p := anon.Get("/public/supervision-notices/" + strconv.FormatInt(filed.Acts[0].ID, 10)); p.Status != http.StatusNotFound {
			t.Errorf("a non-notice act id: %d", p.Status)
		}
		if n := anon.Get("/public/supervision-notices?region=370103").Doc.Find("#public-notices tbody tr").Length(); n != 0 {
			t.Errorf("another district's filter lists %d", n)
		}
	})
}
