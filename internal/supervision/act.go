package supervision

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
	"zfjd/internal/store"
)

// ActInput is one act as sent (spec §5 actions body).
type ActInput struct {
	Action      string   `json:"action"`
	At          string   `json:"at"`
	Note        string   `json:"note"`
	DeliveredOn string   `json:"delivered_on"`
	Kind        string   `json:"kind"`          // decision; assist; special_investigation (its ground)
	Scope       string   `json:"scope"`         // notice
	CertNo      string   `json:"cert_no"`       // officer_proposal
	Measure     string   `json:"measure"`       // officer_proposal; measure (Art. 22 kind)
	Supervisors []string `json:"supervisors"`   // measure: numbers of two valid 行政执法监督证 (鲁条例 Art. 22)
	Due         string   `json:"due"`           // measure: the date by which the agency answers; assist_ask: the unit's
	Unit        string   `json:"unit"`          // assist_ask: the unit asked to assist (鲁条例 Art. 24)
	Team        string   `json:"team"`          // special_investigation: who investigates (鲁条例 Art. 25)
	Range       string   `json:"range"`         // special_investigation: what it covers
	Township    string   `json:"township_code"` // assist_request: the 乡镇（街道） whose 司法所 assists
}

// Act records act in.Action on case id for p: 404 outside p's
// jurisdiction, 403 for a role or side that may not record it, 409 when
// the case's status does not allow it (after 结案 nothing), 400 for a
// missing or bad field. The act, the case's new status, deadlines and
// findings, the audit row and the record-log leaf are one transaction.
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, in ActInput) (*Case, error) {
	act, ok := Handling.Act(in.Action)
	if !ok {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "办理动作无效", Fields: apperr.Fields{"action": "没有这个办理动作"}}
	}
	in.Note = clean(in.Note)
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := loadCase(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanReadSupervisionCase(p, c.RegionCode, c.AgencyCode, c.TownshipCode) {
			return apperr.NotFoundf("监督案件")
		}
		acts, err := loadActs(ctx, tx, id)
		if err != nil {
			return err
		}
		if !slices.Contains(act.Roles, p.Role) {
			return apperr.New(apperr.Forbidden, "您的角色（%s）无权办理“%s”", p.Role.Label(), act.Label)
		}
		if err := onSide(p, c, in.Action); err != nil {
			return err
		}
		if err := Handling.Check(Fold(acts), p.Role, in.Action); err != nil {
			return err
		}
		a, err := validate(ctx, c, acts, act, in)
		if err != nil {
			return err
		}
		return s.save(ctx, tx, p, c, acts, a)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// onSide checks that p is the side act t belongs to: the handling body
// (for 提级监督 the level above) or the supervised agency.
func onSide(p *auth.Principal, c *Case, t string) error {
	if SideOf(t) == SideAssist {
		if !auth.CanAssistSupervisionCase(p, c.TownshipCode) {
			return apperr.New(apperr.Forbidden, "“%s”由承办机构指定协助的司法所办理（《行政执法监督条例》第六条第二款）", ActLabel(t))
		}
		return nil
	}
	if SideOf(t) == SideAgency {
		if !auth.IsSupervisionCaseAgency(p, c.RegionCode, c.AgencyCode) {
			return apperr.New(apperr.Forbidden, "“%s”由被监督的行政执法机关办理", ActLabel(t))
		}
		return nil
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: c.BodyRegion}) {
		if c.Escalated {
			return apperr.New(apperr.Forbidden, "本案已提级监督，由上级行政执法监督机构办理")
		}
		return apperr.New(apperr.Forbidden, "“%s”由承办的行政执法监督机构办理", ActLabel(t))
	}
	return nil
}

// OnSide reports whether p may record t on c as far as sides go (pages
// show only such acts).
func OnSide(p *auth.Principal, c *Case, t string) bool { return onSide(p, c, t) == nil }

