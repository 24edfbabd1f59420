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
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// JointOpening is what opens a joint action.
type JointOpening struct {
	Title     string   `json:"title"`
	Summary   string   `json:"summary"`
	Lead      string   `json:"lead"`
	Members   []string `json:"members"` // participants; the lead is added
	PartyID   string   `json:"party_id"`
	PartyName string   `json:"party_name"`
	StartsOn  string   `json:"starts_on"`
	EndsOn    string   `json:"ends_on"`
}

func (in *JointOpening) check() apperr.Fields {
	bad := apperr.Fields{}
	in.Title, in.Summary, in.PartyID, in.PartyName = clean(in.Title), clean(in.Summary), clean(in.PartyID), clean(in.PartyName)
	in.Lead = ident.NormalizeUSCC(clean(in.Lead))
	ms := []string{}
	if in.Lead != "" {
		ms = append(ms, in.Lead)
	}
	for _, m := range lines(in.Members, 20) {
		if m = ident.NormalizeUSCC(m); !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	in.Members = ms
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > MaxTitle {
		bad.Set("title", "请填写联合行动名称（不超过"+strconv.Itoa(MaxTitle)+"字）")
	}
	if n := utf8.RuneCountInString(in.Summary); n == 0 || n > MaxNote {
		bad.Set("summary", "请填写联合行动的目标和内容")
	}
	if in.Lead == "" {
		bad.Set("lead", "请选择牵头单位")
	}
	if len(in.Members) < 2 {
		bad.Set("members", "请至少选择一个参与单位")
	}
	from, err1 := law.ParseDate(in.StartsOn)
	to, err2 := law.ParseDate(in.EndsOn)
	switch {
	case err1 != nil:
		bad.Set("starts_on", "请填写开始日期（YYYY-MM-DD）")
	case err2 != nil:
		bad.Set("ends_on", "请填写结束日期（YYYY-MM-DD）")
	case to.Before(from):
		bad.Set("ends_on", "结束日期不能早于开始日期")
	}
	return bad
}

// OpenJoint opens a joint action for p: the supervision body of the
// members' common region, or a member agency's speaker.
func (s *Service) OpenJoint(ctx context.Context, p *auth.Principal, in JointOpening) (*JointAction, error) {
	if err := in.check().Err(); err != nil {
		return nil, err
	}
	var id int64
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		regions, err := partyRegions(ctx, tx, in.Members)
		if err != nil {
			return err
		}
		region := registry.CommonRegionOf(regions)
		if region == "" {
			return &apperr.Error{Code: apperr.Invalid, Message: "参与单位不在同一省级行政区划内", Fields: apperr.Fields{"members": "跨省的联合行动不在本平台范围内"}}
		}
		if !auth.CanOpenJointAction(p, region, in.Members) {
			return apperr.New(apperr.Forbidden, "只有参与单位或%s的行政执法监督机构可以发起联合行动", region)
		}
		now, today := clock.Millis(ctx), clock.TodayString(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO joint_actions (region_code, title, summary, lead, party_id, party_name, status,
			starts_on, ends_on, opened_on, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
			region, in.Title, in.Summary, in.Lead, in.PartyID, in.PartyName, JointUnderWay, in.StartsOn, in.EndsOn, today, p.Who(),
			now).Scan(&id); err != nil {
			return err
		}
		for i, m := range in.Members {
			if _, err := tx.ExecContext(ctx, `INSERT INTO joint_action_members (action_id, agency_code, region_code) VALUES ($1,$2,$3)`,
				id, m, regions[i]); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, tx, p, "open", JointKind, strconv.FormatInt(id, 10), region, nil, in); err != nil {
			return err
		}
		return recordAs(ctx, tx, JointKind, id, jointOpenContent(in, region, today, p.Who()))
	})
	if err != nil {
		return nil, err
	}
	return s.GetJoint(ctx, p, id)
}

const jointCols = `j.id, j.version, j.region_code, j.title, j.summary, j.lead, j.party_id, j.party_name, j.status, j.starts_on,
	j.ends_on, j.next_check, j.opened_on`

func scanJoint(row interface{ Scan(...any) error }) (*JointAction, error) {
	j := &JointAction{}
	err := row.Scan(&j.ID, &j.Version, &j.RegionCode, &j.Title, &j.Summary, &j.Lead, &j.PartyID, &j.PartyName, &j.Status,
		&j.StartsOn, &j.EndsOn, &j.NextCheck, &j.OpenedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("联合行动")
	}
	return j, err
}

