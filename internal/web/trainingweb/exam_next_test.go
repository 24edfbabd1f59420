package trainingweb

import (
	"testing"

	"zfjd/internal/training"
)

// The exam page's 下一步 (issue 16): the seated officers sit it, the
// keeping body publishes; a viewer not seated, or done, or not keeping
// the exams reads why not.
func TestExamNext(t *testing.T) {
	e := &training.Exam{SittingOn: "2026-06-20", Status: "open"}
	for _, x := range []struct {
		name      string
		d         *examData
		sit, publ string
	}{
		{"seated officer", &examData{E: e, Mine: &training.Attempt{}}, "", "由组织考试的司法行政部门办理"},
		{"submitted", &examData{E: e, Mine: &training.Attempt{SubmittedAt: 1}}, "您已交卷", "由组织考试的司法行政部门办理"},
		{"keeper", &examData{E: e, Keeps: true}, "您未被安排参加本场考试", ""},
	} {
		n := examNext(x.d)
		if len(n.Steps) != 2 || n.Steps[0].WhyNot != x.sit || n.Steps[1].WhyNot != x.publ || n.Waiting == "" {
			t.Errorf("%s: %+v", x.name, n)
		}
	}
	pub := &training.Exam{Status: "published"}
	if n := examNext(&examData{E: pub, Keeps: true}); len(n.Steps) != 0 || n.Done == "" {
		t.Errorf("published: %+v", n)
	}
}
