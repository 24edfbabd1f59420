package web_test

// Server-side tests of the case pages (C5): registration with Chinese
// errors at the fields, the list and its filters, the acts of each role
// with the service's refusals shown on the page, evidence uploads, the
// summary procedure, and supervisors who only read. Both engines.

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
	"time"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/demo"
	"zfjd/internal/discretion"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// ucFixture names the demo's case agency (历下区市场监督管理局), its
// accounts' certificates and a second investigating officer.
type ucFixture struct {
	Agency, Matter, MatterName string
	PlainMatter                string // a penalty matter without a benchmark
	Officer, Second            string // investigators (officer account; another officer)
	OfficerName, SecondName    string
	Reviewer, Head             string // certificates of the reviewer and head accounts
	ReviewerName, HeadName     string
}

func ucSetup(t *testing.T, db *store.DB) ucFixture {
	t.Helper()
	var fx ucFixture
	q := func(query string, args []any, dst ...any) {
		t.Helper()
		if err := db.R.QueryRowContext(thCtx, query, args...).Scan(dst...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}
	q(`SELECT agency_code, display_name FROM accounts WHERE username = 'officer'`, nil, &fx.Agency, &fx.OfficerName)
	q(`SELECT display_name FROM accounts WHERE username = 'reviewer'`, nil, &fx.ReviewerName)
	q(`SELECT display_name FROM accounts WHERE username = 'head'`, nil, &fx.HeadName)
	cert := func(name string) string {
		var c string
		q(`SELECT cert_no FROM officers WHERE agency_code = $1 AND name = $2`, []any{fx.Agency, name}, &c)
		return c
	}
	fx.Officer, fx.Reviewer, fx.Head = cert(fx.OfficerName), cert(fx.ReviewerName), cert(fx.HeadName)
	// A second investigator: valid since long before the backdated acts,
	// neither reviewer nor hearing host.
	since := ucDaysAgo(200)
	q(`SELECT cert_no, name FROM officers WHERE agency_code = $1 AND cert_status = 'valid' AND cert_valid_from <= $2
		AND cert_valid_to >= $3 AND legal_review = 0 AND hearing_host = 0 AND name NOT IN ($4, $5, $6) ORDER BY cert_no LIMIT 1`,
		[]any{fx.Agency, since, ucDaysAgo(0), fx.OfficerName, fx.ReviewerName, fx.HeadName}, &fx.Second, &fx.SecondName)
	var from string
	q(`SELECT cert_valid_from FROM officers WHERE cert_no = $1`, []any{fx.Officer}, &from)
	if from > since {
		t.Fatalf("the officer account's certificate is valid only from %s; the backdated acts need it from %s", from, since)
	}
	// Penalty matters of the agency without a criminal threshold: one with
	// a discretion benchmark when the demo has one (so fines are judged
	// against it), and one without (for the summary procedure's small fines).
	matter := `SELECT m.code, m.name FROM matters m JOIN matter_agencies ma ON ma.matter_id = m.id WHERE ma.agency_code = $1
		AND m.kind = 'penalty' AND m.criminal_threshold_fen IS NULL`
	bench := ` EXISTS (SELECT 1 FROM benchmarks b WHERE b.matter_code = m.code)`
	if err := db.R.QueryRowContext(thCtx, matter+` AND`+bench+` ORDER BY m.code LIMIT 1`, fx.Agency).Scan(&fx.Matter, &fx.MatterName); err != nil {
		q(matter+` ORDER BY m.code LIMIT 1`, []any{fx.Agency}, &fx.Matter, &fx.MatterName)
	}
	q(matter+` AND NOT`+bench+` ORDER BY m.code LIMIT 1`, []any{fx.Agency}, &fx.PlainMatter, new(string))
	return fx
}

// ucFine is a fine in 元 inside the tier's benchmark range in force today
// for the fixture's matter (its minimum), or 3000 without a benchmark.
func ucFine(t *testing.T, db *store.DB, fx ucFixture, tier string) string {
	t.Helper()
	r, err := discretion.RangeFor(thCtx, db.R, fx.Matter, "370102", ucDaysAgo(0), tier)
	if err != nil {
		t.Fatalf("RangeFor(%s, %s): %v", fx.Matter, tier, err)
	}
	if r == nil || r.FineMinFen == nil {
		return "3000.00"
	}
	return registry.FormatYuan(*r.FineMinFen)
}

// ucDaysAgo is the civil date n days before today in Shanghai (the
// server's clock: the process clock, moved by ZFJD_TODAY).
func ucDaysAgo(n int) string {
	return clock.Now(thCtx).In(clock.Shanghai).AddDate(0, 0, -n).Format(time.DateOnly)
}

// ucPartyID is a valid 居民身份证号 of an adult born in 历下区.
func ucPartyID(seq string) string {
	return ident.MakeIDCard("370102", time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC), seq)
}

// ucCaseForm is a valid registration of a general-procedure case.
func ucCaseForm(fx ucFixture, at string) url.Values {
	return url.Values{"agency_code": {fx.Agency}, "procedure": {"general"}, "title": {"销售超过保质期的食品测试案"},
		"matter_code": {fx.Matter}, "party.kind": {"person"}, "party.name": {"张砚秋"}, "party.id_number": {ucPartyID("031")},
		"party.address": {"济南市历下区泉城路1号"}, "facts.act_date": {ucDaysAgo(60)}, "facts.first_offense": {"1"},
		"facts.harm": {"slight"}, "facts.corrected": {"0"}, "facts.major": {"1"}, "facts.illegal_income": {"1200.50"},
		"officers": {fx.Officer, fx.Second}, "at": {at}, "note": {"日常检查发现"},
		"facts.description": {"当事人在其经营的超市甲七号货架上销售超过保质期的预包装食品12件。"}}
}

