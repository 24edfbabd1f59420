package coordination

import (
	"context"
	"slices"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// OverlapInspection is one inspection of an overlapping party in the
// window (多头检查: several agencies visiting one enterprise).
type OverlapInspection struct {
	ID                           int64
	Agency, AgencyName, VisitDay string
	Matter, MatterName, Status   string
	Joint                        bool // 综合查一次 with other agencies (counted once)
}

// regionRange is the range scan of region's subtree ("" = all).
func regionRange(region string) (string, string) {
	if prefix := ident.RegionPrefix(region); prefix != "" {
		return prefix, ident.PrefixEnd(prefix)
	}
	return "", "~"
}

// overlapInspections reads the inspections of o's party in the region and
// window (the index inspections_enterprise, one party at a time) and adds
// their agencies to o's. Inspections are read, never written.
func overlapInspections(ctx context.Context, db *store.DB, f *OverlapFilter, o *Overlap) error {
	lo, hi := regionRange(f.Region)
	rows, err := db.R.QueryContext(ctx, `SELECT i.id, i.agency_code, COALESCE(a.name, i.agency_code), i.visit_day, i.matter_code,
		COALESCE(m.name, i.matter_code), i.status, i.joint_agencies, i.enterprise_name
		FROM inspections i LEFT JOIN agencies a ON a.code = i.agency_code LEFT JOIN matters m ON m.code = i.matter_code
		WHERE i.enterprise_id = $1 AND i.visit_day >= $2 AND i.visit_day <= $3 AND i.region_code >= $4 AND i.region_code < $5
		ORDER BY i.visit_day, i.id LIMIT 200`, o.partyID, f.From, f.To, lo, hi)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var x OverlapInspection
		var joint, name string
		if err := rows.Scan(&x.ID, &x.Agency, &x.AgencyName, &x.VisitDay, &x.Matter, &x.MatterName, &x.Status, &joint, &name); err != nil {
			return err
		}
		x.Joint = joint != "" && joint != "[]"
		o.Inspected = append(o.Inspected, x)
		if !slices.ContainsFunc(o.Agencies, func(a OverlapAgency) bool { return a.Code == x.Agency }) {
			o.Agencies = append(o.Agencies, OverlapAgency{x.Agency, x.AgencyName})
		}
		if o.PartyName == "" {
			o.PartyName, o.PartyKind = name, "org"
		}
		if o.First == "" || x.VisitDay < o.First {
			o.First = x.VisitDay
		}
		if x.VisitDay > o.Last {
			o.Last = x.VisitDay
		}
	}
	if o.PartyID == "" {
		o.PartyID = o.partyID
		if o.PartyKind == "person" {
			o.PartyID = registry.MaskIDNumber(o.partyID)
		}
	}
	return rows.Err()
}