func loadJoint(ctx context.Context, q store.Querier, id int64) (*JointAction, error) {
	j, err := scanJoint(q.QueryRowContext(ctx, `SELECT `+jointCols+` FROM joint_actions j WHERE j.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if j.Members, err = loadMembers(ctx, q, j); err != nil {
		return nil, err
	}
	if j.Acts, err = loadActsOf(ctx, q, "joint_action_acts", "action_id", id); err != nil {
		return nil, err
	}
	j.Tasks = Tasks(j.Acts)
	rows, err := q.QueryContext(ctx, `SELECT l.case_id, l.agency_code, COALESCE(c.case_no, ''), COALESCE(c.title, ''), COALESCE(a.name, l.agency_code)
		FROM joint_action_cases l LEFT JOIN cases c ON c.id = l.case_id LEFT JOIN agencies a ON a.code = l.agency_code
		WHERE l.action_id = $1 ORDER BY l.case_id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	j.Cases = []Linked{}
	for rows.Next() {
		var l Linked
		if err := rows.Scan(&l.CaseID, &l.AgencyCode, &l.CaseNo, &l.Title, &l.AgencyName); err != nil {
			return nil, err
		}
		j.Cases = append(j.Cases, l)
	}
	return j, rows.Err()
}

func loadMembers(ctx context.Context, q store.Querier, j *JointAction) ([]Party, error) {
	return loadPartiesOf(ctx, q, "joint_action_members", "action_id", j.ID, j.Lead)
}

// GetJoint returns joint action id; outside p's reach it does not exist.
func (s *Service) GetJoint(ctx context.Context, p *auth.Principal, id int64) (*JointAction, error) {
	j, err := loadJoint(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeJointAction(p, j.RegionCode, j.Codes()) {
		return nil, apperr.NotFoundf("联合行动")
	}
	j.Warnings, err = flow.OpenFindings(ctx, s.db.R, JointKind, id)
	return j, err
}

// judgeJoint writes j's next check and findings (each on its task's owner).
func (s *Service) judgeJoint(ctx context.Context, tx *sql.Tx, j *JointAction) error {
	jd := JudgeJoint(j, clock.Today(ctx))
	if _, err := tx.ExecContext(ctx, `UPDATE joint_actions SET next_check = $2 WHERE id = $1`, j.ID, jd.NextCheck); err != nil {
		return err
	}
	if err := flow.SyncFindings(ctx, tx, flow.Subject{Kind: JointKind, ID: j.ID, Region: j.RegionCode}, jd.Findings, clock.Millis(ctx)); err != nil {
		return err
	}
	for _, t := range j.Tasks {
		region := j.RegionCode
		for _, m := range j.Members {
			if m.AgencyCode == t.Owner {
				region = m.RegionCode
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET agency_code = $4, region_code = $5 WHERE subject_kind = $1
			AND subject_id = $2 AND rule = $3 AND fkey = $6 AND (agency_code <> $4 OR region_code <> $5)`,
			JointKind, j.ID, RuleTaskOverdue, t.Owner, region, strconv.FormatInt(t.ID, 10)); err != nil {
			return err
		}
	}
	return nil
}

// JointDue is the joint actions' part in the daily pass.
func (s *Service) JointDue() flow.Due {
	return flow.Due{Kind: JointKind, Table: "joint_actions", Rejudge: s.RejudgeJoint}
}

// RejudgeJoint judges joint action id again on today.
func (s *Service) RejudgeJoint(ctx context.Context, id int64) error {
	return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		j, err := loadJoint(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := flow.Swap(ctx, tx, "joint_actions", j.ID, j.Version); err != nil {
			return err
		}
		return s.judgeJoint(ctx, tx, j)
	})
}

// ListJoint lists the joint actions p may see, newest first.
func (s *Service) ListJoint(ctx context.Context, p *auth.Principal, status string, pg *registry.Page) ([]*JointAction, error) {
	if status != "" && !valid(JointStatuses, status) {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "状态无效", Fields: apperr.Fields{"status": "状态无效"}}
	}
	w := &store.Where{}
	auth.FilterDisputes(p, w, "j.region_code", "EXISTS (SELECT 1 FROM joint_action_members x WHERE x.action_id = j.id AND x.agency_code = ?)")
	if status != "" {
		w.Add("j.status = ?", status)
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM joint_actions j`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+jointCols+` FROM joint_actions j`+w.SQL()+` ORDER BY j.id DESC LIMIT `+
		w.Arg(pg.Size)+` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	out := []*JointAction{}
	for rows.Next() {
		j, err := scanJoint(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, j)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, j := range out {
		if j.Members, err = loadMembers(ctx, s.db.R, j); err != nil {
			return nil, err
		}
	}
	return out, nil
}
