package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// pdCaseID finds a demo case by a condition on the cases table.
func pdCaseID(t *testing.T, db *store.DB, where string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := db.R.QueryRow(`SELECT id FROM cases WHERE `+where+` ORDER BY id LIMIT 1`, args...).Scan(&id); err != nil {
		t.Fatalf("demo case %s: %v", where, err)
	}
	return id
}

// The public decision pages need no login, list what is published and
// not withdrawn, search the masked text, and never show a person's data.
func TestPublicDecisionPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		u := e.ts.URL

		st, doc, _ := thFetch(t, u+"/public")
		if st != http.StatusOK || doc.Find(`a[href="/public/decisions"]`).Length() == 0 {
			t.Errorf("public home: %d, no link to the decisions", st)
		}
		st, doc, body := thFetch(t, u+"/public/decisions")
		if st != http.StatusOK {
			t.Fatalf("/public/decisions: %d", st)
		}
		rows := doc.Find("table.public-decisions tbody tr")
		var published int
		db.R.QueryRow(`SELECT COUNT(*) FROM cases WHERE published_on <> '' AND withdrawn_on = '' AND outcome = 'penalty'`).Scan(&published)
		if rows.Length() < 8 || rows.Length() != min(published, 20) {
			t.Errorf("%d rows listed, %d published", rows.Length(), published)
		}
		if !strings.Contains(body, "欧阳某某") || strings.Contains(body, "欧阳丽娜") || strings.Contains(body, "张建华") {
			t.Error("list does not mask persons' names")
		}
		if strings.Contains(body, "销售失效、变质的产品") {
			t.Error("withdrawn decision still listed")
		}

		// Search: by the masked name, not by the real one or a phone.
		for q, want := range map[string]int{"欧阳某某": 1, "欧阳丽娜": 0, "15866661234": 0, "电线": 1, "济南市生态环境局": 1} {
			_, doc, _ := thFetch(t, u+"/public/decisions?q="+url.QueryEscape(q))
			if n := doc.Find("table.public-decisions tbody tr").Length(); n != want {
				t.Errorf("search %q: %d rows, want %d", q, n, want)
			}
		}
		// Filters: region and agency.
		_, doc, _ = thFetch(t, u+"/public/decisions?region=370114")
		if n := doc.Find("table.public-decisions tbody tr").Length(); n != 1 {
			t.Errorf("region 370114: %d rows", n)
		}
		if doc.Find(`select[name=region] option[value="370114"][selected]`).Length() != 1 {
			t.Error("region filter not kept")
		}
		var hb string
		db.R.QueryRow(`SELECT code FROM agencies WHERE name = '济南市生态环境局'`).Scan(&hb)
		_, doc, _ = thFetch(t, u+"/public/decisions?agency="+hb)
		if n := doc.Find("table.public-decisions tbody tr").Length(); n != 1 {
			t.Errorf("agency filter: %d rows", n)
		}

		// A person's decision: masked name, no ID number, address or phone.
		pid := pdCaseID(t, db, `party_name = $1`, "欧阳丽娜")
		var idNumber string
		db.R.QueryRow(`SELECT party_id_number FROM cases WHERE id = $1`, pid).Scan(&idNumber)
		st, doc, body = thFetch(t, u+"/public/decisions/"+itoa64(pid))
		if st != http.StatusOK {
			t.Fatalf("person decision: %d", st)
		}
		for _, leak := range []string{"欧阳丽娜", idNumber, "15866661234", "和平路34号"} {
			if strings.Contains(body, leak) {
				t.Errorf("person decision page shows %q", leak)
			}
		}
		for _, want := range []string{"欧阳某某", "罚款人民币贰仟元整", "济南市历下区综合行政执法局", "济历下综执罚〔", "公示至"} {
			if !strings.Contains(body, want) {
				t.Errorf("person decision page lacks %q", want)
			}
		}
		// An organisation: full name and credit code.
		oid := pdCaseID(t, db, `title = $1`, "销售不符合国家标准的电线电缆")
		_, _, body = thFetch(t, u+"/public/decisions/"+itoa64(oid))
		var code string
		db.R.QueryRow(`SELECT party_id_number FROM cases WHERE id = $1`, oid).Scan(&code)
		if !strings.Contains(body, "济南章丘某某建材有限公司") || !strings.Contains(body, code) {
			t.Error("organisation decision lacks the name or credit code")
		}

		// Withdrawn: the reason and date, without the content.
		wid := pdCaseID(t, db, `withdrawn_on <> ''`)
		st, _, body = thFetch(t, u+"/public/decisions/"+itoa64(wid))
		if st != http.StatusOK || !strings.Contains(body, "已撤回") || !strings.Contains(body, "行政复议决定撤销") ||
			strings.Contains(body, "济南历城某某日用品经营部") || strings.Contains(body, "洗衣液") {
			t.Errorf("withdrawn decision page: %d\n%s", st, body)
		}
		// Not published, or nonsense: a Chinese 404 in the public layout.
		nid := pdCaseID(t, db, `published_on = ''`)
		for _, p := range []string{"/public/decisions/" + itoa64(nid), "/public/decisions/999999", "/public/decisions/abc"} {
			st, doc, _ := thFetch(t, u+p)
			if st != http.StatusNotFound || !strings.Contains(doc.Find(".error-box").Text(), "不存在或未公示") {
				t.Errorf("%s: %d %q", p, st, doc.Find(".error-box").Text())
			}
		}
	})
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
