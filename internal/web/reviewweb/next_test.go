package reviewweb

import (
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/review"
)

// The review pages' 下一步 (issue 16): who acts at each status, and why
// the viewer cannot.
func TestReviewNext(t *testing.T) {
	c := &review.Campaign{Status: review.CampaignDraft}
	if n := campaignNext(c, true); n.Waiting != "等待组织评查的行政执法监督机构抽取样本" || n.Steps[0].WhyNot != "" {
		t.Errorf("draft, the body: %+v", n)
	}
	if n := campaignNext(c, false); n.Steps[0].WhyNot != "由组织评查的行政执法监督机构办理" {
		t.Errorf("draft, an agency: %+v", n)
	}
	c.Status = review.CampaignPublished
	if n := campaignNext(c, true); len(n.Steps) != 0 || n.Done == "" {
		t.Errorf("published: %+v", n)
	}

	f := &review.File{Status: review.FileScoring, Scores: []review.Mark{{Reviewer: "wang", Submitted: true}, {Reviewer: "li"}}}
	for _, x := range []struct {
		user, why string
	}{
		{"li", ""},
		{"wang", "您已提交评分，等待其他评查人员评分"},
		{"zhao", "您不是本卷分配的评查人员（wang、li）"},
	} {
		n := fileNext(f, &auth.Principal{Username: x.user, Role: auth.RoleSupervisor}, false)
		if len(n.Steps) != 1 || n.Steps[0].WhyNot != x.why || n.Steps[0].Who != "分配的评查人员（li）" {
			t.Errorf("scoring, %s: %+v", x.user, n)
		}
	}
	f.Status = review.FileUnassigned
	if n := fileNext(f, &auth.Principal{Role: auth.RoleAgencyAdmin}, false); n.Steps[0].Label != "分配评查人员" || n.Steps[0].WhyNot == "" {
		t.Errorf("unassigned, an agency: %+v", n)
	}
	f.Status = review.FileFinal
	if n := fileNext(f, nil, true); len(n.Steps) != 0 {
		t.Errorf("final: %+v", n)
	}
}
