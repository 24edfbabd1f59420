package docs

import (
	"slices"
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestPublicViewsNeverStale: the portal keeps built views (public_cache.go)
// but every change a view is built from shows on the next read — a
// replayed push with new facts, a document number issued, an agency
// renamed, a withdrawal (行政处罚法 Art. 48 第二款), a new agency in the
// filter options.
func TestPublicViewsNeverStale(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		c := f.put(opts{decided: "2024-06-03", published: "2024-06-06", description: "当事人销售过期牛奶12盒。"})
		view := func(what string) *PublicDecision {
			t.Helper()
			got, err := ListPublic(ctx, db, &PublicFilter{})
			if err != nil || len(got) != 1 {
				t.Fatalf("%s: %v %v", what, got, err)
			}
			return got[0]
		}
		if v := view("first"); !slices.Contains(v.Facts, "当事人销售过期牛奶12盒。") || v.DocNo != "" {
			t.Fatalf("first view: %+v", v)
		}
		// A view handed out is a copy: changing it changes nothing cached.
		view("copy").AgencyName = "改动"
		if v := view("again"); v.AgencyName != "济南市市场监督管理局" {
			t.Errorf("cached view was changed by a caller: %q", v.AgencyName)
		}

		// The source system pushes the case again with corrected facts.
		again := *c
		again.Facts.Description = "当事人销售过期酸奶8盒。"
		if _, _, err := f.svc.Put(ctx, feed, &again); err != nil {
			t.Fatal(err)
		}
		if v := view("replayed"); !slices.Contains(v.Facts, "当事人销售过期酸奶8盒。") {
			t.Errorf("replayed push not shown: %v", v.Facts)
		}

		doc, err := Issue(ctx, f.svc, f.head, c.ID, "decision", nil)
		if err != nil {
			t.Fatal(err)
		}
		if v := view("issued"); v.DocNo != doc.DocNo {
			t.Errorf("document number %q not shown: %q", doc.DocNo, v.DocNo)
		}

		a, err := registry.GetAgency(ctx, db, admin, f.city)
		if err != nil {
			t.Fatal(err)
		}
		a.Name = "济南市市场监督管理局（更名）"
		if _, err := registry.PutAgency(ctx, db, admin, a); err != nil {
			t.Fatal(err)
		}
		if v := view("renamed"); v.AgencyName != a.Name {
			t.Errorf("renamed agency shown as %q", v.AgencyName)
		}
		regions, agencies, err := PublicChoices(ctx, db)
		if err != nil || !slices.ContainsFunc(agencies, func(c PublicChoice) bool { return c.Name == a.Name }) {
			t.Errorf("choices after the rename: %v %v", agencies, err)
		}
		// A new subject is offered at once (the registry's generation moved).
		code, err := ident.MakeUSCC('1', '1', "370112", "00004242")
		if err != nil {
			t.Fatal(err)
		}
		added := &registry.Agency{Code: code, Name: "历城区市场监督管理局（新设）", Kind: "enforcement",
			RegionCode: "370112", Domain: "市场监管"}
		if _, err := registry.PutAgency(ctx, db, admin, added); err != nil {
			t.Fatal(err)
		}
		regions, agencies, err = PublicChoices(ctx, db)
		if err != nil || !slices.ContainsFunc(agencies, func(c PublicChoice) bool { return c.Name == added.Name }) ||
			!slices.ContainsFunc(regions, func(c PublicChoice) bool { return c.Code == "370112" }) {
			t.Errorf("choices after a new agency: %v %v %v", regions, agencies, err)
		}
		// The list page's options, checked against the generation read
		// with its decisions (PublicChoicesFor), move as well.
		renamed := *added
		renamed.Name = "历城区市场监督管理局（新设后更名）"
		if _, err := registry.PutAgency(ctx, db, admin, &renamed); err != nil {
			t.Fatal(err)
		}
		lf := &PublicFilter{}
		if got, err := ListPublic(ctx, db, lf); err != nil || len(got) != 1 || !lf.gen.known {
			t.Fatalf("list before the options: %v %v, generation read %v", got, err, lf.gen.known)
		}
		if _, agencies, err = PublicChoicesFor(ctx, db, lf); err != nil ||
			!slices.ContainsFunc(agencies, func(c PublicChoice) bool { return c.Name == renamed.Name }) {
			t.Errorf("list page's choices after a rename: %v %v", agencies, err)
		}

		withdrawn := *c
		withdrawn.Events = append(slices.Clone(c.Events),
			cases.Event{Type: "annulled", At: "2024-07-01", Note: "行政复议决定撤销"},
			cases.Event{Type: "publication_withdrawn", At: "2024-07-01", Note: "原处罚决定已被撤销"})
		withdrawn.Facts.Description = again.Facts.Description
		if _, _, err := f.svc.Put(ctx, feed, &withdrawn); err != nil {
			t.Fatal(err)
		}
		got, err := ListPublic(ctx, db, &PublicFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range got {
			if d.ID == c.ID && !d.Withdrawn {
				t.Errorf("withdrawn decision still listed with its content: %+v", d)
			}
		}
		if p, err := GetPublic(ctx, db, c.ID); err != nil || !p.Withdrawn || !strings.Contains(p.WithdrawReason, "已被撤销") {
			t.Errorf("withdrawn page: %+v %v", p, err)
		}
	})
}

// BenchmarkListPublic: the portal's first page of twenty decisions with
// every view built (the cache emptied before each read) and with the views
// kept. go test -run '^$' -bench ListPublic -benchtime 200x ./internal/docs/
func BenchmarkListPublic(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) { benchListPublic(b, testdb.Open(b, e)) })
	}
}

func benchListPublic(b *testing.B, db *store.DB) {
	{
		f := setup(b, db)
		for i := 0; i < 40; i++ {
			f.put(opts{decided: "2024-06-03", published: "2024-06-06", description: strings.Repeat("当事人销售过期牛奶，联系电话13812345678。\n", 5)})
		}
		for _, keep := range []bool{false, true} {
			name := "built"
			if keep {
				name = "kept"
			}
			b.Run(name, func(b *testing.B) {
				for b.Loop() {
					if !keep {
						views.Delete(db)
					}
					if got, err := ListPublic(ctx, db, &PublicFilter{}); err != nil || len(got) != 20 {
						b.Fatal(len(got), err)
					}
				}
			})
		}
	}
}
