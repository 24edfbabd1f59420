package opendata

import (
	"context"

	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Officer is one officer on the wire: the name and certificate the 亮证
// verification page shows and /public/officers lists — no identity
// number, exam, qualification or review data.
type Officer struct {
	Name       string `json:"name"`
	CertNo     string `json:"cert_no"`
	AgencyCode string `json:"agency_code"`
	AgencyName string `json:"agency_name"`
	RegionCode string `json:"region_code"`
	Domain     string `json:"domain"`
	CertStatus string `json:"cert_status"`
	ValidFrom  string `json:"cert_valid_from"`
	ValidTo    string `json:"cert_valid_to"`
}

// OfficerHeader is the officers CSV's header row: the JSON field names.
var OfficerHeader = []string{"name", "cert_no", "agency_code", "agency_name", "region_code", "domain", "cert_status",
	"cert_valid_from", "cert_valid_to"}

// CSVRow is o as a CSV row.
func (o *Officer) CSVRow() []string {
	return []string{o.Name, o.CertNo, o.AgencyCode, o.AgencyName, o.RegionCode, o.Domain, o.CertStatus, o.ValidFrom, o.ValidTo}
}

// Officers answers one page of the officers f selects (region_code,
// agency_code, status: the certificate's state today), by certificate
// number. The columns are named one by one: nothing private is read.
func Officers(ctx context.Context, db *store.DB, f *RegistryFilter) (*Set[*Officer], error) {
	f.Kind = ""
	if err := f.check(nil, registry.CertStates); err != nil {
		return nil, err
	}
	w := &store.Where{}
	regionRange(w, "o.region_code", f.Region)
	if f.Agency != "" {
		w.Add("o.agency_code = ?", f.Agency)
	}
	today := clock.TodayString(ctx)
	switch f.Status {
	case "valid":
		w.Add("o.cert_status = 'valid' AND o.cert_valid_from <= ? AND o.cert_valid_to >= ?", today, today)
	case "expired":
		w.Add("o.cert_status = 'valid' AND o.cert_valid_to < ?", today)
	case "pending":
		w.Add("o.cert_status = 'valid' AND o.cert_valid_from > ?", today)
	case "suspended", "revoked", "cancelled":
		w.Add("o.cert_status = ?", f.Status)
	}
	set := newSet[*Officer](ctx, f)
	if err := stamp(ctx, db, set, "officers", `SELECT COUNT(*) FROM officers o`,
		`SELECT MAX(t) FROM (SELECT COALESCE(MAX(updated_at), 0) AS t FROM officers UNION ALL SELECT COALESCE(MAX(updated_at), 0) FROM agencies) x`,
		true, w, f); err != nil {
		return nil, err
	}
	if set.NotModified {
		return set, nil
	}
	rows, err := db.R.QueryContext(ctx, `SELECT o.name, o.cert_no, o.agency_code, COALESCE(a.name, ''), o.region_code, o.domain,
		o.cert_status, o.cert_valid_from, o.cert_valid_to FROM officers o LEFT JOIN agencies a ON a.code = o.agency_code`+w.SQL()+
		` ORDER BY o.cert_no`+limit(w, f), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		o := &Officer{}
		var status string
		if err := rows.Scan(&o.Name, &o.CertNo, &o.AgencyCode, &o.AgencyName, &o.RegionCode, &o.Domain, &status, &o.ValidFrom, &o.ValidTo); err != nil {
			return nil, err
		}
		o.CertStatus = (&registry.Officer{CertStatus: status, CertValidFrom: o.ValidFrom, CertValidTo: o.ValidTo}).StateOn(today)
		set.Items = append(set.Items, o)
	}
	return set, rows.Err()
}
