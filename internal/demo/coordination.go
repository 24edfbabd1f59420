package demo

import (
	"context"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/store"
)

// loadCoordination adds the 协调指挥 examples of 济南市司法局: a 职责权限
// dispute between two city agencies opened ex officio (《行政执法监督条例》
// 第十三条: the body coordinates disputes of agencies of its level), both answered and a coordination meeting
// held, awaiting its outcome; a 联合执法 action led by the city's market
// regulator with two tasks, one reported; and a 联席会议 on food safety at
// night markets with 公安、检察院 and 监察 sitting in, its minutes and two
// decisions (议定事项) as follow-up tasks — one reported (closed), one
// open until its deadline (loadMeeting). It returns the disputes, joint
// actions and meetings written.
func loadCoordination(ctx context.Context, db *store.DB, p *plan, today time.Time) (int, error) {
	byName := map[string]string{}
	for _, a := range p.agencies {
		byName[a.Name] = a.Code
	}
	city, cg := byName["济南市市场监督管理局"], byName["济南市城市管理局"]
	lx, zf := byName["济南市历下区市场监督管理局"], byName["济南市历下区综合行政执法局"]
	if city == "" || cg == "" || lx == "" || zf == "" {
		return 0, nil // a jurisdiction without these districts
	}
	day := today.Format("2006-01-02")
	svc := coordination.NewService(db)
	sup := &auth.Principal{Name: "济南市司法局执法监督科", Username: "demo", Role: auth.RoleSupervisor, Region: "370100"}
	as := func(code, region, name string) *auth.Principal {
		return &auth.Principal{Name: name, Username: "demo", Role: auth.RoleAgencyAdmin, Region: region, Agency: code}
	}
	cityAdmin := as(city, "370100", "济南市市场监管局法制处")
	cgAdmin := as(cg, "370100", "济南市城市管理局法制处")
	lxAdmin := as(lx, "370102", "历下区市场监管局法制科")

	d, err := svc.Open(ctx, sup, coordination.Opening{Kind: "competence", Title: "占道经营的流动食品摊贩由谁查处",
		Summary:  "群众多次反映泉城路夜市流动食品摊贩占道经营、无健康证明，市市场监管局和市城市管理局均认为主要职责在对方。",
		Agencies: []string{city, cg}})
	if err != nil {
		return 0, failed("执法争议", err)
	}
	for _, s := range []struct {
		by *auth.Principal
		in coordination.ActInput
	}{
		{cityAdmin, coordination.ActInput{Action: "answer", At: day, Position: "not_ours", Note: "摊贩占用道路经营属市容管理，本局负责其食品安全，不负责占道行为。",
			Evidence: []string{"《中华人民共和国食品安全法》第三十六条"}}},
		{cgAdmin, coordination.ActInput{Action: "answer", At: day, Position: "shared", Note: "占道经营由本局查处，食品安全和健康证明由市场监管部门查处，建议明确分工、联合检查。",
			Evidence: []string{"《城市市容和环境卫生管理条例》第四条"}}},
		{sup, coordination.ActInput{Action: "meeting", At: day, Note: "两局到会陈述意见，同意按占道行为和食品安全分别查处，待形成协调意见。",
			Participants: []string{"济南市司法局", "济南市市场监督管理局", "济南市城市管理局"}}},
	} {
		if _, err := svc.Act(ctx, s.by, d.ID, s.in); err != nil {
			return 1, failed("执法争议的"+s.in.Action, err)
		}
	}

	j, err := svc.OpenJoint(ctx, sup, coordination.JointOpening{Title: "泉城路商圈食品安全和占道经营联合检查",
		Summary: "进一次门、查多项事：市场监管查食品经营，综合执法查占道经营和户外广告，结果互认。",
		Lead:    city, Members: []string{lx, zf}, StartsOn: day, EndsOn: today.AddDate(0, 0, 14).Format("2006-01-02")})
	if err != nil {
		return 1, failed("联合行动", err)
	}
	leader := cityAdmin
	for _, in := range []coordination.JointInput{
		{Action: "task", At: day, Note: "核查商圈内餐饮单位的食品经营许可和从业人员健康证明", Owner: lx, Due: today.AddDate(0, 0, 7).Format("2006-01-02")},
		{Action: "task", At: day, Note: "清理商圈内占道经营和未经许可设置的户外广告", Owner: zf, Due: today.AddDate(0, 0, 10).Format("2006-01-02")},
	} {
		if j, err = svc.ActJoint(ctx, leader, j.ID, in); err != nil {
			return 2, failed("联合行动的"+in.Action, err)
		}
	}
	if _, err := svc.ActJoint(ctx, lxAdmin, j.ID, coordination.JointInput{Action: "report", At: day, Task: taskOf(j, lx),
		Note: "检查餐饮单位12家，2家健康证明过期，已责令改正。"}); err != nil {
		return 2, failed("联合行动的report", err)
	}
	if err := loadMeeting(ctx, svc, sup, cityAdmin, day, []string{city, cg, lx}); err != nil {
		return 2, err
	}
	return 3, nil
}

