package docs

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func contains(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// The decision carries every item of 处罚法 Art. 59, the discretion
// applied and the 信用修复告知书 as its second page.
func TestDocDecisionArticle59(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		c := f.put(opts{decided: "2024-06-03", address: "济南市历下区泉城路1号", hearing: true,
			description: "2024年3月1日，执法人员检查发现当事人经营场所货架上摆放超过保质期的牛奶12盒，标价待售。",
			deviation:   "当事人积极配合调查并主动召回"})
		doc, err := Issue(ctx, f.svc, f.head, c.ID, "decision", &Options{Evidence: []Evidence{
			{Kind: "scene_record", Title: "现场检查笔录", CollectedOn: "2024-03-01"},
			{Kind: "documentary", Title: "营业执照复印件", CollectedOn: "2024-03-05"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Pages) != 2 || doc.Pages[1].Title != "信用修复告知书" {
			t.Fatalf("decision pages: %d, second %q", len(doc.Pages), doc.Pages[len(doc.Pages)-1].Title)
		}
		text := doc.Text()
		contains(t, "decision", text,
			// (一) party name and address
			"当事人：济南某某餐饮有限公司", "统一社会信用代码：91370102MA3C5R2K0M", "济南市历下区泉城路1号",
			// (二) facts and evidence
			"超过保质期的牛奶12盒", "（现场笔录）现场检查笔录，2024年3月1日取得", "（书证）营业执照复印件",
			// (三) kind and basis, with the discretion and deviation reason
			// (no benchmark in this world: the statutory basis, not "依照裁量基准")
			testBasis, "警告", "罚款人民币伍仟元整（¥5,000.00）", "的规定，在法定处罚幅度内予以处罚", "当事人系初次违法",
			"本案确定罚款数额的理由：当事人积极配合调查并主动召回", "经法制审核",
			// (四) performance: 15 days, bank, 3 %/day
			"十五日内", "指定银行或者通过电子支付系统", "百分之三加处罚款", "第七十二条",
			// (五) remedies: 60 days review (the city government), 6 months litigation
			"六十日内向济南市人民政府申请行政复议", "六个月内依法向人民法院提起行政诉讼",
			// (六) agency and date; the prior notice with hearing right
			"济南市市场监督管理局", "2024年6月3日", "要求听证",
			// second page
			"信用修复告知书", "第十四条",
		)
		if doc.DocNo != "济市监罚〔2024〕1号" {
			t.Errorf("decision number %q", doc.DocNo)
		}
		if doc.Pages[1].DocNo != "济市监信修〔2024〕1号" || !strings.Contains(text, "作出济市监罚〔2024〕1号《行政处罚决定书》") {
			t.Errorf("credit notice number %q does not cite the decision", doc.Pages[1].DocNo)
		}
		var html bytes.Buffer
		if err := doc.WriteHTML(&html, "/cases/1", "/cases/1/docs/decision.docx"); err != nil {
			t.Fatal(err)
		}
		// The A4 styles and the print button are files under /static
		// (web/static/document.css, document.js): no inline CSS or script.
		contains(t, "decision HTML", html.String(), `href="/static/document.css"`, `src="/static/document.js"`, "data-print", "（印章）",
			`class="sheet"`, "decision.docx")
		if strings.Contains(html.String(), "http://") || strings.Contains(html.String(), "https://") {
			t.Error("document page loads something from the network")
		}

		// The stand-alone credit notice and the receipt show the numbers
		// issued, to any reader of the case.
		cr, err := Render(ctx, f.svc, scAdmin, c.ID, "credit", nil)
		if err != nil || cr.DocNo != "济市监信修〔2024〕1号" {
			t.Errorf("credit: %v %q", err, cr.DocNo)
		}
		rc, err := Render(ctx, f.svc, scAdmin, c.ID, "receipt", nil)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "receipt", rc.Text(), "行政处罚决定书（济市监罚〔2024〕1号）", "王建国（执法证号37010012345）", "2024年6月5日", "受送达人签名或者盖章")
	})
}

func TestDocOtherKinds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		c := f.put(opts{decided: "2024-06-03", hearing: true})
		for _, k := range []struct {
			kind string
			want []string
		}{
			{"filing", []string{"立案审批表", "案件来源", "sc-market", "同意立案", "审批人：局长", "2024年4月4日", "第五十四条第二款",
				"王建国（执法证号37010012345）", "李丽"}},
			{"notice", []string{"行政处罚事先告知书", "济南某某餐饮有限公司：", "陈述、申辩", "五个工作日内", "有权要求举行听证",
				"罚款人民币伍仟元整", "2024年5月14日"}},
		} {
			doc, err := Render(ctx, f.svc, scAdmin, c.ID, k.kind, nil)
			if err != nil {
				t.Fatalf("%s: %v", k.kind, err)
			}
			contains(t, k.kind, doc.Text(), k.want...)
		}
		// No hearing was noticed: no 听证通知书 yet.
		if _, err := Render(ctx, f.svc, scAdmin, c.ID, "hearing", nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("hearing notice of a case without hearing: %v", err)
		}
		// The notice states the agency's own 陈述申辩 period, the one the
		// rules count (处罚法 Art. 44, 45; exchange v1.1 NOTICE_MISSING).
		ten := 10
		target := auth.Target{Region: "370100", Agencies: []string{f.city}}
		if err := cases.PutAgencyRules(ctx, db, admin, target, &cases.AgencyRules{AgencyCode: f.city, StatementDays: &ten}); err != nil {
			t.Fatal(err)
		}
		doc, err := Render(ctx, f.svc, scAdmin, c.ID, "notice", nil)
		if err != nil {
			t.Fatal(err)
		}
		contains(t, "notice with the agency's period", doc.Text(), "请于收到本告知书之日起十个工作日内向本机关提出")
	})
}