func validate(ctx context.Context, c *Case, acts []Act, def *ActDef, in ActInput) (Act, error) {
	a := Act{Type: in.Action, At: in.At, Note: in.Note, Data: map[string]any{}}
	bad := apperr.Fields{}
	today := clock.Today(ctx)
	last := c.OpenedOn
	if n := len(acts); n > 0 && acts[n-1].At > last {
		last = acts[n-1].At
	}
	date := func(field, v string, required bool) {
		if v == "" {
			if required {
				bad.Set(field, "请填写日期")
			}
			return
		}
		d, err := law.ParseDate(v)
		switch {
		case err != nil:
			bad.Set(field, "日期格式应为 YYYY-MM-DD")
		case d.After(today):
			bad.Set(field, "不能晚于今天")
		case v < last && field == "at":
			bad.Set(field, "不能早于上一环节（"+last+"）")
		case v < in.At && field == "delivered_on":
			bad.Set(field, "送达日期不能早于文书日期")
		}
	}
	date("at", in.At, true)
	if def.NoteRequired && in.Note == "" {
		bad.Set("note", "请填写"+def.NoteLabel)
	} else if utf8.RuneCountInString(in.Note) > MaxNote {
		bad.Set("note", "不能超过"+strconv.Itoa(MaxNote)+"字")
	}
	switch in.Action {
	case "letter", "opinion", "decision", "delivered":
		date("delivered_on", in.DeliveredOn, in.Action == "delivered")
		if in.DeliveredOn != "" {
			a.Data["delivered_on"] = in.DeliveredOn
		}
	}
	switch in.Action {
	case "decision":
		if !valid(DecisionKinds, in.Kind) {
			bad.Set("kind", "决定种类应为 perform、correct、revoke、confirm_illegal 或 confirm_invalid")
		}
		a.Data["kind"] = in.Kind
	case "notice":
		if !valid(NoticeScopes, in.Scope) {
			bad.Set("scope", "通报范围应为 internal（内部通报）或 public（向社会公布）")
		}
		a.Data["scope"] = in.Scope
	case "officer_proposal":
		if clean(in.CertNo) == "" {
			bad.Set("cert_no", "请填写执法证号")
		}
		if !valid(OfficerMeasures, in.Measure) {
			bad.Set("measure", "处理建议应为 criticism、leave_training、transfer 或 revoke_qualification")
		}
		a.Data["cert_no"], a.Data["measure"] = clean(in.CertNo), in.Measure
	case "assist_request":
		t := clean(in.Township)
		if !auth.IsTownship(t) || !ident.Contains(c.RegionCode, t) {
			bad.Set("township_code", "应为被监督机关所在县（市、区）内乡镇（街道）的9位区划代码")
		}
		a.Data["township_code"] = t
	case "assist":
		if !valid(AssistKinds, in.Kind) {
			bad.Set("kind", "请选择协助事项")
		}
		a.Data["kind"] = in.Kind
	case "measure":
		if !valid(Measures, in.Measure) {
			bad.Set("measure", "请选择监督措施")
		}
		var sup []string
		for _, x := range in.Supervisors {
			if x = clean(x); x != "" && !slices.Contains(sup, x) {
				sup = append(sup, x)
			}
		}
		if len(sup) < 2 {
			bad.Set("supervisors", "监督人员不得少于两人（《山东省行政执法监督条例》第二十二条），请选择两名持有效行政执法监督证的人员")
		}
		if in.Due != "" {
			if d, err := law.ParseDate(in.Due); err != nil || !d.After(today) {
				bad.Set("due", "答复期限应为今天以后的日期")
			}
			a.Data["due"] = in.Due
		}
		a.Data["measure"], a.Data["supervisors"] = in.Measure, sup
	case "assist_ask":
		unit := clean(in.Unit)
		if unit == "" {
			bad.Set("unit", "请填写提请协助的单位（《山东省行政执法监督条例》第二十四条）")
		} else if utf8.RuneCountInString(unit) > 100 {
			bad.Set("unit", "协助单位名称不能超过100字")
		}
		if d, err := law.ParseDate(in.Due); err != nil {
			bad.Set("due", "请填写协助答复期限（YYYY-MM-DD）")
		} else if at, err := law.ParseDate(in.At); err == nil && !d.After(at) {
			bad.Set("due", "协助答复期限应晚于提请日期")
		}
		a.Data["unit"], a.Data["due"] = unit, in.Due
	case "special_investigation":
		team, rng := clean(in.Team), clean(in.Range)
		if !valid(SpecialGrounds, in.Kind) {
			bad.Set("kind", "请选择专门调查的情形（《山东省行政执法监督条例》第二十五条）")
		}
		if team == "" {
			bad.Set("team", "请填写专门调查的组成人员")
		} else if utf8.RuneCountInString(team) > 200 {
			bad.Set("team", "组成人员不能超过200字")
		}
		if rng == "" {
			bad.Set("range", "请填写调查范围")
		} else if utf8.RuneCountInString(rng) > 1000 {
			bad.Set("range", "调查范围不能超过1000字")
		}
		a.Data["kind"], a.Data["team"], a.Data["range"] = in.Kind, team, rng
	}
	return a, bad.Err()
}

