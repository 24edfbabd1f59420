package opendata

import (
	"context"
	"strings"

	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Matter is one 权责清单 entry on the wire: what /public/matters shows, its
// legal basis down to the article and the agencies that hold it.
type Matter struct {
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	Kind           string   `json:"kind"`
	RegionCode     string   `json:"region_code"`
	Domain         string   `json:"domain"`
	LegalBasis     string   `json:"legal_basis"`
	BasisEffective string   `json:"basis_effective"`
	AgencyCodes    []string `json:"agency_codes"`
}

// MatterHeader is the matters CSV's header row: the JSON field names.
var MatterHeader = []string{"code", "name", "kind", "region_code", "domain", "legal_basis", "basis_effective", "agency_codes"}

// CSVRow is m as a CSV row; the agency codes joined by ";".
func (m *Matter) CSVRow() []string {
	return []string{m.Code, m.Name, m.Kind, m.RegionCode, m.Domain, m.LegalBasis, m.BasisEffective, strings.Join(m.AgencyCodes, ";")}
}

// Matters answers one page of the matters f selects (region_code,
// agency_code: a holder, kind), by code.
func Matters(ctx context.Context, db *store.DB, f *RegistryFilter) (*Set[*Matter], error) {
	f.Status = ""
	if err := f.check(registry.MatterKinds, nil); err != nil {
		return nil, err
	}
	w := &store.Where{}
	regionRange(w, "m.region_code", f.Region)
	if f.Kind != "" {
		w.Add("m.kind = ?", f.Kind)
	}
	if f.Agency != "" {
		w.Add("EXISTS (SELECT 1 FROM matter_agencies x WHERE x.matter_id = m.id AND x.agency_code = ?)", f.Agency)
	}
	set := newSet[*Matter](ctx, f)
	if err := stamp(ctx, db, set, "matters", `SELECT COUNT(*) FROM matters m`,
		`SELECT COALESCE(MAX(updated_at), 0) FROM matters`, false, w, f); err != nil {
		return nil, err
	}
	if set.NotModified {
		return set, nil
	}
	rows, err := db.R.QueryContext(ctx, `SELECT m.id, m.code, m.name, m.kind, m.region_code, m.domain, m.legal_basis, m.basis_effective
		FROM matters m`+w.SQL()+` ORDER BY m.code`+limit(w, f), w.Args...)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*Matter{}
	var ids []int64
	for rows.Next() {
		m := &Matter{AgencyCodes: []string{}}
		var id int64
		if err := rows.Scan(&id, &m.Code, &m.Name, &m.Kind, &m.RegionCode, &m.Domain, &m.LegalBasis, &m.BasisEffective); err != nil {
			rows.Close()
			return nil, err
		}
		byID[id] = m
		ids = append(ids, id)
		set.Items = append(set.Items, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return set, err
	}
	return set, holders(ctx, db.R, ids, byID)
}

// holders fills the agency codes of the matters ids, in code order.
func holders(ctx context.Context, q store.Querier, ids []int64, byID map[int64]*Matter) error {
	w := &store.Where{}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = w.Arg(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT matter_id, agency_code FROM matter_agencies WHERE matter_id IN (`+strings.Join(marks, ",")+
		`) ORDER BY matter_id, agency_code`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return err
		}
		byID[id].AgencyCodes = append(byID[id].AgencyCodes, code)
	}
	return rows.Err()
}
