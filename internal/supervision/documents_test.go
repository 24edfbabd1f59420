package supervision_test

import (
	"bytes"
	"strings"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestDocuments: every document of a supervision case — 督办函 (条例 Art.
// 27), 监督意见书 (Art. 28), 处理建议 and 监督决定书 (Art. 29), 通报 (Art.
// 31), 约谈记录 (Art. 22(5)) and the 送达回证 of each document delivered —
// prints on A4 and writes a .docx; the numbered ones are numbered per
// supervision body, kind and year (a second opinion is 2号, the city's
// first is its own 1号); the letter, opinion and decision state the days
// the agency has as the region sets them (鲁条例 Arts. 28–29 by default;
// the national 条例 says only "在规定时限内"), and the body's own results
// point to the 异议 of Art. 30; a 决定书 cites the 鲁条例 article of its
// kind (撤销: Art. 32).
func TestDocuments(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup, city, agency := testworld.As("supervisor"), testworld.As("city"), testworld.As("agency_admin")
		nos := certified(t, svc, w.Ctx)
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		day := testworld.Today
		for _, in := range []supervision.ActInput{
			{Action: "file", At: day},
			{Action: "measure", At: day, Measure: "talk", Note: "约谈局长", Supervisors: nos},
			{Action: "letter", At: day, Note: "对举报线索未依法核查", DeliveredOn: day},
		} {
			do(t, svc, w.Ctx, sup, c.ID, in)
		}
		do(t, svc, w.Ctx, agency, c.ID, supervision.ActInput{Action: "corrected", At: day, Note: "已核查"})
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "opinion", At: day, Note: "罚款明显不当", DeliveredOn: day})
		do(t, svc, w.Ctx, agency, c.ID, supervision.ActInput{Action: "corrected", At: day, Note: "已纠正"})
		for _, in := range []supervision.ActInput{
			{Action: "opinion", At: day, Note: "再次发现同类问题", DeliveredOn: day},
			{Action: "proposal", At: day, Note: "建议撤销第二次处罚决定"},
			{Action: "decision", At: day, Kind: "revoke", Note: "撤销", DeliveredOn: day},
			{Action: "notice", At: day, Scope: "internal", Note: "通报"},
		} {
			c = do(t, svc, w.Ctx, sup, c.ID, in)
		}
		want := map[string][]string{"talk_record": {""}, "letter": {"监督督〔2026〕1号"}, "opinion": {"监督意〔2026〕1号", "监督意〔2026〕2号"},
			"proposal": {"监督建〔2026〕1号"}, "decision": {"监督决〔2026〕1号"}, "notice": {"监督通〔2026〕1号"}, "receipt": {"", "", "", ""}}
		got := map[string][]string{}
		prefix := ""
		for _, d := range c.Documents {
			got[d.Kind] = append(got[d.Kind], d.DocNo)
			doc, err := svc.Document(w.Ctx, agency, c.ID, d.ActID, d.Kind)
			if err != nil {
				t.Fatalf("%s: %v", d.Title, err)
			}
			var html, docx bytes.Buffer
			if err := doc.WriteHTML(&html, "/", "?format=docx"); err != nil || !strings.Contains(html.String(), doc.Title) {
				t.Errorf("%s: A4 page %v", d.Title, err)
			}
			if err := doc.WriteDocx(&docx); err != nil || !bytes.HasPrefix(docx.Bytes(), []byte("PK")) {
				t.Errorf("%s: .docx %v", d.Title, err)
			}
			if d.DocNo != "" && !strings.Contains(doc.Text(), d.DocNo) {
				t.Errorf("%s: the page lacks its number %s", d.Title, d.DocNo)
			}
			txt := doc.Text()
			switch d.Kind {
			case "talk_record": // 约谈 (鲁条例 Art. 26) by two holders who show their certificates (Art. 22)
				if !strings.Contains(txt, "监督员甲（行政执法监督证号 LJ37010200001）、监督员乙（行政执法监督证号 LJ37010200002）") ||
					!strings.Contains(txt, "《山东省行政执法监督条例》第二十六条") {
					t.Errorf("约谈记录 text: %s", txt)
				}
			case "letter":
				if !strings.Contains(txt, "三十日内（参照《山东省行政执法监督条例》第二十八条）") || !strings.Contains(txt, "第三十条") {
					t.Errorf("督办函 text: %s", txt)
				}
			case "decision":
				if !strings.Contains(txt, "第二十九条、第三十二条，作出如下决定：撤销") || !strings.Contains(txt, "三十日内（《山东省行政执法监督条例》第二十九条）") {
					t.Errorf("决定书 text: %s", txt)
				}
			case "opinion":
				prefix, _, _ = strings.Cut(d.DocNo, "监督意")
			}
		}
		for k, nos := range want {
			if strings.Join(got[k], ",") != strings.Join(nos, ",") && !numbered(got[k], nos) {
				t.Errorf("%s numbers %v, want %v", k, got[k], nos)
			}
		}

		// The region sets 15 days: the next opinion says so.
		if _, err := svc.PutLimits(w.Ctx, sup, testworld.Region, supervision.Limits{Fulfilment: 30, Correction: 15, Execution: 30}); err != nil {
			t.Fatal(err)
		}
		for _, d := range c.Documents {
			if d.Kind != "opinion" {
				continue
			}
			doc, err := svc.Document(w.Ctx, sup, c.ID, d.ActID, d.Kind)
			if err != nil {
				t.Fatal(err)
			}
			if txt := doc.Text(); !strings.Contains(txt, "十五日内（本级行政执法监督机构规定的时限）") || !strings.Contains(txt, "第三十条") {
				t.Errorf("opinion under the region's 15 days: %s", txt)
			}
		}

		// The city's own counter: its first opinion is its 1号, under its name.
		o := opening()
		o.Summary = "市级直接监督"
		cc := must(t)(svc.Open(w.Ctx, city, o))
		do(t, svc, w.Ctx, city, cc.ID, supervision.ActInput{Action: "file", At: day})
		cc = do(t, svc, w.Ctx, city, cc.ID, supervision.ActInput{Action: "opinion", At: day, Note: "明显不当"})
		for _, d := range cc.Documents {
			if d.Kind == "opinion" && (!strings.HasSuffix(d.DocNo, "监督意〔2026〕1号") || strings.HasPrefix(d.DocNo, prefix+"监督意")) {
				t.Errorf("the city's first opinion %q (the county's prefix %q)", d.DocNo, prefix)
			}
		}
	})
}

