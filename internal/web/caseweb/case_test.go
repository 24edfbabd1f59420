package caseweb_test

// Server-side tests of the case pages (C5) on the fixture world: the
// registration with Chinese errors at the fields, the list and its filters,
// the acts of each role in the legal order with the service's refusals
// shown on the page, evidence uploads, the summary procedure decided on the
// spot by the registering officer, and supervisors who only read. Every
// act is dated relative to the pinned day (webtest.DaysAgo) and in the order it
// happens. Both engines.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/cases"
	"zfjd/internal/discretion"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// ucCaseForm is a valid registration of a general-procedure case of the
// world's agency and matter by the officer account (CertA) with CertB.
func ucCaseForm(at string) url.Values {
	return url.Values{"agency_code": {testworld.Agency}, "procedure": {"general"}, "title": {"销售超过保质期的食品测试案"},
		"matter_code": {testworld.Matter}, "party.kind": {"person"}, "party.name": {"张砚秋"}, "party.id_number": {webtest.PartyID("031")},
		"party.address": {"济南市历下区泉城路1号"}, "facts.act_date": {webtest.DaysAgo(60)}, "facts.first_offense": {"1"},
		"facts.harm": {"slight"}, "facts.corrected": {"0"}, "facts.major": {"1"}, "facts.illegal_income": {"1200.50"},
		"officers": webtest.Team, "at": {at}, "note": {"日常检查发现"},
		"facts.description": {"当事人在其经营的超市甲七号货架上销售超过保质期的预包装食品12件。"}}
}

// ucFine is the 一般 fine in force on the pinned day in 历下区 for the
// world's matter (元): the district's refined minimum.
func ucFine(t *testing.T, db *store.DB) string {
	t.Helper()
	r, err := discretion.RangeFor(webtest.Ctx, db.R, testworld.Matter, testworld.Region, testworld.Today, "ordinary")
	if err != nil || r == nil || r.FineMinFen == nil {
		t.Fatalf("RangeFor(%s, ordinary) = %+v, %v: the benchmarks are not written", testworld.Matter, r, err)
	}
	if got := registry.FormatYuan(*r.FineMinFen); got != webtest.FineMin {
		t.Fatalf("the 一般 range in force starts at %s, want the district's %s", got, webtest.FineMin)
	}
	return webtest.FineMin
}

// ucCount counts rows of a table.
func ucCount(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.W.QueryRowContext(webtest.Ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// ucCreated registers a case through the form and returns its id.
func ucCreated(t *testing.T, b *webtest.Browser, form url.Values) int64 {
	t.Helper()
	p := b.Post("/cases/new", form)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/cases/") {
		t.Fatalf("register: %d %s\n%s\n%s", p.Status, p.Location, webtest.Text(p.Doc.Find(".error-box")), webtest.Text(p.Doc.Find(".field-error")))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p.Location, "/cases/"), 10, 64)
	if err != nil {
		t.Fatalf("register redirected to %s", p.Location)
	}
	return id
}

// ucAct posts one act and expects a redirect to the case page.
func ucAct(t *testing.T, b *webtest.Browser, id int64, typ string, form url.Values) {
	t.Helper()
	p := b.Post(fmt.Sprintf("/cases/%d/act/%s", id, typ), form)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("act %s: %d\n%s\n%s", typ, p.Status, webtest.Text(p.Doc.Find(".error-box")), webtest.Text(p.Doc.Find(".field-error")))
	}
}

// ucRefused posts one act that must be refused with status and a message
// containing want, shown on the page, and must write nothing: no event,
// no audit row, no finding.
func ucRefused(t *testing.T, b *webtest.Browser, w *webtest.World, id int64, typ string, form url.Values, status int, want string) *webtest.Page {
	t.Helper()
	before := len(w.GetCase(t, id).Events)
	counts := webtest.Counts(t, w.DB)
	p := b.Post(fmt.Sprintf("/cases/%d/act/%s", id, typ), form)
	msg := webtest.Text(p.Doc.Find("#act-" + typ + " .error-box, .error-box"))
	if p.Status != status || !strings.Contains(msg+webtest.Text(p.Doc.Find("#act-"+typ+" .field-error")), want) {
		t.Errorf("act %s: %d %q, want %d with %q", typ, p.Status, msg, status, want)
	}
	if after := len(w.GetCase(t, id).Events); after != before {
		t.Errorf("refused act %s wrote: %d events → %d", typ, before, after)
	}
	webtest.SameCounts(t, w.DB, counts, "refused act "+typ)
	return p
}

