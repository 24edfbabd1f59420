package docs

import (
	"strings"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

func TestPublicMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"张三": "张某某", "王小明": "王某某", "欧阳娜娜": "欧阳某某", "司马光": "司马某某", "诸葛亮": "诸葛某某",
		"欧阳":   "欧某某", // two characters: 欧 + 阳
		"李":    "李某某", // a one-character name shows no more than a surname would
		" 赵六 ": "赵某某", "": "某某", "阿依古丽·买买提": "阿某某",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPublicMaskText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"当事人身份证号码370102199003071234，住所", "当事人身份证号码（已隐去），住所"},
		{"身份证号37010219900307123X。", "身份证号（已隐去）。"},
		{"旧身份证号370102900307123。", "旧身份证号（已隐去）。"},
		{"联系电话13812345678", "联系电话（已隐去）"},
		{"手机138-1234-5678或139 1234 5678", "手机（已隐去）或（已隐去）"},
		{"+8613812345678", "（已隐去）"},
		{"座机0531-88886666，(0531)88886666", "座机（已隐去），（已隐去）"},
		{"电话：86123456", "电话：（已隐去）"},
		// Not identifiers: amounts, dates, a credit code with letters.
		{"罚款5000元，2024年3月1日", "罚款5000元，2024年3月1日"},
		{"统一社会信用代码91370102MA3C5R2K0M", "统一社会信用代码91370102MA3C5R2K0M"},
		// A bank account is removed whole, never cut in pieces.
		{"账号6222021234567890123", "账号（已隐去）"},
	} {
		if got := MaskText(c.in); got != c.want {
			t.Errorf("MaskText(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	// The party's own data, wherever it appears.
	person := PublicParty{Kind: "person", Name: "王小明", Address: "济南市历下区文化东路88号"}
	got := MaskPublic("当事人王小明住济南市历下区文化东路88号，联系方式王小明13800000000。", person)
	if got != "当事人王某某住（已隐去），联系方式王某某（已隐去）。" {
		t.Errorf("MaskPublic: %q", got)
	}
	org := "济南某某餐饮有限公司"
	if got := MaskPublic(org+"于2024年", PublicParty{Kind: "org", Name: org, IDNumber: "91370102MA3C5R2K0M"}); got != org+"于2024年" {
		t.Errorf("organisation masked: %q", got)
	}
}

// The public list: published, not withdrawn, within the period, newest
// first; searchable in the public (masked) text only.
func TestPublicDecisions(t *testing.T) {
	ctx := clock.With(ctx, clock.Pinned("2025-03-01"))
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		pid := ident.MakeIDCard("370102", time.Date(1990, 3, 7, 0, 0, 0, 0, time.UTC), "123")
		org := f.put(opts{decided: "2024-06-03", published: "2024-06-06", description: "当事人在店内销售超过保质期的牛奶12盒。"})
		person := f.put(opts{decided: "2024-07-01", published: "2024-07-05", person: true, name: "王小明", id: pid,
			address: "济南市历下区文化东路88号3单元", contact: "13812345678",
			description: "当事人王小明（公民身份号码" + pid + "，联系电话13812345678）在济南市历下区文化东路88号3单元经营过期食品，" +
				"其雇员手机139 1234 5678。"})
		code, err := ident.MakeUSCC('9', '1', "370102", "MA3C5R2K")
		if err != nil {
			t.Fatal(err)
		}
		dist := f.put(opts{agency: f.district, region: "370102", decided: "2024-08-05", published: "2024-08-10",
			name: "济南历下某某超市有限公司", id: code})
		withdrawn := f.put(opts{decided: "2024-05-06", published: "2024-05-10", withdrawn: "2024-05-15", description: "撤销前的事实"})
		unpublished := f.put(opts{decided: "2024-09-02"})
		expired := f.put(opts{decided: "2021-12-01", published: "2021-12-06"})
		// Issue the org case's decision so its number is searchable.
		doc, err := Issue(ctx, f.svc, f.head, org.ID, "decision", nil)
		if err != nil {
			t.Fatal(err)
		}

		list := func(pf PublicFilter) []int64 {
			t.Helper()
			got, err := ListPublic(ctx, db, &pf)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, d := range got {
				ids = append(ids, d.ID)
			}
			return ids
		}
		eq := func(what string, got []int64, want ...int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: %v, want %v", what, got, want)
					return
				}
			}
		}
		eq("all", list(PublicFilter{}), dist.ID, person.ID, org.ID)
		eq("region 370102", list(PublicFilter{Region: "370102"}), dist.ID)
		eq("region 370100", list(PublicFilter{Region: "370100"}), dist.ID, person.ID, org.ID)
		eq("agency", list(PublicFilter{Agency: f.district}), dist.ID)
		eq("bad region", list(PublicFilter{Region: "abc"}))
		eq("party", list(PublicFilter{Q: "超市"}), dist.ID)
		eq("masked name", list(PublicFilter{Q: "王某某"}), person.ID)
		eq("agency name", list(PublicFilter{Q: "历下区市场监督管理局"}), dist.ID)
		eq("matter", list(PublicFilter{Q: "超过保质期"}), dist.ID, person.ID, org.ID)
		eq("facts", list(PublicFilter{Q: "牛奶"}), org.ID)
		eq("document number", list(PublicFilter{Q: doc.DocNo}), org.ID)
		eq("withdrawn facts", list(PublicFilter{Q: "撤销前"}))
		// Nobody finds a person's case by what the page hides.
		for _, q := range []string{"王小明", "小明", pid, "13812345678", "文化东路88号"} {
			eq("hidden "+q, list(PublicFilter{Q: q}))
		}
		pf := &PublicFilter{}
		pf.Size, pf.Page.Page = 2, 2
		if got, err := ListPublic(ctx, db, pf); err != nil || len(got) != 1 || got[0].ID != org.ID || pf.Total != 3 {
			t.Errorf("page 2 of 2: %v, total %d, %v", got, pf.Total, err)
		}
		pf = &PublicFilter{Q: "有限公司"}
		pf.Size = 1
		if got, err := ListPublic(ctx, db, pf); err != nil || len(got) != 1 || got[0].ID != dist.ID || pf.Total != 2 {
			t.Errorf("search page 1 of 2: %v, total %d, %v", got, pf.Total, err)
		}

		p, err := GetPublic(ctx, db, person.ID)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(append(p.Facts, p.PartyName, p.PartyCode, p.CaseName, strings.Join(p.Penalties, "")), "|")
		if p.PartyName != "王某某" || p.PartyCode != "" {
			t.Errorf("person shown as %q %q", p.PartyName, p.PartyCode)
		}
		for _, leak := range []string{"王小明", pid, "13812345678", "139 1234 5678", "文化东路"} {
			if strings.Contains(all, leak) {
				t.Errorf("public page of a person shows %q: %s", leak, all)
			}
		}
		contains(t, "person facts", all, "当事人王某某（公民身份号码（已隐去），联系电话（已隐去））在（已隐去）经营过期食品", "罚款人民币伍仟元整")

		o, err := GetPublic(ctx, db, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		if o.PartyName != "济南某某餐饮有限公司" || o.PartyCode != "91370102MA3C5R2K0M" || o.DocNo != doc.DocNo ||
			o.AgencyName != "济南市市场监督管理局" || o.Basis != testBasis || o.DecidedOn != "2024-06-03" || o.Until != "2027-06-06" {
			t.Errorf("org decision: %+v", o)
		}

		w, err := GetPublic(ctx, db, withdrawn.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !w.Withdrawn || w.WithdrawnOn != "2024-05-15" || !strings.Contains(w.WithdrawReason, "济政复决字〔2024〕8号") ||
			w.Facts != nil || w.PartyName != "" || w.Penalties != nil {
			t.Errorf("withdrawn decision: %+v", w)
		}
		if _, err := GetPublic(ctx, db, unpublished.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unpublished: %v", err)
		}
		if _, err := GetPublic(ctx, db, expired.ID); !apperr.Is(err, apperr.NotFound) ||
			!strings.Contains(apperr.As(err).Message, "公示期已满") {
			t.Errorf("expired: %v", err)
		}
		regions, agencies, err := PublicChoices(ctx, db)
		if err != nil || len(regions) != 2 || len(agencies) != 2 {
			t.Errorf("choices: %v %v %v", regions, agencies, err)
		}
	})
}
