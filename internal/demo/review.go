package demo

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/review"
	"zfjd/internal/store"
)

// Demo 案卷评查 (issue 13, C12): a supervision body (济南市司法局 in the
// seeded demo) reviews the closed penalty cases of an enforcement subject
// of its region: it
// engages an outside expert (外聘评查专家), draws a seeded sample, and has
// each file scored by two reviewers — the first file 20 points apart,
// settled by reconciliation; the second 不合格 by a veto item (适用法律错误,
// which opens a supervision case on publication); a third, if drawn,
// agreed with a deduction (which raises a warning on publication) — and
// publishes the results to the agency.

// DemoExpert is the demo's outside expert login.
const DemoExpert = "zhuanjia"

// loadReview loads the demo campaign and adds the expert's login to sum.
// The demo's cases are still running or executed, so first the executed
// cases of the agency with the most of them that its case system pushed
// are closed by that system (结案, 执行完毕): a review draws closed files.
func loadReview(ctx context.Context, db *store.DB, sum *Summary) error {
	var agency, region string
	var n int
	err := db.R.QueryRowContext(ctx, `SELECT agency_code, region_code, COUNT(*) AS n FROM cases WHERE status = 'executed'
		AND source_system <> 'zfjd' GROUP BY agency_code, region_code ORDER BY n DESC, agency_code LIMIT 1`).Scan(&agency, &region, &n)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && n < 2) {
		return nil // nothing to review
	}
	if err != nil {
		return failed("案卷评查的抽样池", err)
	}
	year, err := closeExecuted(ctx, db, agency, region)
	if err != nil {
		return err
	}
	var bodyUser, otherUser string
	db.R.QueryRowContext(ctx, `SELECT username FROM accounts WHERE role = 'supervisor' AND agency_code = '' AND region_code = $1
		ORDER BY username LIMIT 1`, region).Scan(&bodyUser)
	db.R.QueryRowContext(ctx, `SELECT username FROM accounts WHERE role = 'supervisor' AND agency_code = '' AND region_code <> $1
		ORDER BY username LIMIT 1`, region).Scan(&otherUser)
	if bodyUser == "" || otherUser == "" {
		return nil
	}
	svc := review.NewService(db)
	body := &auth.Principal{Name: "行政执法监督机构", Username: bodyUser, Role: auth.RoleSupervisor, Region: region}
	// The second staff reviewer is lent by another body (交叉评查).
	city := &auth.Principal{Name: "交叉评查人员", Username: otherUser, Role: auth.RoleSupervisor, Region: region}
	expert := &auth.Principal{Name: "王建华", Username: DemoExpert, Role: auth.RoleExpert, Region: region}
	id, err := svc.CreateExpert(ctx, body, review.ExpertInput{Region: region, Username: DemoExpert, DisplayName: expert.Name,
		Password: DemoPassword})
	if err != nil {
		return failed("评查专家账号", err)
	}
	expert.ID = id
	// A demo login is used as printed: no change of password first.
	if _, err := db.W.ExecContext(ctx, `UPDATE accounts SET must_change_password = 0 WHERE id = $1`, id); err != nil {
		return failed("评查专家账号", err)
	}
	sum.Accounts++
	sum.Logins = append(sum.Logins, Login{Username: DemoExpert, Password: DemoPassword, Name: expert.Name,
		Role: auth.RoleExpert.Label(), Scope: "本级监督机构分配给其的评查案卷"})

	c, err := svc.Create(ctx, body, review.CampaignInput{Region: region, Name: strconv.Itoa(year) + "年度行政处罚案卷评查", Year: year,
		AgencyCodes: []string{agency}, PerAgency: 3, Threshold: 10, Seed: region + "-" + strconv.Itoa(year) + "-评查"})
	if err != nil {
		return failed("评查活动", err)
	}
	if c, err = svc.Draw(ctx, body, c.ID); err != nil {
		return failed("评查抽样", err)
	}
	files, err := svc.Files(ctx, body, c)
	if err != nil {
		return failed("评查案卷", err)
	}
	type sheet struct {
		who  *auth.Principal
		sh   review.Sheet
		note string
	}
	plans := [][]sheet{
		{ // 20 points apart (threshold 10): reconciliation.
			{body, review.Sheet{Deductions: map[string]int{"C2": 5}}, "调查取证基本完整"},
			{city, review.Sheet{Deductions: map[string]int{"C2": 15, "C8": 10}}, "询问笔录缺少关键事实，决定书理由不充分"},
		},
		{ // 不合格 by a veto item.
			{body, review.Sheet{Vetoes: []string{"V5"}}, "适用法律依据错误"},
			{expert, review.Sheet{Vetoes: []string{"V5"}, Deductions: map[string]int{"F2": 2}}, "引用条款与违法事实不符，适用法律错误"},
		},
		{ // agreed, with a deduction both make.
			{city, review.Sheet{Deductions: map[string]int{"C9": 2}}, "送达回证签收日期不清"},
			{expert, review.Sheet{Deductions: map[string]int{"C9": 3}}, "送达不规范"},
		},
	}
	for i, f := range files {
		if i >= len(plans) {
			break
		}
		var who []string
		for _, s := range plans[i] {
			who = append(who, s.who.Username)
		}
		if err := svc.Assign(ctx, body, f.ID, who); err != nil {
			return failed("分配评查人员", err)
		}
		for _, s := range plans[i] {
			if err := svc.Submit(ctx, s.who, f.ID, s.sh, s.note); err != nil {
				return failed("评查评分", err)
			}
		}
		if i == 0 {
			if err := svc.Reconcile(ctx, body, f.ID, review.Sheet{Deductions: map[string]int{"C2": 10}},
				"合议：询问笔录缺少关键事实，扣10分；决定书说理尚可，不扣分"); err != nil {
				return failed("评查合议", err)
			}
		}
	}
	if err := svc.Publish(ctx, body, c.ID); err != nil {
		return failed("公布评查结果", err)
	}
	return nil
}

// closeExecuted closes, as the agency's case system would, its executed
// cases (结案, 执行完毕, on the day of loading) and returns the year most of
// them were decided in.
func closeExecuted(ctx context.Context, db *store.DB, agency, region string) (int, error) {
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	feed := &auth.Principal{Name: "业务系统", Role: auth.RoleIntegration, Region: region}
	rows, err := db.R.QueryContext(ctx, `SELECT id, decided_on FROM cases WHERE agency_code = $1 AND status = 'executed'
		AND source_system <> 'zfjd' ORDER BY id`, agency)
	if err != nil {
		return 0, failed("待结案的案件", err)
	}
	var ids []int64
	years := map[int]int{}
	best := 0
	for rows.Next() {
		var id int64
		var decided string
		if err := rows.Scan(&id, &decided); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
		if y, err := strconv.Atoi(decided[:min(4, len(decided))]); err == nil {
			years[y]++
			if years[y] > years[best] || (years[y] == years[best] && y > best) {
				best = y
			}
		}
	}
	rows.Close()
	for _, id := range ids {
		c, err := svc.Get(ctx, feed, id)
		if err != nil {
			return 0, failed("待结案的案件", err)
		}
		c.Events = append(c.Events, cases.Event{Type: "closed", At: clock.TodayString(ctx), Reason: "executed"})
		if _, _, err := svc.Put(ctx, feed, c); err != nil {
			return 0, failed("案件结案", err)
		}
	}
	return best, nil
}
