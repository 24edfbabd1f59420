package coordination

import (
	"context"

	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// MeetingSource reads a joint meeting's last logged step as stored now,
// for `zfjd log verify` (ledger.Source).
func MeetingSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, ok := parseRef(ref)
	if !ok {
		return nil, false, nil
	}
	return found(meetingContent(ctx, q, id, ref))
}

func meetingContent(ctx context.Context, q store.Querier, id int64, ref string) (map[string]any, error) {
	m, err := loadMeeting(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if n := len(m.Acts); n > 0 {
		a := m.Acts[n-1]
		return actContent(a, a.Actor, m.Status, true), nil
	}
	leaf, err := ledger.LatestFields(ctx, q, MeetingKind, ref)
	if err != nil {
		return nil, err
	}
	o := leafOpening(leaf, "open")
	members := orderedLike(codesOf(m.Members), o.Members)
	if len(members) == 0 {
		members = o.Members // none: the leaf's null or empty list
	}
	in := MeetingOpening{Title: m.Title, Agenda: m.Agenda, HeldOn: m.HeldOn, Members: members, Outside: m.Outside, Region: m.RegionCode}
	return meetingOpenContent(in, m.OpenedOn, m.CreatedBy), nil
}

// AssistSource reads an assist's last logged step as stored now, for
// `zfjd log verify` (ledger.Source).
func AssistSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, ok := parseRef(ref)
	if !ok {
		return nil, false, nil
	}
	return found(assistContent(ctx, q, id, ref))
}

func assistContent(ctx context.Context, q store.Querier, id int64, ref string) (map[string]any, error) {
	a, err := loadAssist(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if n := len(a.Acts); n > 0 {
		x := a.Acts[n-1]
		return actContent(x, x.Actor, a.Status, true), nil
	}
	leaf, err := ledger.LatestFields(ctx, q, AssistKind, ref)
	if err != nil {
		return nil, err
	}
	in := AssistOpening{Kind: a.Kind, Recipient: a.Recipient, Subject: a.Subject, Summary: a.Summary, CaseID: a.CaseID,
		AnswerDays: leafOpening(leaf, "send").AnswerDays}
	return assistSendContent(in, a.RegionCode, a.Sender, a.AnswerDue, a.SentOn, a.CreatedBy), nil
}
