package opendata

import (
	"context"

	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Agency is one enforcement subject or supervision body on the wire: what
// /public/agencies shows (主体公示).
type Agency struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	Kind        string `json:"kind"`
	SubjectType string `json:"subject_type"`
	RegionCode  string `json:"region_code"`
	RegionName  string `json:"region_name"`
	Domain      string `json:"domain"`
	LegalBasis  string `json:"legal_basis"`
	Status      string `json:"status"`
	AnnouncedOn string `json:"announced_on"`
}

// AgencyHeader is the agencies CSV's header row: the JSON field names.
var AgencyHeader = []string{"code", "name", "kind", "subject_type", "region_code", "region_name", "domain", "legal_basis", "status", "announced_on"}

// CSVRow is a as a CSV row.
func (a *Agency) CSVRow() []string {
	return []string{a.Code, a.Name, a.Kind, a.SubjectType, a.RegionCode, a.RegionName, a.Domain, a.LegalBasis, a.Status, a.AnnouncedOn}
}

// Agencies answers one page of the agencies f selects (region_code, kind,
// status), by region then code.
func Agencies(ctx context.Context, db *store.DB, f *RegistryFilter) (*Set[*Agency], error) {
	f.Agency = ""
	if err := f.check(registry.AgencyKinds, registry.AgencyStatus); err != nil {
		return nil, err
	}
	w := &store.Where{}
	regionRange(w, "a.region_code", f.Region)
	if f.Kind != "" {
		w.Add("a.kind = ?", f.Kind)
	}
	if f.Status != "" {
		w.Add("a.status = ?", f.Status)
	}
	set := newSet[*Agency](ctx, f)
	if err := stamp(ctx, db, set, "agencies", `SELECT COUNT(*) FROM agencies a`,
		`SELECT COALESCE(MAX(updated_at), 0) FROM agencies`, false, w, f); err != nil {
		return nil, err
	}
	if set.NotModified {
		return set, nil
	}
	rows, err := db.R.QueryContext(ctx, `SELECT a.code, a.name, a.kind, a.subject_type, a.region_code, COALESCE(r.name, ''), a.domain,
		a.legal_basis, a.status, a.announced_on FROM agencies a LEFT JOIN regions r ON r.code = a.region_code`+w.SQL()+
		` ORDER BY a.region_code, a.code`+limit(w, f), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a := &Agency{}
		if err := rows.Scan(&a.Code, &a.Name, &a.Kind, &a.SubjectType, &a.RegionCode, &a.RegionName, &a.Domain, &a.LegalBasis,
			&a.Status, &a.AnnouncedOn); err != nil {
			return nil, err
		}
		set.Items = append(set.Items, a)
	}
	return set, rows.Err()
}