func TestCnCount(t *testing.T) {
	for n, want := range map[int]string{3: "三", 5: "五", 10: "十", 15: "十五", 20: "二十", 30: "三十", 0: "0", 120: "120"} {
		if got := cnCount(n); got != want {
			t.Errorf("cnCount(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDocNotAvailable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		open := f.put(opts{}) // filed, not decided
		for _, k := range []string{"decision", "credit", "receipt", "notice"} {
			_, err := Render(ctx, f.svc, scAdmin, open.ID, k, nil)
			if e := apperr.As(err); e.Code != apperr.NotFound || !strings.Contains(e.Message, "尚未") {
				t.Errorf("%s before the act: %v", k, err)
			}
			if _, err := Issue(ctx, f.svc, f.head, open.ID, k, nil); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s issued before the act: %v", k, err)
			}
		}
		if _, err := Render(ctx, f.svc, scAdmin, open.ID, "filing", nil); err != nil {
			t.Errorf("filing of a filed case: %v", err)
		}
		if _, err := Render(ctx, f.svc, scAdmin, open.ID, "nonsense", nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown kind: %v", err)
		}
		// Outside the principal's reach the case does not exist.
		other := &auth.Principal{Name: "历下区", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: f.district}
		if _, err := Render(ctx, f.svc, other, open.ID, "filing", nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("case of another agency: %v", err)
		}
		if _, err := Issue(ctx, f.svc, f.distHead, open.ID, "filing", nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("numbered by another agency's head: %v", err)
		}
		if _, err := Render(ctx, f.svc, nil, open.ID, "filing", nil); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("anonymous: %v", err)
		}
	})
}

