package complaint

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// About is whom a complaint is about, as the QR code that opened the form
// names it: an agency (its poster) or an officer (the certificate page).
type About struct {
	AgencyCode, AgencyName, RegionCode, RegionName string
	OfficerCert, OfficerName                       string
}

// Lookup resolves the agency code or certificate number of a QR link;
// unknown ones give an empty About (the form then asks).
func Lookup(ctx context.Context, q store.Querier, agency, cert string) (*About, error) {
	a := &About{}
	cert = strings.TrimSpace(cert)
	if cert != "" {
		err := q.QueryRowContext(ctx, `SELECT o.cert_no, o.name, o.agency_code FROM officers o WHERE o.cert_no = $1`, cert).
			Scan(&a.OfficerCert, &a.OfficerName, &agency)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, err
		}
	}
	agency = ident.NormalizeUSCC(strings.TrimSpace(agency))
	if agency == "" {
		return a, nil
	}
	err := q.QueryRowContext(ctx, `SELECT a.code, a.name, a.region_code, COALESCE(r.name, '') FROM agencies a
		LEFT JOIN regions r ON r.code = a.region_code WHERE a.code = $1 AND a.kind <> 'supervision'`, agency).
		Scan(&a.AgencyCode, &a.AgencyName, &a.RegionCode, &a.RegionName)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil
	}
	return a, err
}

// Regions are the regions the platform has agencies in, for the form's
// choice of where it happened.
func Regions(ctx context.Context, q store.Querier) ([]registry.Option, error) {
	return options(ctx, q, `SELECT r.code, r.name FROM regions r WHERE EXISTS
		(SELECT 1 FROM agencies a WHERE a.region_code = r.code) ORDER BY r.code LIMIT 500`)
}

// Agencies are the enforcement agencies of region's subtree and of the
// levels above it, for the forward, clue and observation forms.
func Agencies(ctx context.Context, q store.Querier, region string) ([]registry.Option, error) {
	w := &store.Where{}
	w.Add("kind <> 'supervision'")
	if prefix := ident.RegionPrefix(region); prefix != "" && ident.ValidateRegionCode(region) == nil {
		w.Add("(region_code >= ? AND region_code < ?) OR region_code = ? OR region_code = ?", prefix, ident.PrefixEnd(prefix),
			ancestorAt(region, 4), ancestorAt(region, 2))
	}
	return options(ctx, q, `SELECT code, name FROM agencies`+w.SQL()+` ORDER BY region_code, name LIMIT 500`, w.Args...)
}

// options reads (value, label) rows.
func options(ctx context.Context, q store.Querier, query string, args ...any) ([]registry.Option, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []registry.Option
	for rows.Next() {
		var o registry.Option
		if err := rows.Scan(&o.Value, &o.Label); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// ancestorAt is the 6-digit code of region's level with n leading digits (4: city, 2: province).
func ancestorAt(region string, n int) string {
	if len(region) < 6 {
		return region
	}
	return region[:n] + strings.Repeat("0", 6-n)
}
