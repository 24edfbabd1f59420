package coordination

import (
	"context"
	"database/sql"
	"encoding/json"
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
	"zfjd/internal/registry"
)

// ActInput is one act as sent by a form or the API.
type ActInput struct {
	Action       string   `json:"action"`
	At           string   `json:"at"`
	Note         string   `json:"note"`
	Position     string   `json:"position"`     // answer
	Evidence     []string `json:"evidence"`     // answer: the evidence and legal basis, one a line
	Participants []string `json:"participants"` // meeting
	Holders      []string `json:"holders"`      // settle, decide: the matter's holders from now on
}

// Act records act in.Action on dispute id for p: 404 outside p's reach,
// 403 for a role or side that may not record it, 409 when the dispute's
// status does not allow it, 400 for a missing or bad field. The act, the
// new status, the findings, the 权责清单's new holders, the audit row and
// the record-log leaf are one transaction.
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, in ActInput) (*Dispute, error) {
	act, ok := Handling.Act(in.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效", Fields: apperr.Fields{"action": "没有这个办理动作"}}
	}
	in.Note = clean(in.Note)
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		d, err := loadFull(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeDispute(p, d.RegionCode, d.Codes()) {
			return apperr.NotFoundf("执法争议")
		}
		if !slices.Contains(act.Roles, p.Role) {
			return apperr.New(apperr.Forbidden, "您的角色（%s）无权办理“%s”", p.Role.Label(), act.Label)
		}
		if err := onSide(p, d, in.Action); err != nil {
			return err
		}
		if err := Handling.Check(d.State(), p.Role, in.Action); err != nil {
			return err
		}
		a, err := validate(ctx, d, act, in, p)
		if err != nil {
			return err
		}
		return s.save(ctx, tx, p, d, a)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// onSide checks that p is the side act t belongs to: a named agency that
// still owes its answer, the applicant withdrawing, or the supervision
// body of the dispute's region.
func onSide(p *auth.Principal, d *Dispute, t string) error {
	sup := auth.IsSupervisionOf(p, auth.Target{Region: d.RegionCode})
	switch {
	case t == "answer":
		if !auth.IsDisputeParty(p, d.Codes()) {
			return apperr.New(apperr.Forbidden, "“提交书面意见”由争议所涉行政执法机关办理")
		}
		if p.Agency == d.Applicant {
			return apperr.New(apperr.Forbidden, "提请机关已在提请时说明意见，无需另行答复")
		}
		for _, x := range d.Parties {
			if x.AgencyCode == p.Agency && x.AnsweredOn != "" {
				return apperr.New(apperr.Conflict, "本机关已于%s答复", x.AnsweredOn)
			}
		}
	case t == "withdraw" && !sup:
		if d.Applicant == "" || !auth.IsDisputeParty(p, []string{d.Applicant}) {
			return apperr.New(apperr.Forbidden, "只有提请机关或监督机构可以撤回")
		}
	case !sup:
		return apperr.New(apperr.Forbidden, "“%s”由%s的行政执法监督机构办理", ActLabel(t), d.RegionCode)
	}
	return nil
}

// OnSide reports whether p may record t on d as far as sides go (pages
// show only such acts).
func OnSide(p *auth.Principal, d *Dispute, t string) bool { return onSide(p, d, t) == nil }

func lines(xs []string, max int) []string {
	var out []string
	for _, x := range xs {
		if x = clean(x); x != "" && !slices.Contains(out, x) && len(out) < max {
			out = append(out, x)
		}
	}
	return out
}

func validate(ctx context.Context, d *Dispute, def *ActDef, in ActInput, p *auth.Principal) (Act, error) {
	a := Act{Type: in.Action, At: in.At, Note: in.Note, Data: map[string]any{}}
	bad := apperr.Fields{}
	last := d.OpenedOn
	if n := len(d.Acts); n > 0 && d.Acts[n-1].At > last {
		last = d.Acts[n-1].At
	}
	if in.At == "" {
		bad.Set("at", "请填写日期")
	} else if day, err := law.ParseDate(in.At); err != nil {
		bad.Set("at", "日期格式应为 YYYY-MM-DD")
	} else if day.After(clock.Today(ctx)) {
		bad.Set("at", "不能晚于今天")
	} else if in.At < last {
		bad.Set("at", "不能早于上一环节（"+last+"）")
	}
	if def.NoteRequired && in.Note == "" {
		bad.Set("note", "请填写"+def.NoteLabel)
	} else if utf8.RuneCountInString(in.Note) > MaxNote {
		bad.Set("note", def.NoteLabel+"不能超过"+strconv.Itoa(MaxNote)+"字")
	}
	switch in.Action {
	case "answer":
		a.AgencyCode = p.Agency
		if !valid(Positions, in.Position) {
			bad.Set("position", "请选择本机关意见：ours、not_ours、shared 或 other")
		}
		a.Data["position"], a.Data["evidence"] = in.Position, lines(in.Evidence, 50)
	case "meeting":
		ps := lines(in.Participants, 50)
		if len(ps) < 2 {
			bad.Set("participants", "请填写参会单位和人员（至少两个）")
		}
		a.Data["participants"] = ps
	case "settle", "decide":
		hs := lines(in.Holders, 20)
		for i := range hs {
			hs[i] = ident.NormalizeUSCC(hs[i])
		}
		if d.MatterCode != "" && len(hs) == 0 {
			bad.Set("holders", "请选择协调后的实施主体（将更新权责清单）")
		}
		if d.MatterCode == "" && len(hs) > 0 {
			bad.Set("holders", "本争议未关联权责清单事项，不能设置实施主体")
		}
		if len(hs) > 0 {
			a.Data["holders"] = hs
		}
	}
	return a, bad.Err()
}

func (s *Service) save(ctx context.Context, tx *sql.Tx, p *auth.Principal, d *Dispute, a Act) error {
	now := clock.Millis(ctx)
	var err error
	if a.ID, err = insertAct(ctx, tx, "dispute_acts", "dispute_id", d.ID, a, p); err != nil {
		return err
	}
	before := d.Status
	d.Acts = append(d.Acts, a)
	if a.Type == "answer" {
		for i := range d.Parties {
			if d.Parties[i].AgencyCode == a.AgencyCode {
				d.Parties[i].AnsweredOn = a.At
			}
		}
	}
	d.Status = d.State().Status
	if hs := a.List("holders"); len(hs) > 0 {
		m, err := registry.SetMatterHolders(ctx, tx, p, d.MatterCode, hs)
		if err != nil {
			if e := apperr.As(err); e.Code == apperr.Invalid || e.Code == apperr.Forbidden {
				return &apperr.Error{Code: apperr.Invalid, Message: "未能更新权责清单：" + e.Message, Fields: apperr.Fields{"holders": e.Message}}
			}
			return err
		}
		a.Data["matter_version"] = m.Version
		// The act row keeps what its leaf says (a verifier rebuilds the leaf from it).
		data, _ := json.Marshal(a.Data)
		if _, err := tx.ExecContext(ctx, `UPDATE dispute_acts SET data = $2 WHERE id = $1`, a.ID, string(data)); err != nil {
			return err
		}
	}
	if err := flow.Swap(ctx, tx, "disputes", d.ID, d.Version); err != nil {
		return err
	}
	outcome := d.Outcome
	if a.Type == "settle" || a.Type == "decide" || a.Type == "withdraw" {
		outcome = a.Note
	}
	if _, err := tx.ExecContext(ctx, `UPDATE disputes SET status = $2, outcome = $3, updated_at = $4 WHERE id = $1`,
		d.ID, d.Status, outcome, now); err != nil {
		return err
	}
	if err := s.judge(ctx, tx, d); err != nil {
		return err
	}
	key := strconv.FormatInt(d.ID, 10)
	if err := audit.Record(ctx, tx, p, a.Type, "dispute", key, d.RegionCode, map[string]any{"status": before},
		map[string]any{"status": d.Status, "act": a}); err != nil {
		return err
	}
	return record(ctx, tx, d.ID, actContent(a, p.Who(), d.Status, true))
}
