package inspection

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// JointField is the form field naming the agency invited to a joint visit.
const JointField = "joint_agency_code"

// JointCandidate is an agency a visit may invite to join it.
type JointCandidate struct{ Code, Name string }

// JointCandidates are the agencies in's agency may invite to its visit
// (综合查一次): enforcement subjects holding an inspection matter whose
// region contains the visit's, but in's own and those already joined.
func JointCandidates(ctx context.Context, q store.Querier, in *Inspection) ([]JointCandidate, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT a.code, a.name, a.region_code FROM agencies a
		JOIN matter_agencies ma ON ma.agency_code = a.code JOIN matters m ON m.id = ma.matter_id
		WHERE m.kind = 'inspection' AND a.kind = 'enforcement' AND a.code <> $1 ORDER BY a.code LIMIT 500`, in.AgencyCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []JointCandidate
	for rows.Next() {
		var c JointCandidate
		var region string
		if err := rows.Scan(&c.Code, &c.Name, &region); err != nil {
			return nil, err
		}
		if ident.Contains(region, in.RegionCode) && !slices.Contains(in.JointAgency, c.Code) {
			out = append(out, c)
		}
	}
	return out, rows.Err()
}

// AddJoint invites agency to join zfjd's own inspection id before the
// officers check in (国办发〔2024〕54号 综合查一次: one visit, one record,
// counted once for the frequency caps). The inspecting agency's officers
// and head invite: 404 outside p's reach, 403 for anyone else, 409 once
// checked in, closed or pushed, 400 naming JointField for the agency. The
// record, its judgement, the audit row and the log leaf are written in
// one transaction, as for the workflow's acts.
func (s *Service) AddJoint(ctx context.Context, p *auth.Principal, id int64, agency string) (*Inspection, error) {
	agency = ident.NormalizeUSCC(agency)
	var out *Inspection
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		old, err := loadWhere(ctx, tx, "i.id = $1", id)
		if err != nil {
			return err
		}
		if !auth.CanSeeInspection(p, old.Target()) {
			return apperr.NotFoundf("检查")
		}
		if !auth.MayWriteInspections(p) || !auth.CanWriteInspection(p, old.Target()) || p.Agency != old.AgencyCode {
			return apperr.New(apperr.Forbidden, "联合检查由%s的执法人员或负责人邀请", old.AgencyName)
		}
		st := StateOf(old)
		if msg := firstOf(pushed(st), closed(st)); msg != "" {
			return apperr.New(apperr.Conflict, "%s", msg)
		}
		if st.CheckedIn {
			return apperr.New(apperr.Conflict, "已扫码入企，不能再邀请其他执法主体联合检查")
		}
		if err := checkJoint(ctx, tx, old, agency); err != nil {
			return err
		}
		c := *old
		c.Events, c.JointAgency = slices.Clone(old.Events), append(slices.Clone(old.JointAgency), agency)
		if err := c.Normalize(); err != nil {
			return err
		}
		if _, err := s.write(ctx, tx, p, &c, old, "update"); err != nil {
			return err
		}
		out = &c
		return nil
	})
	return out, err
}

// checkJoint refuses, naming JointField, an agency in may not invite.
func checkJoint(ctx context.Context, q store.Querier, in *Inspection, code string) error {
	switch {
	case code == "":
		return invalid(JointField, "请选择联合检查的执法主体")
	case ident.ValidateUSCC(code) != nil:
		return invalid(JointField, "执法主体代码无效")
	case code == in.AgencyCode:
		return invalid(JointField, "联合检查的其他执法主体不能是本检查的执法主体")
	case slices.Contains(in.JointAgency, code):
		return invalid(JointField, "该执法主体已在本次联合检查中")
	case len(in.JointAgency) >= MaxJoint:
		return invalid(JointField, fmt.Sprintf("联合检查的执法主体不能超过%d个", MaxJoint))
	}
	var name, kind, region string
	err := q.QueryRowContext(ctx, `SELECT name, kind, region_code FROM agencies WHERE code = $1`, code).Scan(&name, &kind, &region)
	if err == sql.ErrNoRows || (err == nil && kind != "enforcement") {
		return invalid(JointField, "执法主体"+code+"不存在或不是执法主体")
	}
	if err != nil {
		return err
	}
	if !ident.Contains(region, in.RegionCode) {
		return invalid(JointField, fmt.Sprintf("%s所在的行政区划%s不包含检查所在地%s", name, region, in.RegionCode))
	}
	var one int
	err = q.QueryRowContext(ctx, `SELECT 1 FROM matter_agencies ma JOIN matters m ON m.id = ma.matter_id
		WHERE ma.agency_code = $1 AND m.kind = 'inspection' LIMIT 1`, code).Scan(&one)
	if err == sql.ErrNoRows {
		return invalid(JointField, name+"没有涉企行政检查事项，不能参加检查：清单之外无检查（国办发〔2024〕54号）")
	}
	return err
}

// JointHint is the invitation form's note on the page.
const JointHint = "国办发〔2024〕54号：推行“综合查一次”，多个执法主体对同一企业的检查合并为一次入企，联合检查只计一次检查频次；入企前可邀请持有涉企行政检查事项的其他执法主体参加。"

// CanInvite reports whether p may invite another agency to in's visit now
// (the page's form; AddJoint decides).
func CanInvite(p *auth.Principal, in *Inspection) bool {
	st := StateOf(in)
	return auth.MayWriteInspections(p) && auth.CanWriteInspection(p, in.Target()) && p.Agency == in.AgencyCode &&
		!st.Pushed && !st.CheckedIn && !st.CheckedOut
}
