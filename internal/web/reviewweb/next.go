package reviewweb

import (
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/review"
	"zfjd/internal/web/webkit"
)

// 下一步 on the review pages (issue 16: what happens next, who does it,
// and why the viewer cannot). A review campaign and its files are not a
// flow.Definition but a few statuses; the steps follow them as the
// service's own checks do (review.IsBody, the assigned reviewers).

const bodyWho = "组织评查的行政执法监督机构"

// campaignNext is what comes next on campaign c for the viewer (body:
// the viewer is the organising body).
func campaignNext(c *review.Campaign, body bool) webkit.Next {
	why := ""
	if !body {
		why = "由" + bodyWho + "办理"
	}
	n := webkit.Next{Done: "评查结果已公布；不合格的案卷由监督机构督促整改。"}
	switch c.Status {
	case review.CampaignDraft:
		n.Steps = []webkit.NextStep{{Label: "抽取样本", Who: bodyWho, WhyNot: why}}
	case review.CampaignDrawn:
		n.Steps = []webkit.NextStep{{Label: "分配评查人员、评分", Who: bodyWho + "及其评查人员", WhyNot: why},
			{Label: "公布评查结果", Who: bodyWho, WhyNot: why}}
	}
	if len(n.Steps) > 0 {
		n.Waiting = "等待" + n.Steps[0].Who + n.Steps[0].Label
	}
	return n
}

// fileNext is what comes next on file f for viewer p.
func fileNext(f *review.File, p *auth.Principal, body bool) webkit.Next {
	notBody := ""
	if !body {
		notBody = "由" + bodyWho + "办理"
	}
	n := webkit.Next{Done: "案卷已评定。"}
	switch f.Status {
	case review.FileUnassigned:
		n.Steps = []webkit.NextStep{{Label: "分配评查人员", Who: bodyWho, WhyNot: notBody}}
	case review.FileScoring:
		var who, pending []string
		mine := -1
		for i, m := range f.Scores {
			who = append(who, m.Reviewer)
			if !m.Submitted {
				pending = append(pending, m.Reviewer)
			}
			if p != nil && m.Reviewer == p.Username {
				mine = i
			}
		}
		st := webkit.NextStep{Label: "独立评分", Who: "分配的评查人员（" + strings.Join(pending, "、") + "）"}
		switch {
		case mine < 0:
			st.WhyNot = "您不是本卷分配的评查人员（" + strings.Join(who, "、") + "）"
		case f.Scores[mine].Submitted:
			st.WhyNot = "您已提交评分，等待其他评查人员评分"
		}
		n.Steps = []webkit.NextStep{st}
	case review.FileReconcile:
		n.Steps = []webkit.NextStep{{Label: "合议评定（各评查人员的评分相差超过阈值或否决项不一致）", Who: bodyWho, WhyNot: notBody}}
	}
	if len(n.Steps) > 0 {
		n.Waiting = "等待" + n.Steps[0].Who + n.Steps[0].Label
	}
	return n
}
