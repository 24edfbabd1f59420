package webtest

// The fixture world of the web tests: testworld's agency (历下区市场监督管理局)
// with its officers, linked accounts and matter, served by a server on the
// world's pinned clock (Clock), plus small factories for what some tests
// need more of — benchmarks, a second matter, extra accounts, and cases
// taken along the lawful path through the case service. No test but the
// demo smoke test (TestUIDemoSmoke) loads the demo.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testworld"
)

// World is the fixture world on one database with its server.
type World struct {
	*testworld.World
	Env *Env
}

// StartWorld builds the fixture world on db and serves it on the pinned clock.
func StartWorld(t *testing.T, db *store.DB) *World {
	t.Helper()
	w := testworld.Build(t, db)
	return &World{World: w, Env: Start(t, db)}
}

// Login signs a browser in as one of the world's accounts.
func (w *World) Login(t *testing.T, user string) *Browser {
	t.Helper()
	b := w.Env.Browser(t)
	b.Login(user, testworld.Password)
	return b
}

// Names of the world's officers, as pages show them.
const (
	NameA        = "张明" // officer account, CertA
	NameB        = "李强" // CertB
	NameReviewer = "赵敏"
	NameHead     = "孙立"
	NameHost     = "周平"
)

// Team are the two investigating officers of the world's cases.
var Team = []string{testworld.CertA, testworld.CertB}

// DaysAgo is the civil date n days before the pinned day.
func DaysAgo(n int) string {
	return law.MustParseDate(testworld.Today).AddDays(-n).String()
}

// AddAccount creates one more login with testworld.Password.
func AddAccount(t *testing.T, db *store.DB, a auth.NewAccount) {
	t.Helper()
	a.Password = testworld.Password
	if a.DisplayName == "" {
		a.DisplayName = a.Username
	}
	if _, err := auth.CreateAccount(Ctx, db.W, a); err != nil {
		t.Fatalf("account %s: %v", a.Username, err)
	}
}

// AddAdmin creates the system administrator's login "admin".
func AddAdmin(t *testing.T, db *store.DB) {
	t.Helper()
	AddAccount(t, db, auth.NewAccount{Username: "admin", DisplayName: "系统管理员", Role: auth.RoleAdmin, Region: "370000"})
}

// PlainMatter is a penalty matter of the agency without a benchmark
// (small fines of the summary procedure are judged against none).
const PlainMatter = "T-PRICE-001"

// OtherMatter is a penalty matter of the other agency, in 市中区.
const OtherMatter = "T-FOOD-103"

// AddMatters writes PlainMatter and OtherMatter.
func (w *World) AddMatters(t *testing.T) {
	t.Helper()
	for _, m := range []*registry.Matter{
		{Code: PlainMatter, Name: "对经营者不按规定明码标价的行政处罚", Kind: "penalty", RegionCode: testworld.Region,
			LegalBasis: "《中华人民共和国价格法》第四十二条", AgencyCodes: []string{testworld.Agency}},
		{Code: OtherMatter, Name: "对经营超过保质期的食品的行政处罚（市中区）", Kind: "penalty", RegionCode: "370103",
			LegalBasis: "《中华人民共和国食品安全法》第一百二十四条", AgencyCodes: []string{testworld.Other}},
	} {
		if _, err := registry.PutMatter(w.Ctx, w.DB, w.Admin, m); err != nil {
			t.Fatalf("matter %s: %v", m.Code, err)
		}
	}
}

// FineMin is the district's 一般 minimum of testworld.Matter (元) once
// AddBenchmarks is written: the fine the lawful path decides.
const (
	FineMin    = "15000.00"
	FineMinFen = 1_500_000
)

