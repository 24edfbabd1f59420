package coordination

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// TransferOpening is what a transfer sends.
type TransferOpening struct {
	Kind          string `json:"kind"`
	RecipientKind string `json:"recipient_kind"`
	Recipient     string `json:"recipient"`
	Subject       string `json:"subject"`
	Summary       string `json:"summary"`
	CaseID        int64  `json:"case_id"`
	Urgent        bool   `json:"urgent"`
	AnswerDays    int    `json:"answer_days"`
}

// agencyKinds are what an agency sends itself (its cases); the rest is
// the supervision body's (Art. 33).
var agencyKinds = []string{"case_transfer", "filing_supervision"}

// Send records a transfer by p: an agency's speaker for its own agency,
// else the supervision body of p's region.
func (s *Service) Send(ctx context.Context, p *auth.Principal, in TransferOpening) (*Transfer, error) {
	in.Recipient, in.Subject, in.Summary = clean(in.Recipient), clean(in.Subject), clean(in.Summary)
	bad := apperr.Fields{}
	if !valid(TransferKinds, in.Kind) {
		bad.Set("kind", "请选择移送类型")
	} else if !slices.Contains(recipientOf[in.Kind], in.RecipientKind) {
		bad.Set("recipient_kind", "接收机关类型与移送类型不符")
	}
	if in.Recipient == "" || utf8.RuneCountInString(in.Recipient) > MaxTitle {
		bad.Set("recipient", "请填写接收机关名称")
	}
	if in.Subject == "" || utf8.RuneCountInString(in.Subject) > MaxTitle {
		bad.Set("subject", "请填写移送事项（不超过"+strconv.Itoa(MaxTitle)+"字）")
	}
	if in.Summary == "" || utf8.RuneCountInString(in.Summary) > MaxNote {
		bad.Set("summary", "请填写移送内容和材料清单")
	}
	if in.AnswerDays < 0 || in.AnswerDays > 90 {
		bad.Set("answer_days", "答复期限应为1至90日")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	sender, region := "", ""
	switch {
	case auth.IsDisputeParty(p, []string{p.Agency}):
		if !slices.Contains(agencyKinds, in.Kind) {
			return nil, apperr.New(apperr.Forbidden, "问题线索移送和信息共享由行政执法监督机构办理（《行政执法监督条例》第三十三条）")
		}
		sender = p.Agency
	case auth.IsSupervisionOf(p, auth.Target{Region: p.Region}):
		region = p.Region
	default:
		return nil, apperr.New(apperr.Forbidden, "您的角色（%s）不能移送", p.Role.Label())
	}
	var id int64
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		if sender != "" {
			rs, err := partyRegions(ctx, tx, []string{sender})
			if err != nil {
				return err
			}
			region = rs[0]
		}
		if in.CaseID != 0 {
			var agency, caseRegion string
			err := tx.QueryRowContext(ctx, `SELECT agency_code, region_code FROM cases WHERE id = $1`, in.CaseID).Scan(&agency, &caseRegion)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && ((sender != "" && agency != sender) || !auth.CanSeeCase(p, auth.Target{Region: caseRegion, Agencies: []string{agency}}))) {
				return &apperr.Error{Code: apperr.Invalid, Message: "关联案件不存在", Fields: apperr.Fields{"case_id": "没有这件可移送的案件"}}
			}
			if err != nil {
				return err
			}
		}
		cal, err := calendar.RulesCalendar(ctx, tx)
		if err != nil {
			return err
		}
		today := clock.Today(ctx)
		due, err := TransferDue(cal, in.Kind, today, in.Urgent, in.AnswerDays)
		if err != nil {
			return err
		}
		now := clock.Millis(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO transfers (region_code, sender, kind, recipient_kind, recipient, subject, summary,
			case_id, urgent, status, sent_on, answer_due, created_by, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$14) RETURNING id`, region, sender, in.Kind, in.RecipientKind,
			in.Recipient, in.Subject, in.Summary, in.CaseID, b2i(in.Urgent), TransferSent, today.String(), due.String(), p.Who(),
			now).Scan(&id); err != nil {
			return err
		}
		t, err := loadTransfer(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := judgeTransfer(ctx, tx, t); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "send", TransferKind, strconv.FormatInt(id, 10), region, nil, in); err != nil {
			return err
		}
		return recordAs(ctx, tx, TransferKind, id, transferSendContent(in, region, sender, due.String(), today.String(), p.Who()))
	})
	if err != nil {
		return nil, err
	}
	return s.GetTransfer(ctx, p, id)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

const transferCols = `t.id, t.version, t.region_code, t.sender, COALESCE(a.name, ''), t.kind, t.recipient_kind, t.recipient, t.subject,
	t.summary, t.case_id, t.urgent, t.status, t.sent_on, t.answer_due, t.next_check`

const transferFrom = ` FROM transfers t LEFT JOIN agencies a ON a.code = t.sender`

func scanTransfer(row interface{ Scan(...any) error }) (*Transfer, error) {
	t := &Transfer{}
	var urgent int
	err := row.Scan(&t.ID, &t.Version, &t.RegionCode, &t.Sender, &t.SenderName, &t.Kind, &t.RecipientKind, &t.Recipient, &t.Subject,
		&t.Summary, &t.CaseID, &urgent, &t.Status, &t.SentOn, &t.AnswerDue, &t.NextCheck)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("移送")
	}
	t.Urgent = urgent != 0
	if t.SenderName == "" {
		t.SenderName = "行政执法监督机构"
	}
	return t, err
}

func loadTransfer(ctx context.Context, q store.Querier, id int64) (*Transfer, error) {
	t, err := scanTransfer(q.QueryRowContext(ctx, `SELECT `+transferCols+transferFrom+` WHERE t.id = $1`, id))
	if err != nil {
		return nil, err
	}
	t.Acts, err = loadActsOf(ctx, q, "transfer_acts", "transfer_id", id)
	return t, err
}

func judgeTransfer(ctx context.Context, tx *sql.Tx, t *Transfer) error {
	j, err := JudgeTransfer(t, clock.Today(ctx))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE transfers SET next_check = $2 WHERE id = $1`, t.ID, j.NextCheck); err != nil {
		return err
	}
	return flow.SyncFindings(ctx, tx, flow.Subject{Kind: TransferKind, ID: t.ID, Region: t.RegionCode, Agency: t.Sender}, j.Findings,
		clock.Millis(ctx))
}