// ucCase reads a case as the system sees it.
func ucCase(t *testing.T, db *store.DB, id int64) *cases.Case {
	t.Helper()
	c, err := cases.Get(thCtx, db, uiAdmin, id)
	if err != nil {
		t.Fatalf("cases.Get(%d): %v", id, err)
	}
	return c
}

// ucCount counts rows of a table.
func ucCount(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.W.QueryRowContext(thCtx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// ucCreated registers a case through the form and returns its id.
func ucCreated(t *testing.T, b *thBrowser, form url.Values) int64 {
	t.Helper()
	p := b.post("/cases/new", form)
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, "/cases/") {
		t.Fatalf("register: %d %s\n%s\n%s", p.Status, p.Location, thText(p.Doc.Find(".error-box")), thText(p.Doc.Find(".field-error")))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(p.Location, "/cases/"), 10, 64)
	if err != nil {
		t.Fatalf("register redirected to %s", p.Location)
	}
	return id
}

// ucAct posts one act and expects a redirect to the case page.
func ucAct(t *testing.T, b *thBrowser, id int64, typ string, form url.Values) {
	t.Helper()
	p := b.post(fmt.Sprintf("/cases/%d/act/%s", id, typ), form)
	if p.Status != http.StatusSeeOther {
		t.Fatalf("act %s: %d\n%s\n%s", typ, p.Status, thText(p.Doc.Find(".error-box")), thText(p.Doc.Find(".field-error")))
	}
}

// ucRefused posts one act that must be refused with status and a message
// containing want, and must leave the case's events unchanged.
func ucRefused(t *testing.T, b *thBrowser, db *store.DB, id int64, typ string, form url.Values, status int, want string) *thPage {
	t.Helper()
	before := len(ucCase(t, db, id).Events)
	p := b.post(fmt.Sprintf("/cases/%d/act/%s", id, typ), form)
	msg := thText(p.Doc.Find("#act-" + typ + " .error-box, .error-box"))
	if p.Status != status || !strings.Contains(msg+thText(p.Doc.Find("#act-"+typ+" .field-error")), want) {
		t.Errorf("act %s: %d %q, want %d with %q", typ, p.Status, msg, status, want)
	}
	if after := len(ucCase(t, db, id).Events); after != before {
		t.Errorf("refused act %s wrote: %d events → %d", typ, before, after)
	}
	return p
}

// ucMultipart posts a multipart form with files (field ev_files).
func ucMultipart(t *testing.T, b *thBrowser, path string, fields url.Values, files map[string][]byte) *thPage {
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
	req, _ := http.NewRequest(http.MethodPost, b.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	p := &thPage{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Body: string(raw)}
	p.Doc, err = goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ucLogin(t *testing.T, e *thEnv, user string) *thBrowser {
	b := e.browser(t)
	b.login(user, demo.DemoPassword)
	return b
}

func TestUICaseRegisterListAndReadOnly(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		fx := ucSetup(t, db)
		off := ucLogin(t, e, "officer")

		// The list, with the way to register; a search that finds nothing says so.
		p := off.get("/cases")
		if p.Status != http.StatusOK || p.Doc.Find("#case-new").Length() != 1 {
			t.Fatalf("/cases as officer: %d, new link %d", p.Status, p.Doc.Find("#case-new").Length())
		}
		if p := off.get("/cases?q=" + url.QueryEscape("测试案")); !strings.Contains(thText(p.Doc.Find(".empty")), "没有") {
			t.Errorf("empty search: %q", thText(p.Doc.Find("main")))
		}
		if p.Doc.Find(`nav a[href="/cases"]`).Length() != 1 {
			t.Error("the navigation has no 网上办案 link")
		}
		// The form: the signed-in officer is preselected; only officers of
		// the agency with valid certificates are offered.
		p = off.get("/cases/new")
		if p.Status != http.StatusOK {
			t.Fatalf("/cases/new: %d", p.Status)
		}
		if p.Doc.Find(`input[name=officers][value="`+fx.Officer+`"][checked]`).Length() != 1 {
			t.Errorf("the officer %s is not preselected", fx.Officer)
		}
		if n := p.Doc.Find(`select[name=matter_code] option[value="` + fx.Matter + `"]`).Length(); n != 1 {
			t.Errorf("matter %s not offered", fx.Matter)
		}
		var revoked string
		db.R.QueryRowContext(thCtx, `SELECT cert_no FROM officers WHERE agency_code = $1 AND cert_status <> 'valid' LIMIT 1`, fx.Agency).Scan(&revoked)
		if revoked != "" && p.Doc.Find(`input[name=officers][value="`+revoked+`"]`).Length() != 0 {
			t.Errorf("officer %s without a valid certificate is offered", revoked)
		}

		// Bad input: every problem at its field, nothing written.
		before := ucCount(t, db, "cases")
		bad := ucCaseForm(fx, ucDaysAgo(0))
		bad.Set("title", " ")
		bad["officers"] = []string{fx.Officer}
		bad.Set("facts.illegal_income", "一千元")
		bad.Set("party.id_number", "370102198005170000")
		bad.Set("facts.party_age", "十八")
		p = off.post("/cases/new", bad)
		if p.Status != http.StatusBadRequest {
			t.Fatalf("bad registration: %d", p.Status)
		}
		for field, want := range map[string]string{"title": "请填写案由", "facts.illegal_income": "金额", "facts.party_age": "整数"} {
			if msg := thText(p.Doc.Find(`[name="` + field + `"]`).Parent().Find(".field-error")); !strings.Contains(msg, want) {
				t.Errorf("%s: %q, want %q", field, msg, want)
			}
		}
		if msg := thText(p.Doc.Find(".officer-pick .field-error")); !strings.Contains(msg, "两名") {
			t.Errorf("officers: %q", msg)
		}
		if v := p.Doc.Find(`input[name="party.name"]`).AttrOr("value", ""); v != "张砚秋" {
			t.Errorf("entered party name not kept: %q", v)
		}
		// The service's own check (身份证号 checksum) is named at its field too.
		bad = ucCaseForm(fx, ucDaysAgo(0))
		bad.Set("party.id_number", "370102198005170000")
		p = off.post("/cases/new", bad)
		if msg := thText(p.Doc.Find(`[name="party.id_number"]`).Parent().Find(".field-error")); p.Status != http.StatusBadRequest || msg == "" {
			t.Errorf("bad 身份证号: %d %q", p.Status, msg)
		}
		// A matter the agency does not hold.
		bad = ucCaseForm(fx, ucDaysAgo(0))
		bad.Set("matter_code", "NO-SUCH-MATTER")
		if p = off.post("/cases/new", bad); p.Status != http.StatusBadRequest ||
			!strings.Contains(thText(p.Doc.Find(`[name="matter_code"]`).Parent().Find(".field-error")), "本执法主体") {
			t.Errorf("foreign matter: %d", p.Status)
		}
		if n := ucCount(t, db, "cases"); n != before {
			t.Fatalf("bad registrations wrote %d cases", n-before)
		}

		// A good one.
		id := ucCreated(t, off, ucCaseForm(fx, ucDaysAgo(0)))
		p = off.get(fmt.Sprintf("/cases/%d", id))
		c := ucCase(t, db, id)
		if p.Status != http.StatusOK || !strings.Contains(thText(p.Doc.Find("h1")), c.CaseNo) || thText(p.Doc.Find("#case-status")) != "已登记" {
			t.Fatalf("case page: %d %q %q", p.Status, thText(p.Doc.Find("h1")), thText(p.Doc.Find("#case-status")))
		}
		if f := thText(p.Doc.Find(".flash")); !strings.Contains(f, c.CaseNo) {
			t.Errorf("flash %q", f)
		}
		tl := thText(p.Doc.Find("#timeline"))
		if !strings.Contains(tl, "发现/登记") || !strings.Contains(tl, fx.OfficerName) || !strings.Contains(tl, fx.SecondName) ||
			!strings.Contains(tl, "日常检查发现") {
			t.Errorf("timeline: %q", tl)
		}
		if c.Facts.IllegalIncomeFen != 120050 || !c.Facts.Major || c.Facts.FirstOffense == nil || !*c.Facts.FirstOffense ||
			c.Facts.Corrected == nil || *c.Facts.Corrected || c.Party.Address != "济南市历下区泉城路1号" || c.RegionCode != "370102" {
			t.Errorf("stored case: %+v %+v", c.Party, c.Facts)
		}
		if s := thText(p.Doc.Find("#first-offence")); !strings.Contains(s, "没有该当事人此前的处罚决定记录") {
			t.Errorf("首违 check: %q", s)
		}
		if p.Doc.Find("#case-edit").Length() != 1 {
			t.Error("no 修改案情 link before the decision")
		}
		// The officer may not file: the head does (办、定分离).
		if p.Doc.Find("#act-filed").Length() != 0 || p.Doc.Find("#act-legal_review").Length() != 0 {
			t.Error("the officer is offered 立案 or 法制审核")
		}
		// A case registered 100 days ago and filed then is overdue: red.
		old := ucCaseForm(fx, ucDaysAgo(100))
		old.Set("title", "未按规定明码标价测试案")
		old.Set("party.name", "李某商行")
		old.Set("party.kind", "org")
		old.Set("party.id_number", "")
		old.Set("facts.act_date", ucDaysAgo(110))
		oldID := ucCreated(t, off, old)
		head := ucLogin(t, e, "head")
		ucAct(t, head, oldID, "filed", url.Values{"at": {ucDaysAgo(100)}, "officers": {fx.Officer, fx.Second}})
		p = head.get(fmt.Sprintf("/cases/%d", oldID))
		if w := thText(p.Doc.Find("#warnings")); !strings.Contains(w, "红色预警") || !strings.Contains(w, "第六十条") {
			t.Errorf("overdue case warnings: %q", w)
		}
		if d := thText(p.Doc.Find(`#deadlines tr[data-deadline=decision] .dl-past`)); !strings.Contains(d, "已超期") {
			t.Errorf("overdue decision deadline: %q", d)
		}

		// List: both cases, filters, the overdue one first by deadline.
		mine := "/cases?q=" + url.QueryEscape("测试案")
		p = off.get(mine)
		rows := p.Doc.Find("#case-table tbody tr")
		if rows.Length() != 2 || !strings.Contains(thText(rows.First()), "李某商行") {
			t.Errorf("list: %d rows, first %q", rows.Length(), thText(rows.First()))
		}
		if s := thText(rows.First()); !strings.Contains(s, "红") || !strings.Contains(s, "已超期") {
			t.Errorf("overdue row: %q", s)
		}
		for q, want := range map[string]int{"?q=" + url.QueryEscape("张砚秋"): 1, "&warn=1": 1, "&status=registered": 1, "&status=filed": 1,
			"&procedure=summary": 0, "&procedure=general": 2, "&matter=" + url.QueryEscape(fx.Matter): 2, "&sort=new": 2} {
			path := mine + q
			if strings.HasPrefix(q, "?") {
				path = "/cases" + q
			}
			p := off.get(path)
			if n := p.Doc.Find("#case-table tbody tr").Length(); p.Status != http.StatusOK || n != want {
				t.Errorf("%s: %d rows, want %d", path, n, want)
			}
		}
		if s := thText(off.get(mine + "&warn=1").Doc.Find("#case-table")); !strings.Contains(s, "李某商行") {
			t.Errorf("with-warnings filter: %q", s)
		}

		// A supervisor reads everything and can do nothing.
		sup := ucLogin(t, e, "lixia")
		p = sup.get(mine)
		if p.Status != http.StatusOK || p.Doc.Find("#case-table tbody tr").Length() != 2 || p.Doc.Find("#case-new").Length() != 0 {
			t.Errorf("supervisor list: %d, %d rows", p.Status, p.Doc.Find("#case-table tbody tr").Length())
		}
		p = sup.get(fmt.Sprintf("/cases/%d", id))
		if p.Status != http.StatusOK || p.Doc.Find("details.act").Length() != 0 || !strings.Contains(thText(p.Doc.Find("#acts")), "只能查看") ||
			p.Doc.Find("#case-edit").Length() != 0 {
			t.Errorf("supervisor case page: %d, %d act forms", p.Status, p.Doc.Find("details.act").Length())
		}
		if p := sup.get("/cases/new"); p.Status != http.StatusForbidden {
			t.Errorf("supervisor /cases/new: %d", p.Status)
		}
		if p := sup.get(fmt.Sprintf("/cases/%d/edit", id)); p.Status != http.StatusForbidden {
			t.Errorf("supervisor edit: %d", p.Status)
		}
		ucRefused(t, sup, db, id, "investigation", url.Values{"at": {ucDaysAgo(0)}, "officers": {fx.Officer, fx.Second}},
			http.StatusForbidden, "无权")
		beforeCases := ucCount(t, db, "cases")
		if p := sup.post("/cases/new", ucCaseForm(fx, ucDaysAgo(0))); p.Status != http.StatusForbidden {
			t.Errorf("supervisor POST /cases/new: %d", p.Status)
		}
		if ucCount(t, db, "cases") != beforeCases {
			t.Error("a supervisor registered a case")
		}

		// Another agency's officer: the case does not exist for them.
		var otherAgency string
		db.R.QueryRowContext(thCtx, `SELECT code FROM agencies WHERE kind = 'enforcement' AND region_code = '370102' AND code <> $1
			ORDER BY code LIMIT 1`, fx.Agency).Scan(&otherAgency)
		if _, err := auth.CreateAccount(thCtx, db.W, auth.NewAccount{Username: "stranger", DisplayName: "外单位执法员", Password: demo.DemoPassword,
			Role: auth.RoleOfficer, Region: "370102", Agency: otherAgency}); err != nil {
			t.Fatal(err)
		}
		str := ucLogin(t, e, "stranger")
		for _, path := range []string{fmt.Sprintf("/cases/%d", id), fmt.Sprintf("/cases/%d/edit", id)} {
			if p := str.get(path); p.Status != http.StatusNotFound || strings.Contains(p.Body, "张砚秋") {
				t.Errorf("other agency %s: %d", path, p.Status)
			}
		}
		if p := str.get(mine); p.Doc.Find("#case-table tbody tr").Length() != 0 {
			t.Error("other agency lists the cases")
		}
		ucRefused(t, str, db, id, "investigation", url.Values{"at": {ucDaysAgo(0)}}, http.StatusNotFound, "不存在")
	})
}

func TestUICaseActsRefusalsAndRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		fx := ucSetup(t, db)
		off, head, rev := ucLogin(t, e, "officer"), ucLogin(t, e, "head"), ucLogin(t, e, "reviewer")
		team := []string{fx.Officer, fx.Second}
		id := ucCreated(t, off, ucCaseForm(fx, ucDaysAgo(30)))
		at := func(n int) url.Values { return url.Values{"at": {ucDaysAgo(n)}, "officers": team} }

		// 立案: not by the officer; by the head only with two officers.
		ucRefused(t, off, db, id, "filed", at(30), http.StatusForbidden, "无权办理“立案”")
		one := at(30)
		one["officers"] = []string{fx.Officer}
		p := ucRefused(t, head, db, id, "filed", one, http.StatusBadRequest, "两名以上")
		if p.Doc.Find("details#act-filed[open]").Length() != 1 {
			t.Error("the refused form is not shown open")
		}
		if p.Doc.Find(`#act-filed input[name=officers][value="`+fx.Officer+`"][checked]`).Length() != 1 {
			t.Error("the refused form lost its values")
		}
		ucAct(t, head, id, "filed", at(30))

		// 调查取证 with evidence; the file is stored once and served back.
		photo := bytes.Repeat([]byte("JPEG-DATA-"), 5000)
		form := at(25)
		form.Set("note", "现场检查，制作现场笔录，拍摄照片")
		form.Set("ev_kind", "scene_record")
		form.Set("ev_title", "现场检查笔录及照片")
		p = ucMultipart(t, off, fmt.Sprintf("/cases/%d/act/investigation", id), form, map[string][]byte{"现场照片.jpg": photo})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("investigation with a file: %d %s", p.Status, thText(p.Doc.Find(".error-box")))
		}
		p = off.get(fmt.Sprintf("/cases/%d", id))
		sum := sha256.Sum256(photo)
		hash := hex.EncodeToString(sum[:])
		ev := thText(p.Doc.Find("#evidence table"))
		if !strings.Contains(ev, "现场笔录") || !strings.Contains(ev, "现场照片.jpg") || !strings.Contains(ev, hash) || !strings.Contains(ev, fx.SecondName) {
			t.Errorf("evidence table: %q", ev)
		}
		href := p.Doc.Find("#evidence table a[download]").AttrOr("href", "")
		resp, err := off.c.Get(e.ts.URL + href)
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
		sup := ucLogin(t, e, "lixia")
		if p := sup.get(href); p.Status != http.StatusOK {
			t.Errorf("supervisor download: %d", p.Status)
		}
		// Too large: refused in Chinese, neither the act nor the file written.
		evBefore := ucCount(t, db, "evidence")
		big := bytes.Repeat([]byte{1}, 20<<20+1)
		evCount := len(ucCase(t, db, id).Events)
		p = ucMultipart(t, off, fmt.Sprintf("/cases/%d/act/investigation", id), form, map[string][]byte{"录像.mp4": big})
		if p.Status != http.StatusBadRequest || !strings.Contains(thText(p.Doc.Find("#act-investigation")), "超过20 MB") {
			t.Errorf("oversized upload: %d %q", p.Status, thText(p.Doc.Find("#act-investigation .field-error")))
		}
		if ucCount(t, db, "evidence") != evBefore || len(ucCase(t, db, id).Events) != evCount {
			t.Error("the refused upload wrote something")
		}
		// The standalone evidence form; the reviewer may not upload.
		p = ucMultipart(t, off, fmt.Sprintf("/cases/%d/evidence", id), url.Values{"ev_kind": {"documentary"}, "ev_title": {"营业执照复印件"},
			"ev_collected_on": {ucDaysAgo(24)}, "officers": team}, map[string][]byte{"执照.txt": []byte("营业执照")})
		if p.Status != http.StatusSeeOther {
			t.Errorf("standalone evidence: %d %s", p.Status, thText(p.Doc.Find(".error-box")))
		}
		p = ucMultipart(t, rev, fmt.Sprintf("/cases/%d/evidence", id), url.Values{"ev_kind": {"documentary"}, "ev_title": {"x"},
			"ev_collected_on": {ucDaysAgo(0)}}, map[string][]byte{"x.txt": []byte("x")})
		if p.Status != http.StatusForbidden {
			t.Errorf("reviewer upload: %d", p.Status)
		}
		ucAct(t, off, id, "investigation_concluded", at(20))

		// Deciding before the legal review the major case needs: refused.
		fine := ucFine(t, db, fx, "ordinary")
		decide := url.Values{"at": {ucDaysAgo(0)}, "officers": team, "outcome": {"penalty"}, "tier": {"ordinary"},
			"penalty": {"warning", "fine"}, "amount_fine": {fine}, "note": {"依据有关规定作出处罚"}}
		ucRefused(t, head, db, id, "decided", decide, http.StatusBadRequest, "法制审核")
		if st := ucCase(t, db, id).Status; st != "investigating" {
			t.Errorf("status after the refusal: %s", st)
		}
		// A fine that is not a number is named at its field.
		bad := url.Values{}
		for k, v := range decide {
			bad[k] = v
		}
		bad.Set("amount_fine", "三千")
		p = ucRefused(t, head, db, id, "decided", bad, http.StatusBadRequest, "金额")

		// 法制审核: not by the officer or head; the reviewer must not be an investigator.
		review := url.Values{"at": {ucDaysAgo(18)}, "reviewer": {fx.Reviewer}, "result": {"pass"}, "note": {"事实清楚，证据确凿，适用依据正确"}}
		ucRefused(t, off, db, id, "legal_review", review, http.StatusForbidden, "无权")
		ucRefused(t, head, db, id, "legal_review", review, http.StatusForbidden, "无权")
		p = rev.get(fmt.Sprintf("/cases/%d", id))
		if p.Doc.Find(`#act-legal_review select[name=reviewer] option[value="`+fx.Reviewer+`"][selected]`).Length() != 1 {
			t.Error("the reviewer is not preselected in the 法制审核 form")
		}
		if n := p.Doc.Find("details.act").Length(); n != 1 {
			t.Errorf("the reviewer sees %d act forms, want only 法制审核", n)
		}
		conflict := url.Values{"at": {ucDaysAgo(18)}, "reviewer": {fx.Second}, "result": {"pass"}, "note": {"同意"}}
		ucRefused(t, rev, db, id, "legal_review", conflict, http.StatusBadRequest, "调查人员")
		ucAct(t, rev, id, "legal_review", review)
		ucRefused(t, rev, db, id, "notified", at(15), http.StatusForbidden, "无权")

		// 告知 with the hearing right, 15 days ago; the request window has run.
		notice := at(15)
		notice.Set("hearing_right", "1")
		notice.Set("note", "拟给予警告并处罚款3000元")
		ucAct(t, off, id, "notified", notice)
		p = head.get(fmt.Sprintf("/cases/%d", id))
		if p.Doc.Find("#discretion").Length() != 1 || !strings.Contains(thText(p.Doc.Find("#discretion")), "建议裁量阶次") {
			t.Errorf("no discretion panel on the decision form: %q", thText(p.Doc.Find("#act-decided")))
		}
		if fine != "3000.00" { // the matter has a benchmark: a fine outside it needs a reason
			if s := thText(p.Doc.Find("#discretion table")); !strings.Contains(s, "元至") {
				t.Errorf("the discretion panel lacks the tier ranges: %q", s)
			}
			low := url.Values{}
			for k, v := range decide {
				low[k] = v
			}
			low.Set("amount_fine", "1")
			ucRefused(t, head, db, id, "decided", low, http.StatusBadRequest, "裁量基准")
		} else {
			t.Logf("matter %s has no benchmark in the demo data; fine range not exercised", fx.Matter)
		}
		ucAct(t, head, id, "decided", decide)
		c := ucCase(t, db, id)
		if c.Status != "decided" || c.Deadlines["delivery"] == "" || c.Deadlines["publicity"] == "" {
			t.Fatalf("after the decision: %s %v", c.Status, c.Deadlines)
		}
		p = head.get(fmt.Sprintf("/cases/%d", id))
		if d := thText(p.Doc.Find(`#deadlines tr[data-deadline=hearing_request]`)); !strings.Contains(d, "已届满") {
			t.Errorf("hearing request deadline: %q", d)
		}
		if d := thText(p.Doc.Find(`#deadlines tr[data-deadline=delivery]`)); !strings.Contains(d, "剩余") {
			t.Errorf("delivery deadline: %q", d)
		}
		// Decided: facts are frozen.
		p = off.get(fmt.Sprintf("/cases/%d", id))
		if p.Doc.Find("#case-edit").Length() != 0 || off.get(fmt.Sprintf("/cases/%d/edit", id)).Status != http.StatusForbidden {
			t.Error("facts still editable after the decision")
		}
		if p.Doc.Find(`#docs a[href$="/docs/decision"]`).Length() != 1 || p.Doc.Find(`#docs a[href$="/docs/decision.docx"]`).Length() != 1 {
			t.Errorf("no link to the decision document: %q", thText(p.Doc.Find("#docs")))
		}
		// 送达 needs two officers.
		one = at(0)
		one["officers"] = []string{fx.Officer}
		ucRefused(t, off, db, id, "delivered", one, http.StatusBadRequest, "两名")
		ucAct(t, off, id, "delivered", at(0))
		p = off.get(fmt.Sprintf("/cases/%d", id))
		if v := p.Doc.Find(`#act-paid input[name=amount]`).AttrOr("value", ""); v != fine {
			t.Errorf("payment form amount %q, want the fine %s", v, fine)
		}
		if s := thText(p.Doc.Find("#payment")); !strings.Contains(s, fine+"元") {
			t.Errorf("payment section: %q", s)
		}
		ucRefused(t, off, db, id, "paid", url.Values{"at": {ucDaysAgo(0)}, "amount": {"-5"}}, http.StatusBadRequest, "缴纳金额")
		ucAct(t, off, id, "paid", url.Values{"at": {ucDaysAgo(0)}, "amount": {fine}, "note": {"缴款书 370102-0001"}})
		ucAct(t, off, id, "published", url.Values{"at": {ucDaysAgo(0)}})
		ucRefused(t, off, db, id, "closed", at(0), http.StatusForbidden, "无权")
		ucAct(t, head, id, "closed", at(0))
		ucAct(t, head, id, "archived", at(0))
		c = ucCase(t, db, id)
		if c.Status != "archived" || len(c.Warnings) != 0 {
			t.Errorf("archived case: %s, warnings %v", c.Status, c.Warnings)
		}
		p = head.get(fmt.Sprintf("/cases/%d", id))
		if p.Doc.Find("details.act").Length() != 0 || !strings.Contains(thText(p.Doc.Find("#acts")), "已归档") {
			t.Errorf("archived case page still offers acts")
		}
		tl := thText(p.Doc.Find("#timeline"))
		for _, want := range []string{"立案", "调查取证", "调查终结", "法制审核", "审核通过", fx.ReviewerName, "事先告知", "听证权利",
			"作出决定", "罚款" + fine + "元", "送达", "缴纳罚款", "公示", "结案", "归档"} {
			if !strings.Contains(tl, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}
		ucRefused(t, head, db, id, "annulled", url.Values{"at": {ucDaysAgo(0)}, "note": {"复议撤销"}}, http.StatusConflict, "已归档")
	})
}

