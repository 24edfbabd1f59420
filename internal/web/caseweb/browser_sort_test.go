package caseweb_test

// Sorting by a column header in a real browser (issue 16), on both
// engines: the city supervisor clicks 登记日期 on the case list (newest
// first, then oldest first), the order is the one clicked, the page
// marks the column (aria-sort) and the pager and "导出 Excel" links keep
// the order; on the officer list 有效期 sorts by the certificates' end
// dates both ways; the administrator sorts accounts by 用户名 and the
// audit log by 时间 (oldest first).

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserSortByHeader(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		ww := &webtest.World{World: w}
		var ids []int64 // in the order they were registered
		for range 3 {
			ids = append(ids, ww.Case(t, "filed", nil).ID)
		}
		// Two certificates ending earlier and later than the world's (2029-12-31).
		ww.AddOfficer(t, registry.Officer{CertNo: "37010200031", Name: "陈早", CertValidFrom: "2022-01-01", CertValidTo: "2027-06-30", CertStatus: "valid"})
		ww.AddOfficer(t, registry.Officer{CertNo: "37010200032", Name: "陈晚", CertValidFrom: "2025-01-01", CertValidTo: "2030-12-31", CertStatus: "valid"})
		webtest.AddAdmin(t, db)
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)

		// column reads one column of a table, top to bottom.
		column := func(b *webtest.Tab, js string) []string {
			t.Helper()
			return strings.Split(webtest.Run(b, "read the column", chromedp.Evaluate[string](js+`.join("|")`)), "|")
		}
		caseIDs := func(b *webtest.Tab) []string {
			return column(b, `Array.from(document.querySelectorAll("#case-table tbody td:first-child a")).map(a => a.getAttribute("href").replace("/cases/", ""))`)
		}
		aria := func(b *webtest.Tab, label string) string {
			t.Helper()
			return webtest.Run(b, "aria-sort of "+label, chromedp.Evaluate[string](`(Array.from(document.querySelectorAll("th[aria-sort]")).find(th => th.textContent.trim().startsWith("`+label+`")) || {getAttribute: () => "missing"}).getAttribute("aria-sort")`))
		}
		clickHead := func(b *webtest.Tab, table, label string) {
			t.Helper()
			k := webtest.Run(b, "find the "+label+" header", chromedp.Evaluate[int](`Array.from(document.querySelectorAll("`+table+` thead th")).findIndex(th => th.querySelector("a.sort-head") && th.textContent.trim().startsWith("`+label+`")) + 1`))
			if k == 0 {
				t.Fatalf("no sortable header %q in %s at %s", label, table, b.Location())
			}
			b.ClickAndLoad("click the "+label+" header", chromedp.CSS(table+" thead th:nth-child("+strconv.Itoa(k)+") a.sort-head"))
			b.Do("sorted list", chromedp.WaitReady(chromedp.CSS(table)))
		}
		want := make([]string, len(ids))
		for i, id := range ids {
			want[i] = strconv.FormatInt(id, 10)
		}

		city := root.Anonymous()
		city.Do("1366 px", chromedp.EmulateViewport(1366, 800))
		bcLogin(city, base, "city")
		city.Nav("open /cases two a page", base+"/cases?size=2")
		clickHead(city, "#case-table", "登记日期")
		if loc := city.Location(); !strings.Contains(loc, "sort=new") || !strings.Contains(loc, "size=2") {
			t.Errorf("登记日期 first click: at %s", loc)
		}
		newest := slices.Clone(want)
		slices.Reverse(newest)
		if got := caseIDs(city); !slices.Equal(got, newest[:2]) {
			t.Errorf("newest first: %v, want %v", got, newest[:2])
		}
		if a := aria(city, "登记日期"); a != "descending" {
			t.Errorf("登记日期 aria-sort %q after the first click", a)
		}
		if href := webtest.Run(city, "export link", chromedp.Evaluate[string](`document.getElementById("case-export").getAttribute("href")`)); !strings.Contains(href, "sort=new") {
			t.Errorf("the export link drops the order: %q", href)
		}
		city.ClickAndLoad("next page", chromedp.CSS("#case-next"))
		if got := caseIDs(city); !slices.Equal(got, newest[2:]) || !strings.Contains(city.Location(), "sort=new") {
			t.Errorf("page 2 of newest first: %v at %s, want %v", got, city.Location(), newest[2:])
		}
		clickHead(city, "#case-table", "登记日期")
		if got := caseIDs(city); !slices.Equal(got, want[:2]) || !strings.Contains(city.Location(), "sort=old") {
			t.Errorf("oldest first: %v at %s, want %v", got, city.Location(), want[:2])
		}
		if a := aria(city, "登记日期"); a != "ascending" {
			t.Errorf("登记日期 aria-sort %q after the second click", a)
		}
		if strings.Contains(city.Location(), "page=") {
			t.Errorf("sorting kept the page: %s", city.Location())
		}

		// The officers: 有效期 ascending, then descending.
		city.Nav("open /officers", base+"/officers")
		ends := func() []string {
			var out []string
			for _, s := range column(city, `Array.from(document.querySelectorAll("#officer-table tbody tr td:nth-child(6)")).map(td => td.textContent)`) {
				_, end, _ := strings.Cut(s, "至")
				out = append(out, strings.TrimSpace(end))
			}
			return out
		}
		clickHead(city, "#officer-table", "有效期")
		up := ends()
		if len(up) < 2 || !slices.IsSorted(up) || !strings.Contains(city.Location(), "sort=valid_to") {
			t.Errorf("有效期 ascending: %v at %s", up, city.Location())
		}
		if href := webtest.Run(city, "officer export link", chromedp.Evaluate[string](`document.getElementById("officers-export").getAttribute("href")`)); !strings.Contains(href, "sort=valid_to") {
			t.Errorf("the officer export link drops the order: %q", href)
		}
		clickHead(city, "#officer-table", "有效期")
		down := ends()
		back := slices.Clone(down)
		slices.Reverse(back)
		if !slices.IsSorted(back) || !strings.Contains(city.Location(), "sort=-valid_to") || up[0] != "2027-06-30" || down[0] != "2030-12-31" {
			t.Errorf("有效期 descending: %v at %s (ascending %v)", down, city.Location(), up)
		}

		// The administrator: accounts by 用户名, the audit log oldest first.
		admin := root.Anonymous()
		admin.Do("1366 px", chromedp.EmulateViewport(1366, 800))
		bcLogin(admin, base, "admin")
		admin.Nav("open /accounts", base+"/accounts")
		clickHead(admin, "#account-table", "用户名")
		users := column(admin, `Array.from(document.querySelectorAll("#account-table tbody tr td:first-child")).map(td => td.textContent.trim())`)
		if len(users) < 3 || !slices.IsSorted(users) || !strings.Contains(admin.Location(), "sort=username") {
			t.Errorf("accounts by 用户名: %v at %s", users, admin.Location())
		}
		admin.Nav("open /audit", base+"/audit?entity=case")
		if a := aria(admin, "时间"); a != "descending" {
			t.Errorf("the audit log's default order is not marked newest first: %q", a)
		}
		times := func() []string {
			return column(admin, `Array.from(document.querySelectorAll("#audit-table tbody tr td:first-child")).map(td => td.textContent.trim())`)
		}
		newestFirst := times()
		clickHead(admin, "#audit-table", "时间")
		oldestFirst := times()
		if len(oldestFirst) < 3 || !slices.IsSorted(oldestFirst) || !strings.Contains(admin.Location(), "sort=old") {
			t.Errorf("audit oldest first: %v at %s", oldestFirst, admin.Location())
		}
		slices.Reverse(newestFirst)
		if !slices.Equal(newestFirst, oldestFirst) {
			t.Errorf("audit oldest first %v is not the newest-first list reversed %v", oldestFirst, newestFirst)
		}
		if href := webtest.Run(admin, "audit export link", chromedp.Evaluate[string](`document.getElementById("audit-export").getAttribute("href")`)); !strings.Contains(href, "sort=old") {
			t.Errorf("the audit export link drops the order: %q", href)
		}
		for _, b := range []*webtest.Tab{city, admin} {
			b.CheckNoExceptions()
		}
	})
}
