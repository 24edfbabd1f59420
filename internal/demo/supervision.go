package demo

import (
	"context"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
)

// loadSupervision opens one 行政执法监督 case of 历下区司法局 on an
// enforcement subject of the district, from a complaint: 受理, 立案, a
// 约谈 by two supervisors and a 监督意见书 delivered, all on the day of
// loading (an act may not precede the opening), awaiting the
// agency's correction. It returns how many cases were opened.
func loadSupervision(ctx context.Context, db *store.DB, p *plan, today time.Time) (int, error) {
	agency := ""
	for _, a := range p.agencies {
		if a.RegionCode == "370102" && a.Kind == "enforcement" {
			agency = a.Code
			break
		}
	}
	if agency == "" {
		return 0, nil
	}
	at := func(n int) string { return today.AddDate(0, 0, -n).Format("2006-01-02") }
	svc := supervision.NewService(db)
	sup := &auth.Principal{Name: "历下区司法局监督科", Username: "demo", Role: auth.RoleSupervisor, Region: "370102"}
	c, err := svc.Open(ctx, sup, supervision.Opening{RegionCode: "370102", AgencyCode: agency, Source: "complaint",
		SourceRef: "演示投诉", Summary: "群众反映对同一违法行为两次罚款"})
	if err != nil {
		return 0, failed("执法监督案件", err)
	}
	for _, in := range []supervision.ActInput{
		{Action: "file", At: at(0)},
		{Action: "measure", At: at(0), Note: "约谈执法机关负责人", Measure: "talk", Supervisors: []string{"李明", "王芳"}},
		{Action: "opinion", At: at(0), Note: "对同一违法行为重复罚款，应撤销第二次处罚决定", DeliveredOn: at(0)},
	} {
		if _, err := svc.Act(ctx, sup, c.ID, in); err != nil {
			return 1, failed("执法监督案件的"+in.Action, err)
		}
	}
	return 1, nil
}
