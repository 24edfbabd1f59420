package inspection

import (
	"context"
	"slices"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// JointProposal is a 综合查一次 proposal: planned inspections of one
// enterprise by several agencies in one month, to be made as one joint
// visit (one record with its agencies, counted once).
type JointProposal struct {
	EnterpriseID   string
	EnterpriseName string
	Month          string
	Tasks          []JointTask
}

// JointTask is one agency's planned task in a proposal.
type JointTask struct {
	AgencyCode, AgencyName, MatterCode, MatterName string
	RegionCode                                     string // the task's region (where the visit is)
}

// Includes reports whether agency planned a task of the proposal.
func (p *JointProposal) Includes(agency string) bool { return slices.Contains(p.Agencies(), agency) }

// Agencies are the distinct agencies of the proposal, in task order.
func (p *JointProposal) Agencies() []string {
	var out []string
	for _, t := range p.Tasks {
		if !slices.Contains(out, t.AgencyCode) {
			out = append(out, t.AgencyCode)
		}
	}
	return out
}

// JointProposals finds the months from..to (YYYY-MM) in which several
// agencies of region planned to inspect the same enterprise (国办发〔2024〕54号
// “综合查一次”; 上海 “撮合”, 深圳龙华 “进一次门、查多项事”).
func JointProposals(ctx context.Context, q store.Querier, region, from, to string) ([]*JointProposal, error) {
	w := &store.Where{}
	w.Add("t.enterprise_id <> ''")
	if region != "" && ident.ValidateRegionCode(region) == nil {
		prefix := ident.RegionPrefix(region)
		w.Add("t.region_code >= ? AND t.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	w.Add("t.month >= ? AND t.month <= ?", from, to)
	rows, err := q.QueryContext(ctx, `SELECT t.enterprise_id, t.enterprise_name, t.month, t.agency_code, COALESCE(a.name, t.agency_code),
		t.matter_code, COALESCE(m.name, t.matter_code), t.region_code FROM inspection_plan_tasks t LEFT JOIN agencies a ON a.code = t.agency_code
		LEFT JOIN matters m ON m.code = t.matter_code`+w.SQL()+` ORDER BY t.enterprise_id, t.month, t.agency_code, t.id LIMIT 5000`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []*JointProposal
	for rows.Next() {
		var id, name, month string
		var t JointTask
		if err := rows.Scan(&id, &name, &month, &t.AgencyCode, &t.AgencyName, &t.MatterCode, &t.MatterName, &t.RegionCode); err != nil {
			return nil, err
		}
		if n := len(all); n > 0 && all[n-1].EnterpriseID == id && all[n-1].Month == month {
			all[n-1].Tasks = append(all[n-1].Tasks, t)
			continue
		}
		all = append(all, &JointProposal{EnterpriseID: id, EnterpriseName: name, Month: month, Tasks: []JointTask{t}})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(p *JointProposal) bool { return len(p.Agencies()) < 2 }), nil
}
