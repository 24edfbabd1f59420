package coordination

import (
	"context"
	"database/sql"
	"fmt"

	"zfjd/internal/ident"
)

// Notice is a notice the platform sends by itself, without a person
// sending it (审批监管处罚衔接, package license): a licence decision to the
// supervising agency (kind licence_grant), or a penalty case of Sender
// that suspends or revokes a licence on the platform to the licensing
// agency (kind licence, CaseID the case).
type Notice struct {
	Kind      string
	Sender    string
	Recipient string
	Subject   string
	Summary   string
	CaseID    int64
}

// NoticeTx sends n in tx, in the platform's name (the audit row's actor is
// 系统), answer due in DefaultNoticeDays working days, and returns the
// assist's id. The recipient signs and answers it as any other assist, and
// its silence is the same finding.
func NoticeTx(ctx context.Context, tx *sql.Tx, n Notice) (int64, error) {
	if n.Kind != "licence" && n.Kind != "licence_grant" {
		return 0, fmt.Errorf("coordination: notice kind %q", n.Kind)
	}
	in := AssistOpening{Kind: n.Kind, Recipient: ident.NormalizeUSCC(clean(n.Recipient)), Subject: clip(clean(n.Subject), MaxTitle),
		Summary: clip(clean(n.Summary), MaxNote), CaseID: n.CaseID, AnswerDays: DefaultNoticeDays}
	if in.Recipient == n.Sender || in.Recipient == "" || in.Subject == "" || in.Summary == "" {
		return 0, fmt.Errorf("coordination: notice from %s to %q incomplete", n.Sender, in.Recipient)
	}
	return insertAssist(ctx, tx, nil, n.Sender, in)
}

// clip cuts s to at most n characters.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