// Numbers run per agency, kind and year, are given once per case and
// document, and a source system's own number is kept.
func TestDocNumbering(t *testing.T) {
	t.Run("a region-wide token does not number", func(t *testing.T) {
		testdb.Each(t, func(t *testing.T, db *store.DB) {
			f := setup(t, db)
			a := f.put(opts{decided: "2024-06-03"})
			if _, err := Issue(ctx, f.svc, feed, a.ID, "filing", nil); !apperr.Is(err, apperr.Forbidden) {
				t.Fatalf("region-wide token numbered: %v", err)
			}
		})
	})
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		a := f.put(opts{decided: "2024-06-03"})
		b := f.put(opts{decided: "2024-07-01"})
		c := f.put(opts{decided: "2025-01-06"})
		d := f.put(opts{decided: "2024-08-01", agency: f.district, region: "370102"})
		e := f.put(opts{decided: "2024-09-02", docNo: "鲁济市监处罚〔2024〕777号"})
		dist := &auth.Principal{Name: "历下区管理员", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: f.district}
		// no numbers the document (Issue, by the case agency's head); read
		// renders it as p sees it.
		no := func(p *auth.Principal, id int64, kind string) string {
			t.Helper()
			doc, err := Issue(ctx, f.svc, p, id, kind, nil)
			if err != nil {
				t.Fatalf("issue %d %s: %v", id, kind, err)
			}
			return doc.DocNo
		}
		read := func(p *auth.Principal, id int64, kind string) string {
			t.Helper()
			doc, err := Render(ctx, f.svc, p, id, kind, nil)
			if err != nil {
				t.Fatalf("render %d %s: %v", id, kind, err)
			}
			return doc.DocNo
		}
		for _, x := range []struct {
			p    *auth.Principal
			id   int64
			kind string
			want string
		}{
			{f.head, b.ID, "decision", "济市监罚〔2024〕1号"},
			{f.head, a.ID, "decision", "济市监罚〔2024〕2号"},
			{f.head, b.ID, "decision", "济市监罚〔2024〕1号"},       // reused
			{f.head, c.ID, "decision", "济市监罚〔2025〕1号"},       // new year
			{f.distHead, d.ID, "decision", "济历下市监罚〔2024〕1号"}, // other agency
			{f.head, a.ID, "notice", "济市监罚告〔2024〕1号"},        // other kind
			{f.head, e.ID, "decision", "鲁济市监处罚〔2024〕777号"},
			{agencyFeed(a.AgencyCode), a.ID, "filing", "济市监立〔2024〕1号"}, // the agency's own case system numbers too
		} {
			if got := no(x.p, x.id, x.kind); got != x.want {
				t.Errorf("case %d %s: %q, want %q", x.id, x.kind, got, x.want)
			}
		}
		// A reader who may not act on the case sees the number issued, or a
		// blank; he may not number (only the case agency's officers and
		// head, or its case system: the agency's registry administrator and
		// supervisors read).
		reader := &auth.Principal{Name: "监督员", Role: auth.RoleSupervisor, Region: "370100"}
		if got := read(reader, a.ID, "decision"); got != "济市监罚〔2024〕2号" {
			t.Errorf("supervisor sees %q", got)
		}
		if got := read(reader, c.ID, "notice"); got != "" {
			t.Errorf("supervisor numbered a notice: %q", got)
		}
		for _, p := range []*auth.Principal{reader, scAdmin, dist} {
			if _, err := Issue(ctx, f.svc, p, c.ID, "notice", nil); err == nil {
				t.Errorf("%s (%s) numbered a notice", p.Name, p.Role)
			}
		}
		if got := read(f.head, c.ID, "notice"); got != "" {
			t.Errorf("a refused issue numbered the notice: %q", got)
		}
		// A new prefix applies to new numbers; the sequence goes on.
		if err := SetPrefix(ctx, db, scAdmin, f.city, "鲁济市监"); err != nil {
			t.Fatal(err)
		}
		// (c was decided in January 2025, but notified in December 2024: a
		// number's year is that of its own document.)
		if got := no(f.head, c.ID, "notice"); got != "鲁济市监罚告〔2024〕2号" {
			t.Errorf("after prefix change: %q", got)
		}
		if got := no(f.head, b.ID, "notice"); got != "鲁济市监罚告〔2024〕3号" {
			t.Errorf("after prefix change, 2024: %q", got)
		}
		if got := no(f.head, b.ID, "decision"); got != "济市监罚〔2024〕1号" {
			t.Errorf("issued number changed with the prefix: %q", got)
		}
		var n int
		if err := db.R.QueryRow(`SELECT COUNT(*) FROM case_documents`).Scan(&n); err != nil || n != 13 {
			t.Errorf("%d documents issued (%v), want 13", n, err)
		}
		// Settings: only agency admins (and admins) of the agency.
		if err := SetPrefix(ctx, db, dist, f.city, "X"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("other agency's admin set the prefix: %v", err)
		}
		if err := SetPrefix(ctx, db, scAdmin, f.city, "济〔市〕"); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("bad prefix accepted: %v", err)
		}
		s, err := GetPrefixSettings(ctx, db, scAdmin, f.city)
		if err != nil || s.Prefix != "鲁济市监" || s.Default != "济市监" || !s.Custom {
			t.Errorf("settings: %+v %v", s, err)
		}
	})
}

