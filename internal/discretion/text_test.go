package discretion_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The text of benchmarks and list items refuses NUL, bidi overrides and
// other control characters (textcheck), and lists cap their search terms.
func TestDiscretionTextFields(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := setup(t, db)
		item := func(mod func(*discretion.Item)) *discretion.Item {
			it := &discretion.Item{Kind: discretion.ListLighter, MatterCode: w.m102, RegionCode: "370000", Title: "初次违法",
				Conditions: []string{"初次违法"}, EffectiveFrom: "2024-01-01"}
			mod(it)
			return it
		}
		before := count(t, db, `SELECT COUNT(*) FROM discretion_items`)
		for _, c := range []struct {
			name, field string
			it          *discretion.Item
		}{
			{"title NUL", "title", item(func(it *discretion.Item) { it.Title = "初次\x00违法" })},
			{"title RLO", "title", item(func(it *discretion.Item) { it.Title = "初次\u202E违法" })},
			{"title line break", "title", item(func(it *discretion.Item) { it.Title = "初次\n违法" })},
			{"violation basis control", "violation_basis", item(func(it *discretion.Item) { it.ViolationBasis = "第一条\x1b[31m" })},
			{"penalty basis isolate", "penalty_basis", item(func(it *discretion.Item) { it.PenaltyBasis = "\u2066第二条" })},
			{"condition BOM", "conditions[1]", item(func(it *discretion.Item) { it.Conditions = []string{"初次违法", "\uFEFF轻微"} })},
			{"condition too long", "conditions[0]", item(func(it *discretion.Item) { it.Conditions = []string{strings.Repeat("条", 501)} })},
		} {
			err := discretion.SaveItem(ctx, db, admin, c.it)
			if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields[c.field] == "" {
				t.Errorf("%s: %v %v, want invalid %s", c.name, err, apperr.As(err).Fields, c.field)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM discretion_items`); n != before {
			t.Errorf("refused items were written: %d → %d", before, n)
		}
		// Multi-line bases are fine.
		if err := discretion.SaveItem(ctx, db, admin, item(func(it *discretion.Item) { it.ViolationBasis = "第一条\n第二条" })); err != nil {
			t.Errorf("multi-line basis: %v", err)
		}

		min, max := int64(0), int64(100000)
		_, err := discretion.Put(ctx, db, admin, &discretion.Input{MatterCode: w.m102, RegionCode: "370000", EffectiveFrom: "2024-01-01",
			Tiers: []discretion.Tier{{Tier: "ordinary", Conditions: "一般情形\u202E", FineMinFen: &min, FineMaxFen: &max}}})
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["tiers[0].conditions"] == "" {
			t.Errorf("tier conditions with RLO: %v %v", err, apperr.As(err).Fields)
		}

		for _, q := range []string{strings.Repeat("罚", 50000), "罚\x00", "\xff"} {
			if _, err := discretion.ListItems(ctx, db, admin, &discretion.ItemFilter{Q: q}); err != nil {
				t.Errorf("ListItems(%d bytes): %v", len(q), err)
			}
			if _, err := discretion.PublicItems(ctx, db, &discretion.ItemFilter{Q: q}); err != nil {
				t.Errorf("PublicItems(%d bytes): %v", len(q), err)
			}
		}
	})
}
