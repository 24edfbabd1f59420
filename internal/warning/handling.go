package warning

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// Warning is one finding as its handling sees it (spec §1): the listed
// fields of GET /api/v1/warnings plus stage, escalation and history.
type Warning struct {
	ID           int64  `json:"id"`
	Rule         string `json:"rule"`
	Severity     string `json:"severity"`
	Message      string `json:"message"`
	Basis        string `json:"basis"`
	Due          string `json:"due,omitempty"`
	Status       string `json:"status"` // open | resolved (closed or cured)
	Stage        string `json:"stage"`
	Escalated    bool   `json:"escalated"`
	SourceSystem string `json:"source_system"`
	SourceID     string `json:"source_id"`
	CaseID       int64  `json:"case_id"`
	AgencyCode   string `json:"agency_code"`
	RegionCode   string `json:"region_code"`
	History      []Step `json:"history"`

	// SubjectKind is what the warning is about: case, inspection, complaint,
	// supervision …; CaseID is then that subject's id.
	SubjectKind string `json:"subject_kind"`
	SubjectID   int64  `json:"subject_id"`

	// Page fields.
	CaseNo     string `json:"-"`
	CaseTitle  string `json:"-"`
	AgencyName string `json:"-"`
	FirstSeen  int64  `json:"-"` // unix ms
	IssuedAt   int64  `json:"-"`
	SignBy     string `json:"-"` // last day to sign before a yellow one turns red
	LastAction string `json:"-"`
}

// Step is one entry of a warning's history.
type Step struct {
	Action    string `json:"action"`
	At        string `json:"at"` // RFC 3339
	Actor     string `json:"actor"`
	Note      string `json:"note"`
	ActorName string `json:"-"`
	AtMillis  int64  `json:"-"`
}

// Target is where the warning lives, for access rules.
func (w *Warning) Target() auth.Target {
	return auth.Target{Region: w.RegionCode, Agencies: []string{w.AgencyCode}}
}

// Service handles warnings on one database.
type Service struct{ db *store.DB }

// NewService returns the warning service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

const warningCols = `f.id, f.subject_kind, f.subject_id, f.rule, f.severity, f.message, f.basis, f.due, f.status, f.stage, f.escalated,
	f.region_code, f.agency_code, f.first_seen, f.issued_at, f.sign_by, f.last_action, COALESCE(c.source_system, ''),
	COALESCE(c.source_id, ''), COALESCE(c.case_no, ''), COALESCE(c.title, ''), COALESCE(a.name, f.agency_code), f.resolved_at`

const warningFrom = ` FROM findings f LEFT JOIN cases c ON f.subject_kind = 'case' AND c.id = f.subject_id
	LEFT JOIN agencies a ON a.code = f.agency_code`

// scanWarning reads a row of warningCols; its message is as a reader
// sees it on ctx's day (flow.MessageOn: the days overdue put in).
func scanWarning(ctx context.Context, row interface{ Scan(...any) error }) (*Warning, error) {
	w := &Warning{}
	var subjectID, resolvedAt int64
	var esc int
	err := row.Scan(&w.ID, &w.SubjectKind, &subjectID, &w.Rule, &w.Severity, &w.Message, &w.Basis, &w.Due, &w.Status, &w.Stage, &esc,
		&w.RegionCode, &w.AgencyCode, &w.FirstSeen, &w.IssuedAt, &w.SignBy, &w.LastAction, &w.SourceSystem, &w.SourceID,
		&w.CaseNo, &w.CaseTitle, &w.AgencyName, &resolvedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("预警")
	}
	if err != nil {
		return nil, err
	}
	w.Escalated = esc != 0
	w.Message = flow.MessageOn(ctx, w.Message, w.Due, w.Status, resolvedAt)
	w.SubjectID = subjectID
	if w.SubjectKind == "case" {
		w.CaseID = subjectID
	}
	return w, nil
}

func load(ctx context.Context, q store.Querier, id int64) (*Warning, error) {
	return scanWarning(ctx, q.QueryRowContext(ctx, `SELECT `+warningCols+warningFrom+` WHERE f.id = $1`, id))
}

// Get returns warning id with its history; outside p's jurisdiction it
// does not exist.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Warning, error) {
	w, err := load(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeCase(p, w.Target()) {
		return nil, apperr.NotFoundf("预警")
	}
	w.History, err = history(ctx, s.db.R, id)
	return w, err
}

