package docs

import (
	"context"
	"fmt"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// fixtureToday is the day the fixture's clock is pinned to: after every
// event of its cases (2024 and early 2025), never the wall clock.
const fixtureToday = "2025-03-01"

var (
	ctx     = clock.With(context.Background(), clock.Pinned(fixtureToday))
	admin   = &auth.Principal{Name: "测试管理员", Role: auth.RoleAdmin}
	scAdmin *auth.Principal // agency admin of the city market regulator, set by setup: reads, never numbers
	feed    = &auth.Principal{Name: "市场监管业务系统", Role: auth.RoleIntegration, Region: "370100"}
)

// fixture is one database with two market regulators, their officers and
// one matter, ready for cases.
type fixture struct {
	t              testing.TB
	db             *store.DB
	svc            *cases.Service
	head, distHead *auth.Principal // the agencies' heads: they number documents (Issue)
	city, district string          // agency codes: 济南市市场监督管理局, 济南市历下区市场监督管理局
	matter         string
	certs          []string
	n              int
}

const testBasis = "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项"

func setup(t testing.TB, db *store.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, db: db, svc: cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)}
	mk := func(region string, n int) string {
		c, err := ident.MakeUSCC('1', '1', region, fmt.Sprintf("%08d", n))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.city, f.district = mk("370100", 41851), mk("370102", 41852)
	for _, a := range []*registry.Agency{
		{Code: f.city, Name: "济南市市场监督管理局", Kind: "enforcement", SubjectType: "statutory", RegionCode: "370100", Domain: "市场监管", Status: "active"},
		{Code: f.district, Name: "济南市历下区市场监督管理局", Kind: "enforcement", SubjectType: "statutory", RegionCode: "370102", Domain: "市场监管", Status: "active", ParentCode: f.city},
	} {
		if _, err := registry.PutAgency(ctx, db, admin, a); err != nil {
			t.Fatalf("agency %s: %v", a.Name, err)
		}
	}
	for i, name := range []string{"王建国", "李丽", "赵磊", "孙静"} {
		agency := f.city
		if i >= 2 {
			agency = f.district
		}
		o := &registry.Officer{CertNo: fmt.Sprintf("370100%05d", 12345+i), Name: name, AgencyCode: agency,
			CertValidFrom: "2020-01-01", CertValidTo: "2099-12-31"}
		if _, err := registry.PutOfficer(ctx, db, admin, o); err != nil {
			t.Fatalf("officer %s: %v", name, err)
		}
		f.certs = append(f.certs, o.CertNo)
	}
	f.matter = "370100-SC-CF-0003"
	m := &registry.Matter{Code: f.matter, Name: "对生产经营超过保质期的食品、食品添加剂的行政处罚", Kind: "penalty", RegionCode: "370100",
		Domain: "市场监管", LegalBasis: testBasis, AgencyCodes: []string{f.city, f.district}}
	if _, err := registry.PutMatter(ctx, db, admin, m); err != nil {
		t.Fatalf("matter: %v", err)
	}
	scAdmin = &auth.Principal{Name: "市局管理员", Username: "sj_admin", Role: auth.RoleAgencyAdmin, Region: "370100", Agency: f.city}
	f.head = &auth.Principal{Name: "王建国", Username: "sj_head", Role: auth.RoleHead, Region: "370100", Agency: f.city, CertNo: f.certs[0]}
	f.distHead = &auth.Principal{Name: "赵磊", Username: "lx_head", Role: auth.RoleHead, Region: "370102", Agency: f.district,
		CertNo: f.certs[2]}
	return f
}

// opts shape a test case.
type opts struct {
	agency, region string
	person         bool
	name, id       string
	address        string
	contact        string
	description    string
	decided        string // "" = not decided
	published      string
	withdrawn      string
	docNo          string // decided event's doc_no from the source system
	deviation      string
	hearing        bool
}

// put stores a case through the exchange path and returns it.
func (f *fixture) put(o opts) *cases.Case {
	f.t.Helper()
	f.n++
	if o.agency == "" {
		o.agency, o.region = f.city, "370100"
	}
	c := &cases.Case{SourceSystem: "sc-market", SourceID: fmt.Sprintf("T-%d", f.n), AgencyCode: o.agency, RegionCode: o.region,
		MatterCode: f.matter, Procedure: "general", Title: "销售超过保质期的食品"}
	c.Party = cases.Party{Kind: "org", Name: o.name, IDNumber: o.id, Address: o.address}
	if c.Party.Name == "" {
		c.Party.Name, c.Party.IDNumber = "济南某某餐饮有限公司", "91370102MA3C5R2K0M"
	}
	if o.person {
		c.Party.Kind = "person"
	}
	yes, no := true, false
	two := f.certs[:2]
	if o.agency == f.district {
		two = f.certs[2:]
	}
	day := func(base string, add int) string { return law.MustParseDate(base).AddDays(add).String() }
	filed := "2024-03-05"
	if o.decided != "" {
		filed = day(o.decided, -60)
	}
	hr := o.hearing
	c.Facts = cases.Facts{ActDate: day(filed, -10), FirstOffense: &yes, Harm: "slight", Corrected: &no, Description: o.description}
	c.Party.Contact = o.contact
	c.Events = []cases.Event{
		{Type: "filed", At: filed, Officers: two, Actor: "局长"},
		{Type: "investigation", At: day(filed, 3), Officers: two},
	}
	if o.decided != "" {
		c.Events = append(c.Events, cases.Event{Type: "notified", At: day(o.decided, -20), HearingRight: &hr, Officers: two})
		dec := cases.Event{Type: "decided", At: o.decided, Outcome: "penalty", Tier: "ordinary",
			Penalties: []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: 500000}}, DocNo: o.docNo}
		if o.deviation != "" {
			dev := o.deviation
			dec.DeviationReason = &dev
			c.Events = append(c.Events, cases.Event{Type: "legal_review", At: day(o.decided, -2), Result: "pass", Reviewer: "法制科"})
		}
		c.Events = append(c.Events, dec, cases.Event{Type: "delivered", At: day(o.decided, 2), Officers: two})
	}
	if o.published != "" {
		c.Events = append(c.Events, cases.Event{Type: "published", At: o.published})
	}
	if o.withdrawn != "" {
		c.Events = append(c.Events, cases.Event{Type: "annulled", At: o.withdrawn, Note: "行政复议决定撤销"},
			cases.Event{Type: "publication_withdrawn", At: o.withdrawn, Note: "原处罚决定已被行政复议决定撤销（济政复决字〔2024〕8号）"})
	}
	_, out, err := f.svc.Put(ctx, feed, c)
	if err != nil {
		f.t.Fatalf("cases.Put: %v %v", err, apperr.As(err).Fields)
	}
	return out
}
