package demo

// 法律培训 and 证明事项告知承诺制 (issue 19): a small question bank of 济南
// whose every question names the law and article it tests, three courses
// and the district agencies' 40-学时 plans (Qinhuangdao: 每年培训时间不少于
// 40学时), study time of a few officers counted through the heartbeat
// service on a stepped clock, one 年检 exam session sat by the officers of
// 历下区 and 市中区 and published (the failed ones' certificates follow the
// default rule), and a catalogue of retained and 告知承诺 items with
// promises verified, found false and still waiting. Everything goes
// through the training and promise services.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/promise"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/training"
)

// TrainingFigures are what loadTraining made, for the console and the note.
type TrainingFigures struct {
	Questions, Studied, Hours, Seats, Sat, Passed, Suspended int
	Mocks, MockWrong                                         int
	Promises, Verified, False, Waiting                       int
}

func (f TrainingFigures) String() string {
	return fmt.Sprintf("法律培训：题库%d道，在线学习%d人共%d学时；模拟考试%d次（错题%d道，均附所考条款）；年检考试安排%d人、参考%d人、合格%d人（合格率%.1f%%），不合格暂扣%d人。"+
		"告知承诺：承诺%d件，核查属实%d件、不实%d件、待核查%d件。", f.Questions, f.Studied, f.Hours, f.Mocks, f.MockWrong, f.Seats, f.Sat, f.Passed,
		training.PassRate(f.Passed, f.Sat), f.Suspended, f.Promises, f.Verified, f.False, f.Waiting)
}

var demoQuestions = []training.Question{
	{Kind: "single", Stem: "违法行为在多长时间内未被发现的，一般不再给予行政处罚？", Options: []string{"一年", "二年", "三年", "五年"}, Answer: "B",
		Law: "中华人民共和国行政处罚法", Article: "第三十六条", Difficulty: 1},
	{Kind: "judge", Stem: "涉及公民生命健康安全且有危害后果的违法行为，追责期限延长至五年。", Answer: "T",
		Law: "中华人民共和国行政处罚法", Article: "第三十六条", Difficulty: 2},
	{Kind: "single", Stem: "对法人处以多少元以下罚款的，可以当场作出行政处罚决定？", Options: []string{"二百元", "一千元", "三千元", "五千元"}, Answer: "C",
		Law: "中华人民共和国行政处罚法", Article: "第五十一条", Difficulty: 2},
	{Kind: "judge", Stem: "执法人员不出示执法证件的，当事人有权拒绝接受调查或者检查。", Answer: "T",
		Law: "中华人民共和国行政处罚法", Article: "第五十五条", Difficulty: 1},
	{Kind: "single", Stem: "行政处罚案件一般应当自立案之日起多少日内作出决定？", Options: []string{"三十日", "六十日", "九十日", "一百八十日"}, Answer: "C",
		Law: "中华人民共和国行政处罚法", Article: "第六十条", Difficulty: 2},
	{Kind: "multi", Stem: "下列拟作出的行政处罚决定，应当告知当事人有要求听证的权利的有：",
		Options: []string{"较大数额罚款", "降低资质等级", "吊销许可证件", "警告"}, Answer: "ABC",
		Law: "中华人民共和国行政处罚法", Article: "第六十三条", Difficulty: 3},
	{Kind: "judge", Stem: "行政处罚应当由具有行政执法资格的执法人员实施，执法人员不得少于两人，法律另有规定的除外。", Answer: "T",
		Law: "中华人民共和国行政处罚法", Article: "第四十二条", Difficulty: 1},
	{Kind: "single", Stem: "查封、扣押的期限一般不得超过：", Options: []string{"十五日", "三十日", "六十日", "九十日"}, Answer: "B",
		Law: "中华人民共和国行政强制法", Article: "第二十五条", Difficulty: 2},
	{Kind: "judge", Stem: "查封、扣押情况复杂的，经行政机关负责人批准可以延长，但延长期限不得超过三十日。", Answer: "T",
		Law: "中华人民共和国行政强制法", Article: "第二十五条", Difficulty: 3},
	{Kind: "judge", Stem: "未经考试合格、未取得行政执法证件的人员，可以在有证人员带领下独立从事行政执法工作。", Answer: "F",
		Law: "山东省行政执法监督条例", Article: "第十条", Difficulty: 1},
	{Kind: "multi", Stem: "执行公务不依法出示合法有效行政执法证件的，所在单位可以作出的处理有：",
		Options: []string{"告诫", "离岗培训", "调离执法岗位", "罚款"}, Answer: "ABC", Law: "山东省行政执法监督条例", Article: "第三十八条", Difficulty: 2},
	{Kind: "judge", Stem: "行政执法监督机构对符合法定条件并通过行政执法资格考试的人员，制发行政执法证件。", Answer: "T",
		Law: "行政执法监督条例", Article: "第十七条", Difficulty: 1},
	{Kind: "single", Stem: "证明事项应当有什么依据？", Options: []string{"部门规范性文件", "法律、法规或者国务院决定", "地方政府会议纪要", "行业惯例"},
		Answer: "B", Law: "优化营商环境条例", Article: "第四十四条", Difficulty: 1},
	{Kind: "judge", Stem: "能够通过书面告知承诺、部门间核查等方式办理的，不得设定证明事项。", Answer: "T",
		Law: "优化营商环境条例", Article: "第四十四条", Difficulty: 2},
}

