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
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
)

// JointInput is one act on a joint action.
type JointInput struct {
	Action string `json:"action"`
	At     string `json:"at"`
	Note   string `json:"note"`
	Owner  string `json:"owner"`   // task
	Due    string `json:"due"`     // task
	Task   int64  `json:"task"`    // report
	CaseID int64  `json:"case_id"` // link
}

// ActJoint records in.Action on joint action id for p (404 outside
// reach, 403 for the wrong role or side, 409 for the wrong state, 400
// for a bad field); the act, the findings, the audit row and the log leaf
// are one transaction.
func (s *Service) ActJoint(ctx context.Context, p *auth.Principal, id int64, in JointInput) (*JointAction, error) {
	def, ok := Joint.Act(in.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效", Fields: apperr.Fields{"action": "没有这个办理动作"}}
	}
	in.Note = clean(in.Note)
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		j, err := loadJoint(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeJointAction(p, j.RegionCode, j.Codes()) {
			return apperr.NotFoundf("联合行动")
		}
		if !slices.Contains(def.Roles, p.Role) {
			return apperr.New(apperr.Forbidden, "您的角色（%s）无权办理“%s”", p.Role.Label(), def.Label)
		}
		if err := jointSide(p, j, in); err != nil {
			return err
		}
		if err := Joint.Check(j.State(), p.Role, in.Action); err != nil {
			return err
		}
		a, err := validateJoint(ctx, tx, j, def, in, p)
		if err != nil {
			return err
		}
		return s.saveJoint(ctx, tx, p, j, a)
	})
	if err != nil {
		return nil, err
	}
	return s.GetJoint(ctx, p, id)
}

// jointSide: the lead (or supervision) assigns, ends and cancels; a
// task's owner reports it; a member links its own cases.
func jointSide(p *auth.Principal, j *JointAction, in JointInput) error {
	sup := auth.IsSupervisionOf(p, auth.Target{Region: j.RegionCode})
	switch in.Action {
	case "task", "finish", "cancel":
		if !sup && !auth.IsDisputeParty(p, []string{j.Lead}) {
			return apperr.New(apperr.Forbidden, "“%s”由牵头单位或监督机构办理", JointActLabel(in.Action))
		}
	case "report":
		i := slices.IndexFunc(j.Tasks, func(t Task) bool { return t.ID == in.Task })
		if i >= 0 && !auth.IsDisputeParty(p, []string{j.Tasks[i].Owner}) {
			return apperr.New(apperr.Forbidden, "任务由责任单位报告完成情况")
		}
		if i < 0 && !auth.IsDisputeParty(p, j.Codes()) {
			return apperr.New(apperr.Forbidden, "任务由责任单位报告完成情况")
		}
	case "link":
		if !auth.IsDisputeParty(p, j.Codes()) {
			return apperr.New(apperr.Forbidden, "只有参与单位可以关联本机关的案件")
		}
	}
	return nil
}

// JointOnSide reports whether p may record t on j as far as sides go.
func JointOnSide(p *auth.Principal, j *JointAction, t string) bool {
	if t == "report" {
		for _, x := range j.Tasks {
			if x.ReportedOn == "" && auth.IsDisputeParty(p, []string{x.Owner}) {
				return true
			}
		}
		return false
	}
	return jointSide(p, j, JointInput{Action: t}) == nil
}

func validateJoint(ctx context.Context, tx *sql.Tx, j *JointAction, def *JointDef, in JointInput, p *auth.Principal) (Act, error) {
	a := Act{Type: in.Action, At: in.At, Note: in.Note, AgencyCode: p.Agency, Data: map[string]any{}}
	bad := apperr.Fields{}
	today := clock.Today(ctx)
	if d, err := law.ParseDate(in.At); err != nil {
		bad.Set("at", "日期格式应为 YYYY-MM-DD")
	} else if d.After(today) {
		bad.Set("at", "不能晚于今天")
	} else if in.At < j.OpenedOn {
		bad.Set("at", "不能早于发起日期（"+j.OpenedOn+"）")
	}
	if def.NoteRequired && in.Note == "" {
		bad.Set("note", "请填写"+def.NoteLabel)
	} else if utf8.RuneCountInString(in.Note) > MaxNote {
		bad.Set("note", "不能超过"+strconv.Itoa(MaxNote)+"字")
	}
	switch in.Action {
	case "task":
		owner := ident.NormalizeUSCC(clean(in.Owner))
		if !slices.Contains(j.Codes(), owner) {
			bad.Set("owner", "请选择参与单位作为责任单位")
		}
		if d, err := law.ParseDate(in.Due); err != nil || d.Before(today) {
			bad.Set("due", "完成时限应为今天或以后的日期")
		}
		a.Data["owner"], a.Data["due"] = owner, in.Due
	case "report":
		i := slices.IndexFunc(j.Tasks, func(t Task) bool { return t.ID == in.Task })
		switch {
		case i < 0:
			bad.Set("task", "请选择任务")
		case j.Tasks[i].ReportedOn != "":
			return a, apperr.New(apperr.Conflict, "该任务已于%s报告完成", j.Tasks[i].ReportedOn)
		}
		a.Data["task"] = strconv.FormatInt(in.Task, 10)
	case "link":
		var agency string
		err := tx.QueryRowContext(ctx, `SELECT agency_code FROM cases WHERE id = $1`, in.CaseID).Scan(&agency)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && agency != p.Agency):
			bad.Set("case_id", "没有这件本机关的案件")
		case err != nil:
			return a, err
		case slices.ContainsFunc(j.Cases, func(l Linked) bool { return l.CaseID == in.CaseID }):
			bad.Set("case_id", "该案件已关联")
		}
		a.Data["case_id"] = strconv.FormatInt(in.CaseID, 10)
	}
	return a, bad.Err()
}

func (s *Service) saveJoint(ctx context.Context, tx *sql.Tx, p *auth.Principal, j *JointAction, a Act) error {
	now := clock.Millis(ctx)
	var err error
	if a.ID, err = insertAct(ctx, tx, "joint_action_acts", "action_id", j.ID, a, p); err != nil {
		return err
	}
	if a.Type == "link" {
		caseID, _ := strconv.ParseInt(a.Str("case_id"), 10, 64)
		if _, err := tx.ExecContext(ctx, `INSERT INTO joint_action_cases (action_id, case_id, agency_code) VALUES ($1, $2, $3)`,
			j.ID, caseID, p.Agency); err != nil {
			return err
		}
	}
	before := j.Status
	j.Acts = append(j.Acts, a)
	j.Tasks = Tasks(j.Acts)
	j.Status = j.State().Status
	if err := flow.Swap(ctx, tx, "joint_actions", j.ID, j.Version); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE joint_actions SET status = $2, updated_at = $3 WHERE id = $1`, j.ID, j.Status, now); err != nil {
		return err
	}
	if err := s.judgeJoint(ctx, tx, j); err != nil {
		return err
	}
	key := strconv.FormatInt(j.ID, 10)
	if err := audit.Record(ctx, tx, p, a.Type, JointKind, key, j.RegionCode, map[string]any{"status": before},
		map[string]any{"status": j.Status, "act": a}); err != nil {
		return err
	}
	return recordAs(ctx, tx, JointKind, j.ID, actContent(a, p.Who(), j.Status, true))
}