// GetTransfer returns transfer id; outside p's reach it does not exist.
func (s *Service) GetTransfer(ctx context.Context, p *auth.Principal, id int64) (*Transfer, error) {
	t, err := loadTransfer(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeTransfer(p, t.RegionCode, t.Sender) {
		return nil, apperr.NotFoundf("移送")
	}
	t.Warnings, err = flow.OpenFindings(ctx, s.db.R, TransferKind, id)
	return t, err
}

// TransferInput is one act on a transfer.
type TransferInput struct {
	Action, At, Note, Answer string
}

// ActTransfer records the recipient's receipt or answer, or a withdrawal.
func (s *Service) ActTransfer(ctx context.Context, p *auth.Principal, id int64, in TransferInput) (*Transfer, error) {
	def, ok := TransferFlow.Act(in.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效", Fields: apperr.Fields{"action": "没有这个办理动作"}}
	}
	in.Note = clean(in.Note)
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		t, err := loadTransfer(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeTransfer(p, t.RegionCode, t.Sender) {
			return apperr.NotFoundf("移送")
		}
		if err := TransferFlow.Check(t.State(), p.Role, in.Action); err != nil {
			return err
		}
		bad := apperr.Fields{}
		if d, err := law.ParseDate(in.At); err != nil || d.After(clock.Today(ctx)) || in.At < t.SentOn {
			bad.Set("at", "日期应在移送日（"+t.SentOn+"）至今天之间")
		}
		if def.NoteRequired && in.Note == "" {
			bad.Set("note", "请填写"+def.NoteLabel)
		}
		a := Act{Type: in.Action, At: in.At, Note: in.Note, AgencyCode: p.Agency, Data: map[string]any{}}
		if in.Action == "answer" {
			if !valid(Answers, in.Answer) {
				bad.Set("answer", "请选择答复结果")
			}
			a.Data["answer"] = in.Answer
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if _, err := insertAct(ctx, tx, "transfer_acts", "transfer_id", t.ID, a, p); err != nil {
			return err
		}
		t.Acts = append(t.Acts, a)
		t.Status = t.State().Status
		if err := flow.Swap(ctx, tx, "transfers", t.ID, t.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE transfers SET status = $2, updated_at = $3 WHERE id = $1`, t.ID, t.Status,
			clock.Millis(ctx)); err != nil {
			return err
		}
		if err := judgeTransfer(ctx, tx, t); err != nil {
			return err
		}
		key := strconv.FormatInt(t.ID, 10)
		if err := audit.Record(ctx, tx, p, a.Type, TransferKind, key, t.RegionCode, nil, map[string]any{"status": t.Status, "act": a}); err != nil {
			return err
		}
		return recordAs(ctx, tx, TransferKind, t.ID, actContent(a, p.Who(), t.Status, false))
	})
	if err != nil {
		return nil, err
	}
	return s.GetTransfer(ctx, p, id)
}

// ListTransfers lists the transfers p may see, newest first.
func (s *Service) ListTransfers(ctx context.Context, p *auth.Principal, pg *registry.Page) ([]*Transfer, error) {
	w := &store.Where{}
	auth.FilterDisputes(p, w, "t.region_code", "t.sender = ?")
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM transfers t`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+transferCols+transferFrom+w.SQL()+` ORDER BY t.id DESC LIMIT `+w.Arg(pg.Size)+
		` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Transfer{}
	for rows.Next() {
		t, err := scanTransfer(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TransferDueJob is the transfers' part in the daily pass.
func (s *Service) TransferDueJob() flow.Due {
	return flow.Due{Kind: TransferKind, Table: "transfers", Rejudge: func(ctx context.Context, id int64) error {
		return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
			t, err := loadTransfer(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := flow.Swap(ctx, tx, "transfers", t.ID, t.Version); err != nil {
				return err
			}
			return judgeTransfer(ctx, tx, t)
		})
	}}
}
