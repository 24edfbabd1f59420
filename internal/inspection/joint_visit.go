package inspection

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// JointVisit files, in one click from a 综合查一次 proposal (the planned
// tasks of several agencies on enterprise in month, YYYY-MM), the joint
// visit: one inspection of p's agency — its planned matter, where its task
// is — with the proposal's other agencies as joint_agency_codes, so the
// visit is one record counted once for the frequency caps (国办发〔2024〕54号
// 综合查一次). It starts 待审批 like any inspection filed in zfjd (Create).
// When an agency of the proposal has filed its joint visit already (the
// proposal's claim, inspection_joint_visits), that visit is answered with
// existed true; two clicks at the same time file one visit (the claim's
// key, in the visit's own transaction). 404 when
// there is no such proposal in p's region, 403 when p's agency is not in
// it or p may not file inspections.
func (s *Service) JointVisit(ctx context.Context, p *auth.Principal, enterprise, month string) (in *Inspection, existed bool, err error) {
	if !auth.MayWriteInspections(p) || p.Agency == "" {
		return nil, false, apperr.New(apperr.Forbidden, "联合检查由执法主体的执法人员或负责人登记")
	}
	enterprise = ident.NormalizeUSCC(enterprise)
	if len(month) != 7 {
		return nil, false, apperr.NotFoundf("综合查一次建议")
	}
	props, err := JointProposals(ctx, s.db.R, p.Region, month, month)
	if err != nil {
		return nil, false, err
	}
	var prop *JointProposal
	for _, x := range props {
		if x.EnterpriseID == enterprise {
			prop = x
		}
	}
	if prop == nil {
		return nil, false, apperr.NotFoundf("综合查一次建议")
	}
	if !prop.Includes(p.Agency) {
		return nil, false, apperr.New(apperr.Forbidden, "该综合查一次建议不涉及本执法主体的检查计划")
	}
	if existing, err := s.jointOf(ctx, s.db.R, p, enterprise, month); err != nil || existing != nil {
		return existing, existing != nil, err
	}
	in = &Inspection{AgencyCode: p.Agency, Kind: "routine", Enterprise: Enterprise{Name: prop.EnterpriseName, IDNumber: enterprise}}
	for _, t := range prop.Tasks {
		if t.AgencyCode == p.Agency && in.MatterCode == "" {
			in.MatterCode, in.RegionCode = t.MatterCode, t.RegionCode
		}
	}
	for _, a := range prop.Agencies() {
		if a == p.Agency {
			continue
		}
		if err := checkJoint(ctx, s.db.R, in, a); err != nil {
			return nil, false, err
		}
		in.JointAgency = append(in.JointAgency, a)
	}
	if err := s.prepare(ctx, p, in); err != nil {
		return nil, false, err
	}
	var out *Inspection
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		out, existed = nil, false
		// A click at the same time filed it first: its claim was
		// committed before this retry (the key refused ours).
		if existing, err := s.jointOf(ctx, tx, p, enterprise, month); err != nil || existing != nil {
			out, existed = existing, existing != nil
			return err
		}
		c, err := s.create(ctx, tx, p, in)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_joint_visits (enterprise_id, month, inspection_id, agency_code, created_at)
			VALUES ($1, $2, $3, $4, $5)`, enterprise, month, c.ID, p.Agency, clock.Millis(ctx)); err != nil {
			return err
		}
		out = c
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	return out, existed, nil
}

// jointOf is the joint visit filed from the proposal of enterprise in
// month, nil when none is: whichever agency of the proposal filed it, the
// proposal has one visit. 409 when p may not see it (p's agency was not
// in the proposal when the visit was filed).
func (s *Service) jointOf(ctx context.Context, q store.Querier, p *auth.Principal, enterprise, month string) (*Inspection, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT inspection_id FROM inspection_joint_visits WHERE enterprise_id = $1 AND month = $2`,
		enterprise, month).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	in, err := loadWhere(ctx, q, "i.id = $1", id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeInspection(p, in.Target()) {
		return nil, apperr.New(apperr.Conflict, "该企业%s的综合查一次已由%s登记", month, in.AgencyName)
	}
	return in, nil
}