// Concurrent first issues of many cases never share a number, and two
// issues of one document give it one number.
func TestDocNumberingConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var ids []int64
		for i := range 8 {
			ids = append(ids, f.put(opts{decided: "2024-06-03", name: "某公司" + string(rune('甲'+i))}).ID)
		}
		errs := make(chan error, 2*len(ids))
		nos := make(chan string, 2*len(ids))
		for range 2 {
			for _, id := range ids {
				go func() {
					doc, err := Issue(ctx, f.svc, f.head, id, "decision", nil)
					if err != nil {
						errs <- err
						nos <- ""
						return
					}
					errs <- nil
					nos <- doc.DocNo
				}()
			}
		}
		seen := map[string]int{}
		for range 2 * len(ids) {
			if err := <-errs; err != nil {
				t.Error(err)
			}
			seen[<-nos]++
		}
		if len(seen) != len(ids) {
			t.Errorf("%d distinct numbers for %d cases: %v", len(seen), len(ids), seen)
		}
		for no, n := range seen {
			if n != 2 {
				t.Errorf("%s given %d times", no, n)
			}
		}
	})
}

// The .docx is a well-formed package whose document.xml has the text.
func TestDocDocxWellFormed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		c := f.put(opts{decided: "2024-06-03", address: "济南市历下区泉城路1号<&>"})
		for _, k := range Kinds {
			if k.Kind == "hearing" { // no hearing was noticed
				continue
			}
			doc, err := Issue(ctx, f.svc, f.head, c.ID, k.Kind, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := doc.WriteDocx(&buf); err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			if err != nil {
				t.Fatalf("%s: not a zip: %v", k.Kind, err)
			}
			parts := map[string]string{}
			for _, zf := range zr.File {
				rc, err := zf.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				parts[zf.Name] = string(b)
				if strings.HasSuffix(zf.Name, ".xml") || strings.HasSuffix(zf.Name, ".rels") {
					if err := wellFormed(b); err != nil {
						t.Errorf("%s: %s is not well-formed: %v", k.Kind, zf.Name, err)
					}
				}
			}
			for _, p := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/_rels/document.xml.rels"} {
				if _, ok := parts[p]; !ok {
					t.Errorf("%s: part %s missing", k.Kind, p)
				}
			}
			text := docxText(t, parts["word/document.xml"])
			contains(t, k.Kind+".docx", text, k.Title, "济南市市场监督管理局", doc.DocNo)
			if k.Kind == "decision" {
				contains(t, "decision.docx", text, "济南市历下区泉城路1号<&>", "信用修复告知书", "罚款人民币伍仟元整", "（印章）")
				contains(t, "decision.docx", parts["word/document.xml"], `w:w="11906"`, `w:h="16838"`, `<w:pageBreakBefore>`)
				contains(t, "styles.xml", parts["word/styles.xml"], `w:eastAsia="仿宋"`, `w:eastAsia="宋体"`)
			}
		}
	})
}

// wellFormed parses b to the end.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// docxText is the concatenated w:t text of document.xml, paragraphs on lines.
func docxText(t *testing.T, s string) string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var b strings.Builder
	inT := false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String()
		}
		if err != nil {
			t.Fatal(err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			inT = x.Name.Local == "t"
		case xml.EndElement:
			if x.Name.Local == "p" {
				b.WriteByte('\n')
			}
			inT = false
		case xml.CharData:
			if inT {
				b.Write(x)
			}
		}
	}
}

