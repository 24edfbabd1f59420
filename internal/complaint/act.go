package complaint

import (
	"context"
	"database/sql"
	"strconv"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
)

// MaxNote is the longest note of an act, in characters.
const MaxNote = 2000

// Action is one act on a complaint (POST /api/v1/complaints/{id}/actions).
type Action struct {
	Action     string `json:"action"`
	Note       string `json:"note"`
	AgencyCode string `json:"agency_code"`
	Due        string `json:"due"`
	Verdict    string `json:"verdict"` // answer: 调查结论 (verdict.go)
}

// Act takes act a on complaint id for p (spec §3): 404 outside p's reach,
// 403 for a role or side that may not take it, 409 when the status does
// not allow it, 400 for a missing note or a bad agency or due date. The
// status change, its step, the judgement and findings, the audit row and
// the log leaf are written in one transaction (compare-and-swap on the
// version, retried).
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, a Action) (*Complaint, error) {
	act, ok := Handling.Act(a.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效",
			Fields: apperr.Fields{"action": "应为 accept、reject、forward、reply、answer、close、note 或 revisit"}}
	}
	a.Note = clean(a.Note)
	if utf8.RuneCountInString(a.Note) > MaxNote {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "意见过长", Fields: apperr.Fields{"note": "不能超过" + itoa(MaxNote) + "字"}}
	}
	err := s.dbRetry(ctx, func(tx *sql.Tx) error {
		c, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeComplaint(p, c.Scope()) {
			return apperr.NotFoundf("投诉")
		}
		if err := Handling.Check(&State{Status: c.Status}, p.Role, a.Action); err != nil {
			if apperr.As(err).Code != apperr.Conflict || onSide(p, c, a.Action) {
				return err
			}
		}
		if !onSide(p, c, a.Action) {
			if SideOf(a.Action) == SideAgency {
				return apperr.New(apperr.Forbidden, "“%s”由投诉转办到的执法部门办理", act.Label)
			}
			return apperr.New(apperr.Forbidden, "“%s”由投诉发生地的监督机构办理", act.Label)
		}
		if act.NoteRequired && a.Note == "" {
			return &apperr.Error{Code: apperr.Invalid, Message: "请填写" + act.NoteLabel, Fields: apperr.Fields{"note": "请填写" + act.NoteLabel}}
		}
		before := map[string]any{"status": c.Status, "forwarded_to": c.ForwardedTo, "reply_due": c.ReplyDue}
		if a.Action == "forward" {
			if err := s.forwardTo(ctx, tx, c, &a); err != nil {
				return err
			}
		}
		if to := next[a.Action]; to != "" {
			c.Status = to
		}
		if a.Action == "answer" || a.Action == "reject" {
			c.Answer = a.Note
		}
		if err := s.verdict(ctx, tx, p, c, a); err != nil {
			return err
		}
		st, err := event(ctx, tx, c, p, a.Action, a.Note, a.AgencyCode, a.Due)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET status = $2, forwarded_to = $3, reply_due = $4, answer = $5, updated_at = $6
			WHERE id = $1`, c.ID, c.Status, c.ForwardedTo, c.ReplyDue, c.Answer, clock.Millis(ctx)); err != nil {
			return err
		}
		return s.save(ctx, tx, p, c, st, a.Action, before)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// forwardTo checks the agency and due date of a forward and sets them on c.
func (s *Service) forwardTo(ctx context.Context, tx *sql.Tx, c *Complaint, a *Action) error {
	a.AgencyCode = ident.NormalizeUSCC(clean(a.AgencyCode))
	bad := apperr.Fields{}
	if a.AgencyCode == "" {
		a.AgencyCode = c.AgencyCode
	}
	if a.AgencyCode == "" {
		bad.Set("agency_code", "请选择转办的执法部门")
		return bad.Err()
	}
	var kind string
	if err := tx.QueryRowContext(ctx, `SELECT kind FROM agencies WHERE code = $1`, a.AgencyCode).Scan(&kind); err == sql.ErrNoRows || kind == "supervision" {
		bad.Set("agency_code", "执法部门不存在")
	} else if err != nil {
		return err
	}
	today := clock.Today(ctx)
	if a.Due == "" {
		st, err := settingsFor(ctx, tx, c.RegionCode)
		if err != nil {
			return err
		}
		cal, err := s.cal(ctx, tx)
		if err != nil {
			return err
		}
		d, err := cal.AddWorkdays(today, st.ForwardWorkdays)
		if err != nil {
			return err
		}
		a.Due = d.String()
	} else if d, err := law.ParseDate(a.Due); err != nil {
		bad.Set("due", "日期格式应为 YYYY-MM-DD")
	} else if !d.After(today) {
		bad.Set("due", "回复期限应晚于今天")
	}
	if err := bad.Err(); err != nil {
		return err
	}
	c.ForwardedTo, c.ReplyDue = a.AgencyCode, a.Due
	return nil
}

func (s *Service) dbRetry(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return flow.Retry(ctx, s.db, fn)
}

// save judges c as it now stands and writes what follows from it in tx:
// the next check, the version (compare-and-swap), the findings, the audit
// row and the record-log leaf.
func (s *Service) save(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Complaint, st logged, action string, before any) error {
	j, err := s.judge(ctx, tx, c)
	if err != nil {
		return err
	}
	if err := flow.Swap(ctx, tx, "complaints", c.ID, c.Version); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE complaints SET next_check = $2 WHERE id = $1`, c.ID, j.NextCheck); err != nil {
		return err
	}
	if err := flow.SyncFindings(ctx, tx, c.subject(), j.Findings, clock.Millis(ctx)); err != nil {
		return err
	}
	key := strconv.FormatInt(c.ID, 10)
	after := map[string]any{"status": c.Status, "forwarded_to": c.ForwardedTo, "reply_due": c.ReplyDue, "tracking_code": c.TrackingCode}
	if err := audit.Record(ctx, tx, p, action, "complaint", key, c.RegionCode, before, after); err != nil {
		return err
	}
	// The leaf proves what was done when (the step's own event row); it
	// carries a digest of the complaint's text, never the text or the
	// complainant.
	return flow.Record(ctx, tx, LedgerKind, key, leafContent(c, action, st.at, st.actor))
}

