package registry

import (
	"context"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// OfficerFilter narrows ListOfficers.
type OfficerFilter struct {
	Q             string // name or certificate number
	Agency        string
	Domain        string
	State         string // valid, suspended, revoked, cancelled, expired, pending
	Qualification string
	Region        string
	Sort          string // cert_no, name, valid_to, -valid_to, agency, state
	Page
}

var officerSorts = map[string]string{
	"": "o.region_code, o.cert_no", "cert_no": "o.cert_no", "name": "o.name", "valid_to": "o.cert_valid_to",
	"-valid_to": "o.cert_valid_to DESC", "agency": "a.name, o.cert_no", "state": "o.cert_status DESC, o.cert_valid_to",
}

// ListOfficers lists officers inside p's scope.
func ListOfficers(ctx context.Context, db *store.DB, p *auth.Principal, f *OfficerFilter) ([]*Officer, error) {
	var w store.Where
	auth.FilterOfficers(p, &w, "o.region_code", "o.agency_code")
	return listOfficers(ctx, db, p, &w, f)
}

// ListPublicOfficers lists officers whose certificate is valid today, for
// the 公示 page (三项制度: name, certificate number, agency, domain).
func ListPublicOfficers(ctx context.Context, db *store.DB, f *OfficerFilter) ([]*Officer, error) {
	var w store.Where
	f.State = "valid"
	return listOfficers(ctx, db, nil, &w, f)
}

// listOfficers reads a page of officers for viewer (nil: the public), with
// the personal data masked as viewer must see it.
func listOfficers(ctx context.Context, db *store.DB, viewer *auth.Principal, w *store.Where, f *OfficerFilter) ([]*Officer, error) {
	f.Normalize()
	if f.Q = store.SearchTerm(f.Q); f.Q != "" {
		w.Add("(o.name LIKE ? ESCAPE '\\' OR o.cert_no = ?)", store.Like(f.Q), f.Q)
	}
	if f.Agency != "" {
		w.Add("o.agency_code = ?", f.Agency)
	}
	if f.Domain != "" {
		w.Add("o.domain = ?", f.Domain)
	}
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add("o.region_code >= ? AND o.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	today := clock.TodayString(ctx)
	switch f.State {
	case "valid":
		w.Add("o.cert_status = 'valid' AND o.cert_valid_from <= ? AND o.cert_valid_to >= ?", today, today)
	case "expired":
		w.Add("o.cert_status = 'valid' AND o.cert_valid_to < ?", today)
	case "pending":
		w.Add("o.cert_status = 'valid' AND o.cert_valid_from > ?", today)
	case "suspended", "revoked", "cancelled":
		w.Add("o.cert_status = ?", f.State)
	}
	switch f.Qualification {
	case "hearing_host", "legal_review", "supervision":
		w.Add("o." + f.Qualification + " = 1")
	}
	order, ok := officerSorts[f.Sort]
	if !ok {
		order = officerSorts[""]
	}
	if !strings.HasSuffix(order, "o.cert_no") {
		order += ", o.cert_no" // a total order, so pages never overlap
	}
	// The filters touch officers only, so the count needs no join.
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM officers o`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+officerCols+officerFrom+w.SQL()+` ORDER BY `+order+` LIMIT `+
		w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Officer
	for rows.Next() {
		o, err := scanOfficer(rows, today)
		if err != nil {
			return nil, err
		}
		o.maskFor(viewer)
		out = append(out, o)
	}
	return out, rows.Err()
}

// CountOfficersByState counts the officers in p's scope per certificate
// state (the keys of CertStates) in one pass.
func CountOfficersByState(ctx context.Context, db *store.DB, p *auth.Principal) (map[string]int, error) {
	by, _, err := CountOfficerCerts(ctx, db, p, "")
	return by, err
}

// CountOfficerCerts is CountOfficersByState and, in the same pass, how
// many of the valid certificates end on or before until (none when until
// is ""): the statistics page's 即将过期.
func CountOfficerCerts(ctx context.Context, db *store.DB, p *auth.Principal, until string) (byState map[string]int, expiring int, err error) {
	var w store.Where
	auth.FilterOfficers(p, &w, "o.region_code", "o.agency_code")
	today := clock.TodayString(ctx)
	state := `CASE WHEN o.cert_status <> 'valid' THEN o.cert_status WHEN o.cert_valid_to < ` + w.Arg(today) +
		` THEN 'expired' WHEN o.cert_valid_from > ` + w.Arg(today) + ` THEN 'pending' ELSE 'valid' END`
	ending := "0"
	if until != "" {
		ending = `COALESCE(SUM(CASE WHEN o.cert_valid_to <= ` + w.Arg(until) + ` THEN 1 ELSE 0 END), 0)`
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+state+`, COUNT(*), `+ending+` FROM officers o`+w.SQL()+` GROUP BY 1`, w.Args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	byState = map[string]int{}
	for rows.Next() {
		var st string
		var n, end int
		if err := rows.Scan(&st, &n, &end); err != nil {
			return nil, 0, err
		}
		byState[st] = n
		if st == "valid" {
			expiring = end
		}
	}
	return byState, expiring, rows.Err()
}