// ucMultipart posts a multipart form with files (field ev_files).
func ucMultipart(t *testing.T, b *webtest.Browser, path string, fields url.Values, files map[string][]byte) *webtest.Page {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="ev_files"; filename="%s"`, name))
		h.Set("Content-Type", "application/octet-stream")
		if strings.HasSuffix(name, ".txt") {
			h.Set("Content-Type", "text/plain; charset=utf-8")
		}
		w, _ := mw.CreatePart(h)
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.Env.TS.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.Send(req)
}

// ucAt is an act form dated n days before the pinned day, by the team.
func ucAt(n int) url.Values { return url.Values{"at": {webtest.DaysAgo(n)}, "officers": webtest.Team} }

// ucWith sets fields on an act form.
func ucWith(v url.Values, kv ...string) url.Values {
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func TestUICaseRegisterListAndReadOnly(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		revoked := w.AddRevoked(t)
		off := w.Login(t, "officer")

		// The list, with the way to register; a search that finds nothing says so.
		p := off.Get("/cases")
		if p.Status != http.StatusOK || p.Doc.Find("#case-new").Length() != 1 {
			t.Fatalf("/cases as officer: %d, new link %d", p.Status, p.Doc.Find("#case-new").Length())
		}
		if p := off.Get("/cases?q=" + url.QueryEscape("测试案")); !strings.Contains(webtest.Text(p.Doc.Find(".empty")), "没有") {
			t.Errorf("empty search: %q", webtest.Text(p.Doc.Find("main")))
		}
		if p.Doc.Find(`nav a[href="/cases"]`).Length() != 1 {
			t.Error("the navigation has no 网上办案 link")
		}
		// The form: the signed-in officer is preselected; only officers of
		// the agency with valid certificates are offered; the date is the
		// server's today.
		p = off.Get("/cases/new")
		webtest.PageOK(t, "/cases/new", p)
		if p.Doc.Find(`input[name=officers][value="`+testworld.CertA+`"][checked]`).Length() != 1 {
			t.Errorf("the officer %s is not preselected", testworld.CertA)
		}
		if v := p.Doc.Find(`#case-form input[name=at]`).AttrOr("value", ""); v != testworld.Today {
			t.Errorf("registration date defaults to %q, want the server's today %s", v, testworld.Today)
		}
		if n := p.Doc.Find(`select[name=matter_code] option[value="` + testworld.Matter + `"]`).Length(); n != 1 {
			t.Errorf("matter %s not offered", testworld.Matter)
		}
		if p.Doc.Find(`input[name=officers][value="`+testworld.CertB+`"]`).Length() != 1 ||
			p.Doc.Find(`input[name=officers][value="`+revoked+`"]`).Length() != 0 ||
			p.Doc.Find(`input[name=officers][value="`+testworld.CertOther+`"]`).Length() != 0 {
			t.Errorf("officer picker: want the agency's valid officers only (not %s revoked, not %s of another agency)", revoked, testworld.CertOther)
		}

		// Bad input: every problem at its field, nothing written.
		before := webtest.Counts(t, db)
		bad := ucCaseForm(testworld.Today)
		bad.Set("title", " ")
		bad.Set("facts.illegal_income", "一千元")
		bad.Set("party.id_number", "370102198005170000")
		bad.Set("facts.party_age", "十八")
		p = off.Post("/cases/new", bad)
		if p.Status != http.StatusBadRequest {
			t.Fatalf("bad registration: %d", p.Status)
		}
		for field, want := range map[string]string{"title": "请填写案由", "facts.illegal_income": "金额", "facts.party_age": "整数"} {
			if msg := webtest.Text(p.Doc.Find(`[name="` + field + `"]`).Parent().Find(".field-error")); !strings.Contains(msg, want) {
				t.Errorf("%s: %q, want %q", field, msg, want)
			}
		}
		if v := p.Doc.Find(`input[name="party.name"]`).AttrOr("value", ""); v != "张砚秋" {
			t.Errorf("entered party name not kept: %q", v)
		}
		// The service's own checks are named at their fields too: the
		// 身份证号 checksum, a registration dated tomorrow, one officer
		// alone, officers that do not include the one who registers.
		for _, c := range []struct {
			field, want string
			set         func(url.Values)
		}{
			{"party.id_number", "", func(v url.Values) { v.Set("party.id_number", "370102198005170000") }},
			{"at", "不能晚于今天", func(v url.Values) { v.Set("at", webtest.DaysAgo(-1)) }},
			{"officers", "两名", func(v url.Values) { v["officers"] = []string{testworld.CertA} }},
			{"officers", "须包含您本人", func(v url.Values) { v["officers"] = []string{testworld.CertB, testworld.CertC} }},
		} {
			bad = ucCaseForm(testworld.Today)
			c.set(bad)
			p = off.Post("/cases/new", bad)
			msg := webtest.Text(p.Doc.Find(`[name="` + c.field + `"]`).Parent().Find(".field-error"))
			if c.field == "officers" {
				msg = webtest.Text(p.Doc.Find(".officer-pick .field-error"))
			}
			if p.Status != http.StatusBadRequest || msg == "" || !strings.Contains(msg, c.want) {
				t.Errorf("bad %s: %d %q (want %q) %q", c.field, p.Status, msg, c.want, webtest.Text(p.Doc.Find(".error-box")))
			}
		}
		// A matter the agency does not hold.
		bad = ucCaseForm(testworld.Today)
		bad.Set("matter_code", "NO-SUCH-MATTER")
		if p = off.Post("/cases/new", bad); p.Status != http.StatusBadRequest ||
			!strings.Contains(webtest.Text(p.Doc.Find(`[name="matter_code"]`).Parent().Find(".field-error")), "本执法主体") {
			t.Errorf("foreign matter: %d", p.Status)
		}
		webtest.SameCounts(t, db, before, "bad registrations")

		// A good one.
		id := ucCreated(t, off, ucCaseForm(testworld.Today))
		p = off.Get(webtest.CasePath(id))
		c := w.GetCase(t, id)
		if p.Status != http.StatusOK || !strings.Contains(webtest.Text(p.Doc.Find("h1")), c.CaseNo) || webtest.Text(p.Doc.Find("#case-status")) != "已登记" {
			t.Fatalf("case page: %d %q %q", p.Status, webtest.Text(p.Doc.Find("h1")), webtest.Text(p.Doc.Find("#case-status")))
		}
		if f := webtest.Text(p.Doc.Find(".flash")); !strings.Contains(f, c.CaseNo) {
			t.Errorf("flash %q", f)
		}
		tl := webtest.Text(p.Doc.Find("#timeline"))
		if !strings.Contains(tl, "发现/登记") || !strings.Contains(tl, webtest.NameA) || !strings.Contains(tl, webtest.NameB) || !strings.Contains(tl, "日常检查发现") {
			t.Errorf("timeline: %q", tl)
		}
		if c.Facts.IllegalIncomeFen != 120050 || !c.Facts.Major || c.Facts.FirstOffense == nil || !*c.Facts.FirstOffense ||
			c.Facts.Corrected == nil || *c.Facts.Corrected || c.Party.Address != "济南市历下区泉城路1号" || c.RegionCode != testworld.Region {
			t.Errorf("stored case: %+v %+v", c.Party, c.Facts)
		}
		if s := webtest.Text(p.Doc.Find("#first-offence")); !strings.Contains(s, "没有该当事人此前的处罚决定记录") {
			t.Errorf("首违 check: %q", s)
		}
		if p.Doc.Find("#case-edit").Length() != 1 {
			t.Error("no 修改案情 link before the decision")
		}
		// The officer may not file: the head does (办、定分离).
		if p.Doc.Find("#act-filed").Length() != 0 || p.Doc.Find("#act-legal_review").Length() != 0 {
			t.Error("the officer is offered 立案 or 法制审核")
		}
		head := w.Login(t, "head")
		hp := head.Get(webtest.CasePath(id))
		if hp.Doc.Find("#act-filed").Length() != 1 {
			t.Errorf("the head is not offered 立案 after registration: %v", webtest.Acts(hp))
		}
		// The team that registered the case is the 立案 form's default.
		for _, cert := range webtest.Team {
			if hp.Doc.Find(`#act-filed input[name=officers][value="`+cert+`"][checked]`).Length() != 1 {
				t.Errorf("the 立案 form does not preselect %s of the registering team", cert)
			}
		}

		// A case registered 100 days ago and filed then is overdue: red.
		old := ucCaseForm(webtest.DaysAgo(100))
		old.Set("title", "未按规定明码标价测试案")
		old.Set("party.name", "李某商行")
		old.Set("party.kind", "org")
		old.Set("party.id_number", "")
		old.Set("facts.act_date", webtest.DaysAgo(110))
		oldID := ucCreated(t, off, old)
		ucAct(t, head, oldID, "filed", ucAt(100))
		p = head.Get(webtest.CasePath(oldID))
		if ws := webtest.Text(p.Doc.Find("#warnings")); !strings.Contains(ws, "红色预警") || !strings.Contains(ws, "第六十条") {
			t.Errorf("overdue case warnings: %q", ws)
		}
		if d := webtest.Text(p.Doc.Find(`#deadlines tr[data-deadline=decision] .dl-past`)); !strings.Contains(d, "已超期") {
			t.Errorf("overdue decision deadline: %q", d)
		}
		// Issue 16: a filed case's limitation row does not read "已办理"
		// beside a time limit, and a warning says its basis once.
		if d := webtest.Text(p.Doc.Find(`#deadlines tr[data-deadline=limitation]`)); !strings.Contains(d, "已在时效内立案或处罚") || strings.Contains(d, "已办理") {
			t.Errorf("limitation deadline of a filed case: %q", d)
		}
		p.Doc.Find("#warnings li.warning").Each(func(_ int, li *goquery.Selection) {
			basis := strings.TrimPrefix(webtest.Text(li.Find("small.hint")), "依据：")
			if basis == "" || strings.Count(webtest.Text(li), basis) != 1 {
				t.Errorf("warning repeats or lacks its basis %q: %q", basis, webtest.Text(li))
			}
		})

		// List: both cases, filters, the overdue one first by deadline.
		mine := "/cases?q=" + url.QueryEscape("测试案")
		p = off.Get(mine)
		rows := p.Doc.Find("#case-table tbody tr")
		if rows.Length() != 2 || !strings.Contains(webtest.Text(rows.First()), "李某商行") {
			t.Errorf("list: %d rows, first %q", rows.Length(), webtest.Text(rows.First()))
		}
		if s := webtest.Text(rows.First()); !strings.Contains(s, "红") || !strings.Contains(s, "已超期") {
			t.Errorf("overdue row: %q", s)
		}
		for q, want := range map[string]int{"?q=" + url.QueryEscape("张砚秋"): 1, "&warn=1": 1, "&status=registered": 1, "&status=filed": 1,
			"&procedure=summary": 0, "&procedure=general": 2, "&matter=" + url.QueryEscape(testworld.Matter): 2, "&sort=new": 2} {
			path := mine + q
			if strings.HasPrefix(q, "?") {
				path = "/cases" + q
			}
			p := off.Get(path)
			if n := p.Doc.Find("#case-table tbody tr").Length(); p.Status != http.StatusOK || n != want {
				t.Errorf("%s: %d rows, want %d", path, n, want)
			}
		}
		if s := webtest.Text(off.Get(mine + "&warn=1").Doc.Find("#case-table")); !strings.Contains(s, "李某商行") {
			t.Errorf("with-warnings filter: %q", s)
		}

		// A supervisor and the agency's registry administrator read
		// everything and can do nothing: no forms, and a forged POST is
		// refused with the reason and writes nothing.
		for _, who := range []string{"supervisor", "agency_admin"} {
			r := w.Login(t, who)
			p = r.Get(mine)
			if p.Status != http.StatusOK || p.Doc.Find("#case-table tbody tr").Length() != 2 || p.Doc.Find("#case-new").Length() != 0 {
				t.Errorf("%s list: %d, %d rows", who, p.Status, p.Doc.Find("#case-table tbody tr").Length())
			}
			p = r.Get(webtest.CasePath(id))
			if p.Status != http.StatusOK || p.Doc.Find("details.act").Length() != 0 || !strings.Contains(webtest.Text(p.Doc.Find("#acts")), "只能查看") ||
				p.Doc.Find("#case-edit").Length() != 0 {
				t.Errorf("%s case page: %d, %d act forms, %q", who, p.Status, p.Doc.Find("details.act").Length(), webtest.Text(p.Doc.Find("#acts")))
			}
			if p := r.Get("/cases/new"); p.Status != http.StatusForbidden {
				t.Errorf("%s /cases/new: %d", who, p.Status)
			}
			if p := r.Get(webtest.CasePath(id, "/edit")); p.Status != http.StatusForbidden {
				t.Errorf("%s edit: %d", who, p.Status)
			}
			want := "只有本执法主体的执法人员、法制审核人员和负责人可以办理案件"
			ucRefused(t, r, w, id, "filed", ucAt(0), http.StatusForbidden, want)
			ucRefused(t, r, w, id, "investigation", ucWith(ucAt(0), "note", "检查"), http.StatusForbidden, want)
			before := webtest.Counts(t, db)
			if p := r.Post("/cases/new", ucCaseForm(testworld.Today)); p.Status != http.StatusForbidden {
				t.Errorf("%s POST /cases/new: %d", who, p.Status)
			}
			webtest.SameCounts(t, db, before, who+" registering a case")
		}

		// Another agency's officer, in the same county or another: the case
		// does not exist for them.
		w.AddStranger(t)
		for _, who := range []string{"stranger", "other_officer"} {
			str := w.Login(t, who)
			for _, path := range []string{webtest.CasePath(id), webtest.CasePath(id, "/edit"), webtest.CasePath(id, "/docs")} {
				if p := str.Get(path); p.Status != http.StatusNotFound || strings.Contains(p.Body, "张砚秋") {
					t.Errorf("%s %s: %d", who, path, p.Status)
				}
			}
			if p := str.Get(mine); p.Doc.Find("#case-table tbody tr").Length() != 0 {
				t.Errorf("%s lists the cases", who)
			}
			ucRefused(t, str, w, id, "investigation", ucAt(0), http.StatusNotFound, "不存在")
		}
	})
}