func TestUICaseSummaryProcedure(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		fx := ucSetup(t, db)
		summary := func() url.Values {
			f := ucCaseForm(fx, ucDaysAgo(0))
			f.Set("matter_code", fx.PlainMatter)
			f.Set("procedure", "summary")
			f.Set("facts.major", "")
			f.Set("facts.act_date", ucDaysAgo(0))
			f.Set("s_warning", "1")
			f.Set("s_fine", "100")
			f.Set("s_tier", "ordinary")
			f.Set("s_note", "当场查明违法事实，当事人无异议")
			f["officers"] = []string{fx.Head, fx.Second}
			return f
		}
		// The officers on the spot decide (处罚法 Art. 51, 52).
		off := ucLogin(t, e, "officer")
		f := summary()
		f["officers"] = []string{fx.Officer, fx.Second}
		if p := off.post("/cases/new", f); p.Status != http.StatusSeeOther {
			t.Errorf("summary by an officer: %d %q", p.Status, thText(p.Doc.Find(".field-error")))
		}
		before := ucCount(t, db, "cases")
		// A legal reviewer may not: refused before anything is written.
		rev := ucLogin(t, e, "reviewer")
		if p := rev.post("/cases/new", summary()); p.Status < 400 {
			t.Errorf("summary by a reviewer: %d", p.Status)
		}
		// Over the Art. 51 limit for a citizen: refused at the field.
		head := ucLogin(t, e, "head")
		f = summary()
		f.Set("s_fine", "300")
		p := head.post("/cases/new", f)
		if msg := thText(p.Doc.Find(`[name=s_fine]`).Parent().Find(".field-error")); p.Status != http.StatusBadRequest || !strings.Contains(msg, "200.00元") {
			t.Errorf("summary over the limit: %d %q", p.Status, msg)
		}
		f = summary()
		f.Del("s_warning")
		f.Del("s_fine")
		p = head.post("/cases/new", f)
		if p.Status != http.StatusBadRequest || !strings.Contains(thText(p.Doc.Find(".field-error")), "警告或者罚款") {
			t.Errorf("summary without a penalty: %d", p.Status)
		}
		if n := ucCount(t, db, "cases"); n != before {
			t.Fatalf("refused summary registrations wrote %d cases", n-before)
		}
		// Registered, decided and delivered on the spot.
		id := ucCreated(t, head, summary())
		c := ucCase(t, db, id)
		var types []string
		for _, ev := range c.Events {
			types = append(types, ev.Type)
		}
		if strings.Join(types, ",") != "discovered,decided,delivered" || c.Status != "delivered" || c.Procedure != "summary" {
			t.Fatalf("summary case: %v %s", types, c.Status)
		}
		p = head.get(fmt.Sprintf("/cases/%d", id))
		if s := thText(p.Doc.Find(".flash")); !strings.Contains(s, "当场") {
			t.Errorf("flash %q", s)
		}
		if p.Doc.Find("#act-paid").Length() != 1 || p.Doc.Find("#act-filed").Length() != 0 {
			t.Errorf("summary case acts: paid %d, filed %d", p.Doc.Find("#act-paid").Length(), p.Doc.Find("#act-filed").Length())
		}
		if s := thText(p.Doc.Find("#case-table, #timeline")); !strings.Contains(s, "当场交付") || !strings.Contains(s, "罚款100.00元") {
			t.Errorf("summary timeline: %q", s)
		}
	})
}

