package discretion_test

import (
	"strings"
	"testing"

	"zfjd/internal/discretion"
)

// One row per rule of 处罚法 Art. 30–33 (and the 从重 practice of local
// benchmarks, 国办发〔2022〕27号).
func TestSuggest(t *testing.T) {
	for _, c := range []struct {
		rule      string // the article the row exercises
		f         discretion.FactsView
		prior     int
		tier      string
		mandatory bool
		allowed   string
		reason    string // a reason must contain this
	}{
		{"Art. 30: under 14 → 不予处罚", discretion.FactsView{PartyAge: iptr(13), Harm: "serious"}, 0,
			"none", true, "none", "第三十条"},
		{"Art. 30: under 14 beats aggravating circumstances", discretion.FactsView{PartyAge: iptr(12), Aggravating: []string{"obstruction"}}, 3,
			"none", true, "none", "不满十四周岁"},
		{"Art. 31: unable to understand or control → 不予处罚", discretion.FactsView{Mitigating: []string{"mental_incapable"}}, 0,
			"none", true, "none", "第三十一条"},
		{"Art. 33 第二款: no fault → 不予处罚", discretion.FactsView{Mitigating: []string{"no_fault"}}, 0,
			"none", true, "none", "第三十三条第二款"},
		{"Art. 33 第一款: no harm, corrected → 不予处罚", discretion.FactsView{Harm: "none", Corrected: bptr(true)}, 0,
			"none", true, "none", "第三十三条第一款"},
		{"Art. 33 第一款: first offence, slight harm, corrected → 可以不予处罚", discretion.FactsView{FirstOffense: bptr(true), Harm: "slight", Corrected: bptr(true)}, 0,
			"none", false, "none,lighter,ordinary", "可以不予行政处罚"},
		{"Art. 33 第一款 needs the correction", discretion.FactsView{FirstOffense: bptr(true), Harm: "slight", Corrected: bptr(false)}, 0,
			"ordinary", false, "lighter,ordinary,heavier", "一般情形"},
		{"Art. 33 第一款 needs the first offence", discretion.FactsView{FirstOffense: bptr(false), Harm: "slight", Corrected: bptr(true)}, 0,
			"ordinary", false, "lighter,ordinary,heavier", "一般情形"},
		{"Art. 30: aged 14–17 → 应当从轻或者减轻", discretion.FactsView{PartyAge: iptr(16)}, 0,
			"lighter", true, "mitigated,lighter", "已满十四周岁不满十八周岁"},
		{"Art. 30: a minor's aggravating circumstances do not make it heavier", discretion.FactsView{PartyAge: iptr(17), Aggravating: []string{"destroyed_evidence"}}, 0,
			"lighter", true, "mitigated,lighter", "不得从重"},
		{"Art. 30 + Art. 33 第一款: a minor's first slight corrected offence", discretion.FactsView{PartyAge: iptr(15), FirstOffense: bptr(true), Harm: "slight", Corrected: bptr(true)}, 0,
			"none", false, "none,mitigated,lighter", "可以不予行政处罚"},
		{"Art. 32(一): eliminated harm → 应当从轻或者减轻", discretion.FactsView{Mitigating: []string{"eliminated_harm"}}, 0,
			"lighter", true, "mitigated,lighter", "第三十二条第（一）项"},
		{"Art. 32(二): coerced", discretion.FactsView{Mitigating: []string{"coerced"}}, 0,
			"lighter", true, "mitigated,lighter", "胁迫或者诱骗"},
		{"Art. 32(三): confessed", discretion.FactsView{Mitigating: []string{"confessed"}}, 0,
			"lighter", true, "mitigated,lighter", "第三十二条第（三）项"},
		{"Art. 32(四): meritorious", discretion.FactsView{Aggravating: []string{"meritorious"}}, 0,
			"lighter", true, "mitigated,lighter", "立功"},
		{"Art. 32 beats repeat offences", discretion.FactsView{Mitigating: []string{"confessed"}}, 4,
			"lighter", true, "mitigated,lighter", "不得从重"},
		{"Art. 31: partly impaired → 可以从轻或者减轻", discretion.FactsView{Mitigating: []string{"mental_partial"}}, 0,
			"lighter", false, "mitigated,lighter,ordinary", "第三十一条"},
		{"从重: destroyed evidence", discretion.FactsView{Aggravating: []string{"destroyed_evidence"}}, 0,
			"heavier", false, "ordinary,heavier", "隐匿、销毁"},
		{"从重: obstruction", discretion.FactsView{Aggravating: []string{"obstruction"}}, 0,
			"heavier", false, "ordinary,heavier", "国办发〔2022〕27号"},
		{"从重: continued after a warning", discretion.FactsView{Aggravating: []string{"after_warning"}}, 0,
			"heavier", false, "ordinary,heavier", "告诫"},
		{"从重: two earlier penalties are 多次违法", discretion.FactsView{}, 2,
			"heavier", false, "ordinary,heavier", "受过2次行政处罚"},
		{"one earlier penalty is not 多次", discretion.FactsView{}, 1,
			"ordinary", false, "lighter,ordinary,heavier", "一般情形"},
		{"从重 blocks 首违不罚", discretion.FactsView{FirstOffense: bptr(true), Harm: "slight", Corrected: bptr(true), Aggravating: []string{"obstruction"}}, 0,
			"heavier", false, "ordinary,heavier", "妨碍"},
		{"Art. 34: nothing special → 一般", discretion.FactsView{Harm: "serious"}, 0,
			"ordinary", false, "lighter,ordinary,heavier", "第三十四条"},
		{"unknown codes are ignored", discretion.FactsView{Mitigating: []string{"bribed"}}, 0,
			"ordinary", false, "lighter,ordinary,heavier", "一般情形"},
	} {
		s := discretion.Suggest(c.f, c.prior)
		if s.Tier != c.tier || s.Mandatory != c.mandatory || strings.Join(s.AllowedTiers, ",") != c.allowed {
			t.Errorf("%s: got %s mandatory=%v allowed=%v, want %s %v %s", c.rule, s.Tier, s.Mandatory, s.AllowedTiers, c.tier, c.mandatory, c.allowed)
		}
		if !strings.Contains(strings.Join(s.Reasons, "|"), c.reason) {
			t.Errorf("%s: reasons %q lack %q", c.rule, s.Reasons, c.reason)
		}
		for _, r := range s.Reasons {
			if !strings.Contains(r, "（") || !(strings.Contains(r, "第") || strings.Contains(r, "国办发")) {
				t.Errorf("%s: reason %q cites no article", c.rule, r)
			}
		}
	}
}

func TestCircumstances(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range discretion.Circumstances {
		if seen[c.Code] || c.Label == "" || c.Basis == "" {
			t.Errorf("circumstance %+v: duplicate or incomplete", c)
		}
		seen[c.Code] = true
	}
	for _, code := range []string{"eliminated_harm", "coerced", "confessed", "meritorious", "mental_partial", "destroyed_evidence", "obstruction", "repeat", "after_warning"} {
		if discretion.CircumstanceOf(code) == nil {
			t.Errorf("no circumstance %s", code)
		}
	}
	if len(discretion.CircumstancesOf(discretion.KindMitigating)) != 5 {
		t.Error("Art. 32 has five items")
	}
}
