package discretion_test

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/discretion"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

var ctx = context.Background()

var admin = &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}

func uscc(t testing.TB, region string, n int) string {
	t.Helper()
	c, err := ident.MakeUSCC('1', '1', region, fmt.Sprintf("%08d", n))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// world is a small jurisdiction: market regulators of 济南市 (370100), 历下区
// (370102) and 市中区 (370103), and one penalty matter each.
type world struct {
	a100, a102, a103 string // agency codes
	m100, m102, m103 string // matter codes held by them
}

func setup(t *testing.T, db *store.DB) world {
	t.Helper()
	w := world{a100: uscc(t, "370100", 1), a102: uscc(t, "370102", 2), a103: uscc(t, "370103", 3),
		m100: "370100-SC-CF-0005", m102: "370102-SC-CF-0005", m103: "370103-SC-CF-0005"}
	for _, a := range []*registry.Agency{
		{Code: w.a100, Name: "济南市市场监督管理局", Kind: "enforcement", RegionCode: "370100"},
		{Code: w.a102, Name: "济南市历下区市场监督管理局", Kind: "enforcement", RegionCode: "370102"},
		{Code: w.a103, Name: "济南市市中区市场监督管理局", Kind: "enforcement", RegionCode: "370103"},
	} {
		if _, err := registry.PutAgency(ctx, db, admin, a); err != nil {
			t.Fatalf("PutAgency %s: %v", a.Name, err)
		}
	}
	for code, ag := range map[string]string{w.m100: w.a100, w.m102: w.a102, w.m103: w.a103} {
		m := &registry.Matter{Code: code, Name: "对食品经营者未按规定建立并遵守进货查验记录制度的行政处罚", Kind: "penalty",
			LegalBasis: "《中华人民共和国食品安全法》第一百二十六条第一款第（三）项", AgencyCodes: []string{ag}}
		if _, err := registry.PutMatter(ctx, db, admin, m); err != nil {
			t.Fatalf("PutMatter %s: %v", code, err)
		}
	}
	return w
}

func fen(yuan int64) *int64 { v := yuan * 100; return &v }

// tier builds a tier with a fine range in 元 (lo or hi < 0: not set).
func tier(name string, lo, hi int64) discretion.Tier {
	t := discretion.Tier{Tier: name, Conditions: name + "情形"}
	if lo >= 0 {
		t.FineMinFen = fen(lo)
	}
	if hi >= 0 {
		t.FineMaxFen = fen(hi)
	}
	return t
}

func mustPut(t *testing.T, db *store.DB, p *auth.Principal, matter, region, from string, tiers ...discretion.Tier) bool {
	t.Helper()
	created, err := discretion.Put(ctx, db, p, &discretion.Input{MatterCode: matter, RegionCode: region, EffectiveFrom: from, Tiers: tiers})
	if err != nil {
		e := apperr.As(err)
		t.Fatalf("Put %s %s %s: %v %v", matter, region, from, err, e.Fields)
	}
	return created
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func bptr(b bool) *bool { return &b }
func iptr(i int) *int   { return &i }