// AddBenchmarks writes benchmarks of testworld.Matter as the three levels set
// them — the province twice (2022, 2025), 济南市 refining 从轻 (2025-03-01),
// 历下区 refining 一般 (2025-06-01) — and one province 从轻处罚清单 item.
func (w *World) AddBenchmarks(t *testing.T) {
	t.Helper()
	yuan := func(y int64) *int64 { v := y * 100; return &v }
	tier := func(t, cond string, lo, hi int64, other ...string) discretion.Tier {
		if other == nil {
			other = []string{}
		}
		return discretion.Tier{Tier: t, Conditions: cond, FineMinFen: yuan(lo), FineMaxFen: yuan(hi), OtherPenalties: other}
	}
	yes := true
	province := func(lighterMax, ordinaryMin int64) []discretion.Tier {
		return []discretion.Tier{
			{Tier: discretion.TierNone, Conditions: "初次违法，危害后果轻微，并在责令改正期限内改正的（《行政处罚法》第三十三条第一款）",
				Criteria: &discretion.Criteria{FirstOffense: &yes, HarmMax: "slight", Corrected: &yes, CorrectionDays: 15}, OtherPenalties: []string{}},
			tier(discretion.TierMitigated, "具有《行政处罚法》第三十二条规定情形，且危害后果轻微的", 1000, 4000, "warning"),
			tier(discretion.TierLighter, "拒不改正，但主动消除或者减轻危害后果的", 5000, lighterMax, "warning"),
			tier(discretion.TierOrdinary, "经责令改正拒不改正的", ordinaryMin, 35000),
			tier(discretion.TierHeavier, "拒不改正且造成危害后果，或者一年内再次违法的", 35000, 50000, "suspend_business"),
		}
	}
	for _, v := range []*discretion.Input{
		{RegionCode: "370000", EffectiveFrom: "2022-01-01", Tiers: province(15000, 15000)},
		{RegionCode: "370000", EffectiveFrom: "2025-01-01", Tiers: province(12000, 12000)},
		{RegionCode: "370100", EffectiveFrom: "2025-03-01", Tiers: []discretion.Tier{
			tier(discretion.TierLighter, "拒不改正，但主动消除或者减轻危害后果的（济南市细化）", 6000, 12000, "warning")}},
		{RegionCode: "370102", EffectiveFrom: "2025-06-01", Tiers: []discretion.Tier{
			tier(discretion.TierOrdinary, "经责令改正拒不改正的（历下区细化）", 15000, 30000)}},
	} {
		v.MatterCode = testworld.Matter
		if _, err := discretion.Put(w.Ctx, w.DB, w.Admin, v); err != nil {
			t.Fatalf("benchmark %s %s: %v", v.RegionCode, v.EffectiveFrom, err)
		}
	}
	it := &discretion.Item{Kind: discretion.ListLighter, MatterCode: testworld.Matter, RegionCode: "370000", EffectiveFrom: "2022-01-01",
		Title: "销售少量超过保质期的食品，危害后果轻微并主动改正", ViolationBasis: "《中华人民共和国食品安全法》第三十四条第（十）项",
		PenaltyBasis: "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项", Conditions: []string{"危害后果轻微", "主动改正"},
		Criteria: discretion.Criteria{HarmMax: "slight", Corrected: &yes}, Measures: []string{"correct", "guide"}}
	if err := discretion.SaveItem(w.Ctx, w.DB, w.Admin, it); err != nil {
		t.Fatalf("list item: %v", err)
	}
}

// AddOfficer writes one more officer of the agency (valid 2024–2029).
func (w *World) AddOfficer(t *testing.T, o registry.Officer) *registry.Officer {
	t.Helper()
	if o.AgencyCode == "" {
		o.AgencyCode = testworld.Agency
	}
	if o.CertValidFrom == "" {
		o.CertValidFrom, o.CertValidTo, o.CertStatus = "2024-01-01", "2029-12-31", "valid"
	}
	if _, err := registry.PutOfficer(w.Ctx, w.DB, w.Admin, &o); err != nil {
		t.Fatalf("officer %s: %v", o.CertNo, err)
	}
	return &o
}

// AddRevoked writes an officer of the agency whose certificate is revoked.
func (w *World) AddRevoked(t *testing.T) string {
	t.Helper()
	o := w.AddOfficer(t, registry.Officer{CertNo: "37010200009", Name: "吴越"})
	if err := registry.SetCertStatus(w.Ctx, w.DB, w.Admin, o.CertNo, "revoked", "以执法证从事与职务无关的活动"); err != nil {
		t.Fatal(err)
	}
	return o.CertNo
}

// AddStranger writes a second enforcement agency in 历下区 with an officer
// and his login "stranger": same county, another agency.
func (w *World) AddStranger(t *testing.T) (agency string) {
	t.Helper()
	agency = USCC(t, testworld.Region, 7788)
	if _, err := registry.PutAgency(w.Ctx, w.DB, w.Admin, &registry.Agency{Code: agency, Name: "济南市历下区综合行政执法局",
		Kind: "enforcement", RegionCode: testworld.Region, Domain: "综合执法"}); err != nil {
		t.Fatal(err)
	}
	w.AddOfficer(t, registry.Officer{CertNo: "37010299001", Name: "冯涛", AgencyCode: agency})
	AddAccount(t, w.DB, auth.NewAccount{Username: "stranger", DisplayName: "冯涛", Role: auth.RoleOfficer, Region: testworld.Region,
		Agency: agency, OfficerCert: "37010299001"})
	return agency
}

// PartyID is a valid 居民身份证号 of an adult born in 历下区.
func PartyID(seq string) string {
	return ident.MakeIDCard("370102", time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC), seq)
}