// numbered reports whether each number of got ends with the one wanted
// (the body's prefix before it).
func numbered(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if !strings.HasSuffix(got[i], want[i]) || (want[i] == "") != (got[i] == "") {
			return false
		}
	}
	return true
}

// TestCNDays: a limit is written in words as documents write days.
func TestCNDays(t *testing.T) {
	for n, want := range map[int]string{1: "一日", 10: "十日", 15: "十五日", 30: "三十日", 60: "六十日", 100: "一百日", 105: "一百零五日",
		110: "一百一十日", 180: "一百八十日"} {
		if got := supervision.CNDays(n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
}

// TestDecisionBasis: each kind of 监督决定书 (条例 Art. 29) cites the 鲁条例
// article that says when it is made — one row per kind.
func TestDecisionBasis(t *testing.T) {
	for _, r := range []struct{ kind, article string }{
		{"perform", "第三十条"},          // 无正当理由不履行或者拖延履行法定职责: 责令限期履行
		{"correct", "第三十一条"},         // 文书未说明理由、文字计算错误、未载明日期: 补正或者改正
		{"revoke", "第三十二条"},          // 主要事实不清、适用依据错误、违反法定程序、超越滥用职权、明显不当: 撤销
		{"confirm_illegal", "第三十三条"}, // 履行已无意义、无可撤销内容、撤销损害公益: 确认违法
		{"confirm_invalid", "第三十四条"}, // 无法定依据、未加盖有效印章、无可执行内容: 确认无效
	} {
		if got := supervision.DecisionBasis[r.kind]; got != "、"+r.article {
			t.Errorf("%s: %q, want %s", r.kind, got, r.article)
		}
	}
	if len(supervision.DecisionBasis) != len(supervision.DecisionKinds) {
		t.Errorf("%d kinds, %d bases", len(supervision.DecisionKinds), len(supervision.DecisionBasis))
	}
}
