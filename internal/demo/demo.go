// Package demo fills an empty database with a believable jurisdiction —
// 济南市 with its districts and counties under 山东省 — so that a new
// installation can be tried at once: supervision bodies, enforcement
// subjects (法定、授权、委托), about 300 certified officers in every
// certificate state, about 300 matters of the 权责清单, and one login per
// role. Everything goes through the registry and auth packages as a system
// principal, so the data is validated and audited like any other.
package demo

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// DemoPassword is the password of every demo account.
const DemoPassword = "Zfjd@Demo2026"

// Seed of the generator: the same database content on every run (dates
// are relative to the day of loading, so certificate states stay realistic).
const seed1, seed2 = 2026, 11

// system is who the demo data is recorded as in the audit trail.
var system = &auth.Principal{Name: "演示数据", Role: auth.RoleAdmin, Region: ""}

// Summary says what Load did.
type Summary struct {
	Skipped      bool // the database already had agencies; nothing was written
	Agencies     int  // supervision bodies and enforcement subjects
	Officers     int
	OfficerYears int // yearly training and 年审 records
	Matters      int
	Accounts     int
	Cases        int // penalty cases (C5), Published of them on public display (C7)
	Published    int
	Elapsed      time.Duration
	Supervision  int     // 执法监督 cases with a 监督意见书 (supervision.go)
	Inspections  int     // 涉企检查, one over the daily cap (inspections.go)
	Complaints   int     // complaints filed and handled to different stages (complaints.go)
	Training     string  // 法律培训 and 告知承诺 figures (training.go)
	Logins       []Login // the accounts created, for the server to print
}

// Login is one demo account.
type Login struct {
	Username string
	Password string
	Name     string // display name
	Role     string // role in Chinese
	Scope    string // what the account sees, in Chinese
}

// String renders the summary in Chinese for the console.
func (s *Summary) String() string {
	if s.Skipped {
		return "数据库中已有执法主体数据，未加载演示数据。"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "已加载演示数据（用时%.1f秒）：机关%d个，执法人员%d名（年度记录%d条），权责事项%d项，账号%d个，处罚案件%d件（公示%d件）。\n",
		s.Elapsed.Seconds(), s.Agencies, s.Officers, s.OfficerYears, s.Matters, s.Accounts, s.Cases, s.Published)
	if s.Complaints > 0 {
		fmt.Fprintf(&b, "投诉%d件（已接收、已受理、已答复、已办结并评价）。\n", s.Complaints)
	}
	if s.Inspections > 0 {
		fmt.Fprintf(&b, "涉企检查%d次（含超频次预警一次）。\n", s.Inspections)
	}
	if s.Supervision > 0 {
		fmt.Fprintf(&b, "执法监督案件%d件（已制发监督意见书）。\n", s.Supervision)
	}
	if s.Training != "" {
		b.WriteString(s.Training + "\n")
	}
	if len(s.Logins) > 0 {
		b.WriteString("演示账号（密码均为 " + DemoPassword + "）：\n")
		for _, l := range s.Logins {
			fmt.Fprintf(&b, "  %-10s %s（%s）%s\n", l.Username, l.Role, l.Name, l.Scope)
		}
	}
	return b.String()
}

// plan is everything Load writes, built before any write so that it is
// a pure function of the seed, the day and the known regions.
type plan struct {
	agencies []*registry.Agency
	officers []*officerPlan
	matters  []*registry.Matter
	accounts []accountPlan
}

func buildPlan(today time.Time, regionOK func(string) bool) (*plan, error) {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	agencies, byKey, err := makeAgencies(rng, regionOK)
	if err != nil {
		return nil, err
	}
	specs := map[string]*agencySpec{}
	for _, k := range slices.Sorted(maps.Keys(byKey)) {
		specs[byKey[k].Code] = specOf(k)
	}
	p := &plan{agencies: agencies}
	p.officers = makeOfficers(rng, today, agencies, specs)
	p.matters = makeMatters(rng, agencies)
	p.accounts = makeAccounts(rng, today, byKey, p.officers)
	return p, nil
}