// Step is one act of the lawful path: who records it, and the event.
type Step struct {
	Who string
	Ev  cases.Event
}

// Registered is the day the lawful path registers its case.
const Registered = "2026-05-25"

// Lawful is the general procedure from filing to archiving, in the
// legal order and by the roles the workflow names (registration on
// Registered; the hearing request window of the notice has run before
// the decision; the fine is the district's 一般 minimum).
func Lawful() []Step {
	yes := true
	paid := int64(FineMinFen)
	return []Step{
		{"head", cases.Event{Type: "filed", At: "2026-05-26", Officers: Team, Note: "符合立案条件"}},
		{"officer", cases.Event{Type: "investigation", At: "2026-05-27", Officers: Team, Note: "现场检查、询问当事人"}},
		{"officer", cases.Event{Type: "investigation_concluded", At: "2026-05-28", Officers: Team, Note: "事实清楚，建议处罚"}},
		{"reviewer", cases.Event{Type: "legal_review", At: "2026-05-29", Result: "pass", Note: "同意"}},
		{"officer", cases.Event{Type: "notified", At: "2026-05-29", Officers: Team, HearingRight: &yes, Note: "拟警告并罚款"}},
		{"head", cases.Event{Type: "decided", At: "2026-06-08", Outcome: "penalty", Tier: "ordinary", Note: "依法作出处罚",
			Penalties: []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: FineMinFen}}}},
		{"officer", cases.Event{Type: "delivered", At: "2026-06-09", Officers: Team, Note: "直接送达"}},
		{"officer", cases.Event{Type: "published", At: "2026-06-10"}},
		{"officer", cases.Event{Type: "paid", At: "2026-06-11", AmountFen: &paid}},
		{"head", cases.Event{Type: "closed", At: "2026-06-12"}},
		{"head", cases.Event{Type: "archived", At: "2026-06-12"}},
	}
}

// Case registers a case (testworld.NewCase, changed by edit when given)
// and takes it along the lawful path up to, not including, the first act
// of type upTo ("" = the whole path, archived).
func (w *World) Case(t *testing.T, upTo string, edit func(c *cases.Case)) *cases.Case {
	t.Helper()
	c := testworld.NewCase()
	if edit != nil {
		edit(c)
	}
	c, err := w.Cases.Create(w.Ctx, testworld.As("officer"), c, cases.Event{At: Registered, Officers: Team, Note: "日常检查发现"}, nil)
	if err != nil {
		t.Fatalf("register: %v", err)
	}
	steps := Lawful()
	if i := slices.IndexFunc(steps, func(s Step) bool { return s.Ev.Type == upTo }); i >= 0 {
		steps = steps[:i]
	} else if upTo != "" {
		t.Fatalf("World.Case: %q is not on the lawful path", upTo)
	}
	for _, s := range steps {
		w.Act(t, c.ID, s.Who, s.Ev)
	}
	return w.GetCase(t, c.ID)
}

// Act records one act through the service, failing the test if refused.
func (w *World) Act(t *testing.T, id int64, who string, ev cases.Event) {
	t.Helper()
	if _, err := w.Cases.Append(w.Ctx, testworld.As(who), id, ev); err != nil {
		t.Fatalf("%s by %s: %v", ev.Type, who, err)
	}
}

// GetCase reads a case as the system sees it.
func (w *World) GetCase(t *testing.T, id int64) *cases.Case {
	t.Helper()
	c, err := w.Cases.Get(w.Ctx, w.Admin, id)
	if err != nil {
		t.Fatalf("case %d: %v", id, err)
	}
	return c
}

// CasePath is the page of case id.
func CasePath(id int64, rest ...string) string {
	return fmt.Sprintf("/cases/%d", id) + strings.Join(rest, "")
}

// Acts lists the act forms a case page offers, by type.
func Acts(p *Page) []string {
	var out []string
	p.Doc.Find("#acts details.act").Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.TrimPrefix(s.AttrOr("id", ""), "act-"))
	})
	return out
}

// Offered lists the types cases.Offered gives p on c: what the page must show.
func Offered(c *cases.Case, p *auth.Principal) []string {
	var out []string
	for _, a := range cases.Offered(c, p) {
		out = append(out, a.Type)
	}
	return out
}

// PageOK fails unless p answered 200.
func PageOK(t *testing.T, what string, p *Page) {
	t.Helper()
	if p.Status != http.StatusOK {
		t.Fatalf("%s: %d\n%s", what, p.Status, Text(p.Doc.Find(".error-box, main")))
	}
}

// ClockAt is a clock pinned n days after the world's day.
func ClockAt(n int) clock.Clock {
	return clock.Pinned(law.MustParseDate(testworld.Today).AddDays(n).String())
}

