package report

import (
	"context"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/stats"
	"zfjd/internal/store"
)

// NoDuty is the note a table carries for an agency without such a duty
// (no matter of that kind in its 权责清单): the official layout omits the
// number and says why, where "0" would claim a duty done nothing of.
const NoDuty = "无此项执法职责"

// Duties are the behaviour types of the 年报 whose duty is read from the
// kinds of the matters an agency holds.
var Duties = []struct{ Kind, Label string }{
	{"penalty", "行政处罚"}, {"license", "行政许可"}, {"coercion", "行政强制"}, {"inspection", "行政检查"},
}

// AgencyTables are one agency's lines of the 年报.
type AgencyTables struct {
	Code, Name string
	Duty       map[string]bool // by matter kind
	Penalty    PenaltyTable
	Inspection Inspection
	Certs      stats.Certs
	Notes      map[string]string // the agency's explanations by table (annual_reports.notes_json)
}

// Tables is the 年报 of a year and region: a line per enforcement agency
// of the region and the region's total.
type Tables struct {
	Annual
	RegionName string
	Agencies   []*AgencyTables
	Certs      stats.Certs
}

// GetTables drafts the official tables of year in region from live data.
func GetTables(ctx context.Context, db *store.DB, p *auth.Principal, yearText, region string) (*Tables, error) {
	a, err := GetAnnual(ctx, db, p, yearText, region)
	if err != nil {
		return nil, err
	}
	t := &Tables{Annual: *a}
	if t.RegionName, err = stats.RegionName(ctx, db, a.Region); err != nil {
		return nil, err
	}
	if t.Agencies, err = agencies(ctx, db, a.Region); err != nil {
		return nil, err
	}
	pen, err := penalties(ctx, db, a.Year, a.Region)
	if err != nil {
		return nil, err
	}
	if t.Certs, err = stats.CertsOf(ctx, db, p, a.Region, ""); err != nil {
		return nil, err
	}
	for _, ag := range t.Agencies {
		if pt := pen[ag.Code]; pt != nil {
			ag.Penalty = *pt
			ag.Duty["penalty"] = true // it decided penalties, whatever its list says
		}
		if ag.Certs, err = stats.CertsOf(ctx, db, p, a.Region, ag.Code); err != nil {
			return nil, err
		}
		if InspectionCounter != nil && ag.Duty["inspection"] {
			if ag.Inspection, err = InspectionCounter(ctx, db, a.Year, a.Region, ag.Code); err != nil {
				return nil, err
			}
		}
	}
	return t, nil
}

// agencies are the enforcement agencies of region with their duties.
func agencies(ctx context.Context, db *store.DB, region string) ([]*AgencyTables, error) {
	w := &store.Where{}
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("a.region_code >= ? AND a.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	w.Add("a.kind = 'enforcement'")
	rows, err := db.R.QueryContext(ctx, `SELECT a.code, a.name, COALESCE(m.kind, '') FROM agencies a
		LEFT JOIN matter_agencies ma ON ma.agency_code = a.code LEFT JOIN matters m ON m.id = ma.matter_id`+w.SQL()+`
		GROUP BY a.code, a.name, m.kind ORDER BY a.code`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*AgencyTables
	for rows.Next() {
		var code, name, kind string
		if err := rows.Scan(&code, &name, &kind); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, &AgencyTables{Code: code, Name: name, Duty: map[string]bool{}, Notes: map[string]string{}})
		}
		if kind != "" {
			out[len(out)-1].Duty[kind] = true
		}
	}
	return out, rows.Err()
}

// Cell is a number of a duty's table, or NoDuty.
func (a *AgencyTables) Cell(kind string, n int64) string {
	if !a.Duty[kind] {
		return NoDuty
	}
	return strconv.FormatInt(n, 10)
}

// Deadline is the day the 年报 of year must be published by: 31 January
// of the next year (国办发〔2018〕118号; domain-research §1.11).
func Deadline(year int) string { return strconv.Itoa(year+1) + "-01-31" }
