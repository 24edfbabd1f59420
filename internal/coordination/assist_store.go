package coordination

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// AssistOpening is what a request or a notice sends.
type AssistOpening struct {
	Kind       string `json:"kind"`
	Recipient  string `json:"recipient"`
	Subject    string `json:"subject"`
	Summary    string `json:"summary"`
	CaseID     int64  `json:"case_id"`
	AnswerDays int    `json:"answer_days"` // working days; 0 = the kind's default
}

func (in *AssistOpening) check() apperr.Fields {
	bad := apperr.Fields{}
	in.Subject, in.Summary, in.Recipient = clean(in.Subject), clean(in.Summary), ident.NormalizeUSCC(clean(in.Recipient))
	if !valid(SendKinds, in.Kind) {
		bad.Set("kind", "请选择类型")
	}
	if in.Recipient == "" {
		bad.Set("recipient", "请选择接收机关")
	}
	if n := utf8.RuneCountInString(in.Subject); n == 0 || n > MaxTitle {
		bad.Set("subject", "请填写事项（不超过"+strconv.Itoa(MaxTitle)+"字）")
	}
	if n := utf8.RuneCountInString(in.Summary); n == 0 || n > MaxNote {
		bad.Set("summary", "请填写具体情况和请求")
	}
	if in.Kind == "licence" && in.CaseID == 0 {
		bad.Set("case_id", "请填写作出处罚决定的案件编号")
	}
	if in.AnswerDays == 0 {
		in.AnswerDays = DefaultAssistDays
		if in.Kind == "licence" {
			in.AnswerDays = DefaultNoticeDays
		}
	} else if in.AnswerDays < 1 || in.AnswerDays > MaxAssistDays {
		bad.Set("answer_days", "答复期限应为1至"+strconv.Itoa(MaxAssistDays)+"个工作日")
	}
	return bad
}

// SendAssist sends a request or notice from p's agency: a township's to
// an agency of a region above it; a licence notice about a case of p's
// agency whose decision suspends or revokes a licence.
func (s *Service) SendAssist(ctx context.Context, p *auth.Principal, in AssistOpening) (*Assist, error) {
	if !auth.IsDisputeParty(p, []string{p.Agency}) {
		return nil, apperr.New(apperr.Forbidden, "协作请求和衔接通知由行政执法机关以本机关名义发出")
	}
	if err := in.check().Err(); err != nil {
		return nil, err
	}
	if in.Recipient == p.Agency {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "接收机关无效", Fields: apperr.Fields{"recipient": "不能发给本机关"}}
	}
	var id int64
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		id, err = insertAssist(ctx, tx, p, p.Agency, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.GetAssist(ctx, p, id)
}

// insertAssist writes in, sent by sender in p's name (nil: the platform
// itself), with its deadline, its judgement, the audit row and its first
// log leaf, in tx; in is checked.
func insertAssist(ctx context.Context, tx *sql.Tx, p *auth.Principal, sender string, in AssistOpening) (int64, error) {
	rs, err := partyRegions(ctx, tx, []string{sender, in.Recipient})
	if err != nil {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "接收机关不存在", Fields: apperr.Fields{"recipient": "没有这个行政执法机关"}}
	}
	region := registry.CommonRegionOf(rs)
	if region == "" {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "接收机关不在本省", Fields: apperr.Fields{"recipient": "跨省的协作不在本平台范围内"}}
	}
	if in.Kind == "township" && (len(rs[0]) <= len(rs[1]) || !strings.HasPrefix(rs[0], ident.RegionPrefix(rs[1]))) {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "接收机关不是上级部门",
			Fields: apperr.Fields{"recipient": "乡镇（街道）协作请求应发给本县（市、区）或以上的执法部门"}}
	}
	if in.CaseID != 0 {
		var agency, events string
		err := tx.QueryRowContext(ctx, `SELECT agency_code, events_json FROM cases WHERE id = $1`, in.CaseID).Scan(&agency, &events)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && agency != sender) {
			return 0, &apperr.Error{Code: apperr.Invalid, Message: "关联案件不存在", Fields: apperr.Fields{"case_id": "没有这件本机关的案件"}}
		}
		if err != nil {
			return 0, err
		}
		if in.Kind == "licence" && !TouchesLicence(events) {
			return 0, &apperr.Error{Code: apperr.Invalid, Message: "该案件的处罚决定不涉及许可证件",
				Fields: apperr.Fields{"case_id": "处罚决定中没有暂扣或吊销许可证件"}}
		}
	}
	cal, err := calendar.RulesCalendar(ctx, tx)
	if err != nil {
		return 0, err
	}
	today := clock.Today(ctx)
	due, err := cal.AddWorkdays(today, in.AnswerDays)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO assists (kind, region_code, sender, recipient, subject, summary, case_id, status,
		sent_on, answer_due, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
		in.Kind, region, sender, in.Recipient, in.Subject, in.Summary, in.CaseID, AssistSent, today.String(), due.String(), p.Who(),
		clock.Millis(ctx)).Scan(&id); err != nil {
		return 0, err
	}
	a, err := loadAssist(ctx, tx, id)
	if err != nil {
		return 0, err
	}
	if err := judgeAssist(ctx, tx, a, rs[1]); err != nil {
		return 0, err
	}
	if err := audit.Record(ctx, tx, p, "send", AssistKind, strconv.FormatInt(id, 10), region, nil, in); err != nil {
		return 0, err
	}
	return id, recordAs(ctx, tx, AssistKind, id, assistSendContent(in, region, sender, due.String(), today.String(), p.Who()))
}

