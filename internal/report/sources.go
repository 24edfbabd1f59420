package report

import (
	"context"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/stats"
	"zfjd/internal/store"
)

// sources are the per-agency numbers of the 年报 that are not in the case
// rollup — the certificate register, the inspections and the licence
// decisions — read for every agency of a region with one grouped query
// each (a province has 7,773 enforcement agencies: one query per agency
// and source took minutes), then handed out by fill.
type sources struct {
	certs       map[string]stats.Certs
	inspections map[string]Inspection
	licenses    map[string]License
}

// readSources reads the sources of year in region for every agency, or
// for agency alone when it is set.
func readSources(ctx context.Context, db *store.DB, p *auth.Principal, year int, region, agency string) (*sources, error) {
	s := &sources{}
	var err error
	if s.certs, err = certsByAgency(ctx, db, p, region, agency); err != nil {
		return nil, err
	}
	if s.inspections, err = inspectionsByAgency(ctx, db, year, region, agency); err != nil {
		return nil, err
	}
	if s.licenses, err = licensesByAgency(ctx, db, year, region, agency); err != nil {
		return nil, err
	}
	return s, nil
}

// regionAgency narrows w to region's range and agency (when set).
func regionAgency(w *store.Where, region, agency string) {
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if agency != "" {
		w.Add("agency_code = ?", agency)
	}
}

// certsByAgency is stats.CertsOf(p, region, code) for every agency code
// of region's officers: p's scope moved to region, each agency's officers
// (a principal bound to an agency is narrowed to each line's agency there
// as well, so the grouping drops p.Agency the same way).
func certsByAgency(ctx context.Context, db *store.DB, p *auth.Principal, region, agency string) (map[string]stats.Certs, error) {
	q := *p
	q.Region, q.Agency = region, agency
	w := &store.Where{}
	auth.FilterOfficers(&q, w, "o.region_code", "o.agency_code")
	today := clock.Today(ctx)
	t := today.String()
	valid := "o.cert_status = 'valid' AND o.cert_valid_to >= " + w.Arg(t) + " AND o.cert_valid_from <= " + w.Arg(t)
	expiring := valid + " AND o.cert_valid_to <= " + w.Arg(today.AddDays(stats.CertExpiringDays).String())
	rows, err := db.R.QueryContext(ctx, `SELECT o.agency_code, COUNT(*), COALESCE(SUM(CASE WHEN `+valid+` THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN `+expiring+` THEN 1 ELSE 0 END), 0) FROM officers o`+w.SQL()+` GROUP BY o.agency_code`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]stats.Certs{}
	for rows.Next() {
		var code string
		var c stats.Certs
		if err := rows.Scan(&code, &c.Total, &c.Valid, &c.Expiring); err != nil {
			return nil, err
		}
		out[code] = c
	}
	return out, rows.Err()
}

// inspectionsByAgency is inspections(year, region, code) for every agency
// code of region's inspections checked in during year.
func inspectionsByAgency(ctx context.Context, db *store.DB, year int, region, agency string) (map[string]Inspection, error) {
	w := &store.Where{}
	regionAgency(w, region, agency)
	y := strconv.Itoa(year)
	w.Add("visit_day >= ? AND visit_day <= ?", y+"-01-01", y+"-12-31")
	rows, err := db.R.QueryContext(ctx, `SELECT agency_code, COUNT(*), COALESCE(SUM(CASE WHEN joint_agencies <> '[]' THEN 1 ELSE 0 END), 0),
		COUNT(DISTINCT enterprise_id) FROM inspections`+w.SQL()+` GROUP BY agency_code`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Inspection{}
	for rows.Next() {
		var code string
		var in Inspection
		if err := rows.Scan(&code, &in.Total, &in.Joint, &in.Enterprises); err != nil {
			return nil, err
		}
		out[code] = in
	}
	return out, rows.Err()
}

// licensesByAgency is licenses(year, region, code) for every agency code
// of region's licence decisions (licenses_scope (region_code,
// agency_code)).
func licensesByAgency(ctx context.Context, db *store.DB, year int, region, agency string) (map[string]License, error) {
	w := &store.Where{}
	regionAgency(w, region, agency)
	y := strconv.Itoa(year)
	from, to := w.Arg(y+"-01-01"), w.Arg(y+"-12-31")
	in := func(col string) string {
		return "COALESCE(SUM(CASE WHEN " + col + " >= " + from + " AND " + col + " <= " + to + " THEN 1 ELSE 0 END), 0)"
	}
	rows, err := db.R.QueryContext(ctx, `SELECT agency_code, `+in("applied_on")+`, `+in("accepted_on")+`, `+in("granted_on")+`, `+
		in("refused_on")+`, `+in("revoked_on")+` FROM licenses`+w.SQL()+` GROUP BY agency_code`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]License{}
	for rows.Next() {
		var code string
		var l License
		if err := rows.Scan(&code, &l.Applied, &l.Accepted, &l.Granted, &l.Refused, &l.Revoked); err != nil {
			return nil, err
		}
		out[code] = l
	}
	return out, rows.Err()
}
