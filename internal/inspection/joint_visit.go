package inspection

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
)

// JointVisit files, in one click from a 综合查一次 proposal (the planned
// tasks of several agencies on enterprise in month, YYYY-MM), the joint
// visit: one inspection of p's agency — its planned matter, where its task
// is — with the proposal's other agencies as joint_agency_codes, so the
// visit is one record counted once for the frequency caps (国办发〔2024〕54号
// 综合查一次). It starts 待审批 like any inspection filed in zfjd (Create).
// When p's agency has filed the joint visit of that enterprise already and
// it is not closed, that visit is answered with existed true. 404 when
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
	var id int64
	err = s.db.R.QueryRowContext(ctx, `SELECT id FROM inspections WHERE source_system = $1 AND agency_code = $2 AND enterprise_id = $3
		AND joint_agencies <> '[]' AND status <> $4 ORDER BY id DESC LIMIT 1`, SourceZFJD, p.Agency, enterprise, StClosed).Scan(&id)
	if err == nil {
		in, err = s.Get(ctx, p, id)
		return in, true, err
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, false, err
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
	in, err = s.Create(ctx, p, in)
	return in, false, err
}