// assistSendContent is an assist's first leaf.
func assistSendContent(in AssistOpening, region, sender, due, at, actor string) map[string]any {
	return map[string]any{"send": in, "region": region, "sender": sender, "due": due, "at": at, "actor": actor}
}

const assistCols = `x.id, x.version, x.kind, x.region_code, x.sender, COALESCE(sa.name, x.sender), x.recipient, COALESCE(ra.name, x.recipient),
	x.subject, x.summary, x.case_id, x.status, x.sent_on, x.answer_due, x.next_check, x.created_by`

const assistFrom = ` FROM assists x LEFT JOIN agencies sa ON sa.code = x.sender LEFT JOIN agencies ra ON ra.code = x.recipient`

func scanAssist(row interface{ Scan(...any) error }) (*Assist, error) {
	a := &Assist{}
	err := row.Scan(&a.ID, &a.Version, &a.Kind, &a.RegionCode, &a.Sender, &a.SenderName, &a.Recipient, &a.RecipientName, &a.Subject,
		&a.Summary, &a.CaseID, &a.Status, &a.SentOn, &a.AnswerDue, &a.NextCheck, &a.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("协作请求")
	}
	return a, err
}

func loadAssist(ctx context.Context, q store.Querier, id int64) (*Assist, error) {
	a, err := scanAssist(q.QueryRowContext(ctx, `SELECT `+assistCols+assistFrom+` WHERE x.id = $1`, id))
	if err != nil {
		return nil, err
	}
	a.Acts, err = loadActsOf(ctx, q, "assist_acts", "assist_id", id)
	return a, err
}

