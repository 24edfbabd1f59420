package testworld

// More of the world for the authorization matrix (web/authzmatrix): the
// role × scope combinations the base world lacks — a province supervisor,
// a supervisor and an enforcement agency of another city (青岛市) — added
// on request (AddScopes), so the base world and its accounts stay as they
// are for every other test.

import (
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

// Codes of the other city's objects (青岛市市南区).
const (
	FarRegion = "370202"             // 青岛市市南区
	FarAgency = "11370202MB2850420R" // 青岛市市南区市场监督管理局
	FarMatter = "T-FOOD-202"         // a penalty matter of the far agency
	CertFar   = "37020200001"        // an officer of the far agency
)

// ScopeAccounts are the logins AddScopes adds, all with Password.
var ScopeAccounts = []auth.NewAccount{
	{Username: "province", DisplayName: "山东省司法厅监督处", Role: auth.RoleSupervisor, Region: "370000"},
	{Username: "far_city", DisplayName: "青岛市司法局监督科", Role: auth.RoleSupervisor, Region: "370200"},
	{Username: "far_officer", DisplayName: "陈青", Role: auth.RoleOfficer, Region: FarRegion, Agency: FarAgency, OfficerCert: CertFar},
}

// AddScopes writes the other city's agency, officer and matter and the
// ScopeAccounts into w's database.
func (w *World) AddScopes(t testing.TB) {
	t.Helper()
	must := func(_ bool, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(registry.PutAgency(w.Ctx, w.DB, w.Admin, &registry.Agency{Code: FarAgency, Name: "青岛市市南区市场监督管理局", Kind: "enforcement",
		RegionCode: FarRegion, Domain: "市场监管"}))
	must(registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: FarMatter, Name: "对经营超过保质期的食品的行政处罚（市南区）",
		Kind: "penalty", RegionCode: FarRegion, LegalBasis: "《中华人民共和国食品安全法》第一百二十四条", AgencyCodes: []string{FarAgency}}))
	must(registry.PutOfficer(w.Ctx, w.DB, w.Admin, &registry.Officer{CertNo: CertFar, Name: "陈青", AgencyCode: FarAgency,
		CertValidFrom: "2024-01-01", CertValidTo: "2029-12-31", CertStatus: "valid"}))
	for _, a := range ScopeAccounts {
		a.Password = Password
		if _, err := auth.CreateAccount(w.Ctx, w.DB.W, a); err != nil {
			t.Fatalf("account %s: %v", a.Username, err)
		}
	}
}

// AsScope is the principal of one of the ScopeAccounts, as a session makes it.
func AsScope(username string) *auth.Principal {
	for i, a := range ScopeAccounts {
		if a.Username == username {
			return &auth.Principal{ID: int64(200 + i), Name: a.DisplayName, Username: a.Username, Role: a.Role,
				Region: a.Region, Agency: a.Agency, CertNo: a.OfficerCert}
		}
	}
	panic("testworld: no scope account " + username)
}
