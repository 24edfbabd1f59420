package trainingweb

import "zfjd/internal/web/webkit"

// examNext is the 下一步 of an exam's page (issue 16: what happens next,
// who does it, and why the viewer cannot): the seated officers sit it,
// then the body that keeps the exams publishes the results.
func examNext(d *examData) webkit.Next {
	n := webkit.Next{Done: "成绩已公布，合格人员名单已在门户网站公示，考试结束。"}
	if d.E.Published() {
		return n
	}
	const keeper = "组织考试的司法行政部门"
	sit := webkit.NextStep{Label: "考生作答（" + d.E.SittingOn + "）", Who: "安排的考生"}
	switch {
	case d.Mine == nil:
		sit.WhyNot = "您未被安排参加本场考试"
	case d.Mine.Submitted():
		sit.WhyNot = "您已交卷"
	}
	pub := webkit.NextStep{Label: "公布成绩与合格名单", Who: keeper}
	if !d.Keeps {
		pub.WhyNot = "由" + keeper + "办理"
	}
	n.Steps = []webkit.NextStep{sit, pub}
	n.Waiting = "等待" + sit.Who + "作答，其后由" + keeper + "公布成绩"
	return n
}