// loadTraining writes the training and promise demo data (today: the day
// of loading). The exam is sat and published today.
func loadTraining(ctx context.Context, db *store.DB, p *plan) (TrainingFigures, error) {
	var fig TrainingFigures
	rng := rand.New(rand.NewPCG(seed1, 19))
	ts := training.NewService(db)
	for i := range demoQuestions {
		q := demoQuestions[i]
		q.RegionCode = "370100"
		if _, err := ts.PutQuestion(ctx, system, &q); err != nil {
			return fig, failed("试题", err)
		}
		fig.Questions++
	}
	year := clock.Now(ctx).In(clock.Shanghai).Year()
	var courses []*training.Course
	for _, c := range []training.Course{
		{Track: "pre_job", Title: "新上岗执法人员岗前培训：行政处罚程序", Minutes: 90, Body: "一、行政处罚的实施主体与执法资格（行政处罚法第四十二条）\n二、调查取证与出示证件（第五十五条）\n三、简易程序与一般程序（第五十一条、第六十条）"},
		{Track: "rotation", Title: "业务轮训：行政强制措施的期限与程序", Minutes: 45, Body: "一、实施行政强制措施的一般规定（行政强制法第十八条）\n二、查封、扣押的期限（第二十五条）"},
		{Track: "general", Title: "公共法律知识：证明事项告知承诺制", Minutes: 45, Body: "《优化营商环境条例》第四十四条：证明事项应当有法律、法规或者国务院决定依据……"},
	} {
		c.RegionCode, c.Year = "370100", year
		if err := ts.AddCourse(ctx, system, &c); err != nil {
			return fig, failed("课程"+c.Title, err)
		}
		courses = append(courses, &c)
	}
	if err := addMaterials(ctx, ts, courses); err != nil {
		return fig, err
	}
	var agencies []*registry.Agency
	for _, a := range p.agencies {
		if a.Kind == "enforcement" && (a.RegionCode == "370102" || a.RegionCode == "370103") {
			agencies = append(agencies, a)
			if err := ts.PutPlan(ctx, system, &training.Plan{AgencyCode: a.Code, Year: year, Title: strconv.Itoa(year) + "年度执法人员培训计划",
				Track: "rotation", RequiredHours: 40}); err != nil {
				return fig, failed("培训计划", err)
			}
		}
	}
	var seats []*officerPlan
	for _, op := range p.officers {
		for _, a := range agencies {
			if op.o.AgencyCode == a.Code && op.status == "" && op.o.CertValidFrom <= clock.TodayString(ctx) && op.o.CertValidTo >= clock.TodayString(ctx) {
				seats = append(seats, op)
			}
		}
	}
	// A few officers study on the phone: beats 30 s apart on a stepped clock.
	base := clock.Now(ctx).Add(-6 * time.Hour)
	for i, op := range seats[:min(12, len(seats))] {
		who := &auth.Principal{Name: op.o.Name, Role: auth.RoleOfficer, Region: op.o.RegionCode, Agency: op.o.AgencyCode, CertNo: op.o.CertNo}
		at := base.Add(time.Duration(i) * time.Minute)
		for _, c := range courses[:1+rng.IntN(len(courses))] {
			for range c.Minutes*2 + 1 {
				bctx := clock.With(ctx, clock.Fixed(at))
				if _, err := ts.Beat(bctx, who, c.ID, training.Beat{Visible: true, Idle: 5}); err != nil {
					return fig, failed("学习记录", err)
				}
				at = at.Add(training.BeatEvery * time.Second)
			}
			at = at.Add(10 * time.Minute)
		}
		fig.Studied++
	}
	sec, err := studiedSeconds(ctx, db)
	if err != nil {
		return fig, err
	}
	fig.Hours = sec / training.SecondsPerHour
	if err := demoMocks(ctx, ts, seats[:min(3, len(seats))], &fig); err != nil {
		return fig, err
	}
	if err := demoExam(ctx, ts, rng, seats, &fig); err != nil {
		return fig, err
	}
	return fig, demoPromises(ctx, db, agencies, &fig)
}

