package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/docs"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Demo penalty cases (C5): about twenty pushed by the agencies' own case
// systems through the exchange path (cases.Put, as in spec/exchange-v1.md)
// and three handled in zfjd itself (cases.Create and Append, with the
// checks the UI applies), at every stage. Most are clean; some break a rule
// on purpose so the warnings (C8) have something to show: a decision,
// delivery, payment or publication overdue, a seizure past its term, a
// major case decided without legal review, an investigation by one
// officer, an officer acting on an expired certificate. Several decisions
// are published (C7), one of them annulled and withdrawn. Dates count back
// from the day of loading, so the clocks are where the story says.

// sourceSystems are the demo's vertical case systems by domain, with the
// integration account each pushes as.
var sourceSystems = map[string]struct{ code, name string }{
	"市场监管": {"sc-market", "市场监管综合业务系统"},
	"生态环境": {"hb-eco", "生态环境移动执法系统"},
	"城市管理": {"cg-city", "城市管理综合执法系统"},
	"交通运输": {"jt-transport", "交通运输综合执法系统"},
	"应急管理": {"yj-safety", "应急管理执法系统"},
	"文化旅游": {"wl-culture", "文化市场综合执法系统"},
}

// caseLoader builds and writes the demo cases.
type caseLoader struct {
	ctx    context.Context
	db     *store.DB
	svc    *cases.Service
	today  time.Time
	p      *plan
	byKey  map[string]*registry.Agency
	seq    int
	counts map[string]int // per source system, for source ids
	ids    []int64        // every case written
}

// at is the date n days before the day of loading.
func (l *caseLoader) at(n int) string { return day(l.today.AddDate(0, 0, -n)) }

// officersOf lists the certificates of an agency's officers valid over the
// last 400 days and today; qual, when set, is a qualification they hold.
func (l *caseLoader) officersOf(a *registry.Agency, qual string) []string {
	var out []string
	from, to := l.at(400), day(l.today)
	for _, op := range l.p.officers {
		o := op.o
		if o.AgencyCode != a.Code || op.status != "" || o.CertValidFrom > from || o.CertValidTo < to {
			continue
		}
		if qual != "" && !slices.Contains(o.Qualifications, qual) {
			continue
		}
		out = append(out, o.CertNo)
	}
	return out
}

// team is two investigating officers of the agency (the n-th pair).
func (l *caseLoader) team(a *registry.Agency, n int) []string {
	os := l.officersOf(a, "")
	if len(os) < 2 {
		return os
	}
	i := (2 * n) % (len(os) - 1)
	return []string{os[i], os[i+1]}
}

// other is an officer of the agency with the qualification who is not one
// of not (a legal reviewer or hearing host must not have investigated).
func (l *caseLoader) other(a *registry.Agency, qual string, not []string) string {
	for _, q := range []string{qual, ""} {
		for _, c := range l.officersOf(a, q) {
			if !slices.Contains(not, c) {
				return c
			}
		}
	}
	return ""
}

// matter finds the agency's penalty matter whose name has kw ("" for any).
func (l *caseLoader) matter(a *registry.Agency, kw string) string {
	for _, m := range l.p.matters {
		if m.Kind == "penalty" && slices.Contains(m.AgencyCodes, a.Code) && strings.Contains(m.Name, kw) {
			return m.Code
		}
	}
	return ""
}

// holder is the agency of the story, or, when a district's list does not
// carry the matter (districts publish part of the base list), the first
// agency of the same domain that holds it, so title and basis agree.
func (l *caseLoader) holder(a *registry.Agency, kw string) *registry.Agency {
	if a == nil || l.matter(a, kw) != "" {
		return a
	}
	for _, b := range l.p.agencies {
		if b.Kind == "enforcement" && b.Domain == a.Domain && b.SubjectType != "entrusted" && l.matter(b, kw) != "" {
			return b
		}
	}
	return nil
}

// org is an organisation party with a valid 统一社会信用代码 (企业, 工商).
func (l *caseLoader) org(region, name, address, rep string) cases.Party {
	l.seq++
	code, err := ident.MakeUSCC('9', '1', region, fmt.Sprintf("MA%06d", 310000+l.seq*7919%600000))
	if err != nil {
		panic(err) // fixed inputs
	}
	return cases.Party{Kind: "org", Name: name, IDNumber: code, Address: address, Contact: rep}
}

