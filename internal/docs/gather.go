package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Loading what a document needs: the case, its agency, officers, evidence.

// agencyInfo is the issuing agency.
type agencyInfo struct {
	code, name, region, domain string
}

// caseData is everything a document of one case reads.
type caseData struct {
	c         *cases.Case
	issuer    agencyInfo
	agent     string            // 受委托组织 acting in the issuer's name (处罚法 Art. 20), or ""
	matter    string            // matter name
	basis     string            // matter legal basis
	officers  map[string]string // cert no → name
	evidence  []Evidence
	reviewOrg string            // 行政复议机关
	nos       map[string]string // kind → document number ("" = not numbered)
	statement int               // the issuer's 陈述申辩 period in working days (cases.AgencyRules)

	discretion discretionBasis // what the decision's discretion followed (discretion_basis.go)
}

func gather(ctx context.Context, db *store.DB, c *cases.Case, opt *Options) (*caseData, error) {
	d := &caseData{c: c, officers: map[string]string{}, nos: map[string]string{}}
	var subject, parent string
	err := db.R.QueryRowContext(ctx, `SELECT code, name, region_code, domain, subject_type, parent_code FROM agencies WHERE code = $1`,
		c.AgencyCode).Scan(&d.issuer.code, &d.issuer.name, &d.issuer.region, &d.issuer.domain, &subject, &parent)
	if errors.Is(err, sql.ErrNoRows) {
		d.issuer = agencyInfo{code: c.AgencyCode, name: c.AgencyName, region: c.RegionCode}
	} else if err != nil {
		return nil, err
	}
	// A 受委托组织 acts in the name of the agency that entrusted it
	// (处罚法 Art. 20 第三款), so its documents are that agency's.
	if subject == "entrusted" && parent != "" {
		var p agencyInfo
		err := db.R.QueryRowContext(ctx, `SELECT code, name, region_code, domain FROM agencies WHERE code = $1`, parent).
			Scan(&p.code, &p.name, &p.region, &p.domain)
		if err == nil {
			d.agent, d.issuer = d.issuer.name, p
		} else if !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	err = db.R.QueryRowContext(ctx, `SELECT name, legal_basis FROM matters WHERE code = $1`, c.MatterCode).Scan(&d.matter, &d.basis)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if d.matter == "" {
		d.matter = c.MatterName
	}
	if err := d.loadOfficers(ctx, db.R); err != nil {
		return nil, err
	}
	if err := d.loadDiscretionBasis(ctx, db.R); err != nil {
		return nil, err
	}
	if opt != nil && opt.Evidence != nil {
		d.evidence = opt.Evidence
	} else if d.evidence, err = loadEvidence(ctx, db, c.ID); err != nil {
		return nil, err
	}
	d.reviewOrg = reviewOrgan(ctx, db, d.issuer.region)
	// The notice states the period the rules count (NOTICE_MISSING): the
	// case agency's own, five working days unless it set another.
	rules, err := cases.GetAgencyRules(ctx, db.R, c.AgencyCode)
	if err != nil {
		return nil, err
	}
	d.statement = *rules.StatementDays
	return d, nil
}

func (d *caseData) loadOfficers(ctx context.Context, q store.Querier) error {
	var certs []string
	for _, e := range d.c.Events {
		certs = append(certs, e.Officers...)
		certs = append(certs, e.Host, e.Reviewer)
	}
	w := &store.Where{}
	var ph []string
	for _, s := range certs {
		if s = strings.TrimSpace(s); s != "" && len(ph) < 500 {
			ph = append(ph, w.Arg(s))
		}
	}
	if len(ph) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT cert_no, name FROM officers WHERE cert_no IN (`+strings.Join(ph, ",")+`)`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var no, name string
		if err := rows.Scan(&no, &name); err != nil {
			return err
		}
		d.officers[no] = name
	}
	return rows.Err()
}

// evidenceKinds are the kinds of evidence of 处罚法 Art. 46 as the evidence
// table codes them.
var evidenceKinds = map[string]string{
	"documentary": "书证", "physical": "物证", "audiovisual": "视听资料", "electronic": "电子数据", "witness": "证人证言",
	"party_statement": "当事人的陈述", "expert_opinion": "鉴定意见", "inspection_record": "勘验笔录", "scene_record": "现场笔录",
}

// loadEvidence reads the case's evidence items if the database has an
// evidence table (C5 evidence is optional for documents: without it the
// decision says where the evidence is).
func loadEvidence(ctx context.Context, db *store.DB, caseID int64) ([]Evidence, error) {
	var n int
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'evidence'`
	if db.Dialect == store.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'evidence'`
	}
	if err := db.R.QueryRowContext(ctx, q).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT kind, title, collected_on, note FROM evidence WHERE case_id = $1 ORDER BY collected_on, id`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Evidence
	for rows.Next() {
		var e Evidence
		if err := rows.Scan(&e.Kind, &e.Title, &e.CollectedOn, &e.Note); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// reviewOrgan names the 行政复议机关 of a local department: since the 2023
// revision, the people's government at its level (行政复议法 Art. 24 第一款
// 第（一）项). Vertically led bodies (海关、金融、外汇、税务、国家安全,
// Art. 27) are not among the demo's agencies and would need their superior
// department; a township's department answers to the county.
func reviewOrgan(ctx context.Context, db *store.DB, region string) string {
	path := registry.RegionPath(ctx, db, region)
	var names []string
	for _, r := range path {
		if r.Level >= 2 && r.Level <= 3 {
			names = append(names, r.Name)
		}
	}
	if len(names) == 0 && len(path) > 0 {
		names = []string{path[0].Name}
	}
	if len(names) == 0 {
		return "本级人民政府"
	}
	return strings.Join(names, "") + "人民政府"
}

// first returns the earliest event of type t, or nil.
func (d *caseData) first(t string) *cases.Event {
	var out *cases.Event
	for i := range d.c.Events {
		e := &d.c.Events[i]
		if e.Type == t && (out == nil || e.At < out.At) {
			out = e
		}
	}
	return out
}

// last returns the latest event of type t, or nil.
func (d *caseData) last(t string) *cases.Event {
	var out *cases.Event
	for i := range d.c.Events {
		e := &d.c.Events[i]
		if e.Type == t && (out == nil || e.At >= out.At) {
			out = e
		}
	}
	return out
}

func day(e *cases.Event) string {
	if e == nil || len(e.At) < 10 {
		return ""
	}
	return e.At[:10]
}

// date is the date a document of kind bears.
func (d *caseData) date(kind string) string {
	return day(d.first(KindOf(kind).Event))
}

func yearOf(ctx context.Context, day string) int {
	y := 0
	if len(day) >= 4 {
		fmt.Sscanf(day[:4], "%d", &y)
	}
	if y == 0 {
		y = clock.Today(ctx).Y
	}
	return y
}
