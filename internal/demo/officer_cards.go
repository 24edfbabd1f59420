package demo

import (
	"context"
	"fmt"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
)

// loadOfficerCards files one more 不亮证 complaint about an officer of a
// 历下区 enforcement subject and has the district's 司法局 accept it and
// answer it as 属实, which issues the officer's yellow card (红黄牌,
// package officercard; 行政处罚法 Art. 55). It returns filed plus the
// complaints it filed.
func loadOfficerCards(ctx context.Context, db *store.DB, p *plan, today time.Time, filed int) (int, error) {
	region, agency, cert := "", "", ""
	for _, a := range p.agencies {
		if a.RegionCode == "370102" && a.Kind == "supervision" && region == "" {
			region = a.RegionCode
		}
	}
	for _, a := range p.agencies {
		if a.RegionCode == "370102" && a.Kind == "enforcement" {
			agency = a.Code
			break
		}
	}
	for _, op := range p.officers {
		if op.o.AgencyCode == agency && op.status == "" {
			cert = op.o.CertNo
			break
		}
	}
	if region == "" || cert == "" {
		return filed, nil
	}
	keys, err := complaint.StoredKeys(ctx, db)
	if err != nil {
		return filed, fmt.Errorf("demo: 投诉密钥: %w", err)
	}
	svc := complaint.NewService(db, calendar.RulesCalendar, keys)
	ch, err := complaint.NewChallenge(ctx, db)
	if err != nil {
		return filed, fmt.Errorf("demo: 投诉: %w", err)
	}
	anon := true
	r, err := svc.File(ctx, nil, &complaint.Filing{Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty),
		Category: "no_certificate", RegionCode: region, AgencyCode: agency, OfficerCertNo: cert,
		Description: "执法人员到店检查，经要求仍未出示执法证件。", Place: "历下区和平路35号",
		HappenedOn: today.AddDate(0, 0, -6).Format("2006-01-02"), Anonymous: &anon}, "192.0.2.40", nil)
	if err != nil {
		return filed, failed("投诉", err)
	}
	supervisor := &auth.Principal{Name: "监督科", Username: "demo", Role: auth.RoleSupervisor, Region: region}
	for _, a := range []complaint.Action{{Action: "accept"},
		{Action: "answer", Note: "经调阅执法记录仪视频核实，执法人员检查时未主动出示执法证件，情况属实，已责令所在单位批评教育。",
			Verdict: complaint.VerdictTrue}} {
		if _, err := svc.Act(ctx, supervisor, r.ID, a); err != nil {
			return filed + 1, failed("投诉"+r.TrackingCode+"的"+a.Action, err)
		}
	}
	return filed + 1, nil
}