func TestUICaseActsRefusalsAndRoles(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddBenchmarks(t)
		fine := ucFine(t, db)
		off, head, rev := w.Login(t, "officer"), w.Login(t, "head"), w.Login(t, "reviewer")
		id := ucCreated(t, off, ucCaseForm(webtest.DaysAgo(30)))

		// 立案: not by the officer; by the head only with two officers.
		ucRefused(t, off, w, id, "filed", ucAt(30), http.StatusForbidden, "无权办理“立案”")
		one := ucAt(30)
		one["officers"] = []string{testworld.CertA}
		p := ucRefused(t, head, w, id, "filed", one, http.StatusBadRequest, "两名以上")
		if p.Doc.Find("details#act-filed[open]").Length() != 1 {
			t.Error("the refused form is not shown open")
		}
		if p.Doc.Find(`#act-filed input[name=officers][value="`+testworld.CertA+`"][checked]`).Length() != 1 {
			t.Error("the refused form lost its values")
		}
		ucAct(t, head, id, "filed", ucAt(30))

		// 调查取证 with evidence; the file is stored once and served back.
		photo := bytes.Repeat([]byte("JPEG-DATA-"), 5000)
		form := ucAt(25)
		form.Set("note", "现场检查，制作现场笔录，拍摄照片")
		form.Set("ev_kind", "scene_record")
		form.Set("ev_title", "现场检查笔录及照片")
		p = ucMultipart(t, off, webtest.CasePath(id, "/act/investigation"), form, map[string][]byte{"现场照片.jpg": photo})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("investigation with a file: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = off.Get(webtest.CasePath(id))
		sum := sha256.Sum256(photo)
		hash := hex.EncodeToString(sum[:])
		ev := webtest.Text(p.Doc.Find("#evidence table"))
		if !strings.Contains(ev, "现场笔录") || !strings.Contains(ev, "现场照片.jpg") || !strings.Contains(ev, hash) || !strings.Contains(ev, webtest.NameB) {
			t.Errorf("evidence table: %q", ev)
		}
		href := p.Doc.Find("#evidence table a[download]").AttrOr("href", "")
		resp, err := off.Client.Get(w.Env.TS.URL + href)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !bytes.Equal(got, photo) || resp.Header.Get("Content-Type") != "image/jpeg" ||
			!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("download %s: %d %d bytes %v", href, resp.StatusCode, len(got), resp.Header)
		}
		// A supervisor downloads too; another agency's officer cannot.
		if p := w.Login(t, "supervisor").Get(href); p.Status != http.StatusOK {
			t.Errorf("supervisor download: %d", p.Status)
		}
		if p := w.Login(t, "other_officer").Get(href); p.Status != http.StatusNotFound {
			t.Errorf("other agency's download: %d", p.Status)
		}
		// Too large: refused in Chinese, neither the act nor the file written.
		evBefore := ucCount(t, db, "evidence")
		big := bytes.Repeat([]byte{1}, 20<<20+1)
		evCount := len(w.GetCase(t, id).Events)
		p = ucMultipart(t, off, webtest.CasePath(id, "/act/investigation"), form, map[string][]byte{"录像.mp4": big})
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find("#act-investigation")), "超过20 MB") {
			t.Errorf("oversized upload: %d %q", p.Status, webtest.Text(p.Doc.Find("#act-investigation .field-error")))
		}
		if ucCount(t, db, "evidence") != evBefore || len(w.GetCase(t, id).Events) != evCount {
			t.Error("the refused upload wrote something")
		}
		// The standalone evidence form; the reviewer may not upload.
		p = ucMultipart(t, off, webtest.CasePath(id, "/evidence"), url.Values{"ev_kind": {"documentary"}, "ev_title": {"营业执照复印件"},
			"ev_collected_on": {webtest.DaysAgo(24)}, "officers": webtest.Team}, map[string][]byte{"执照.txt": []byte("营业执照")})
		if p.Status != http.StatusSeeOther {
			t.Errorf("standalone evidence: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		p = ucMultipart(t, rev, webtest.CasePath(id, "/evidence"), url.Values{"ev_kind": {"documentary"}, "ev_title": {"x"},
			"ev_collected_on": {testworld.Today}}, map[string][]byte{"x.txt": []byte("x")})
		if p.Status != http.StatusForbidden {
			t.Errorf("reviewer upload: %d", p.Status)
		}
		ucAct(t, off, id, "investigation_concluded", ucWith(ucAt(20), "note", "事实清楚，建议处罚"))

		// Deciding before the legal review the major case needs (and
		// before the notice): refused, nothing written. The decision
		// confiscates the illegal income of the registration (处罚法 Art. 28).
		income := "1200.50"
		decide := url.Values{"at": {testworld.Today}, "officers": webtest.Team, "outcome": {"penalty"}, "tier": {"ordinary"},
			"penalty": {"warning", "fine", "confiscate_income"}, "amount_fine": {fine}, "amount_confiscate_income": {income},
			"note": {"依据有关规定作出处罚"}}
		status := w.GetCase(t, id).Status
		p = ucRefused(t, head, w, id, "decided", decide, http.StatusBadRequest, "法制审核")
		if msg := webtest.Text(p.Doc.Find("#act-decided .refusal")); !strings.Contains(msg, "告知") {
			t.Errorf("the refusal does not also name the missing notice: %q", msg)
		}
		if st := w.GetCase(t, id).Status; st != status {
			t.Errorf("status after the refusal: %s, was %s", st, status)
		}
		// A fine that is not a number is named at its field.
		bad := url.Values{}
		for k, v := range decide {
			bad[k] = v
		}
		bad.Set("amount_fine", "三千")
		ucRefused(t, head, w, id, "decided", bad, http.StatusBadRequest, "金额")

		// 法制审核: not by the officer or head; the reviewer reviews in his
		// own name, whatever the form says.
		review := url.Values{"at": {webtest.DaysAgo(18)}, "result": {"pass"}, "note": {"事实清楚，证据确凿，适用依据正确"}}
		ucRefused(t, off, w, id, "legal_review", review, http.StatusForbidden, "无权")
		ucRefused(t, head, w, id, "legal_review", review, http.StatusForbidden, "无权")
		p = rev.Get(webtest.CasePath(id))
		if acts := webtest.Acts(p); strings.Join(acts, ",") != "legal_review" {
			t.Errorf("the reviewer sees the act forms %v, want only 法制审核", acts)
		}
		if s := webtest.Text(p.Doc.Find("#act-legal_review")); !strings.Contains(s, testworld.CertReviewer) ||
			p.Doc.Find(`#act-legal_review select[name=reviewer]`).Length() != 0 {
			t.Errorf("the 法制审核 form does not name the signed-in reviewer %s (or offers others): %q", testworld.CertReviewer, s)
		}
		forged := ucWith(url.Values{}, "at", webtest.DaysAgo(18), "reviewer", testworld.CertReview2, "result", "pass", "note", "事实清楚，证据确凿，适用依据正确")
		ucAct(t, rev, id, "legal_review", forged)
		c := w.GetCase(t, id)
		if last := c.Events[len(c.Events)-1]; last.Type != "legal_review" || last.Reviewer != testworld.CertReviewer {
			t.Errorf("review recorded as %s by %q, want in the reviewer's own name %s", last.Type, last.Reviewer, testworld.CertReviewer)
		}
		if tl := webtest.Text(rev.Get(webtest.CasePath(id)).Doc.Find("#timeline")); !strings.Contains(tl, "审核通过") || !strings.Contains(tl, webtest.NameReviewer) {
			t.Errorf("timeline after the review: %q", tl)
		}
		ucRefused(t, rev, w, id, "notified", ucAt(15), http.StatusForbidden, "无权")

		// 告知 with the hearing right, 15 days ago; the request window has
		// run by today. The notice is a document now; the 送达回证 is not
		// (it belongs to the delivery of the decision).
		notice := ucAt(15)
		notice.Set("hearing_right", "1")
		notice.Set("note", "拟给予警告并处罚款"+fine+"元")
		ucAct(t, off, id, "notified", notice)
		p = off.Get(webtest.CasePath(id))
		if p.Doc.Find(`#docs a[href$="/docs/notice"]`).Length() != 1 || p.Doc.Find(`#docs a[href$="/docs/receipt"]`).Length() != 0 {
			t.Errorf("documents after the notice: %q, want 事先告知书 and no 送达回证", webtest.Text(p.Doc.Find("#docs")))
		}
		if p.Doc.Find("#act-decided").Length() != 0 {
			t.Error("the officer is offered 作出决定 on a general case")
		}
		p = head.Get(webtest.CasePath(id))
		if p.Doc.Find("#discretion").Length() != 1 || !strings.Contains(webtest.Text(p.Doc.Find("#discretion")), "建议裁量阶次") {
			t.Errorf("no discretion panel on the decision form: %q", webtest.Text(p.Doc.Find("#act-decided")))
		}
		if s := webtest.Text(p.Doc.Find("#discretion table")); !strings.Contains(s, "元至") || !strings.Contains(s, "历下区") {
			t.Errorf("the discretion panel lacks the tier ranges in force: %q", s)
		}
		// Keeping the illegal income (neither confiscated nor ordered
		// refunded) is refused (处罚法 Art. 28 第二款).
		keep := url.Values{}
		for k, v := range decide {
			keep[k] = v
		}
		keep["penalty"] = []string{"warning", "fine"}
		keep.Del("amount_confiscate_income")
		ucRefused(t, head, w, id, "decided", keep, http.StatusBadRequest, "违法所得")
		// A major violation is decided by the heads collectively (Art. 57
		// 第二款): not before the discussion is recorded.
		ucRefused(t, head, w, id, "decided", decide, http.StatusBadRequest, "集体讨论")
		ucRefused(t, off, w, id, "collective_discussion", ucWith(ucAt(2), "note", "集体讨论"), http.StatusForbidden, "无权")
		ucAct(t, head, id, "collective_discussion", ucWith(ucAt(2), "note", "负责人集体讨论，同意给予警告、罚款并没收违法所得"))
		low := url.Values{}
		for k, v := range decide {
			low[k] = v
		}
		low.Set("amount_fine", "1")
		ucRefused(t, head, w, id, "decided", low, http.StatusBadRequest, "裁量基准")
		ucAct(t, head, id, "decided", decide)
		c = w.GetCase(t, id)
		if c.Status != "decided" || c.Deadlines["delivery"] == "" || c.Deadlines["publicity"] == "" {
			t.Fatalf("after the decision: %s %v", c.Status, c.Deadlines)
		}
		p = head.Get(webtest.CasePath(id))
		if d := webtest.Text(p.Doc.Find(`#deadlines tr[data-deadline=hearing_request]`)); !strings.Contains(d, "已届满") {
			t.Errorf("hearing request deadline: %q", d)
		}
		if d := webtest.Text(p.Doc.Find(`#deadlines tr[data-deadline=delivery]`)); !strings.Contains(d, "剩余") {
			t.Errorf("delivery deadline: %q", d)
		}
		// Decided: facts are frozen.
		p = off.Get(webtest.CasePath(id))
		if p.Doc.Find("#case-edit").Length() != 0 || off.Get(webtest.CasePath(id, "/edit")).Status != http.StatusForbidden {
			t.Error("facts still editable after the decision")
		}
		if p.Doc.Find(`#docs a[href$="/docs/decision"]`).Length() != 1 || p.Doc.Find(`#docs a[href$="/docs/decision.docx"]`).Length() != 1 ||
			p.Doc.Find(`#docs a[href$="/docs/receipt"]`).Length() != 0 {
			t.Errorf("documents after the decision: %q", webtest.Text(p.Doc.Find("#docs")))
		}
		// 送达: the method is chosen from the case package's list; a
		// delivery in person needs two officers (处罚法 Art. 42, 61); then
		// the 送达回证 is reached.
		p = off.Get(webtest.CasePath(id))
		var methods, byOne []string
		p.Doc.Find(`#act-form-delivered select[name=method] option[value!=""]`).Each(func(_ int, o *goquery.Selection) {
			methods = append(methods, webtest.Text(o))
			if o.AttrOr("data-officers", "") == "1" {
				byOne = append(byOne, o.AttrOr("value", ""))
			}
		})
		if strings.Join(methods, "/") != "直接送达/留置送达/邮寄送达/电子送达/公告送达" || strings.Join(byOne, ",") != "post,electronic,public_notice" {
			t.Errorf("送达方式 offered %v, one officer for %v", methods, byOne)
		}
		if s := webtest.Text(p.Doc.Find("#act-form-delivered .officer-pick legend .need-two")); !strings.Contains(s, "至少两名") {
			t.Errorf("the delivery's officer picker does not say when two are needed: %q", s)
		}
		ucRefused(t, off, w, id, "delivered", ucAt(0), http.StatusBadRequest, "请选择送达方式")
		if p := off.Post(webtest.CasePath(id, "/act/delivered"), ucAt(0)); webtest.Text(p.Doc.Find(`#act-form-delivered [name=method]`).Parent().Find(".field-error")) != "请选择送达方式" {
			t.Error("the missing 送达方式 is not named at its field")
		}
		alone := ucWith(ucAt(0), "method", "direct")
		alone["officers"] = []string{testworld.CertA}
		ucRefused(t, off, w, id, "delivered", alone, http.StatusBadRequest, "两名")
		ucAct(t, off, id, "delivered", ucWith(ucAt(0), "method", "direct"))
		p = off.Get(webtest.CasePath(id))
		if p.Doc.Find(`#docs a[href$="/docs/receipt"]`).Length() != 1 {
			t.Errorf("no 送达回证 after the delivery: %q", webtest.Text(p.Doc.Find("#docs")))
		}
		if v := p.Doc.Find(`#act-paid input[name=amount]`).AttrOr("value", ""); v != fine {
			t.Errorf("payment form amount %q, want the fine %s", v, fine)
		}
		if s := webtest.Text(p.Doc.Find("#payment")); !strings.Contains(s, fine+"元") {
			t.Errorf("payment section: %q", s)
		}
		ucRefused(t, off, w, id, "paid", url.Values{"at": {testworld.Today}, "amount": {"-5"}}, http.StatusBadRequest, "缴纳金额")
		ucAct(t, off, id, "paid", url.Values{"at": {testworld.Today}, "amount": {fine}, "note": {"缴款书 370102-0001"}})
		ucAct(t, off, id, "published", url.Values{"at": {testworld.Today}})
		ucRefused(t, off, w, id, "closed", ucAt(0), http.StatusForbidden, "无权")
		// Executed: the form proposes 执行完毕 as the reason.
		p = head.Get(webtest.CasePath(id))
		if v := p.Doc.Find(`#act-form-closed select[name=reason] option[selected]`).AttrOr("value", ""); v != "executed" {
			t.Errorf("结案原因 proposed %q, want executed", v)
		}
		ucRefused(t, head, w, id, "closed", ucWith(ucAt(0), "reason", "finished"), http.StatusBadRequest, "executed")
		ucAct(t, head, id, "closed", ucWith(ucAt(0), "reason", "executed"))
		if c := w.GetCase(t, id); c.Events[len(c.Events)-1].Reason != "executed" {
			t.Errorf("closed recorded with reason %q", c.Events[len(c.Events)-1].Reason)
		}
		// 全过程记录: the 调查取证 act has its video (国办发〔2018〕118号, AV_RECORD_MISSING).
		av := []byte("执法记录仪录像")
		avSum := sha256.Sum256(av)
		for i, e := range w.GetCase(t, id).Events {
			if e.Type == "investigation" {
				if _, err := w.Cases.AddRecording(w.Ctx, testworld.As("officer"), id, &cases.Recording{EventIndex: i, EventType: e.Type,
					Kind: "video", Title: "现场检查录像"}, &cases.RecordingFile{Name: "现场.mp4", ContentType: "video/mp4", Size: int64(len(av)),
					SHA256: hex.EncodeToString(avSum[:]), Body: bytes.NewReader(av)}, 1<<20); err != nil {
					t.Fatal(err)
				}
			}
		}
		ucAct(t, head, id, "archived", ucAt(0))
		c = w.GetCase(t, id)
		if c.Status != "archived" || len(c.Warnings) != 0 {
			t.Errorf("archived case: %s, warnings %v", c.Status, c.Warnings)
		}
		p = head.Get(webtest.CasePath(id))
		if p.Doc.Find("details.act").Length() != 0 || !strings.Contains(webtest.Text(p.Doc.Find("#acts")), "已归档") {
			t.Errorf("archived case page still offers acts")
		}
		tl := webtest.Text(p.Doc.Find("#timeline"))
		for _, want := range []string{"立案", "调查取证", "调查终结", "法制审核", "审核通过", webtest.NameReviewer, "事先告知", "听证权利",
			"集体讨论", "作出决定", "罚款" + fine + "元", "没收违法所得", "送达方式：直接送达", "缴纳罚款", "公示", "结案原因：执行完毕", "归档"} {
			if !strings.Contains(tl, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}
		ucRefused(t, head, w, id, "annulled", url.Values{"at": {testworld.Today}, "kind": {"revoke"}, "note": {"复议撤销"}}, http.StatusConflict, "已归档")

		// A reviewer who investigated the case may not review it (办、审分离).
		conflict := w.Case(t, "investigation", func(c *cases.Case) { c.Title = "审核回避测试案" })
		w.Act(t, conflict.ID, "officer", cases.Event{Type: "investigation", At: "2026-05-27",
			Officers: []string{testworld.CertA, testworld.CertReviewer}, Note: "询问当事人"})
		w.Act(t, conflict.ID, "officer", cases.Event{Type: "investigation_concluded", At: "2026-05-28", Officers: webtest.Team, Note: "建议处罚"})
		ucRefused(t, rev, w, conflict.ID, "legal_review", review, http.StatusBadRequest, "调查人员")
	})
}