func history(ctx context.Context, q store.Querier, id int64) ([]Step, error) {
	rows, err := q.QueryContext(ctx, `SELECT action, at, actor, actor_name, note FROM finding_history WHERE finding_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Step{}
	for rows.Next() {
		var st Step
		if err := rows.Scan(&st.Action, &st.AtMillis, &st.Actor, &st.ActorName, &st.Note); err != nil {
			return nil, err
		}
		st.At = millisRFC3339(st.AtMillis)
		out = append(out, st)
	}
	return out, rows.Err()
}

// MaxNote is the longest note, in characters.
const MaxNote = 2000

// Offered lists the acts p may take on w now: its role is in the act's
// roles, it is the side the act belongs to, and the stage allows it.
func Offered(p *auth.Principal, w *Warning) []*flow.Act[*State] {
	if p == nil {
		return nil
	}
	var out []*flow.Act[*State]
	for _, a := range Handling.Offered(&State{Stage: w.Stage}, p.Role) {
		if onSide(p, w, a.Type) {
			out = append(out, a)
		}
	}
	return out
}

func onSide(p *auth.Principal, w *Warning, act string) bool {
	if SideOf(act) == SideSupervision {
		return auth.IsSupervisionOf(p, w.Target())
	}
	return auth.IsSubjectAgency(p, w.Target())
}

// Act takes handling act t on warning id for p with note (spec §1): 404
// outside p's jurisdiction, 403 for a role or side that may not take it,
// 409 when the stage does not allow it, 400 for a missing note. The stage
// change, its history step, the audit row and the log leaf are written in
// one transaction.
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, t, note string) (*Warning, error) {
	act, ok := Handling.Act(t)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效",
			Fields: apperr.Fields{"action": "应为 sign、rectify、explain、verify 或 return"}}
	}
	note = strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(note, "\x00", ""), ""))
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "说明过长",
			Fields: apperr.Fields{"note": "不能超过" + strconv.Itoa(MaxNote) + "字"}}
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		w, err := load(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeCase(p, w.Target()) {
			return apperr.NotFoundf("预警")
		}
		if !slices.Contains(act.Roles, p.Role) {
			return apperr.New(apperr.Forbidden, "您的角色（%s）无权办理“%s”", p.Role.Label(), act.Label)
		}
		if !onSide(p, w, t) {
			if SideOf(t) == SideSupervision {
				return apperr.New(apperr.Forbidden, "“%s”由预警所在区划的监督机构办理", act.Label)
			}
			return apperr.New(apperr.Forbidden, "“%s”由预警所针对的执法部门办理", act.Label)
		}
		if err := Handling.Check(&State{Stage: w.Stage}, p.Role, t); err != nil {
			return err
		}
		if act.NoteRequired && note == "" {
			return &apperr.Error{Code: apperr.Invalid, Message: "请填写" + act.NoteLabel,
				Fields: apperr.Fields{"note": "请填写" + act.NoteLabel}}
		}
		return s.step(ctx, tx, p, w, t, note)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// step moves w by act t, compare-and-swap on the stage so two hands on one
// warning cannot both move it.
func (s *Service) step(ctx context.Context, tx *sql.Tx, p *auth.Principal, w *Warning, t, note string) error {
	now := clock.Millis(ctx)
	to := next[t]
	status, resolved := "open", int64(0)
	if to == StageClosed {
		status, resolved = "resolved", now
	}
	res, err := tx.ExecContext(ctx, `UPDATE findings SET stage = $2, last_action = $3, status = $4, resolved_at = $5
		WHERE id = $1 AND stage = $6 AND status = 'open'`, w.ID, to, t, status, resolved, w.Stage)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return apperr.New(apperr.Conflict, "预警已被他人同时办理，请刷新后重试")
	}
	if err := flow.Step(ctx, tx, w.ID, w.RegionCode, t, p.Who(), p.Name, note, now); err != nil {
		return err
	}
	key := strconv.FormatInt(w.ID, 10)
	if err := audit.Record(ctx, tx, p, t, "warning", key, w.RegionCode, map[string]any{"stage": w.Stage},
		map[string]any{"stage": to, "note": note}); err != nil {
		return err
	}
	_, err = ledger.Append(ctx, tx, StepKind, key, stepContent(w.ID, w.Rule, w.SubjectKind, w.SubjectID, t, w.Stage, now, p.Who(), note))
	return err
}

// BatchResult is the answer for one warning of a batch act.
type BatchResult struct {
	ID    int64         `json:"id"`
	OK    bool          `json:"ok"`
	Stage string        `json:"stage,omitempty"`
	Error *apperr.Error `json:"-"`
}

// MaxBatch is the most warnings one batch act takes.
const MaxBatch = 200

// Batch takes act t (sign or verify) on each of ids for p, each in its own
// transaction, so one warning another hand moved first does not hold up
// the rest; every result says what happened to its warning.
func (s *Service) Batch(ctx context.Context, p *auth.Principal, ids []int64, t, note string) ([]BatchResult, error) {
	bad := apperr.Fields{}
	if !slices.Contains(BatchActs, t) {
		bad.Set("action", "批量办理只能是 sign（签收）或 verify（核查销号）")
	}
	if len(ids) == 0 {
		bad.Set("ids", "请选择预警")
	} else if len(ids) > MaxBatch {
		bad.Set("ids", "一次最多办理"+strconv.Itoa(MaxBatch)+"条")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	out := []BatchResult{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		w, err := s.Act(ctx, p, id, t, note)
		r := BatchResult{ID: id, OK: err == nil}
		if err != nil {
			e := apperr.As(err)
			if e.Code == apperr.Internal {
				return nil, err
			}
			r.Error = e
		} else {
			r.Stage = w.Stage
		}
		out = append(out, r)
	}
	return out, nil
}
