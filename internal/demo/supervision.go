package demo

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"zfjd/internal/apperr"
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
	if err := loadSupervisionCerts(ctx, db, today); err != nil {
		return 0, err
	}
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
	// The complaint it was opened from (loadComplaints's 重复罚款 one), so
	// the complaint's page lists this case and this case names it.
	var ref string
	err := db.R.QueryRowContext(ctx, `SELECT tracking_code FROM complaints WHERE region_code = $1 AND category = $2 ORDER BY id LIMIT 1`,
		"370102", "arbitrary_fine").Scan(&ref)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil // no demo complaint in the district
	}
	if err != nil {
		return 0, failed("执法监督案件的来源投诉", err)
	}
	c, err := svc.Open(ctx, sup, supervision.Opening{RegionCode: "370102", AgencyCode: agency, Source: "complaint",
		SourceRef: ref, Summary: "群众反映对同一违法行为两次罚款"})
	if err != nil {
		return 0, failed("执法监督案件", err)
	}
	for _, in := range []supervision.ActInput{
		{Action: "file", At: at(0)},
		{Action: "measure", At: at(0), Note: "约谈执法机关负责人", Measure: "talk", Supervisors: []string{"LJ3701020001", "LJ3701020002"}},
		{Action: "opinion", At: at(0), Note: "对同一违法行为重复罚款，应撤销第二次处罚决定", DeliveredOn: at(0)},
	} {
		if _, err := svc.Act(ctx, sup, c.ID, in); err != nil {
			return 1, failed("执法监督案件的"+in.Action, err)
		}
	}
	return 1, nil
}

// loadSupervisionCerts registers the 行政执法监督证 (鲁条例 Art. 22: issued by
// 山东省人民政府) of two staff of 历下区司法局 and two of 济南市司法局, the
// first of each bound to the body's demo account, valid from two years
// before the day of loading for five years.
func loadSupervisionCerts(ctx context.Context, db *store.DB, today time.Time) error {
	svc := supervision.NewService(db)
	admin := &auth.Principal{Name: "演示数据", Username: "demo", Role: auth.RoleAdmin, Region: "370000"}
	from, to := today.AddDate(-2, 0, 0).Format("2006-01-02"), today.AddDate(3, 0, 0).Format("2006-01-02")
	for _, c := range []struct{ no, name, user, region string }{
		{"LJ3701020001", "李明", "lixia", "370102"}, {"LJ3701020002", "王芳", "", "370102"},
		{"LJ3701000001", "张华", "jinan", "370100"}, {"LJ3701000002", "赵磊", "", "370100"},
	} {
		in := supervision.CertInput{CertNo: c.no, HolderName: c.name, Username: c.user, RegionCode: c.region, ValidFrom: from, ValidTo: to}
		_, err := svc.AddCert(ctx, admin, in)
		if apperr.Is(err, apperr.Invalid) && apperr.As(err).Fields["username"] != "" {
			in.Username = "" // the body's demo account is not loaded
			_, err = svc.AddCert(ctx, admin, in)
		}
		if err != nil {
			return failed("行政执法监督证", err)
		}
	}
	return nil
}
