package demo

import (
	"context"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// demoEnterprise is the enterprise the demo inspections visit.
var demoEnterprise = inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: "91370102MA3C5R2K0M"}

// loadInspections pushes two 涉企检查 of one agency's inspection matter to
// one enterprise on one day, as the agency's own system would: the first
// approved, reported, visited, concluded and left (closed); the second,
// the same afternoon, over the daily cap (INSPECTION_FREQUENCY). It
// returns how many were written.
func loadInspections(ctx context.Context, db *store.DB, p *plan, today time.Time) (int, error) {
	var m *registry.Matter
	var a *registry.Agency
	var certs []string
	day := today.AddDate(0, 0, -3).Format("2006-01-02")
	for _, mm := range p.matters {
		if mm.Kind != "inspection" || len(mm.AgencyCodes) == 0 {
			continue
		}
		certs = certs[:0]
		for _, op := range p.officers {
			if op.o.AgencyCode == mm.AgencyCodes[0] && op.status == "" && op.o.CertValidFrom < day && op.o.CertValidTo > day {
				certs = append(certs, op.o.CertNo)
			}
		}
		if len(certs) >= 2 {
			m = mm
			break
		}
	}
	if m == nil {
		return 0, nil
	}
	for _, ag := range p.agencies {
		if ag.Code == m.AgencyCodes[0] {
			a = ag
		}
	}
	if a == nil {
		return 0, nil
	}
	svc := inspection.NewService(db, calendar.RulesCalendar)
	feed := &auth.Principal{Name: a.Name + "检查系统", Username: "demo", Role: auth.RoleIntegration, Region: a.RegionCode}
	no := false
	visits := []*inspection.Inspection{
		{SourceID: "DEMO-1", Events: []inspection.Event{
			{Type: inspection.EvApproved, At: day, Actor: "分管负责人"}, {Type: inspection.EvReported, At: day},
			{Type: inspection.EvCheckedIn, At: day + "T09:30:00+08:00", Officers: certs[:2]},
			{Type: inspection.EvResult, At: day + "T10:30:00+08:00", ProblemFound: &no, Summary: "未发现问题"},
			{Type: inspection.EvCheckedOut, At: day + "T10:40:00+08:00"}}},
		{SourceID: "DEMO-2", Events: []inspection.Event{
			{Type: inspection.EvApproved, At: day, Actor: "分管负责人"}, {Type: inspection.EvReported, At: day},
			{Type: inspection.EvCheckedIn, At: day + "T15:00:00+08:00", Officers: certs[:2]}}},
	}
	n := 0
	for _, in := range visits {
		in.SourceSystem, in.AgencyCode, in.RegionCode, in.MatterCode, in.Kind, in.Enterprise =
			"demo-insp", a.Code, a.RegionCode, m.Code, "routine", demoEnterprise
		if _, _, err := svc.Put(ctx, feed, in); err != nil {
			return n, failed("涉企检查"+in.SourceID, err)
		}
		n++
	}
	return n, nil
}
