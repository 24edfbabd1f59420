package scale

import (
	"fmt"
	"math/rand/v2"
	"time"

	"zfjd/internal/cases"
	"zfjd/internal/ident"
)

// Fault shares, in per mille of cases: what goes wrong in real case files
// often enough that every deadline rule and the common procedure rules fire
// somewhere in the dataset. About a quarter of the cases carry one.
const (
	pmLateDecision   = 30 // decided after the 90 days (DECISION_OVERDUE)
	pmStalled        = 20 // never decided (DECISION_OVERDUE once 90 days pass)
	pmNoDelivery     = 30 // decided, never delivered (DELIVERY_OVERDUE)
	pmLateDelivery   = 20
	pmNoPublication  = 40 // PUBLICITY_OVERDUE
	pmLatePublish    = 30
	pmUnpaid         = 30 // PAYMENT_OVERDUE
	pmOneOfficer     = 20 // OFFICERS_INSUFFICIENT
	pmNoReview       = 15 // LEGAL_REVIEW_MISSING
	pmFineOut        = 15 // FINE_OUT_OF_RANGE
	pmBadCertificate = 10 // CERTIFICATE_INVALID
	pmSeizure        = 30 // a seizure, a sixth of them kept too long (SEIZURE_OVERDUE)
	pmHearing        = 40 // hearing requested and held
	pmOverThreshold  = 3  // case amount above the matter's criminal threshold, not transferred (TRANSFER_MISSING)
	pmSummary        = 300
)

// SourceSystem is the source of the generated cases (a province's
// vertical case system pushing through exchange v1).
const SourceSystem = "sd-zfba"

type caseGen struct {
	rng   *rand.Rand
	w     *World
	today time.Time
	c     *cases.Case
	a     *Agency
	start string // the case's first day: officers must hold a certificate from then on
}

func (g *caseGen) pm(n int) bool { return g.rng.IntN(1000) < n }

func (g *caseGen) day(t time.Time) string { return t.Format("2006-01-02") }

// officerPair picks two different valid officers of the agency (one when
// the agency has only one; an invalid one for the certificate fault).
func (g *caseGen) officers(n int, bad bool) []string {
	ids := g.a.Officers
	var out []string
	seen := map[int]bool{}
	for tries := 0; len(out) < n && tries < 50; tries++ {
		i := ids[g.rng.IntN(len(ids))]
		o := g.w.Officers[i]
		if seen[i] || (o.Status != "valid" || o.To < g.day(g.today) || o.From > g.start) != bad {
			continue
		}
		seen[i] = true
		out = append(out, o.Cert)
		bad = false // only the first one is the bad one
	}
	if len(out) == 0 {
		out = append(out, g.w.Officers[ids[0]].Cert)
	}
	return out
}