// Load fills a migrated database whose regions are seeded with the demo
// jurisdiction. If any agency exists already it writes nothing and returns
// a summary with Skipped set.
func Load(ctx context.Context, db *store.DB) (*Summary, error) {
	start := time.Now()
	var n int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM agencies`).Scan(&n); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	if n > 0 {
		return &Summary{Skipped: true}, nil
	}
	known := map[string]bool{}
	for _, s := range agencySpecs {
		if _, ok := known[s.region]; ok {
			continue
		}
		_, err := registry.GetRegion(ctx, db.R, s.region)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return nil, fmt.Errorf("demo: %w", err)
		}
		known[s.region] = err == nil
	}
	if !known["370100"] || !known["370000"] {
		return nil, errors.New("demo: 行政区划表中没有山东省或济南市，请先初始化行政区划")
	}
	d := clock.Today(ctx)
	today := time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, clock.Shanghai)
	p, err := buildPlan(today, func(c string) bool { return known[c] })
	if err != nil {
		return nil, err
	}

	sum := &Summary{}
	for _, a := range p.agencies {
		if _, err := registry.PutAgency(ctx, db, system, a); err != nil {
			return nil, failed("机关"+a.Name, err)
		}
		sum.Agencies++
	}
	for _, op := range p.officers {
		o := op.o
		if _, err := registry.PutOfficer(ctx, db, system, &o); err != nil {
			return nil, failed("执法人员"+o.Name, err)
		}
		sum.Officers++
		if op.status != "" {
			if err := registry.SetCertStatus(ctx, db, system, o.CertNo, op.status, op.reason); err != nil {
				return nil, failed("执法证"+o.CertNo, err)
			}
		}
		for _, y := range op.years {
			if err := registry.PutOfficerYear(ctx, db, system, o.CertNo, y); err != nil {
				return nil, failed(fmt.Sprintf("执法证%s的%d年度记录", o.CertNo, y.Year), err)
			}
			sum.OfficerYears++
		}
	}
	for _, m := range p.matters {
		if _, err := registry.PutMatter(ctx, db, system, m); err != nil {
			return nil, failed("事项"+m.Code, err)
		}
		sum.Matters++
	}
	if err := loadDiscretion(ctx, db); err != nil {
		return nil, err
	}
	if err := loadCaseRules(ctx, db, p); err != nil {
		return nil, err
	}
	if sum.Logins, err = createAccounts(ctx, db, p.accounts); err != nil {
		return nil, err
	}
	sum.Accounts = len(sum.Logins)
	if sum.Cases, sum.Published, err = loadCases(ctx, db, p, today); err != nil {
		return nil, err
	}
	tf, err := loadTraining(ctx, db, p)
	if err != nil {
		return nil, err
	}
	sum.Training = tf.String()
	if sum.Complaints, err = loadComplaints(ctx, db, p, today); err != nil {
		return nil, err
	}
	if sum.Complaints, err = loadOfficerCards(ctx, db, p, today, sum.Complaints); err != nil { // officer_cards.go: 红黄牌
		return nil, err
	}
	if sum.Inspections, err = loadInspections(ctx, db, p, today); err != nil {
		return nil, err
	}
	if sum.Supervision, err = loadSupervision(ctx, db, p, today); err != nil {
		return nil, err
	}
	if _, err = loadCoordination(ctx, db, p, today); err != nil {
		return nil, err
	}
	if _, err = loadWarnings(ctx, db, p); err != nil {
		return nil, err
	}
	if err := loadReview(ctx, db, sum); err != nil { // review.go: 案卷评查
		return nil, err
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

// failed wraps a registry error with what was being written and, for
// validation errors, the field messages.
func failed(what string, err error) error {
	var e *apperr.Error
	if errors.As(err, &e) && len(e.Fields) > 0 {
		var fs []string
		for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
			fs = append(fs, k+"："+e.Fields[k])
		}
		return fmt.Errorf("demo: %s: %w（%s）", what, err, strings.Join(fs, "；"))
	}
	return fmt.Errorf("demo: %s: %w", what, err)
}