// judgeAssist writes a's next check and its finding, on the recipient (of
// region recipientRegion).
func judgeAssist(ctx context.Context, tx *sql.Tx, a *Assist, recipientRegion string) error {
	j, err := JudgeAssist(a, clock.Today(ctx))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE assists SET next_check = $2 WHERE id = $1`, a.ID, j.NextCheck); err != nil {
		return err
	}
	return flow.SyncFindings(ctx, tx, flow.Subject{Kind: AssistKind, ID: a.ID, Region: recipientRegion, Agency: a.Recipient}, j.Findings,
		clock.Millis(ctx))
}

func recipientRegion(ctx context.Context, q store.Querier, code string) (string, error) {
	var r string
	err := q.QueryRowContext(ctx, `SELECT region_code FROM agencies WHERE code = $1`, code).Scan(&r)
	return r, err
}

// GetAssist returns assist id; outside p's reach it does not exist.
func (s *Service) GetAssist(ctx context.Context, p *auth.Principal, id int64) (*Assist, error) {
	a, err := loadAssist(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeAssist(p, a.RegionCode, a.Sender, a.Recipient) {
		return nil, apperr.NotFoundf("协作请求")
	}
	a.Warnings, err = flow.OpenFindings(ctx, s.db.R, AssistKind, id)
	return a, err
}

// AssistInput is one act on an assist.
type AssistInput struct {
	Action string `json:"action"`
	At     string `json:"at"`
	Note   string `json:"note"`
	Answer string `json:"answer"`
}

// AssistOnSide reports whether p may record t on a: the recipient signs
// and answers, the sender withdraws.
func AssistOnSide(p *auth.Principal, a *Assist, t string) bool {
	if t == "withdraw" {
		return auth.IsDisputeParty(p, []string{a.Sender})
	}
	return auth.IsDisputeParty(p, []string{a.Recipient})
}

// ActAssist records the recipient's receipt or answer, or the sender's
// withdrawal.
func (s *Service) ActAssist(ctx context.Context, p *auth.Principal, id int64, in AssistInput) (*Assist, error) {
	def, ok := AssistFlow.Act(in.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效", Fields: apperr.Fields{"action": "没有这个办理动作"}}
	}
	in.Note = clean(in.Note)
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		a, err := loadAssist(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeAssist(p, a.RegionCode, a.Sender, a.Recipient) {
			return apperr.NotFoundf("协作请求")
		}
		if !AssistOnSide(p, a, in.Action) {
			who := a.RecipientName
			if in.Action == "withdraw" {
				who = a.SenderName
			}
			return apperr.New(apperr.Forbidden, "“%s”由%s办理", def.Label, who)
		}
		if err := AssistFlow.Check(a.State(), p.Role, in.Action); err != nil {
			return err
		}
		bad := apperr.Fields{}
		if d, err := law.ParseDate(in.At); err != nil || d.After(clock.Today(ctx)) || in.At < a.SentOn {
			bad.Set("at", "日期应在发出日（"+a.SentOn+"）至今天之间")
		}
		if def.NoteRequired && in.Note == "" {
			bad.Set("note", "请填写"+def.NoteLabel)
		} else if utf8.RuneCountInString(in.Note) > MaxNote {
			bad.Set("note", def.NoteLabel+"不能超过"+strconv.Itoa(MaxNote)+"字")
		}
		x := Act{Type: in.Action, At: in.At, Note: in.Note, AgencyCode: p.Agency, Data: map[string]any{}}
		if in.Action == "answer" {
			if !valid(AssistAnswers, in.Answer) {
				bad.Set("answer", "请选择处理结果")
			}
			x.Data["answer"] = in.Answer
		}
		if err := bad.Err(); err != nil {
			return err
		}
		if x.ID, err = insertAct(ctx, tx, "assist_acts", "assist_id", a.ID, x, p); err != nil {
			return err
		}
		a.Acts = append(a.Acts, x)
		a.Status = a.State().Status
		if err := flow.Swap(ctx, tx, "assists", a.ID, a.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assists SET status = $2, updated_at = $3 WHERE id = $1`, a.ID, a.Status,
			clock.Millis(ctx)); err != nil {
			return err
		}
		rr, err := recipientRegion(ctx, tx, a.Recipient)
		if err != nil {
			return err
		}
		if err := judgeAssist(ctx, tx, a, rr); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, x.Type, AssistKind, strconv.FormatInt(a.ID, 10), a.RegionCode, nil,
			map[string]any{"status": a.Status, "act": x}); err != nil {
			return err
		}
		return recordAs(ctx, tx, AssistKind, a.ID, actContent(x, p.Who(), a.Status, true))
	})
	if err != nil {
		return nil, err
	}
	return s.GetAssist(ctx, p, id)
}

// ListAssists lists the assists p may see (sent or received), newest first.
func (s *Service) ListAssists(ctx context.Context, p *auth.Principal, kind string, pg *registry.Page) ([]*Assist, error) {
	if kind != "" && !valid(AssistKinds, kind) {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "类型无效", Fields: apperr.Fields{"kind": "类型无效"}}
	}
	w := &store.Where{}
	auth.FilterDisputes(p, w, "x.region_code", "? IN (x.sender, x.recipient)")
	if kind != "" {
		w.Add("x.kind = ?", kind)
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM assists x`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+assistCols+assistFrom+w.SQL()+` ORDER BY x.id DESC LIMIT `+w.Arg(pg.Size)+
		` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Assist{}
	for rows.Next() {
		a, err := scanAssist(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AssistDue is the assists' part in the daily pass.
func (s *Service) AssistDue() flow.Due {
	return flow.Due{Kind: AssistKind, Table: "assists", Rejudge: func(ctx context.Context, id int64) error {
		return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
			a, err := loadAssist(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := flow.Swap(ctx, tx, "assists", a.ID, a.Version); err != nil {
				return err
			}
			rr, err := recipientRegion(ctx, tx, a.Recipient)
			if err != nil {
				return err
			}
			return judgeAssist(ctx, tx, a, rr)
		})
	}}
}
