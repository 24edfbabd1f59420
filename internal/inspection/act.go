package inspection

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
)

// Create files an inspection handled in zfjd (source system zfjd, its
// number the agency's counter): it starts 待审批, or — an emergency visit —
// may be reported at once and approved within 3 working days.
func (s *Service) Create(ctx context.Context, p *auth.Principal, in *Inspection) (*Inspection, error) {
	if err := s.prepare(ctx, p, in); err != nil {
		return nil, err
	}
	var out *Inspection
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) (err error) {
		out, err = s.create(ctx, tx, p, in)
		return err
	})
	return out, err
}

// prepare checks a new inspection of p before its transaction: the
// writer, the form, the place and the matter on the agency's list.
func (s *Service) prepare(ctx context.Context, p *auth.Principal, in *Inspection) error {
	if !auth.MayWriteInspections(p) || p.Agency == "" {
		return apperr.New(apperr.Forbidden, "行政检查由执法主体的执法人员或负责人登记")
	}
	in.SourceSystem, in.Events, in.Code, in.Checklist = SourceZFJD, nil, "", nil
	in.SourceID = "pending"
	if err := in.Normalize(); err != nil {
		return err
	}
	if err := s.checkPlace(ctx, s.db.R, p, in); err != nil {
		return err
	}
	if ok, err := Listed(ctx, s.db.R, in.AgencyCode, in.MatterCode); err != nil {
		return err
	} else if !ok {
		msg := "检查事项" + in.MatterCode + "不在本执法主体的涉企行政检查事项清单中：清单之外无检查（国办发〔2024〕54号）"
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"matter_code": msg}}
	}
	return nil
}

// create writes prepared inspection in (a copy, numbered in the agency's
// yearly sequence) in tx.
func (s *Service) create(ctx context.Context, tx *sql.Tx, p *auth.Principal, in *Inspection) (*Inspection, error) {
	c := *in
	year := clock.Today(ctx).Y
	n, err := flow.Next(ctx, tx, "inspection/"+c.AgencyCode, year)
	if err != nil {
		return nil, err
	}
	c.SourceID = fmt.Sprintf("%s-%d-%05d", c.AgencyCode, year, n)
	c.AgencyName, c.MatterName = s.names(ctx, tx, &c)
	if _, err := s.write(ctx, tx, p, &c, nil, "create"); err != nil {
		return nil, err
	}
	return &c, nil
}

// ActInput is what an act's form carries.
type ActInput struct {
	Officers     []string    // check_in: the officers on the spot (the actor among them)
	Code         string      // check_in: the 检查码 scanned at the door
	ProblemFound bool        // result
	Note         string      // approval opinion, result summary, a repeat visit's reason
	Items        []CheckItem // checklist
}

// Act records act t on zfjd's own inspection id for p: 404 outside p's
// reach, 403 for a role or agency that may not, 409 when the state does
// not allow it, 400 for what the form lacks. The event, the judgement, the
// findings, the audit row and the log leaf are written in one transaction.
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, t string, a ActInput) (*Inspection, error) {
	var out *Inspection
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		old, err := loadWhere(ctx, tx, "i.id = $1", id)
		if err != nil {
			return err
		}
		if !auth.CanSeeInspection(p, old.Target()) {
			return apperr.NotFoundf("检查")
		}
		if !auth.CanWriteInspection(p, old.Target()) {
			return apperr.New(apperr.Forbidden, "检查由%s办理", old.AgencyName)
		}
		st := StateOf(old)
		if err := Workflow.Check(st, p.Role, t); err != nil {
			return err
		}
		c := *old
		c.Events = slices.Clone(old.Events)
		if err := s.applyAct(ctx, tx, p, &c, t, a); err != nil {
			return err
		}
		if _, err := s.write(ctx, tx, p, &c, old, t); err != nil {
			return err
		}
		out = &c
		return nil
	})
	return out, err
}

func invalid(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{field: msg}}
}

// applyAct adds act t's event (or checklist) to c, checking the form.
func (s *Service) applyAct(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Inspection, t string, a ActInput) error {
	act, _ := Workflow.Act(t)
	a.Note = strings.TrimSpace(a.Note)
	if act.NoteRequired && a.Note == "" {
		return invalid("note", "请填写"+act.NoteLabel)
	}
	if len([]rune(a.Note)) > 2000 {
		return invalid("note", "不能超过2000字")
	}
	now := clock.Now(ctx)
	at := now.In(clock.Shanghai).Format(time.RFC3339)
	e := Event{Type: EventOf(t), At: at, Actor: p.Name, Note: a.Note}
	switch t {
	case ActChecklist:
		c.Checklist = a.Items
		if err := c.Normalize(); err != nil {
			return err
		}
		return nil
	case ActCheckIn:
		if err := s.checkIn(ctx, tx, p, c, &e, a); err != nil {
			return err
		}
	case ActResult:
		pf := a.ProblemFound
		e.ProblemFound, e.Summary, e.Note = &pf, a.Note, ""
	}
	c.Events = append(c.Events, e)
	return c.Normalize()
}

// checkIn checks the scanned code and the officers: at least two with
// certificates valid today, the actor among them, none on a third
// fruitless visit of the enterprise without a reason (低效检查阻断).
func (s *Service) checkIn(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Inspection, e *Event, a ActInput) error {
	if !strings.EqualFold(strings.TrimSpace(a.Code), c.Code) {
		return invalid("code", "检查码不符：请扫描本次检查报备生成的检查码")
	}
	var offs []string
	for _, o := range a.Officers {
		if o = strings.TrimSpace(o); o != "" && !slices.Contains(offs, o) {
			offs = append(offs, o)
		}
	}
	if p.CertNo != "" && !slices.Contains(offs, p.CertNo) {
		offs = append([]string{p.CertNo}, offs...)
	}
	if len(offs) < 2 {
		return invalid("officers", "入企检查须有两名以上持证执法人员（《行政处罚法》第四十二条）")
	}
	certs, err := Certs(ctx, tx, offs)
	if err != nil {
		return err
	}
	today := clock.TodayString(ctx)
	for _, o := range offs {
		if cert, ok := certs[o]; !ok || !cert.ValidOn(today) {
			return invalid("officers", "执法证"+o+"未登记或今日无效，不能入企检查")
		}
	}
	rep, err := RepeatOfficers(ctx, tx, c.Enterprise.IDNumber, clock.Today(ctx), offs)
	if err != nil {
		return err
	}
	if len(rep) > 0 && a.Note == "" {
		msg := "执法人员" + strings.Join(rep, "、") + "此前连续两次检查该企业均未发现问题，第三次检查须说明理由（低效检查阻断）"
		return &apperr.Error{Code: apperr.Conflict, Message: msg, Fields: apperr.Fields{"note": msg}}
	}
	e.Officers = offs
	return nil
}