func TestUICaseEditFacts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		fx := ucSetup(t, db)
		off := ucLogin(t, e, "officer")
		id := ucCreated(t, off, ucCaseForm(fx, ucDaysAgo(0)))
		p := off.get(fmt.Sprintf("/cases/%d/edit", id))
		if p.Status != http.StatusOK || p.Doc.Find(`input[name="party.name"]`).AttrOr("value", "") != "张砚秋" ||
			p.Doc.Find(`input[name="facts.major"][checked]`).Length() != 1 || p.Doc.Find(`input[name="facts.illegal_income"]`).AttrOr("value", "") != "1200.50" {
			t.Fatalf("edit form: %d", p.Status)
		}
		f := ucCaseForm(fx, "")
		f.Del("officers")
		f.Set("title", "销售过期食品测试案（已补正）")
		f.Set("facts.harm", "none")
		f.Set("facts.corrected", "1")
		f.Add("facts.mitigating", "eliminated_harm")
		f.Set("party.id_number", "12345")
		p = off.post(fmt.Sprintf("/cases/%d/edit", id), f)
		if p.Status != http.StatusBadRequest || thText(p.Doc.Find(`[name="party.id_number"]`).Parent().Find(".field-error")) == "" {
			t.Errorf("bad edit: %d", p.Status)
		}
		if c := ucCase(t, db, id); c.Title != "销售超过保质期的食品测试案" {
			t.Errorf("bad edit saved: %q", c.Title)
		}
		f.Set("party.id_number", ucPartyID("031"))
		p = off.post(fmt.Sprintf("/cases/%d/edit", id), f)
		if p.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d %s", p.Status, thText(p.Doc.Find(".error-box")))
		}
		c := ucCase(t, db, id)
		if c.Title != "销售过期食品测试案（已补正）" || c.Facts.Harm != "none" || len(c.Facts.Mitigating) != 1 || c.Procedure != "general" {
			t.Errorf("edited case: %q %+v", c.Title, c.Facts)
		}
		p = off.get(fmt.Sprintf("/cases/%d", id))
		if s := thText(p.Doc.Find("#case-facts")); !strings.Contains(s, "主动消除或者减轻违法行为危害后果") || !strings.Contains(s, "无危害后果") {
			t.Errorf("facts on the page: %q", s)
		}
	})
}