func TestUICaseSummaryProcedure(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		summary := func() url.Values {
			f := ucCaseForm(testworld.Today)
			f.Set("matter_code", webtest.PlainMatter)
			f.Set("procedure", "summary")
			f.Set("facts.major", "")
			f.Set("facts.act_date", testworld.Today)
			f.Set("facts.illegal_income", "") // income to confiscate needs the general procedure (Art. 28)
			f.Set("s_warning", "1")
			f.Set("s_fine", "100")
			f.Set("s_tier", "ordinary")
			f.Set("s_note", "当场查明违法事实，当事人无异议")
			return f
		}
		off := w.Login(t, "officer")
		before := webtest.Counts(t, db)
		// Only the officers on the spot decide (处罚法 Art. 51, 52): the
		// head and a legal reviewer register no case, summary or not.
		for _, who := range []string{"reviewer", "head", "agency_admin"} {
			if p := w.Login(t, who).Post("/cases/new", summary()); p.Status != http.StatusForbidden {
				t.Errorf("summary case by the %s: %d", who, p.Status)
			}
		}
		// Over the Art. 51 limit for a citizen: refused at the field.
		f := summary()
		f.Set("s_fine", "300")
		p := off.Post("/cases/new", f)
		if msg := webtest.Text(p.Doc.Find(`.error-box, [name=s_fine] + .field-error`)); p.Status != http.StatusBadRequest || !strings.Contains(msg, "不得超过200元") {
			t.Errorf("summary over the limit: %d %q", p.Status, msg)
		}
		// Illegal income to confiscate: not on the spot (处罚法 Art. 28, 51).
		f = summary()
		f.Set("facts.illegal_income", "1200.50")
		if p := off.Post("/cases/new", f); p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find(".error-box")), "应适用普通程序") {
			t.Errorf("summary with illegal income: %d %q", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		f = summary()
		f.Del("s_warning")
		f.Del("s_fine")
		p = off.Post("/cases/new", f)
		if p.Status != http.StatusBadRequest || !strings.Contains(webtest.Text(p.Doc.Find(".field-error")), "警告或者罚款") {
			t.Errorf("summary without a penalty: %d", p.Status)
		}
		// Decided on the spot by others than the officer who records it: no.
		f = summary()
		f["officers"] = []string{testworld.CertB, testworld.CertC}
		if p := off.Post("/cases/new", f); p.Status != http.StatusBadRequest {
			t.Errorf("summary in other officers' names: %d", p.Status)
		}
		webtest.SameCounts(t, db, before, "refused summary registrations")

		// Registered, decided and delivered on the spot, in one call.
		id := ucCreated(t, off, summary())
		c := w.GetCase(t, id)
		var types []string
		for _, ev := range c.Events {
			types = append(types, ev.Type)
		}
		if strings.Join(types, ",") != "discovered,decided,delivered" || c.Status != "delivered" || c.Procedure != "summary" {
			t.Fatalf("summary case: %v %s", types, c.Status)
		}
		p = off.Get(webtest.CasePath(id))
		if s := webtest.Text(p.Doc.Find(".flash")); !strings.Contains(s, "当场") {
			t.Errorf("flash %q", s)
		}
		if p.Doc.Find("#act-paid").Length() != 1 || p.Doc.Find("#act-filed").Length() != 0 || p.Doc.Find("#act-decided").Length() != 0 {
			t.Errorf("summary case acts: %v", webtest.Acts(p))
		}
		if s := webtest.Text(p.Doc.Find("#timeline")); !strings.Contains(s, "当场交付") || !strings.Contains(s, "罚款100.00元") {
			t.Errorf("summary timeline: %q", s)
		}
		// A summary case has no 立案: the head is offered none.
		if hp := w.Login(t, "head").Get(webtest.CasePath(id)); hp.Doc.Find("#act-filed").Length() != 0 {
			t.Errorf("head on a summary case: %v", webtest.Acts(hp))
		}
	})
}