// loadMeeting convenes the 联席会议 of 济南市司法局 with members (the city's
// market regulator first, its city-management bureau second), records
// its minutes and two decisions: the regulator's, reported; the city
// management bureau's, open.
func loadMeeting(ctx context.Context, svc *coordination.Service, sup, cityAdmin *auth.Principal, day string, members []string) error {
	m, err := svc.OpenMeeting(ctx, sup, coordination.MeetingOpening{Title: "泉城路夜市食品安全与占道经营执法联席会议",
		Agenda: "一、通报夜市流动食品摊贩职责争议的协调情况；二、明确占道经营与食品安全分别查处、联合检查的分工；" +
			"三、涉嫌生产销售有毒有害食品案件的移送和立案监督衔接；四、执法人员履职情况的线索通报。",
		HeldOn: day, Members: members, Outside: []coordination.Outside{{Kind: "police", Name: "济南市公安局食品药品与环境犯罪侦查支队"},
			{Kind: "procuratorate", Name: "济南市人民检察院"}, {Kind: "supervisory_commission", Name: "济南市监察委员会"}}})
	if err != nil {
		return failed("联席会议", err)
	}
	for _, in := range []coordination.MeetingInput{
		{Action: "minutes", At: day, Attended: []string{"济南市司法局", "济南市市场监督管理局", "济南市城市管理局", "济南市历下区市场监督管理局",
			"济南市公安局食品药品与环境犯罪侦查支队", "济南市人民检察院", "济南市监察委员会"},
			Note: "会议由市司法局主持。各单位通报了夜市流动食品摊贩的执法情况；公安机关通报了两起涉嫌销售有毒有害食品的线索；" +
				"检察机关提出对以罚代刑开展立案监督；监察机关要求对不作为、乱作为的线索及时移送。会议议定事项两项，由责任单位按期报告落实情况。"},
		{Action: "decision", At: day, Owner: members[0], DueDays: 5,
			Note: "市市场监管局牵头，对夜市内餐饮摊点开展一次食品安全专项检查，涉嫌犯罪的线索按规定移送公安机关。"},
		{Action: "decision", At: day, Owner: members[1], DueDays: 15,
			Note: "市城市管理局会同各区综合执法部门划定夜市临时经营区域，制定占道经营整治方案并报市司法局。"},
	} {
		if m, err = svc.ActMeeting(ctx, sup, m.ID, in); err != nil {
			return failed("联席会议的"+in.Action, err)
		}
	}
	if _, err := svc.ActMeeting(ctx, cityAdmin, m.ID, coordination.MeetingInput{Action: "report", At: day, Decision: m.Decisions[0].ID,
		Note: "已检查夜市餐饮摊点36家，责令整改5家，移送涉嫌销售有毒有害食品线索1条，公安机关已立案。"}); err != nil {
		return failed("联席会议议定事项的report", err)
	}
	return nil
}

// taskOf is the id of j's first task owned by agency code.
func taskOf(j *coordination.JointAction, code string) int64 {
	for _, t := range j.Tasks {
		if t.Owner == code {
			return t.ID
		}
	}
	return 0
}