// TestUICaseOtherActs goes through the acts the main flow skips: seizure
// with extension and release, preservation, collective discussion, the
// hearing (with the 7-working-day notice and the host's separation from
// the investigation refused on the page), extension of the time limit,
// payment deferral, annulment with withdrawal of the publication, and a
// transfer to public security.
func TestUICaseOtherActs(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		e := uiDemo(t, db)
		fx := ucSetup(t, db)
		off, head, rev := ucLogin(t, e, "officer"), ucLogin(t, e, "head"), ucLogin(t, e, "reviewer")
		team := []string{fx.Officer, fx.Second}
		at := func(n int) url.Values { return url.Values{"at": {ucDaysAgo(n)}, "officers": team} }
		with := func(v url.Values, kv ...string) url.Values {
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}
		var host string
		if err := db.R.QueryRowContext(thCtx, `SELECT cert_no FROM officers WHERE agency_code = $1 AND hearing_host = 1 AND cert_status = 'valid'
			AND cert_valid_from <= $2 AND cert_valid_to >= $3 AND cert_no NOT IN ($4, $5) ORDER BY cert_no LIMIT 1`,
			fx.Agency, ucDaysAgo(60), ucDaysAgo(0), fx.Officer, fx.Second).Scan(&host); err != nil {
			t.Fatalf("no hearing host in the demo agency: %v", err)
		}

		id := ucCreated(t, off, ucCaseForm(fx, ucDaysAgo(40)))
		ucAct(t, head, id, "filed", at(40))
		ucAct(t, off, id, "seized", with(at(35), "note", "扣押过期食品12件"))
		p := off.get(fmt.Sprintf("/cases/%d", id))
		if p.Doc.Find("#act-seizure_released").Length() != 1 || p.Doc.Find("#act-seizure_extended").Length() != 0 {
			t.Error("officer: release offered, extension (head) not")
		}
		if d := thText(p.Doc.Find(`#deadlines tr[data-deadline=seizure]`)); !strings.Contains(d, "已超期5天") {
			t.Errorf("seizure deadline (30 days from 35 days ago): %q", d)
		}
		ucRefused(t, head, db, id, "seizure_extended", with(at(30), "days", "0"), http.StatusBadRequest, "延长的天数")
		ucAct(t, head, id, "seizure_extended", with(at(30), "days", "30"))
		ucAct(t, off, id, "seizure_released", at(20))
		ucAct(t, off, id, "evidence_preserved", at(34))
		ucAct(t, head, id, "preservation_decided", at(33))
		ucAct(t, head, id, "collective_discussion", with(at(12), "note", "集体讨论同意给予处罚"))
		ucAct(t, head, id, "extension_approved", with(at(10), "days", "30"))
		// 90 days from filing plus 30: at least 80 days from today.
		if c := ucCase(t, db, id); c.Deadlines["decision"] < clock.Now(thCtx).In(clock.Shanghai).AddDate(0, 0, 80).Format(time.DateOnly) {
			t.Errorf("decision deadline after the extension: %v", c.Deadlines)
		}

		// The hearing.
		ucAct(t, off, id, "notified", with(at(30), "hearing_right", "1"))
		ucAct(t, off, id, "hearing_requested", at(28))
		ucRefused(t, off, db, id, "hearing_noticed", with(at(27), "hearing_at", ucDaysAgo(25)), http.StatusBadRequest, "7个工作日")
		ucRefused(t, off, db, id, "hearing_noticed", at(27), http.StatusBadRequest, "听证日期")
		ucAct(t, off, id, "hearing_noticed", with(at(27), "hearing_at", ucDaysAgo(15)))
		p = off.get(fmt.Sprintf("/cases/%d", id))
		if p.Doc.Find(`#act-hearing_held select[name=host] option[value="`+host+`"]`).Length() != 1 {
			t.Errorf("hearing host %s not offered", host)
		}
		ucRefused(t, off, db, id, "hearing_held", with(at(15), "host", fx.Second), http.StatusBadRequest, "听证主持人")
		ucAct(t, off, id, "hearing_held", with(at(15), "host", host, "note", "当事人陈述申辩"))
		ucAct(t, rev, id, "legal_review", url.Values{"at": {ucDaysAgo(12)}, "reviewer": {fx.Reviewer}, "result": {"pass"}, "note": {"同意"}})
		ucAct(t, head, id, "decided", url.Values{"at": {ucDaysAgo(0)}, "officers": team, "outcome": {"penalty"}, "tier": {"ordinary"},
			"penalty": {"fine", "confiscate_income"}, "amount_fine": {ucFine(t, db, fx, "ordinary")}, "amount_confiscate_income": {"1200.50"}})
		ucAct(t, off, id, "delivered", at(0))
		until := clock.Now(thCtx).In(clock.Shanghai).AddDate(0, 0, 60).Format(time.DateOnly)
		ucRefused(t, off, db, id, "payment_deferred", with(at(0), "until", until), http.StatusForbidden, "无权")
		ucAct(t, head, id, "payment_deferred", with(at(0), "until", until, "note", "经济困难，准予分期"))
		if c := ucCase(t, db, id); c.Deadlines["payment"] != until {
			t.Errorf("payment deadline after the deferral: %q, want %s", c.Deadlines["payment"], until)
		}
		ucAct(t, off, id, "paid", url.Values{"at": {ucDaysAgo(0)}, "amount": {"1000"}})
		p = off.get(fmt.Sprintf("/cases/%d", id))
		fineFen, _ := registry.ParseYuan(ucFine(t, db, fx, "ordinary"))
		if v, want := p.Doc.Find(`#act-paid input[name=amount]`).AttrOr("value", ""), registry.FormatYuan(fineFen-100000); v != want {
			t.Errorf("the rest of the fine prefilled %q, want %s", v, want)
		}
		ucAct(t, off, id, "published", at(0))
		ucRefused(t, head, db, id, "annulled", at(0), http.StatusBadRequest, "理由")
		ucAct(t, head, id, "annulled", with(at(0), "note", "行政复议决定撤销"))
		p = off.get(fmt.Sprintf("/cases/%d", id))
		if d := thText(p.Doc.Find(`#deadlines tr[data-deadline=withdrawal]`)); d == "" {
			t.Error("no withdrawal deadline after the annulment of a published decision")
		}
		ucAct(t, off, id, "publication_withdrawn", with(at(0), "note", "决定已撤销"))
		tl := thText(off.get(fmt.Sprintf("/cases/%d", id)).Doc.Find("#timeline"))
		for _, want := range []string{"查封扣押", "延长30日", "解除查封扣押", "先行登记保存处理决定", "集体讨论", "申请听证", "听证时间：" + ucDaysAgo(15),
			"听证主持人：", "没收违法所得1200.50元", "准予延期/分期至" + until, "缴纳1000.00元", "撤销/变更", "撤回公示"} {
			if !strings.Contains(tl, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}

		// A transfer to public security.
		f := ucCaseForm(fx, ucDaysAgo(10))
		f.Set("facts.suspected_crime", "1")
		f.Set("party.name", "王某")
		f.Set("party.id_number", ucPartyID("052"))
		tid := ucCreated(t, off, f)
		ucAct(t, head, tid, "filed", at(10))
		ucAct(t, off, tid, "transfer_proposed", with(at(5), "note", "涉案金额达到追诉标准"))
		ucRefused(t, off, db, tid, "transfer_approved", at(4), http.StatusForbidden, "无权")
		ucAct(t, head, tid, "transfer_approved", at(4))
		ucAct(t, off, tid, "transferred", at(4))
		ucAct(t, off, tid, "transfer_receipt", with(at(2), "note", "公安机关已受理"))
		ucAct(t, head, tid, "closed", at(1))
		if c := ucCase(t, db, tid); c.Status != "closed" || len(c.Warnings) != 0 {
			t.Errorf("transferred case: %s %v", c.Status, c.Warnings)
		}
	})
}