// person is a citizen party with a valid 公民身份号码.
func (l *caseLoader) person(region, name string, born int, address, phone string) cases.Party {
	l.seq++
	birth := time.Date(born, time.Month(1+l.seq%12), 1+l.seq%27, 0, 0, 0, 0, clock.Shanghai)
	return cases.Party{Kind: "person", Name: name, IDNumber: ident.MakeIDCard(region, birth, fmt.Sprintf("%03d", 100+l.seq*37%800)),
		Address: address, Contact: phone}
}

func fine(yuan int64) cases.Penalty { return cases.Penalty{Kind: "fine", AmountFen: yuan * 100} }

var yes, no = true, false

// loadCases writes the demo cases after the registry data. It returns how
// many cases it wrote and how many of them are on public display.
func loadCases(ctx context.Context, db *store.DB, p *plan, today time.Time) (n, published int, err error) {
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	l := &caseLoader{ctx: ctx, db: db, svc: svc, today: today, p: p, byKey: map[string]*registry.Agency{}, counts: map[string]int{}}
	for _, s := range agencySpecs {
		for _, a := range p.agencies {
			if a.Name == s.name {
				l.byKey[s.key] = a
			}
		}
	}
	type numbered struct {
		id      int64
		decided string
		by      *auth.Principal // who numbers: the agency's own system, or its head in zfjd
	}
	var toNumber []numbered
	for i, st := range stories {
		a := l.byKey[st.key]
		var team []string
		if st.anyExp {
			a, team = l.expiredTeam()
		} else if a = l.holder(a, st.matter); a != nil && st.zfjd {
			team = l.deskTeam(a, i)
		} else if a != nil {
			team = l.team(a, i)
		}
		if a == nil || len(team) < 2 {
			continue // the region is missing from an old division table, or too few officers
		}
		c := &cases.Case{AgencyCode: a.Code, RegionCode: a.RegionCode, MatterCode: l.matter(a, st.matter), Procedure: "general",
			Title: st.title, Party: st.party(l, a)}
		if c.MatterCode == "" {
			continue
		}
		if c.Title == "" { // the act the matter punishes: 对……的行政处罚 → ……
			for _, m := range p.matters {
				if m.Code == c.MatterCode {
					c.Title = strings.TrimSuffix(strings.TrimPrefix(m.Name, "对"), "的行政处罚")
				}
			}
		}
		c.Facts = cases.Facts{ActDate: "", FirstOffense: &yes, Harm: "slight", Corrected: &no, Description: st.desc}
		if st.facts != nil {
			st.facts(&c.Facts)
		}
		evs := st.events(l, a, team)
		c.Facts.ActDate = l.actDate(evs)
		var id int64
		if st.zfjd {
			id, err = l.handle(a, c, evs, team, !st.noAV)
		} else {
			id, err = l.push(a, c, evs)
		}
		if err != nil {
			return n, published, failed("案件"+st.title, err)
		}
		n++
		if st.decided {
			for _, e := range evs {
				if e.Type == "decided" {
					by := &auth.Principal{Name: "演示数据", Username: "demo", Role: auth.RoleIntegration, Region: a.RegionCode, Agency: a.Code}
					if st.zfjd {
						by = l.head(a, team)
					}
					toNumber = append(toNumber, numbered{id, e.At, by})
				}
			}
		}
	}
	// Number the decisions in the order they were made, as the agencies
	// would have (济市监罚〔2026〕1号, 2号 …), each with its 信用修复告知书.
	slices.SortStableFunc(toNumber, func(a, b numbered) int { return strings.Compare(a.decided, b.decided) })
	for _, x := range toNumber {
		if _, err := docs.Issue(ctx, svc, x.by, x.id, "decision", nil); err != nil {
			return n, published, fmt.Errorf("demo: 案件%d的处罚决定书：%w", x.id, err)
		}
	}
	err = db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases WHERE published_on <> '' AND withdrawn_on = ''`).Scan(&published)
	return n, published, err
}

// actDate puts the act ten days before the first event.
func (l *caseLoader) actDate(evs []cases.Event) string {
	first := ""
	for _, e := range evs {
		if first == "" || e.At[:10] < first {
			first = e.At[:10]
		}
	}
	t, _ := time.ParseInLocation(time.DateOnly, first, clock.Shanghai)
	return day(t.AddDate(0, 0, -10))
}

// expiredTeam finds an enforcement agency with an officer whose certificate
// expired 60 to 1000 days ago and a valid colleague: the pair of the
// CERTIFICATE_INVALID story.
func (l *caseLoader) expiredTeam() (*registry.Agency, []string) {
	for _, a := range l.p.agencies {
		if a.Kind != "enforcement" || a.SubjectType == "entrusted" {
			continue
		}
		valid := l.officersOf(a, "")
		if len(valid) == 0 || l.matter(a, "") == "" {
			continue
		}
		for _, op := range l.p.officers {
			o := op.o
			if o.AgencyCode == a.Code && op.status == "" && o.CertValidTo < l.at(60) && o.CertValidTo > l.at(1000) {
				return a, []string{valid[0], o.CertNo}
			}
		}
	}
	return nil, nil
}

// push sends a case as its agency's case system does (PUT /api/v1/cases).
func (l *caseLoader) push(a *registry.Agency, c *cases.Case, evs []cases.Event) (int64, error) {
	src := sourceSystems[a.Domain]
	if src.code == "" {
		src.code, src.name = "other", "业务系统"
	}
	l.counts[src.code]++
	year := l.today.Year()
	c.SourceSystem = src.code
	c.SourceID = fmt.Sprintf("%s-%d-%04d", strings.ToUpper(src.code[:2]), year, 100+l.counts[src.code]*17)
	c.Events = evs
	feed := &auth.Principal{Name: src.name, Role: auth.RoleIntegration, Region: "370100"}
	_, out, err := l.svc.Put(l.ctx, feed, c)
	if err != nil {
		return 0, err
	}
	l.ids = append(l.ids, out.ID)
	return out.ID, nil
}

// head is the agency head who files and decides: the demo head's own
// officer, never one of the investigators.
func (l *caseLoader) head(a *registry.Agency, team []string) *auth.Principal {
	headCert := l.account(a, "head")
	if headCert == "" || slices.Contains(team, headCert) {
		headCert = l.other(a, "", append(slices.Clone(team), l.reviewer(a, team)))
	}
	name := headCert
	for _, op := range l.p.officers {
		if op.o.CertNo == headCert {
			name = op.o.Name
		}
	}
	return &auth.Principal{Name: name, Username: "head", Role: auth.RoleHead, Region: a.RegionCode, Agency: a.Code, CertNo: headCert}
}

// handle runs a case through zfjd's own acts, one event at a time, by the
// roles the law separates (办、审、定分离): officers register, investigate,
// notify and serve; a legal reviewer reviews; the head files and decides.
func (l *caseLoader) handle(a *registry.Agency, c *cases.Case, evs []cases.Event, team []string, withAV bool) (int64, error) {
	name := func(cert string) string {
		for _, op := range l.p.officers {
			if op.o.CertNo == cert {
				return op.o.Name
			}
		}
		return cert
	}
	officer := &auth.Principal{Name: name(team[0]), Role: auth.RoleOfficer, Region: a.RegionCode, Agency: a.Code, CertNo: team[0]}
	head := l.head(a, team)
	slices.SortStableFunc(evs, func(x, y cases.Event) int { return strings.Compare(x.At, y.At) })
	first := cases.Event{At: l.at(0), Officers: team, Note: "日常检查发现"}
	if len(evs) > 0 {
		first.At = evs[0].At
	}
	out, err := l.svc.Create(l.ctx, officer, c, first, nil)
	if err != nil {
		return 0, err
	}
	for _, e := range evs {
		// Whoever the workflow gives the act to records it, in his own name.
		who := officer
		cur, err := l.svc.Get(l.ctx, officer, out.ID)
		if err != nil {
			return 0, err
		}
		if act, ok := cases.Workflow.Act(e.Type); ok {
			roles := act.RolesOf(cases.StateOf(cur))
			switch {
			case e.Type == "legal_review":
				who = &auth.Principal{Name: name(e.Reviewer), Role: auth.RoleReviewer, Region: c.RegionCode, Agency: c.AgencyCode, CertNo: e.Reviewer}
			case !slices.Contains(roles, auth.RoleOfficer) && slices.Contains(roles, auth.RoleHead):
				who = head
			}
		}
		if _, err := l.svc.Append(l.ctx, who, out.ID, e); err != nil {
			return 0, fmt.Errorf("%s: %w", cases.EventLabel(e.Type), err)
		}
	}
	if withAV {
		cur, err := l.svc.Get(l.ctx, officer, out.ID)
		if err == nil {
			err = l.recordActs(officer, cur)
		}
		if err != nil {
			return 0, fmt.Errorf("音像记录: %w", err)
		}
	}
	l.ids = append(l.ids, out.ID)
	return out.ID, nil
}