func (s *Service) save(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Case, acts []Act, a Act) error {
	kind, no, err := number(ctx, tx, c, a)
	if err != nil {
		return err
	}
	if a.Type == "officer_proposal" {
		if err := checkOfficer(ctx, tx, c, a); err != nil {
			return err
		}
	}
	if a.Type == "measure" {
		if err := checkSupervisors(ctx, tx, c, &a); err != nil {
			return err
		}
	}
	if a.ID, err = insertAct(ctx, tx, c.ID, a, p, kind, no); err != nil {
		return err
	}
	if a.Type == "officer_proposal" {
		if err := insertOfficerProposal(ctx, tx, c, a); err != nil {
			return err
		}
		if err := issueProposalCard(ctx, tx, p, c, a); err != nil {
			return err
		}
	}
	a.DocKind, a.DocNo, a.Actor = kind, no, p.Who()
	all := append(slices.Clone(acts), a)
	j, err := judgeCase(ctx, tx, c, all)
	if err != nil {
		return err
	}
	st := Fold(all).Status
	if err := flow.Swap(ctx, tx, "supervision_cases", c.ID, c.Version); err != nil {
		return err
	}
	dl, _ := json.Marshal(j.Deadlines)
	township := c.TownshipCode
	if a.Type == "assist_request" {
		township = a.Str("township_code")
	}
	if _, err := tx.ExecContext(ctx, `UPDATE supervision_cases SET status = $2, deadlines = $3, next_check = $4, updated_at = $5,
		township_code = $6 WHERE id = $1`, c.ID, st, string(dl), j.NextCheck, clock.Millis(ctx), township); err != nil {
		return err
	}
	if err := flow.SyncFindings(ctx, tx, c.Target(), j.Findings, clock.Millis(ctx)); err != nil {
		return err
	}
	key := strconv.FormatInt(c.ID, 10)
	if err := audit.Record(ctx, tx, p, a.Type, "supervision_case", key, c.RegionCode, map[string]any{"status": c.Status},
		map[string]any{"status": st, "act": a}); err != nil {
		return err
	}
	return record(ctx, tx, c.ID, actContent(a, st))
}

func insertAct(ctx context.Context, tx store.Querier, caseID int64, a Act, p *auth.Principal, kind, no string) (int64, error) {
	data, _ := json.Marshal(a.Data)
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO supervision_acts (case_id, type, at, actor, actor_name, note, data, doc_kind, doc_no, recorded_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`, caseID, a.Type, a.At, p.Who(), p.Name, a.Note, string(data), kind, no,
		clock.Millis(ctx)).Scan(&id)
	return id, err
}