// OtherCase pushes a decided and published case of the other agency (市中区)
// through the exchange API path, as its own case system does, and returns
// its id. The world's officers and supervisor of 历下区 do not see it.
func (w *World) OtherCase(t *testing.T) int64 {
	t.Helper()
	yes := true
	two := []string{testworld.CertOther, testworld.CertOther2}
	c := &cases.Case{SourceSystem: "sc-market", SourceID: "SZ-2026-0001", AgencyCode: testworld.Other, RegionCode: "370103",
		MatterCode: OtherMatter, Procedure: "general", Title: "销售不符合国家标准的电线电缆",
		Party: cases.Party{Kind: "org", Name: "济南章丘某某建材有限公司", IDNumber: USCC(t, "370181", 5150)},
		Facts: cases.Facts{ActDate: "2026-04-01", FirstOffense: &yes, Harm: "slight", Description: "当事人销售不符合国家标准的电线电缆20卷。"},
		Events: []cases.Event{
			{Type: "filed", At: "2026-04-03", Officers: two},
			{Type: "investigation_concluded", At: "2026-04-20", Officers: two},
			{Type: "notified", At: "2026-04-21", Officers: two, HearingRight: &yes},
			{Type: "decided", At: "2026-05-06", Outcome: "penalty", Tier: "ordinary", DocNo: "济市中市监罚〔2026〕8号",
				Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 800000}}},
			{Type: "delivered", At: "2026-05-07", Officers: two},
			{Type: "published", At: "2026-05-08"},
		}}
	_, out, err := w.Cases.Put(w.Ctx, testworld.Robot, c)
	if err != nil {
		t.Fatalf("push the other agency's case: %v", err)
	}
	return out.ID
}

// RolePassword is the password of the logins RoleAccount creates.
const RolePassword = "Zfjd@Cal2026"

// RoleAccount creates the login user with role in 历下区 (370102).
func RoleAccount(t *testing.T, db *store.DB, user string, role auth.Role) {
	t.Helper()
	if _, err := auth.CreateAccount(Ctx, db.W, auth.NewAccount{Username: user, DisplayName: user, Password: RolePassword,
		Role: role, Region: "370102"}); err != nil {
		t.Fatal(err)
	}
}

// ListWorld is the fixture world with what the list and scope tests read:
// the administrator's login, the other matters, and enough officers of
// the agency that the lists page.
func ListWorld(t *testing.T, db *store.DB) *World {
	t.Helper()
	w := StartWorld(t, db)
	AddAdmin(t, db)
	w.AddMatters(t)
	for i := range 22 {
		w.AddOfficer(t, registry.Officer{CertNo: fmt.Sprintf("370102001%02d", i), Name: fmt.Sprintf("执法员%02d", i)})
	}
	return w
}

// AdminPrincipal reads everything, for the tests' own service calls.
var AdminPrincipal = &auth.Principal{Name: "测试", Role: auth.RoleAdmin}

// FirstOfficer returns an officer of an agency in region.
func FirstOfficer(t *testing.T, db *store.DB, region string) *registry.Officer {
	t.Helper()
	list, err := registry.ListOfficers(Ctx, db, AdminPrincipal, &registry.OfficerFilter{Region: region, Page: registry.Page{Size: 1}})
	if err != nil || len(list) == 0 {
		t.Fatalf("no officer in %s: %v", region, err)
	}
	return list[0]
}

// FirstAgency returns an enforcement agency in region.
func FirstAgency(t *testing.T, db *store.DB, region string) *registry.Agency {
	t.Helper()
	list, err := registry.ListAgencies(Ctx, db, AdminPrincipal, &registry.AgencyFilter{Region: region, Kind: "enforcement", Page: registry.Page{Size: 1}})
	if err != nil || len(list) == 0 {
		t.Fatalf("no agency in %s: %v", region, err)
	}
	return list[0]
}

// FirstMatter returns a matter placed in region itself.
func FirstMatter(t *testing.T, db *store.DB, region string) *registry.Matter {
	t.Helper()
	f := &registry.MatterFilter{Region: region, Page: registry.Page{Size: 200}}
	list, err := registry.ListMatters(Ctx, db, AdminPrincipal, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.RegionCode == region {
			return m
		}
	}
	t.Fatalf("no matter in %s", region)
	return nil
}

// AgencyForm is a valid 新增机关 form in 370102.
func AgencyForm(code string) url.Values {
	return url.Values{"code": {code}, "name": {"济南市历下区测试执法局"}, "kind": {"enforcement"}, "subject_type": {"statutory"},
		"region_code": {"370102"}, "domain": {"市场监管"}, "status": {"active"}, "publicity_days": {"7"}}
}
