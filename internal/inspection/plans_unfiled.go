package inspection

import (
	"context"
	"strconv"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// UnfiledLimit bounds the agencies Unfiled names (a province has thousands).
const UnfiledLimit = 200

// UnfiledAgency is an enforcement subject holding inspection matters that
// has filed no plan of the year.
type UnfiledAgency struct{ Code, Name, RegionCode string }

// Unfiled are the enforcement subjects of region's subtree holding an
// inspection matter (检查事项清单) with no inspection plan of year filed
// (鲁政办发〔2025〕3号: each files its yearly plan by the end of March), at
// most UnfiledLimit by code, and how many there are in all.
func Unfiled(ctx context.Context, q store.Querier, region string, year int) ([]UnfiledAgency, int, error) {
	w := &store.Where{}
	w.Add("a.kind = 'enforcement'")
	w.Add("EXISTS (SELECT 1 FROM matter_agencies ma JOIN matters m ON m.id = ma.matter_id WHERE ma.agency_code = a.code AND m.kind = 'inspection')")
	w.Add("NOT EXISTS (SELECT 1 FROM inspection_plans p WHERE p.agency_code = a.code AND p.year = ?)", year)
	if region != "" && ident.ValidateRegionCode(region) == nil {
		prefix := ident.RegionPrefix(region)
		w.Add("a.region_code >= ? AND a.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM agencies a`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if total == 0 {
		return nil, 0, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT a.code, a.name, a.region_code FROM agencies a`+w.SQL()+` ORDER BY a.code LIMIT `+strconv.Itoa(UnfiledLimit), w.Args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []UnfiledAgency
	for rows.Next() {
		var a UnfiledAgency
		if err := rows.Scan(&a.Code, &a.Name, &a.RegionCode); err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}