func (g *caseGen) party() cases.Party {
	county := g.a.Region[:6]
	if g.rng.IntN(5) < 3 {
		body := fmt.Sprintf("MA%06X", g.rng.IntN(0xFFFFFF))
		code, err := ident.MakeUSCC('9', '1', county, body)
		if err != nil {
			panic(err)
		}
		name := companyWords[g.rng.IntN(len(companyWords))] + companyWords[g.rng.IntN(len(companyWords))] + companyTrades[g.rng.IntN(len(companyTrades))]
		return cases.Party{Kind: "org", Name: name, IDNumber: code}
	}
	birth := time.Date(1960+g.rng.IntN(44), time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
	name := surnames[g.rng.IntN(len(surnames))] + string(givenChars[g.rng.IntN(len(givenChars))])
	if g.rng.IntN(2) == 0 {
		name += string(givenChars[g.rng.IntN(len(givenChars))])
	}
	return cases.Party{Kind: "person", Name: name, IDNumber: ident.MakeIDCard(county, birth, fmt.Sprintf("%03d", g.rng.IntN(1000)))}
}

// add appends an event unless it lies after today (the case is still
// under way); it reports whether it was added.
func (g *caseGen) add(e cases.Event, on time.Time) bool {
	if on.After(g.today) {
		return false
	}
	e.At = g.day(on)
	g.c.Events = append(g.c.Events, e)
	return true
}

func yes() *bool { t := true; return &t }
func no() *bool  { f := false; return &f }

// genCase builds case number i: a pure function of (seed, i, world, today).
func genCase(seed uint64, i int, w *World, today time.Time) *cases.Case {
	g := &caseGen{rng: rand.New(rand.NewPCG(seed, uint64(i)+1)), w: w, today: today}
	g.a = w.pickAgency(g.rng)
	ms := w.byDomain[g.a.Domain]
	m := w.Matters[ms[g.rng.IntN(len(ms))]]
	region := g.a.Region
	if len(region) == 6 && g.a.Level == 3 {
		region = g.a.Region
	} else if g.a.Level < 3 && len(w.Counties) > 0 {
		// a city's or the province's body acts somewhere in its region
		var in []Region
		for _, c := range w.Counties {
			if ident.Contains(g.a.Region, c.Code) {
				in = append(in, c)
			}
		}
		if len(in) > 0 {
			region = in[g.rng.IntN(len(in))].Code
		}
	}
	g.c = &cases.Case{SourceSystem: SourceSystem, SourceID: fmt.Sprintf("%s-%09d", region[:4], i+1), Title: m.Name,
		AgencyCode: g.a.Code, RegionCode: region, MatterCode: m.Code, Party: g.party(), Events: make([]cases.Event, 0, 12)}
	start := today.AddDate(0, 0, -g.rng.IntN(730))
	g.start = g.day(start)
	act := start.AddDate(0, 0, -1-g.rng.IntN(30))
	g.c.Facts = cases.Facts{ActDate: g.day(act), FirstOffense: no(), Harm: "slight", Corrected: yes(), MinorAct: no()}
	if g.pm(pmSummary) {
		g.summary(start)
	} else {
		g.general(start, m)
	}
	return g.c
}

func (g *caseGen) summary(on time.Time) {
	g.c.Procedure = "summary"
	fine := int64(50+g.rng.IntN(151)) * 100
	if g.c.Party.Kind == "org" {
		fine = int64(500+g.rng.IntN(2501)) * 100
	}
	two := g.officers(2, false)
	g.add(cases.Event{Type: "discovered", Officers: two}, on)
	g.add(cases.Event{Type: "decided", Officers: two, Outcome: "penalty", Tier: "lighter",
		Penalties: []cases.Penalty{{Kind: "warning"}, {Kind: "fine", AmountFen: fine}}}, on)
	g.add(cases.Event{Type: "delivered", Officers: two, Method: "direct"}, on)
	if g.pm(900) {
		g.add(cases.Event{Type: "paid", AmountFen: &fine}, on.AddDate(0, 0, g.rng.IntN(10)))
		g.add(cases.Event{Type: "closed", Reason: "executed"}, on.AddDate(0, 0, 10+g.rng.IntN(10)))
	}
}

func (g *caseGen) general(start time.Time, m *Matter) {
	g.c.Procedure = "general"
	at := func(d int) time.Time { return start.AddDate(0, 0, d) }
	inv := g.officers(2, g.pm(pmBadCertificate))
	g.add(cases.Event{Type: "discovered", Officers: inv}, at(0))
	filedDay := 1 + g.rng.IntN(5)
	if !g.add(cases.Event{Type: "filed", Officers: inv}, at(filedDay)) {
		return
	}
	invOfficers := inv
	if g.pm(pmOneOfficer) {
		invOfficers = inv[:1]
	}
	g.add(cases.Event{Type: "investigation", Officers: invOfficers}, at(filedDay+2+g.rng.IntN(10)))
	if g.pm(pmSeizure) {
		s := filedDay + 3
		g.add(cases.Event{Type: "seized", Officers: inv}, at(s))
		keep := 10 + g.rng.IntN(18)
		if g.pm(170) {
			keep = 35 + g.rng.IntN(20)
		}
		g.add(cases.Event{Type: "seizure_released", Officers: inv}, at(s+keep))
	}
	if g.pm(pmStalled) {
		return
	}
	fine := int64(5000+g.rng.IntN(15001)) * 100
	tier := "ordinary"
	switch r := g.rng.IntN(10); {
	case r == 0:
		tier, fine = "lighter", int64(1000+g.rng.IntN(4001))*100
	case r == 1:
		tier, fine = "heavier", int64(20000+g.rng.IntN(30001))*100
	}
	if g.pm(pmFineOut) {
		fine = fine*3 + 100000
	}
	if g.pm(pmOverThreshold) && m.Threshold != nil {
		g.c.Facts.CaseAmountFen = *m.Threshold * 2
	}
	d := filedDay + 40 + g.rng.IntN(40)
	if g.pm(pmLateDecision) {
		d = filedDay + 95 + g.rng.IntN(40)
	}
	reviewed := !g.pm(pmNoReview)
	if !reviewed {
		g.c.Facts.Major = true
	}
	notice := d - 20 - g.rng.IntN(5)
	if !g.add(cases.Event{Type: "notified", Officers: inv, HearingRight: yes()}, at(notice)) {
		return
	}
	if g.pm(pmHearing) {
		g.add(cases.Event{Type: "hearing_requested"}, at(notice+2))
		hAt := at(notice + 14)
		g.add(cases.Event{Type: "hearing_noticed", HearingAt: g.day(hAt)}, at(notice+3))
		host := g.host(inv)
		if !g.add(cases.Event{Type: "hearing_held", Host: host}, hAt) {
			return
		}
		d = max(d, notice+18)
	}
	if reviewed {
		if !g.add(cases.Event{Type: "legal_review", Result: "pass", Reviewer: g.reviewer(inv)}, at(d-2)) {
			return
		}
	}
	pen := []cases.Penalty{{Kind: "fine", AmountFen: fine}}
	if !g.add(cases.Event{Type: "decided", Officers: inv, Outcome: "penalty", Tier: tier, Penalties: pen}, at(d)) {
		return
	}
	if g.pm(pmNoDelivery) {
		return
	}
	dl := d + 1 + g.rng.IntN(4)
	if g.pm(pmLateDelivery) {
		dl = d + 12 + g.rng.IntN(10)
	}
	if !g.add(cases.Event{Type: "delivered", Officers: inv, Method: "post"}, at(dl)) {
		return
	}
	if !g.pm(pmNoPublication) {
		p := dl + 1 + g.rng.IntN(3)
		if g.pm(pmLatePublish) {
			p = d + 30 + g.rng.IntN(20)
		}
		g.add(cases.Event{Type: "published"}, at(p))
	}
	if g.pm(pmUnpaid) {
		return
	}
	g.add(cases.Event{Type: "paid", AmountFen: &fine}, at(dl+3+g.rng.IntN(10)))
	g.add(cases.Event{Type: "closed", Reason: "executed", Officers: inv}, at(dl+20+g.rng.IntN(10)))
}

// reviewer is a legal reviewer of the agency who did not investigate.
func (g *caseGen) reviewer(inv []string) string { return g.pick(g.a.Reviewers, inv) }

func (g *caseGen) host(inv []string) string { return g.pick(g.a.Hosts, inv) }

func (g *caseGen) pick(pool []int, not []string) string {
	for tries := 0; tries < 10 && len(pool) > 0; tries++ {
		c := g.w.Officers[pool[g.rng.IntN(len(pool))]].Cert
		if c != not[0] && (len(not) < 2 || c != not[1]) {
			return c
		}
	}
	// no qualified colleague: someone else of the agency (REVIEWER_UNQUALIFIED fires)
	for _, i := range g.a.Officers {
		if c := g.w.Officers[i].Cert; c != not[0] && (len(not) < 2 || c != not[1]) {
			return c
		}
	}
	return not[0]
}
