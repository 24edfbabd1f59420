package docs

import (
	"context"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/discretion"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

const (
	basisLegal = "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项"
	basisRange = "《中华人民共和国食品安全法》第一百二十四条第一款"
)

// The decision (处罚法 Art. 59(三)) says it followed the benchmark only when
// one applied to the decision (处罚法 Art. 34); otherwise it names the
// article that sets the range.
func TestDiscretionTextNamesWhatApplied(t *testing.T) {
	bench := discretionBasis{benchmark: "山东省2024年1月1日起施行的行政处罚裁量基准", statutory: basisRange}
	law := discretionBasis{statutory: basisRange}
	reason := "当事人积极配合调查并主动召回"
	for _, c := range []struct {
		name    string
		b       discretionBasis
		tier    string
		reason  string
		want    []string
		notWant []string
	}{
		{"benchmark, ordinary", bench, "ordinary", reason,
			[]string{"依照山东省2024年1月1日起施行的行政处罚裁量基准，按“一般”裁量阶次予以处罚", "偏离裁量基准的理由：" + reason}, nil},
		{"benchmark, lighter", bench, "lighter", "", []string{"依照山东省2024年1月1日起施行的行政处罚裁量基准，决定对当事人从轻处罚"}, nil},
		{"no benchmark, ordinary", law, "ordinary", reason,
			[]string{"依照" + basisRange + "的规定，在法定处罚幅度内予以处罚", "本案确定罚款数额的理由：" + reason}, []string{"裁量基准", "裁量阶次"}},
		{"no benchmark, mitigated", law, "mitigated", "", []string{"依照" + basisRange + "的规定，决定对当事人减轻处罚"}, []string{"裁量基准"}},
		{"no benchmark, no basis on file", discretionBasis{}, "ordinary", "", []string{"依法在法定处罚幅度内予以处罚"}, []string{"裁量基准"}},
		{"no tier", law, "", "", []string{"依法予以处罚"}, []string{"裁量基准"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dec := cases.Event{Type: "decided", At: "2024-06-03", Outcome: "penalty", Tier: c.tier,
				Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 500000}}}
			if c.reason != "" {
				dec.DeviationReason = &c.reason
			}
			d := &caseData{c: &cases.Case{Events: []cases.Event{dec}}, basis: basisLegal, discretion: c.b}
			text := d.discretionText(&d.c.Events[0])
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("%q lacks %q", text, w)
				}
			}
			for _, w := range c.notWant {
				if strings.Contains(text, w) {
					t.Errorf("%q says %q", text, w)
				}
			}
		})
	}
}

// loadDiscretionBasis finds the benchmark tier in force on the decision
// date for the case's region, on both engines; without one it names the
// matter's statutory_basis, else its legal basis.
func TestLoadDiscretionBasis(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		bg := context.Background()
		root := &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}
		ag, err := ident.MakeUSCC('1', '1', "370102", "00041852")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := registry.PutAgency(bg, db, root, &registry.Agency{Code: ag, Name: "济南市历下区市场监督管理局", Kind: "enforcement",
			RegionCode: "370102"}); err != nil {
			t.Fatal(err)
		}
		smin, smax := int64(5_000_000), int64(10_000_000)
		for code, st := range map[string]string{"M-BENCH": basisRange, "M-LEGAL": ""} {
			m := &registry.Matter{Code: code, Name: "对生产经营超过保质期的食品的行政处罚", Kind: "penalty", LegalBasis: basisLegal,
				AgencyCodes: []string{ag}, StatutoryFine: registry.StatutoryFine{StatutoryFineMinFen: &smin, StatutoryFineMaxFen: &smax, StatutoryBasis: st}}
			if _, err := registry.PutMatter(bg, db, root, m); err != nil {
				t.Fatal(err)
			}
		}
		lo, hi := int64(5_000_000), int64(8_000_000)
		if _, err := discretion.Put(bg, db, root, &discretion.Input{MatterCode: "M-BENCH", RegionCode: "370000", EffectiveFrom: "2024-01-01",
			Tiers: []discretion.Tier{{Tier: "ordinary", Conditions: "一般情形", FineMinFen: &lo, FineMaxFen: &hi}}}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name, matter, at, tier string
			bench, statutory       string
		}{
			{"tier in force", "M-BENCH", "2024-06-03", "ordinary", "山东省2024年1月1日起施行的行政处罚裁量基准", basisRange},
			{"decided before the benchmark took effect", "M-BENCH", "2023-12-29", "ordinary", "", basisRange},
			{"a tier the benchmark does not set", "M-BENCH", "2024-06-03", "mitigated", "", basisRange},
			{"no benchmark: the legal basis", "M-LEGAL", "2024-06-03", "ordinary", "", basisLegal},
		} {
			t.Run(c.name, func(t *testing.T) {
				d := &caseData{basis: basisLegal, c: &cases.Case{MatterCode: c.matter, RegionCode: "370102",
					Events: []cases.Event{{Type: "decided", At: c.at, Outcome: "penalty", Tier: c.tier}}}}
				if err := d.loadDiscretionBasis(bg, db.R); err != nil {
					t.Fatal(err)
				}
				if d.discretion.benchmark != c.bench || d.discretion.statutory != c.statutory {
					t.Errorf("got %+v, want benchmark %q, statutory %q", d.discretion, c.bench, c.statutory)
				}
			})
		}
	})
}