func studiedSeconds(ctx context.Context, db *store.DB) (int, error) {
	var n int
	err := db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(seconds), 0) FROM training_study`).Scan(&n)
	return n, err
}

// demoMocks has each officer take a five-question mock exam on 行政处罚法
// an hour before the 年检 and miss one question, whose article the result
// page names.
func demoMocks(ctx context.Context, ts *training.Service, officers []*officerPlan, fig *TrainingFigures) error {
	mctx := clock.With(ctx, clock.Fixed(clock.Now(ctx).Add(-time.Hour)))
	for _, op := range officers {
		who := &auth.Principal{Name: op.o.Name, Role: auth.RoleOfficer, Region: op.o.RegionCode, Agency: op.o.AgencyCode, CertNo: op.o.CertNo}
		id, err := ts.StartMock(mctx, who, "中华人民共和国行政处罚法", 0, 5)
		if err != nil {
			return failed("模拟考试", err)
		}
		a, err := ts.Attempt(mctx, who, id)
		if err != nil {
			return err
		}
		ans := map[string][]string{}
		for i, q := range a.Questions {
			give := q.Answer
			if i == 0 {
				give = map[bool]string{true: "F", false: "T"}[q.Answer == "T"]
				if q.Kind != "judge" {
					give = map[bool]string{true: "A", false: "D"}[q.Answer == "D"]
				}
			}
			ans[strconv.FormatInt(q.ID, 10)] = []string{give}
		}
		done, err := ts.Submit(clock.With(mctx, clock.Fixed(clock.Now(mctx).Add(4*time.Minute))), who, id, ans)
		if err != nil {
			return failed("模拟考试交卷", err)
		}
		fig.Mocks++
		fig.MockWrong += len(done.Wrong)
	}
	return nil
}

// demoExam holds today's 年检 exam of 济南 for the seats, each answering
// a question right with a chance that differs by officer, and publishes it.
func demoExam(ctx context.Context, ts *training.Service, rng *rand.Rand, seats []*officerPlan, fig *TrainingFigures) error {
	e := &training.Exam{Kind: "annual", Title: "济南市行政执法人员资格年检考试（演示）", RegionCode: "370100", SittingOn: clock.TodayString(ctx),
		Minutes: 30, Questions: 10, PassScore: 60}
	if err := ts.CreateExam(ctx, system, e); err != nil {
		return failed("考试", err)
	}
	var certs []string
	for _, op := range seats {
		certs = append(certs, op.o.CertNo)
	}
	n, err := ts.AddSeats(ctx, system, e.ID, certs)
	if err != nil {
		return failed("考生", err)
	}
	fig.Seats = n
	for i, op := range seats {
		if i%25 == 24 {
			continue // absent
		}
		who := &auth.Principal{Name: op.o.Name, Role: auth.RoleOfficer, Region: op.o.RegionCode, Agency: op.o.AgencyCode, CertNo: op.o.CertNo}
		id, err := ts.Start(ctx, who, e.ID)
		if err != nil {
			return failed("开考", err)
		}
		a, err := ts.Attempt(ctx, who, id)
		if err != nil {
			return err
		}
		skill := 0.55 + 0.45*rng.Float64()
		ans := map[string][]string{}
		for _, q := range a.Questions {
			if rng.Float64() < skill {
				ans[strconv.FormatInt(q.ID, 10)] = []string{q.Answer}
			} else {
				ans[strconv.FormatInt(q.ID, 10)] = []string{"A"}
			}
		}
		if _, err := ts.Submit(clock.With(ctx, clock.Fixed(clock.Now(ctx).Add(20*time.Minute))), who, id, ans); err != nil {
			return failed("交卷", err)
		}
	}
	res, err := ts.Publish(ctx, system, e.ID)
	if err != nil {
		return failed("公布成绩", err)
	}
	fig.Sat, fig.Passed, fig.Suspended = res.Sat, res.Passed, len(res.Changed)
	return nil
}

// demoPromises puts two items handled by 告知承诺 and two retained ones
// into the first agencies' catalogue and records promises: verified,
// found false (with its consequence) and waiting.
func demoPromises(ctx context.Context, db *store.DB, agencies []*registry.Agency, fig *TrainingFigures) error {
	if len(agencies) < 2 {
		return nil
	}
	ps := promise.NewService(db)
	recv, ver := agencies[0], agencies[1]
	var items []*promise.Item
	for _, it := range []promise.Item{
		{Kind: "promise", Name: "无违法违规经营记录的证明", Basis: "《优化营商环境条例》第四十四条", PromiseText: "本单位承诺近三年无重大违法违规经营记录，如有不实愿承担相应法律责任",
			VerifyRule: "向掌握行政处罚信息的部门协助核查"},
		{Kind: "promise", Name: "从业人员健康证明", Basis: "《中华人民共和国食品安全法》第四十五条", PromiseText: "本单位承诺从事接触直接入口食品工作的人员均取得健康证明",
			VerifyRule: "向卫生健康部门协助核查健康证明信息"},
		{Kind: "retained", Name: "特种设备作业人员证", Basis: "《中华人民共和国特种设备安全法》第十四条", Issuer: "市场监督管理部门"},
		{Kind: "retained", Name: "消防安全检查合格证明", Basis: "《中华人民共和国消防法》第十五条", Issuer: "消防救援机构"},
	} {
		it.AgencyCode = recv.Code
		if it.Kind == "promise" {
			it.VerifyAgency, it.VerifyDays = ver.Code, 5
		}
		if _, err := ps.PutItem(ctx, system, &it); err != nil {
			return failed("证明事项"+it.Name, err)
		}
		items = append(items, &it)
	}
	clerk := &auth.Principal{Name: "窗口受理员", Role: auth.RoleAgencyAdmin, Region: recv.RegionCode, Agency: recv.Code}
	checker := &auth.Principal{Name: "核查员", Role: auth.RoleAgencyAdmin, Region: ver.RegionCode, Agency: ver.Code}
	for i := range 8 {
		code, err := ident.MakeUSCC('9', '1', recv.RegionCode, fmt.Sprintf("MA%06d", 3100+i))
		if err != nil {
			return err
		}
		pr := &promise.Promise{ItemID: items[i%2].ID, Applicant: fmt.Sprintf("济南演示商贸有限公司%d", i+1), ApplicantID: code, Application: "食品经营许可申请"}
		if err := ps.Record(ctx, clerk, pr); err != nil {
			return failed("承诺", err)
		}
		fig.Promises++
		if _, err := ps.Act(ctx, clerk, pr.ID, "send", ""); err != nil {
			return failed("协助核查", err)
		}
		switch {
		case i == 3:
			if _, err := ps.Act(ctx, checker, pr.ID, "refute", "该企业近三年有两次食品安全行政处罚记录"); err == nil {
				_, err = ps.Act(ctx, clerk, pr.ID, "dispose", "撤销已作出的许可决定，记入信用记录")
				if err != nil {
					return failed("处理", err)
				}
			} else {
				return failed("核查", err)
			}
			fig.False++
		case i < 6:
			if _, err := ps.Act(ctx, checker, pr.ID, "confirm", "经核查与所掌握信息一致"); err != nil {
				return failed("核查", err)
			}
			fig.Verified++
		default:
			fig.Waiting++
		}
	}
	return nil
}
