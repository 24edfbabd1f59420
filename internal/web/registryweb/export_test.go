package registryweb_test

// The registry lists as xlsx (issue 16): the rows of the list's filters,
// inside the viewer's scope, with a Chinese file name. Both engines.

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestUIRegistryExports(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		city := w.Login(t, "city")
		county := w.Login(t, "supervisor") // 历下区: not 市中区's agency or officer
		for _, c := range []struct {
			who         *webtest.Browser
			path, name  string
			has, hasNot string
		}{
			{city, "/officers/export.xlsx", "执法人员", testworld.CertOther, ""},
			{county, "/officers/export.xlsx", "执法人员", testworld.CertA, testworld.CertOther},
			{city, "/officers/export.xlsx?agency=" + testworld.Other, "执法人员", testworld.CertOther, testworld.CertA},
			{city, "/matters/export.xlsx?q=" + url.QueryEscape("保质期"), "权责清单", testworld.Matter, ""},
			{city, "/agencies/export.xlsx", "执法主体", testworld.Other, ""},
			{county, "/agencies/export.xlsx", "执法主体", testworld.Agency, testworld.Other},
		} {
			p := c.who.Get(c.path)
			if p.Status != http.StatusOK || !strings.Contains(p.Header.Get("Content-Disposition"), url.PathEscape(c.name+".xlsx")) {
				t.Errorf("%s: %d %q", c.path, p.Status, p.Header.Get("Content-Disposition"))
				continue
			}
			x, err := excelize.OpenReader(bytes.NewReader([]byte(p.Body)))
			if err != nil {
				t.Fatalf("%s: %v", c.path, err)
			}
			rows, _ := x.GetRows(c.name)
			x.Close()
			var all []string
			for _, r := range rows {
				all = append(all, strings.Join(r, "|"))
			}
			text := strings.Join(all, "\n")
			if !strings.Contains(text, c.has) || (c.hasNot != "" && strings.Contains(text, c.hasNot)) {
				t.Errorf("%s: want %q and not %q in\n%s", c.path, c.has, c.hasNot, text)
			}
		}
		// The list links its export with the filters applied.
		if href := city.Get("/officers?agency="+testworld.Other+"&page=2").Doc.Find("#officers-export").AttrOr("href", ""); href != "/officers/export.xlsx?agency="+testworld.Other {
			t.Errorf("export link: %q", href)
		}
	})
}
