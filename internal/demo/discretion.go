package demo

import (
	"context"

	"zfjd/internal/cases"
	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Demo discretion benchmarks (C4) for three 食品安全法 Art. 126 matters —
// "责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款；情节严重的，
// 责令停产停业，直至吊销许可证" — as the province sets them, refined by
// 济南市 and by 历下区 inside the province's range (国办发〔2022〕27号), and a
// few items of the four lists.

// demoBenchmarkSuffixes are the base entries (see matterSpecs) given benchmarks.
var demoBenchmarkSuffixes = []string{"SC-CF-0005", "SC-CF-0006", "SC-CF-0007"}

// demoBenchmarkRegions are the regions whose matters get them, when they hold the entry.
var demoBenchmarkRegions = []string{"370100", "370102", "370103", "370112"}

func yuanPtr(y int64) *int64 { v := y * 100; return &v }

func fineTier(tier, cond string, lo, hi int64, other ...string) discretion.Tier {
	if other == nil {
		other = []string{}
	}
	return discretion.Tier{Tier: tier, Conditions: cond, FineMinFen: yuanPtr(lo), FineMaxFen: yuanPtr(hi), OtherPenalties: other}
}

func provinceTiers(lighterMax, ordinaryMin int64) []discretion.Tier {
	yes := true
	return []discretion.Tier{
		{Tier: discretion.TierNone, Conditions: "初次违法，危害后果轻微，并在责令改正期限内改正的（《行政处罚法》第三十三条第一款）",
			Criteria: &discretion.Criteria{FirstOffense: &yes, HarmMax: "slight", Corrected: &yes, CorrectionDays: 15}, OtherPenalties: []string{}},
		fineTier(discretion.TierMitigated, "具有《行政处罚法》第三十二条规定情形，且危害后果轻微的", 1000, 4000, "warning"),
		fineTier(discretion.TierLighter, "拒不改正，但主动消除或者减轻危害后果的", 5000, lighterMax, "warning"),
		fineTier(discretion.TierOrdinary, "经责令改正拒不改正的", ordinaryMin, 35000),
		fineTier(discretion.TierHeavier, "拒不改正且造成危害后果，或者一年内再次违法的", 35000, 50000, "suspend_business"),
	}
}

// loadDiscretion writes the demo benchmarks and list items; matters the
// demo did not create (a district's list is a random share) are skipped.
func loadDiscretion(ctx context.Context, db *store.DB) error {
	var codes []string
	for _, region := range demoBenchmarkRegions {
		for _, suffix := range demoBenchmarkSuffixes {
			code := region + "-" + suffix
			if ok, err := registry.Exists(ctx, db, "matter", code); err != nil {
				return err
			} else if ok {
				codes = append(codes, code)
			}
		}
	}
	put := func(code, region, from string, tiers []discretion.Tier) error {
		_, err := discretion.Put(ctx, db, system, &discretion.Input{MatterCode: code, RegionCode: region, EffectiveFrom: from, Tiers: tiers})
		if err != nil {
			return failed("裁量基准"+code+" "+region+" "+from, err)
		}
		return nil
	}
	for _, code := range codes {
		if err := put(code, "370000", "2022-01-01", provinceTiers(15000, 15000)); err != nil {
			return err
		}
		if err := put(code, "370000", "2025-01-01", provinceTiers(12000, 12000)); err != nil {
			return err
		}
		if err := put(code, "370100", "2025-03-01", []discretion.Tier{
			fineTier(discretion.TierLighter, "拒不改正，但主动消除或者减轻危害后果的（济南市细化）", 6000, 12000, "warning"),
		}); err != nil {
			return err
		}
		if code[:6] == "370102" {
			if err := put(code, "370102", "2025-06-01", []discretion.Tier{
				fineTier(discretion.TierOrdinary, "经责令改正拒不改正的（历下区细化）", 15000, 30000),
			}); err != nil {
				return err
			}
		}
	}
	yes := true
	for _, code := range codes {
		var it *discretion.Item
		switch code[7:] {
		case "SC-CF-0005":
			it = &discretion.Item{Kind: discretion.ListNoPenalty, Title: "首次未按规定建立并遵守进货查验记录制度，危害后果轻微并及时改正",
				ViolationBasis: "《中华人民共和国食品安全法》第五十三条", PenaltyBasis: "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项",
				Conditions: []string{"初次违法", "危害后果轻微", "在责令改正期限内改正"},
				Criteria:   discretion.Criteria{FirstOffense: &yes, HarmMax: "slight", Corrected: &yes, CorrectionDays: 15},
				Measures:   []string{"correct", "educate", "record"}}
		case "SC-CF-0006":
			it = &discretion.Item{Kind: discretion.ListMitigated, Title: "安排未取得健康证明的人员从事接触直接入口食品工作，主动消除危害后果",
				ViolationBasis: "《中华人民共和国食品安全法》第四十五条", PenaltyBasis: "《中华人民共和国食品安全法》第一百二十六条第一款第（六）项",
				Conditions: []string{"主动消除或者减轻违法行为危害后果", "相关人员已取得健康证明"},
				Criteria:   discretion.Criteria{Corrected: &yes}, Measures: []string{"correct", "educate"}}
		case "SC-CF-0007":
			it = &discretion.Item{Kind: discretion.ListLighter, Title: "餐具、饮具使用前未经洗净、消毒，危害后果轻微并主动改正",
				ViolationBasis: "《中华人民共和国食品安全法》第三十三条第一款第（五）项", PenaltyBasis: "《中华人民共和国食品安全法》第一百二十六条第一款第（五）项",
				Conditions: []string{"危害后果轻微", "主动改正"},
				Criteria:   discretion.Criteria{HarmMax: "slight", Corrected: &yes}, Measures: []string{"correct", "guide"}}
		}
		it.MatterCode, it.RegionCode, it.EffectiveFrom = code, "370000", "2022-01-01"
		if err := discretion.SaveItem(ctx, db, system, it); err != nil {
			return failed("清单事项"+it.Title, err)
		}
	}
	// 免予行政强制 (优化营商环境条例 Art. 59): the city's seizure of premises.
	if ok, err := registry.Exists(ctx, db, "matter", "370100-SC-QZ-0002"); err != nil {
		return err
	} else if ok {
		it := &discretion.Item{Kind: discretion.ListNoCoercion, MatterCode: "370100-SC-QZ-0002", RegionCode: "370100", EffectiveFrom: "2023-01-01",
			Title:        "违法行为情节轻微、及时停止违法行为，可以不查封经营场所",
			PenaltyBasis: "《中华人民共和国食品安全法》第一百一十条第（五）项；《中华人民共和国行政强制法》第十六条第二款",
			Conditions:   []string{"违法行为情节显著轻微或者没有明显社会危害", "已及时停止违法行为"},
			Criteria:     discretion.Criteria{HarmMax: "slight", Corrected: &yes},
			Measures:     []string{"guide", "commitment", "revisit"}}
		if err := discretion.SaveItem(ctx, db, system, it); err != nil {
			return failed("清单事项"+it.Title, err)
		}
	}
	return nil
}

// loadCaseRules gives the market-supervision agencies hearing settings
// (处罚法 Art. 63: 较大数额 is set by each province and department): the
// amounts of 市场监督管理行政处罚听证办法 Art. 5 as remembered — 自然人 1 万元,
// 法人或者其他组织 10 万元; that text is not in shared/laws — and, as a demo
// choice, 暂扣许可证件 and 限制开展生产经营活动 as 其他较重的行政处罚 (Art.
// 63(五)). The other domains' agencies are left unset, so the demo also
// shows the rules asking (请核实) rather than presuming an amount.
func loadCaseRules(ctx context.Context, db *store.DB, p *plan) error {
	for _, a := range p.agencies {
		if a.Kind != "enforcement" || a.Domain != "市场监管" {
			continue
		}
		kinds := []string{"suspend_license", "restrict_business"}
		r := &cases.AgencyRules{AgencyCode: a.Code, HearingPersonFen: 1_000_000, HearingOrgFen: 10_000_000, HearingKinds: &kinds}
		if err := cases.PutAgencyRules(ctx, db, system, a.Target(), r); err != nil {
			return failed("听证标准"+a.Name, err)
		}
	}
	return nil
}
