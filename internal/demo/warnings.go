package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/warning"
)

// warningStory is how far one demo warning is handled (spec
// supervision-v1.md §1: 发出 → 签收 → 整改/说明 → 核查 → 销号, or 退回):
// the first open case warning of rule still 待签收 is taken through steps.
type warningStory struct {
	rule  string
	steps []warningStep
}

type warningStep struct {
	act   string
	agent bool // taken by the warned agency; otherwise by its supervision body
	note  string
}

// warningStories put a demo warning at every stage; the warnings they do
// not name stay 待签收, and the demo's cured ones show 已消除. Only a
// warning on a case with another open one is closed, so every rule the
// demo cases show stays on the case list.
var warningStories = []warningStory{
	{"PAYMENT_OVERDUE", []warningStep{ // 整改中
		{"sign", true, "已收到，正在督促当事人缴纳罚款。"},
	}},
	{"DELIVERY_OVERDUE", []warningStep{ // 待核查 (reason given)
		{"sign", true, ""},
		{"explain", true, "当事人下落不明，直接送达和邮寄送达均未成功，已依照《中华人民共和国行政处罚法》第六十一条和民事诉讼法的规定公告送达。"},
	}},
	{"COLLECTIVE_DISCUSSION_MISSING", []warningStep{ // 已销号
		{"sign", true, ""},
		{"rectify", true, "已补开负责人集体讨论会议，形成会议纪要并归入案卷。"},
		{"verify", false, "经核查会议纪要，整改到位，予以销号。"},
	}},
	{"LEGAL_REVIEW_MISSING", []warningStep{ // 退回, 整改中 again
		{"sign", true, ""},
		{"rectify", true, "已组织执法人员学习法制审核规定。"},
		{"return", false, "未说明本案是否补做法制审核（《中华人民共和国行政处罚法》第五十八条），整改不到位，请补充后重新报送。"},
	}},
}

// loadWarnings takes the first open case warnings through the stories,
// each act as the warned agency's 法制科 or the supervision body of the
// warning's region would take it. It returns how many it handled.
func loadWarnings(ctx context.Context, db *store.DB, p *plan) (int, error) {
	names, bodies := map[string]string{}, map[string]string{}
	for _, a := range p.agencies {
		names[a.Code] = a.Name
		if a.Kind == "supervision" {
			bodies[a.RegionCode] = a.Name
		}
	}
	svc := warning.NewService(db)
	n := 0
	for _, st := range warningStories {
		var id int64
		var region, agency string
		err := db.R.QueryRowContext(ctx, `SELECT id, region_code, agency_code FROM findings
			WHERE subject_kind = 'case' AND rule = $1 AND status = 'open' AND stage = $2 ORDER BY id LIMIT 1`,
			st.rule, warning.StageIssued).Scan(&id, &region, &agency)
		if errors.Is(err, sql.ErrNoRows) {
			continue // a jurisdiction whose cases do not fire the rule
		}
		if err != nil {
			return n, fmt.Errorf("demo: 预警: %w", err)
		}
		agent := &auth.Principal{Name: names[agency] + "法制科", Username: "demo", Role: auth.RoleAgencyAdmin,
			Region: region, Agency: agency}
		sup := &auth.Principal{Name: bodies[region] + "执法监督科", Username: "demo", Role: auth.RoleSupervisor, Region: region}
		for _, s := range st.steps {
			by := sup
			if s.agent {
				by = agent
			}
			if _, err := svc.Act(ctx, by, id, s.act, s.note); err != nil {
				return n, failed(fmt.Sprintf("预警%d的%s", id, s.act), err)
			}
		}
		n++
	}
	return n, nil
}