func TestUICaseEditFacts(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		off := w.Login(t, "officer")
		id := ucCreated(t, off, ucCaseForm(testworld.Today))
		p := off.Get(webtest.CasePath(id, "/edit"))
		if p.Status != http.StatusOK || p.Doc.Find(`input[name="party.name"]`).AttrOr("value", "") != "张砚秋" ||
			p.Doc.Find(`input[name="facts.major"][checked]`).Length() != 1 || p.Doc.Find(`input[name="facts.illegal_income"]`).AttrOr("value", "") != "1200.50" {
			t.Fatalf("edit form: %d", p.Status)
		}
		f := ucCaseForm("")
		f.Del("officers")
		f.Set("title", "销售过期食品测试案（已补正）")
		f.Set("facts.harm", "none")
		f.Set("facts.corrected", "1")
		f.Add("facts.mitigating", "eliminated_harm")
		f.Set("party.id_number", "12345")
		before := webtest.Counts(t, db)
		p = off.Post(webtest.CasePath(id, "/edit"), f)
		if p.Status != http.StatusBadRequest || webtest.Text(p.Doc.Find(`[name="party.id_number"]`).Parent().Find(".field-error")) == "" {
			t.Errorf("bad edit: %d", p.Status)
		}
		webtest.SameCounts(t, db, before, "a refused edit")
		if c := w.GetCase(t, id); c.Title != "销售超过保质期的食品测试案" {
			t.Errorf("bad edit saved: %q", c.Title)
		}
		f.Set("party.id_number", webtest.PartyID("031"))
		p = off.Post(webtest.CasePath(id, "/edit"), f)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", p.Status, webtest.Text(p.Doc.Find(".error-box")))
		}
		c := w.GetCase(t, id)
		if c.Title != "销售过期食品测试案（已补正）" || c.Facts.Harm != "none" || len(c.Facts.Mitigating) != 1 || c.Procedure != "general" {
			t.Errorf("edited case: %q %+v", c.Title, c.Facts)
		}
		if n := webtest.Counts(t, db)["audit_log"]; n != before["audit_log"]+1 {
			t.Errorf("the edit wrote %d audit rows, want 1", n-before["audit_log"])
		}
		p = off.Get(webtest.CasePath(id))
		if s := webtest.Text(p.Doc.Find("#case-facts")); !strings.Contains(s, "主动消除或者减轻违法行为危害后果") || !strings.Contains(s, "无危害后果") {
			t.Errorf("facts on the page: %q", s)
		}
		// The head may correct the facts too; the reviewer and the agency's
		// registry administrator may not.
		if p := w.Login(t, "head").Get(webtest.CasePath(id, "/edit")); p.Status != http.StatusOK {
			t.Errorf("head edit form: %d", p.Status)
		}
		for _, who := range []string{"reviewer", "agency_admin"} {
			if p := w.Login(t, who).Post(webtest.CasePath(id, "/edit"), f); p.Status != http.StatusForbidden {
				t.Errorf("%s edit: %d", who, p.Status)
			}
		}
	})
}

