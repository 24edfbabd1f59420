package coordination

import (
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
)

// Why a viewer whose role records an act still cannot record it on this
// subject ("" = it can): the side checks the services make, worded for the
// 下一步 of the pages (webkit.NextOf's elsewhere).

func whyOf(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	if err != nil {
		return err.Error()
	}
	return ""
}

// DisputeWhyNot says why p cannot record t on d for its side.
func DisputeWhyNot(p *auth.Principal, d *Dispute, t string) string { return whyOf(onSide(p, d, t)) }

// JointWhyNot says why p cannot record t on j for its side.
func JointWhyNot(p *auth.Principal, j *JointAction, t string) string {
	if JointOnSide(p, j, t) {
		return ""
	}
	if t == "report" {
		return "任务由责任单位报告完成情况（您的机关没有待报告的任务）"
	}
	return whyOf(jointSide(p, j, JointInput{Action: t}))
}

// MeetingWhyNot says why p cannot record t on m for its side.
func MeetingWhyNot(p *auth.Principal, m *Meeting, t string) string {
	if MeetingOnSide(p, m, t) {
		return ""
	}
	if t == "report" {
		return "议定事项由责任单位报告落实情况（您的机关没有待报告的议定事项）"
	}
	return whyOf(meetingSide(p, m, MeetingInput{Action: t}))
}

// AssistWhyNot says why p cannot record t on a for its side: the sender
// withdraws, the recipient signs and answers.
func AssistWhyNot(p *auth.Principal, a *Assist, t string) string {
	switch {
	case AssistOnSide(p, a, t):
		return ""
	case t == "withdraw":
		return "由发出机关（" + a.SenderName + "）办理"
	}
	return "由接收机关（" + a.RecipientName + "）办理"
}
