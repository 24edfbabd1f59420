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

// NoSource is the note of a number the platform has no source for: the
// exchange (spec/exchange-v1.md) carries no 行政机关自行强制执行, so the
// table says so instead of showing a "0" that would claim nothing
// happened. (Licence decisions come through the exchange's extension,
// package license, and are counted: License.)
const NoSource = "无数据来源（数据交换规范未报送）"

// Duties are the behaviour types of the 年报 whose duty is read from the
// kinds of the matters an agency holds.
var Duties = []struct{ Kind, Label string }{
	{"penalty", "行政处罚"}, {"license", "行政许可"}, {"coercion", "行政强制"}, {"inspection", "行政检查"},
}

// NoteKeys are the tables an agency explains in its report, in order.
var NoteKeys = []struct{ Key, Label string }{
	{"general", "总体说明"}, {"penalty", "行政处罚"}, {"license", "行政许可"}, {"coercion", "行政强制"},
	{"inspection", "行政检查"}, {"certs", "持证率"},
}

// AgencyTables are one agency's lines of the 年报.
type AgencyTables struct {
	Code       string          `json:"agency_code"`
	Name       string          `json:"agency_name"`
	Region     string          `json:"region_code"`
	Duty       map[string]bool `json:"duty"` // by matter kind
	Penalty    PenaltyTable    `json:"penalty"`
	License    License         `json:"license"`
	Coercion   Coercion        `json:"coercion"`
	Inspection Inspection      `json:"inspection"`
	Enterprise int64           `json:"inspected_enterprises"`
	Certs      stats.Certs     `json:"certs"`
}

// Tables is the 年报 of a year and region: a line per enforcement agency
// of the region and the region's total.
type Tables struct {
	Annual
	RegionName string
	Agencies   []*AgencyTables
	License    License
	Coercion   Coercion
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
	if t.Agencies, err = agencies(ctx, db, a.Region, ""); err != nil {
		return nil, err
	}
	byAgency, err := penalties(ctx, db, a.Year, a.Region, "")
	if err != nil {
		return nil, err
	}
	for _, c := range byAgency {
		t.Coercion.Measures += c.Coercion.Measures
		t.Coercion.Enforcement += c.Coercion.Enforcement
	}
	if t.Certs, err = stats.CertsOf(ctx, db, p, a.Region, ""); err != nil {
		return nil, err
	}
	src, err := readSources(ctx, db, p, a.Year, a.Region, "")
	if err != nil {
		return nil, err
	}
	for _, ag := range t.Agencies {
		fill(ag, byAgency[ag.Code], src)
		t.License.add(ag.License)
	}
	return t, nil
}

// fill sets ag's numbers from c (its rollup counts, nil for none) and
// the sources read for its region (the certificate register, the
// inspections and the licence decisions).
func fill(ag *AgencyTables, c *counts, src *sources) {
	if c != nil {
		ag.Penalty, ag.Coercion = c.Penalty, c.Coercion
		if c.Penalty.Total > 0 {
			ag.Duty["penalty"] = true // it decided penalties, whatever its list says
		}
		if c.Coercion != (Coercion{}) {
			ag.Duty["coercion"] = true
		}
	}
	ag.Certs = src.certs[ag.Code]
	ag.Inspection = src.inspections[ag.Code]
	ag.Enterprise = ag.Inspection.Enterprises
	if ag.Inspection.Total > 0 {
		ag.Duty["inspection"] = true
	}
	ag.License = src.licenses[ag.Code]
	if ag.License != (License{}) {
		ag.Duty["license"] = true // it decided on licences, whatever its list says
	}
}

// agencies are the enforcement agencies of region (or agency alone) with
// their duties.
func agencies(ctx context.Context, db *store.DB, region, agency string) ([]*AgencyTables, error) {
	w := &store.Where{}
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add("a.region_code >= ? AND a.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if agency != "" {
		w.Add("a.code = ?", agency)
	}
	w.Add("a.kind = 'enforcement'")
	rows, err := db.R.QueryContext(ctx, `SELECT a.code, a.name, a.region_code, COALESCE(m.kind, '') FROM agencies a
		LEFT JOIN matter_agencies ma ON ma.agency_code = a.code LEFT JOIN matters m ON m.id = ma.matter_id`+w.SQL()+`
		GROUP BY a.code, a.name, a.region_code, m.kind ORDER BY a.code`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*AgencyTables
	for rows.Next() {
		var code, name, reg, kind string
		if err := rows.Scan(&code, &name, &reg, &kind); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].Code != code {
			out = append(out, &AgencyTables{Code: code, Name: name, Region: reg, Duty: map[string]bool{}})
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