func TestDefaultPrefix(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"济南市市场监督管理局", "济市监"},
		{"济南市历下区市场监督管理局", "济历下市监"},
		{"济南市历城区市场监督管理局", "济历城市监"},
		{"济南市市中区市场监督管理局", "济市中市监"},
		{"平阴县市场监督管理局", "平阴市监"},
		{"济南市生态环境局", "济环"},
		{"济南市历下区综合行政执法局", "济历下综执"},
		{"济南市天桥区城市管理局", "济天桥城管"},
		{"山东省司法厅", "鲁司"},
		{"山东省济南市市场监督管理局", "鲁济市监"},
		{"北京市朝阳区市场监督管理局", "京朝阳市监"},
		{"广西壮族自治区南宁市市场监督管理局", "桂南市监"},
		{"济南市公路事业发展中心", "济公路"},
		{"济南市某某服务中心", "济某某"},
	} {
		if got := DefaultPrefix(c.name); got != c.want {
			t.Errorf("DefaultPrefix(%s) = %q, want %q", c.name, got, c.want)
		}
	}
}

func TestUpperYuan(t *testing.T) {
	for _, c := range []struct {
		fen  int64
		want string
	}{
		{500000, "伍仟元整"}, {50000000, "伍拾万元整"}, {123456, "壹仟贰佰叁拾肆元伍角陆分"}, {100100, "壹仟零壹元整"},
		{10000100, "壹拾万零壹元整"}, {10100000, "壹拾万壹仟元整"}, {10000000000, "壹亿元整"}, {10000000100, "壹亿零壹元整"},
		{1001000, "壹万零壹拾元整"}, {50, "伍角整"}, {5, "伍分"}, {105, "壹元零伍分"}, {20000, "贰佰元整"}, {0, "零元整"},
		{3000000, "叁万元整"}, {1500000, "壹万伍仟元整"},
	} {
		if got := upperYuan(c.fen); got != c.want {
			t.Errorf("upperYuan(%d) = %q, want %q", c.fen, got, c.want)
		}
	}
}

func TestDocCnDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-06-01": "2024年6月1日", "2024-12-31": "2024年12月31日", "": "",
		"2024-05-28T09:30:00+08:00": "2024年5月28日9时30分", "2024-05-28T01:30:00Z": "2024年5月28日9时30分",
	} {
		if got := cnDate(in); got != want {
			t.Errorf("cnDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// The .docx converts with LibreOffice to a PDF of two or more A4 pages.
// LibreOffice is not a build dependency and takes seconds to start, so
// this runs only with ZFJD_TEST_LIBREOFFICE=1 and soffice on the PATH
// (apt-get install libreoffice-writer-nogui).
func TestDocDocxLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil || os.Getenv("ZFJD_TEST_LIBREOFFICE") == "" {
		t.Skip("set ZFJD_TEST_LIBREOFFICE=1 with LibreOffice installed to convert the .docx")
	}
	db := testdb.Open(t, store.SQLite)
	f := setup(t, db)
	c := f.put(opts{decided: "2024-06-03", address: "济南市历下区泉城路1号", description: "当事人销售超过保质期的牛奶12盒。"})
	doc, err := Issue(ctx, f.svc, f.head, c.ID, "decision", nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "decision.docx")
	w, err := os.Create(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.WriteDocx(w); err != nil {
		t.Fatal(err)
	}
	w.Close()
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(cctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "decision.pdf"))
	if err != nil {
		t.Fatalf("no PDF: %v", err)
	}
	pages := regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(pdf, -1)
	if len(pages) < 2 || !bytes.Contains(pdf, []byte("/MediaBox")) {
		t.Errorf("PDF of %d bytes with %d pages", len(pdf), len(pages))
	}
}

// agencyFeed is the agency's own case system: an integration token bound to it.
func agencyFeed(agency string) *auth.Principal {
	p := *feed
	p.Agency = agency
	return &p
}
