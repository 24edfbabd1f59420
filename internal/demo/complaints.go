package demo

import (
	"context"
	"fmt"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// complaintStage is how far a demo complaint has been handled.
type complaintStage int

const (
	stageFiled    complaintStage = iota // just received
	stageAccepted                       // 受理
	stageAnswered                       // forwarded, replied by the agency, answered
	stageRated                          // closed and rated by the complainant
)

var demoComplaints = []struct {
	stage    complaintStage
	category string
	desc     string
	place    string
	daysAgo  int
	named    bool
}{
	{stageFiled, "rude", "执法人员在检查时态度粗暴，拒绝说明检查依据。", "历下区泉城路18号", 2, false},
	{stageAccepted, "no_certificate", "执法人员检查时未出示执法证件。", "历下区解放路66号", 5, true},
	{stageAnswered, "arbitrary_fine", "对同一违法行为重复罚款，未出具处罚决定书。", "历下区文化东路9号", 9, true},
	{stageRated, "arbitrary_inspection", "一周内多次到店检查，影响正常经营。", "历下区山大路120号", 12, false},
}

// complaintStep is one handling act and who takes it.
type complaintStep struct {
	by *auth.Principal
	a  complaint.Action
}

// loadComplaints files a few public complaints about an enforcement
// subject of 历下区 and takes them through the handling to different
// stages, as the public, the district's 司法局 and the agency would.
// It returns how many were filed.
func loadComplaints(ctx context.Context, db *store.DB, p *plan, today time.Time) (int, error) {
	var sup, agency *registry.Agency
	for _, a := range p.agencies {
		if a.RegionCode != "370102" {
			continue
		}
		if a.Kind == "supervision" && sup == nil {
			sup = a
		}
		if a.Kind == "enforcement" && agency == nil {
			agency = a
		}
	}
	if sup == nil || agency == nil {
		return 0, nil
	}
	cert := ""
	for _, op := range p.officers {
		if op.o.AgencyCode == agency.Code && op.status == "" {
			cert = op.o.CertNo
			break
		}
	}
	keys, err := complaint.StoredKeys(ctx, db)
	if err != nil {
		return 0, fmt.Errorf("demo: 投诉密钥: %w", err)
	}
	svc := complaint.NewService(db, calendar.RulesCalendar, keys)
	supervisor := &auth.Principal{Name: "监督科", Username: "demo", Role: auth.RoleSupervisor, Region: sup.RegionCode}
	agencyAdmin := &auth.Principal{Name: "法制科", Username: "demo", Role: auth.RoleAgencyAdmin, Region: agency.RegionCode, Agency: agency.Code}
	n := 0
	for i, dc := range demoComplaints {
		ch, err := complaint.NewChallenge(ctx, db)
		if err != nil {
			return n, fmt.Errorf("demo: 投诉: %w", err)
		}
		anon := !dc.named
		f := &complaint.Filing{Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty), Category: dc.category,
			RegionCode: agency.RegionCode, AgencyCode: agency.Code, Description: dc.desc, Place: dc.place,
			HappenedOn: today.AddDate(0, 0, -dc.daysAgo).Format("2006-01-02"), Anonymous: &anon}
		if i%2 == 1 {
			f.OfficerCertNo = cert
		}
		if dc.named {
			f.Contact = &complaint.Contact{Name: "张女士", Phone: fmt.Sprintf("1390531%04d", 1000+i)}
		}
		r, err := svc.File(ctx, nil, f, fmt.Sprintf("192.0.2.%d", 10+i), nil)
		if err != nil {
			return n, failed("投诉", err)
		}
		n++
		var steps []complaintStep
		if dc.stage >= stageAccepted {
			steps = append(steps, complaintStep{supervisor, complaint.Action{Action: "accept"}})
		}
		if dc.stage >= stageAnswered {
			steps = append(steps, []complaintStep{
				{supervisor, complaint.Action{Action: "forward", AgencyCode: agency.Code}},
				{agencyAdmin, complaint.Action{Action: "reply", Note: "经核查，已对相关执法人员批评教育，并规范检查行为。"}},
				{supervisor, complaint.Action{Action: "answer", Note: "经核查，反映情况部分属实，已责令被投诉单位整改。"}},
			}...)
		}
		if dc.stage >= stageRated {
			steps = append(steps, complaintStep{supervisor, complaint.Action{Action: "close"}})
		}
		for _, s := range steps {
			if _, err := svc.Act(ctx, s.by, r.ID, s.a); err != nil {
				return n, failed("投诉"+r.TrackingCode+"的"+s.a.Action, err)
			}
		}
		if dc.stage >= stageRated {
			if _, err := svc.Rate(ctx, r.TrackingCode, r.Secret, 4, "处理及时，态度较好"); err != nil {
				return n, failed("投诉"+r.TrackingCode+"的评价", err)
			}
		}
	}
	return n, nil
}
