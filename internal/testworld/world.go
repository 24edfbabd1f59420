// Package testworld builds the small fixture world storage, service and web
// tests run in: regions (seeded by testdb), one enforcement agency with its
// officers and linked accounts, one supervision body, one penalty matter,
// and a clock pinned to a fixed day — never the demo and never the wall
// clock, so the suite passes whatever today's date is.
package testworld

import (
	"context"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Today is the world's pinned day (a Monday, a working day).
const Today = "2026-06-15"

// Codes of the world's objects.
const (
	Region     = "370102"             // 济南市历下区
	Agency     = "11370102MB2850412R" // 历下区市场监督管理局
	Other      = "11370103MB28504203" // 市中区市场监督管理局 (another agency in another county)
	Supervisor = "1137010200418453XE" // 历下区司法局 (supervision)
	Matter     = "T-FOOD-001"         // a penalty matter of the agency
	Password   = "Zfjd@2026-test"
)

// Certificate numbers of the agency's officers.
const (
	CertA        = "37010200001" // investigator
	CertB        = "37010200002" // investigator
	CertC        = "37010200003" // investigator
	CertReviewer = "37010200004" // 法制审核
	CertReview2  = "37010200005" // a second reviewer
	CertHead     = "37010200006" // 负责人
	CertHost     = "37010200007" // 听证主持人
	CertOther    = "37010300001" // officers of the other agency
	CertOther2   = "37010300002"
)

// World is one built fixture on one database.
type World struct {
	DB    *store.DB
	Ctx   context.Context // carries the pinned clock
	Cases *cases.Service
	Admin *auth.Principal
}

// Build writes the world into db (migrated, regions seeded: testdb.Open).
func Build(t testing.TB, db *store.DB) *World {
	t.Helper()
	ctx := clock.With(context.Background(), clock.Pinned(Today))
	admin := &auth.Principal{ID: 1, Name: "系统管理员", Username: "admin", Role: auth.RoleAdmin}
	w := &World{DB: db, Ctx: ctx, Admin: admin,
		Cases: cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)}
	must := func(_ bool, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(registry.PutAgency(ctx, db, admin, &registry.Agency{Code: Agency, Name: "济南市历下区市场监督管理局", Kind: "enforcement",
		RegionCode: Region, Domain: "市场监管"}))
	must(registry.PutAgency(ctx, db, admin, &registry.Agency{Code: Other, Name: "济南市市中区市场监督管理局", Kind: "enforcement",
		RegionCode: "370103", Domain: "市场监管"}))
	must(registry.PutAgency(ctx, db, admin, &registry.Agency{Code: Supervisor, Name: "济南市历下区司法局", Kind: "supervision",
		RegionCode: Region}))
	must(registry.PutMatter(ctx, db, admin, &registry.Matter{Code: Matter, Name: "对经营超过保质期的食品的行政处罚", Kind: "penalty",
		LegalBasis: "《中华人民共和国食品安全法》第一百二十四条", AgencyCodes: []string{Agency}}))
	for _, o := range []struct {
		cert, name, agency string
		quals              []string
	}{
		{CertA, "张明", Agency, nil}, {CertB, "李强", Agency, nil}, {CertC, "王芳", Agency, nil},
		{CertReviewer, "赵敏", Agency, []string{"legal_review"}}, {CertReview2, "钱进", Agency, []string{"legal_review"}},
		{CertHead, "孙立", Agency, nil}, {CertHost, "周平", Agency, []string{"hearing_host"}},
		{CertOther, "吴刚", Other, nil}, {CertOther2, "郑伟", Other, nil},
	} {
		must(registry.PutOfficer(ctx, db, admin, &registry.Officer{CertNo: o.cert, Name: o.name, AgencyCode: o.agency,
			CertValidFrom: "2024-01-01", CertValidTo: "2029-12-31", CertStatus: "valid", Qualifications: o.quals}))
	}
	if err := calendar.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	for _, a := range Accounts {
		if _, err := auth.CreateAccount(ctx, db.W, a); err != nil {
			t.Fatalf("account %s: %v", a.Username, err)
		}
	}
	return w
}

// Accounts are the world's logins, all with Password.
var Accounts = []auth.NewAccount{
	{Username: "officer", DisplayName: "张明", Role: auth.RoleOfficer, Region: Region, Agency: Agency, OfficerCert: CertA},
	{Username: "officer2", DisplayName: "李强", Role: auth.RoleOfficer, Region: Region, Agency: Agency, OfficerCert: CertB},
	{Username: "reviewer", DisplayName: "赵敏", Role: auth.RoleReviewer, Region: Region, Agency: Agency, OfficerCert: CertReviewer},
	{Username: "head", DisplayName: "孙立", Role: auth.RoleHead, Region: Region, Agency: Agency, OfficerCert: CertHead},
	{Username: "agency_admin", DisplayName: "历下区市场监管局管理员", Role: auth.RoleAgencyAdmin, Region: Region, Agency: Agency},
	{Username: "supervisor", DisplayName: "历下区司法局监督科", Role: auth.RoleSupervisor, Region: Region},
	{Username: "city", DisplayName: "济南市司法局监督科", Role: auth.RoleSupervisor, Region: "370100"},
	{Username: "other_officer", DisplayName: "吴刚", Role: auth.RoleOfficer, Region: "370103", Agency: Other, OfficerCert: CertOther},
	{Username: "social", DisplayName: "社会监督员", Role: auth.RoleSocial, Region: "370100"},
}

func init() {
	for i := range Accounts {
		Accounts[i].Password = Password
	}
}

// As is the principal of the world's account username, as a session makes it.
func As(username string) *auth.Principal {
	for i, a := range Accounts {
		if a.Username == username {
			return &auth.Principal{ID: int64(100 + i), Name: a.DisplayName, Username: a.Username, Role: a.Role,
				Region: a.Region, Agency: a.Agency, CertNo: a.OfficerCert}
		}
	}
	panic("testworld: no account " + username)
}

// Robot is an integration token of the city.
var Robot = &auth.Principal{ID: 2, Name: "市场监管综合业务系统", Username: "sc-market", Role: auth.RoleIntegration, Region: "370100"}

// NewCase is a general-procedure case of the agency for registration.
func NewCase() *cases.Case {
	no := false
	yes := true
	return &cases.Case{AgencyCode: Agency, RegionCode: Region, MatterCode: Matter, Procedure: "general",
		Title: "销售超过保质期的食品",
		Party: cases.Party{Kind: "org", Name: "济南某某便利店有限公司", IDNumber: "91370102MA3C5R2K0M"},
		Facts: cases.Facts{ActDate: "2026-05-20", FirstOffense: &yes, Harm: "slight", Corrected: &no}}
}

// Register registers NewCase by the world's officer on day (officers A, B).
func (w *World) Register(t testing.TB, day string) *cases.Case {
	t.Helper()
	c, err := w.Cases.Create(w.Ctx, As("officer"), NewCase(), cases.Event{At: day, Officers: []string{CertA, CertB}}, nil)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	return c
}
