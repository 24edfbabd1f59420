package license_test

import (
	"context"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/ident"
	"zfjd/internal/license"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testworld"
)

// The licence world beside testworld's: the county's 行政审批服务局 holds
// the licence matter; the county market regulator (testworld.Agency)
// supervises the licensed shops and penalises them.
const (
	licMatter = "T-LIC-001"
	holder    = "91370102MA3C5R2K0M" // the party of testworld.NewCase
)

var approval, _ = ident.MakeUSCC('1', '1', testworld.Region, "MB285047")

func buildLic(t *testing.T, db *store.DB) (*testworld.World, *license.Service) {
	t.Helper()
	w := testworld.Build(t, db)
	if _, err := registry.PutAgency(w.Ctx, db, w.Admin, &registry.Agency{Code: approval, Name: "济南市历下区行政审批服务局",
		Kind: "enforcement", RegionCode: testworld.Region, Domain: "行政审批"}); err != nil {
		t.Fatal(err)
	}
	if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: licMatter, Name: "食品经营许可", Kind: "license",
		LegalBasis: "《中华人民共和国食品安全法》第三十五条第一款", AgencyCodes: []string{approval}}); err != nil {
		t.Fatal(err)
	}
	return w, license.NewService(db)
}

// approvalRobot is the approval bureau's system's token.
var approvalRobot = &auth.Principal{ID: 3, Name: "行政审批系统", Username: "xzsp", Role: auth.RoleIntegration, Region: testworld.Region,
	Agency: approval}

var approvalAdmin = &auth.Principal{ID: 4, Name: "审批局法制科", Username: "xzsp_admin", Role: auth.RoleAgencyAdmin,
	Region: testworld.Region, Agency: approval}

var otherAdmin = &auth.Principal{ID: 5, Name: "市中区市场监管局", Username: "other_admin", Role: auth.RoleAgencyAdmin, Region: "370103",
	Agency: testworld.Other}

// granted is an application accepted and granted, supervised by sup.
func granted(sup string) *license.Body {
	return &license.Body{AgencyCode: approval, SupervisorCode: sup, RegionCode: testworld.Region, MatterCode: licMatter,
		LicenseNo: "JY13701020012345", Party: license.Party{Kind: "org", Name: "济南某某便利店有限公司", IDNumber: holder},
		Events: []license.Event{{Type: "applied", At: "2026-05-04"}, {Type: "accepted", At: "2026-05-06"},
			{Type: "granted", At: "2026-05-20", ValidTo: "2031-05-19"}}}
}

func wantCode(t *testing.T, what string, err error, code, field string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
	if field != "" {
		if _, ok := apperr.As(err).Fields[field]; !ok {
			t.Fatalf("%s: fields %v lack %s", what, apperr.As(err).Fields, field)
		}
	}
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// decide writes a penalty case of testworld.Agency on the holder, decided
// on day with penalties, through the exchange's case PUT.
func decide(t *testing.T, ctx context.Context, w *testworld.World, id, day string, ps ...cases.Penalty) int64 {
	t.Helper()
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID = "sc-market", id
	c.Events = []cases.Event{{Type: "filed", At: "2026-05-25", Officers: []string{testworld.CertA, testworld.CertB}},
		{Type: "decided", At: day, Outcome: "penalty", Tier: "ordinary", Penalties: ps}}
	_, out, err := w.Cases.Put(ctx, testworld.Robot, c)
	if err != nil {
		t.Fatal(err)
	}
	return out.ID
}
