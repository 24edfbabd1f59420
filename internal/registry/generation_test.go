package registry_test

import (
	"testing"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestGenerationMovesWithEveryWrite: creating and changing an agency bump
// the registry's generation in their transaction; a replay that changes
// nothing and a refused write leave it (the portal's cached filter options
// are rebuilt exactly when it moves, docs/public_cache.go).
func TestGenerationMovesWithEveryWrite(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		gen := func() int64 {
			t.Helper()
			n, err := registry.Generation(ctx, db.R)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		code := uscc(t, "370102", 7)
		a := func(name string) *registry.Agency {
			return &registry.Agency{Code: code, Name: name, Kind: "enforcement", RegionCode: "370102", Domain: "市场监管"}
		}
		g0 := gen()
		if _, err := registry.PutAgency(ctx, db, admin, a("历下区市场监督管理局")); err != nil {
			t.Fatal(err)
		}
		g1 := gen()
		if g1 <= g0 {
			t.Fatalf("create: generation %d → %d", g0, g1)
		}
		if _, err := registry.PutAgency(ctx, db, admin, a("历下区市场监督管理局")); err != nil {
			t.Fatal(err)
		}
		if g := gen(); g != g1 {
			t.Fatalf("an identical replay moved the generation %d → %d", g1, g)
		}
		if _, err := registry.PutAgency(ctx, db, admin, a("")); err == nil {
			t.Fatal("an agency without a name was accepted")
		}
		if g := gen(); g != g1 {
			t.Fatalf("a refused write moved the generation %d → %d", g1, g)
		}
		if _, err := registry.PutAgency(ctx, db, admin, a("历下区市场监管局")); err != nil {
			t.Fatal(err)
		}
		if g := gen(); g <= g1 {
			t.Fatalf("a rename left the generation at %d", g)
		}
	})
}