func (s *Service) judge(ctx context.Context, tx *sql.Tx, c *Complaint) (Judgement, error) {
	st, err := settingsFor(ctx, tx, c.RegionCode)
	if err != nil {
		return Judgement{}, err
	}
	cal, err := s.cal(ctx, tx)
	if err != nil {
		return Judgement{}, err
	}
	return Judge(c.facts(), st, cal, clock.Today(ctx))
}

// subject is c in the kernel's findings: its region, and the side that
// owes the next step (the agency it was forwarded to, else its supervision body).
func (c *Complaint) subject() flow.Subject {
	agency := c.HandlerCode
	if c.Status == StatusForwarded && c.ForwardedTo != "" {
		agency = c.ForwardedTo
	}
	return flow.Subject{Kind: Kind, ID: c.ID, Region: c.RegionCode, Agency: agency}
}

// Rejudge judges complaint id again on today (the daily pass), writing
// only when the next check or the findings changed.
func (s *Service) Rejudge(ctx context.Context, id int64) error {
	return s.dbRetry(ctx, func(tx *sql.Tx) error {
		c, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		j, err := s.judge(ctx, tx, c)
		if err != nil {
			return err
		}
		if err := flow.Swap(ctx, tx, "complaints", c.ID, c.Version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE complaints SET next_check = $2 WHERE id = $1`, c.ID, j.NextCheck); err != nil {
			return err
		}
		return flow.SyncFindings(ctx, tx, c.subject(), j.Findings, clock.Millis(ctx))
	})
}

// Due is the complaints' part in the kernel's daily pass.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Kind, Table: "complaints", Rejudge: s.Rejudge}
}