// TestUICaseOtherActs goes through the acts the main flow skips, in the
// order they happen: seizure with extension and release, preservation,
// collective discussion, extension of the time limit, the hearing (with
// the 7-working-day notice and the host's separation from the
// investigation refused on the page), payment deferral, annulment with
// withdrawal of the publication, and a transfer to public security.
func TestUICaseOtherActs(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddBenchmarks(t)
		fine := ucFine(t, db)
		off, head, rev := w.Login(t, "officer"), w.Login(t, "head"), w.Login(t, "reviewer")

		id := ucCreated(t, off, ucCaseForm(webtest.DaysAgo(60)))
		ucAct(t, head, id, "filed", ucAt(60))
		ucAct(t, off, id, "seized", ucWith(ucAt(58), "note", "扣押过期食品12件"))
		p := off.Get(webtest.CasePath(id))
		if p.Doc.Find("#act-seizure_released").Length() != 1 || p.Doc.Find("#act-seizure_extended").Length() != 0 {
			t.Errorf("officer: release offered, extension (head) not: %v", webtest.Acts(p))
		}
		if d := webtest.Text(p.Doc.Find(`#deadlines tr[data-deadline=seizure]`)); !strings.Contains(d, "已超期28天") {
			t.Errorf("seizure deadline (30 days from 58 days ago): %q", d)
		}
		ucRefused(t, head, w, id, "seizure_extended", ucWith(ucAt(56), "days", "0"), http.StatusBadRequest, "延长的天数")
		ucAct(t, head, id, "seizure_extended", ucWith(ucAt(56), "days", "30"))
		ucRefused(t, head, w, id, "seizure_extended", ucWith(ucAt(56), "days", "30"), http.StatusConflict, "延长过一次")
		ucAct(t, off, id, "investigation", ucWith(ucAt(55), "note", "现场检查"))
		ucAct(t, off, id, "evidence_preserved", ucAt(54))
		ucAct(t, head, id, "preservation_decided", ucWith(ucAt(53), "note", "予以没收"))
		ucAct(t, off, id, "seizure_released", ucAt(40))
		ucAct(t, off, id, "investigation_concluded", ucWith(ucAt(35), "note", "建议处罚"))
		ucAct(t, head, id, "collective_discussion", ucWith(ucAt(34), "note", "集体讨论同意给予处罚"))
		before := w.GetCase(t, id).Deadlines["decision"]
		ucAct(t, head, id, "extension_approved", ucWith(ucAt(33), "days", "30", "note", "案情复杂"))
		if after := w.GetCase(t, id).Deadlines["decision"]; before == "" || after != law.MustParseDate(before).AddDays(30).String() {
			t.Errorf("decision deadline %s → %s after a 30-day extension", before, after)
		}

		// The hearing.
		ucAct(t, off, id, "notified", ucWith(ucAt(30), "hearing_right", "1", "note", "拟处罚"))
		ucAct(t, off, id, "hearing_requested", ucWith(ucAt(28), "note", "当事人书面申请"))
		if p := head.Get(webtest.CasePath(id)); p.Doc.Find("#act-decided").Length() != 0 {
			t.Error("the head is offered 作出决定 while the requested hearing is not held")
		}
		ucRefused(t, off, w, id, "hearing_noticed", ucWith(ucAt(27), "hearing_at", webtest.DaysAgo(25)), http.StatusBadRequest, "7个工作日")
		ucRefused(t, off, w, id, "hearing_noticed", ucAt(27), http.StatusBadRequest, "听证日期")
		ucAct(t, off, id, "hearing_noticed", ucWith(ucAt(27), "hearing_at", webtest.DaysAgo(15)))
		p = off.Get(webtest.CasePath(id))
		if p.Doc.Find(`#act-hearing_held select[name=host] option[value="`+testworld.CertHost+`"]`).Length() != 1 {
			t.Errorf("hearing host %s not offered", testworld.CertHost)
		}
		if p.Doc.Find(`#docs a[href$="/docs/hearing"]`).Length() != 1 {
			t.Errorf("no 听证通知书 after the hearing notice: %q", webtest.Text(p.Doc.Find("#docs")))
		}
		ucRefused(t, off, w, id, "hearing_held", ucWith(ucAt(15), "host", testworld.CertB, "note", "听证"), http.StatusBadRequest, "听证主持人")
		ucAct(t, off, id, "hearing_held", ucWith(ucAt(15), "host", testworld.CertHost, "note", "当事人陈述申辩"))
		ucAct(t, rev, id, "legal_review", url.Values{"at": {webtest.DaysAgo(12)}, "result": {"pass"}, "note": {"同意"}})
		ucAct(t, head, id, "decided", url.Values{"at": {testworld.Today}, "officers": webtest.Team, "outcome": {"penalty"}, "tier": {"ordinary"},
			"penalty": {"fine", "confiscate_income"}, "amount_fine": {fine}, "amount_confiscate_income": {"1200.50"}, "note": {"依法处罚"}})
		// By post: one officer may send it (处罚法 Art. 61 第二款).
		ucAct(t, off, id, "delivered", url.Values{"at": {testworld.Today}, "method": {"post"}, "note": {"EMS 1234567890"}})
		if c := w.GetCase(t, id); c.Events[len(c.Events)-1].Method != "post" || strings.Join(c.Events[len(c.Events)-1].Officers, ",") != testworld.CertA {
			t.Errorf("delivery by post recorded as %+v", c.Events[len(c.Events)-1])
		}
		until := webtest.DaysAgo(-60)
		ucRefused(t, off, w, id, "payment_deferred", ucWith(ucAt(0), "until", until, "note", "经济困难"), http.StatusForbidden, "无权")
		ucAct(t, head, id, "payment_deferred", ucWith(ucAt(0), "until", until, "note", "经济困难，准予分期"))
		if c := w.GetCase(t, id); c.Deadlines["payment"] != until {
			t.Errorf("payment deadline after the deferral: %q, want %s", c.Deadlines["payment"], until)
		}
		ucAct(t, off, id, "paid", url.Values{"at": {testworld.Today}, "amount": {"1000"}})
		p = off.Get(webtest.CasePath(id))
		if v, want := p.Doc.Find(`#act-paid input[name=amount]`).AttrOr("value", ""), registry.FormatYuan(webtest.FineMinFen-100000); v != want {
			t.Errorf("the rest of the fine prefilled %q, want %s", v, want)
		}
		ucAct(t, off, id, "published", ucAt(0))
		ucRefused(t, head, w, id, "annulled", ucWith(ucAt(0), "kind", "revoke"), http.StatusBadRequest, "理由")
		p = ucRefused(t, head, w, id, "annulled", ucWith(ucAt(0), "note", "行政复议决定撤销"), http.StatusBadRequest, "请选择撤销、变更的类型")
		if msg := webtest.Text(p.Doc.Find(`#act-form-annulled [name=kind]`).Parent().Find(".field-error")); msg == "" {
			t.Error("the missing 撤销变更类型 is not named at its field")
		}
		var kinds []string
		p.Doc.Find(`#act-form-annulled select[name=kind] option[value!=""]`).Each(func(_ int, o *goquery.Selection) { kinds = append(kinds, webtest.Text(o)) })
		if strings.Join(kinds, "/") != "撤销/变更/确认违法/确认无效" {
			t.Errorf("撤销变更类型 offered %v", kinds)
		}
		ucAct(t, head, id, "annulled", ucWith(ucAt(0), "kind", "revoke", "note", "行政复议决定撤销"))
		p = off.Get(webtest.CasePath(id))
		if d := webtest.Text(p.Doc.Find(`#deadlines tr[data-deadline=withdrawal]`)); d == "" {
			t.Error("no withdrawal deadline after the annulment of a published decision")
		}
		ucAct(t, off, id, "publication_withdrawn", ucWith(ucAt(0), "note", "决定已撤销"))
		tl := webtest.Text(off.Get(webtest.CasePath(id)).Doc.Find("#timeline"))
		for _, want := range []string{"查封扣押", "延长30日", "解除查封扣押", "先行登记保存处理决定", "集体讨论", "申请听证", "听证时间：" + webtest.DaysAgo(15),
			"听证主持人：" + webtest.NameHost, "没收违法所得1200.50元", "送达方式：邮寄送达", "准予延期/分期至" + until, "缴纳1000.00元",
			"撤销/变更", "类型：撤销", "撤回公示"} {
			if !strings.Contains(tl, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}

		// A transfer to public security.
		f := ucCaseForm(webtest.DaysAgo(10))
		f.Set("facts.suspected_crime", "1")
		f.Set("party.name", "王某")
		f.Set("party.id_number", webtest.PartyID("052"))
		tid := ucCreated(t, off, f)
		ucAct(t, head, tid, "filed", ucAt(10))
		ucAct(t, off, tid, "transfer_proposed", ucWith(ucAt(5), "note", "涉案金额达到追诉标准"))
		ucRefused(t, off, w, tid, "transfer_approved", ucAt(4), http.StatusForbidden, "无权")
		ucRefused(t, off, w, tid, "transferred", ucAt(4), http.StatusConflict, "移送尚未批准")
		ucAct(t, head, tid, "transfer_approved", ucAt(4))
		ucAct(t, off, tid, "transferred", ucAt(4))
		// The police's answer (移送规定 Art. 8): 立案.
		p = ucRefused(t, off, w, tid, "transfer_receipt", ucWith(ucAt(2), "note", "公安机关书面通知立案"), http.StatusBadRequest, "回执结果")
		if msg := webtest.Text(p.Doc.Find(`#act-form-transfer_receipt [name=result]`).Parent().Find(".field-error")); msg == "" {
			t.Error("the missing 回执结果 is not named at its field")
		}
		var results []string
		p.Doc.Find(`#act-form-transfer_receipt select[name=result] option[value!=""]`).Each(func(_ int, o *goquery.Selection) {
			results = append(results, o.AttrOr("value", ""))
		})
		if strings.Join(results, ",") != "accepted,filed,not_filed" {
			t.Errorf("回执结果 offered %v", results)
		}
		ucAct(t, off, tid, "transfer_receipt", ucWith(ucAt(2), "result", "filed", "note", "公安机关书面通知立案"))
		if s := webtest.Text(off.Get(webtest.CasePath(tid)).Doc.Find("#timeline")); !strings.Contains(s, "回执结果：立案") {
			t.Errorf("timeline of the transfer: %q", s)
		}
		// A transferred case closes for neither 执行完毕 nor 撤案: no reason.
		ucAct(t, head, tid, "closed", ucAt(1))
		if c := w.GetCase(t, tid); c.Status != "closed" || len(c.Warnings) != 0 {
			t.Errorf("transferred case: %s %v", c.Status, c.Warnings)
		}
	})
}
