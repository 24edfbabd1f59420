package inspection

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Put creates or replaces the inspection sourceSystem/sourceID as its
// source system knows it (PUT /api/v1/inspections/{source_system}/{source_id}).
// Only integration tokens push (auth.CanPushInspections; the handler
// checks), for their own agency and region; the 检查码 is the platform's,
// issued at the first reported event and kept. Every refusal writes
// nothing; so does a replay of the same body.
func (s *Service) Put(ctx context.Context, p *auth.Principal, in *Inspection) (created bool, out *Inspection, err error) {
	if err := CheckSource(in.SourceSystem, in.SourceID); err != nil {
		return false, nil, err
	}
	if strings.EqualFold(in.SourceSystem, SourceZFJD) {
		msg := "来源系统标识“" + in.SourceSystem + "”为本平台自办检查保留，不能通过对接接口写入"
		return false, nil, &apperr.Error{Code: apperr.Forbidden, Message: msg, Fields: apperr.Fields{"source_system": msg}}
	}
	in.Code, in.Checklist = "", nil // the code is the platform's; the checklist is zfjd's own
	if err := in.Normalize(); err != nil {
		return false, nil, err
	}
	if err := in.notAfter(clock.Today(ctx)); err != nil {
		return false, nil, err
	}
	if err := s.checkPlace(ctx, s.db.R, p, in); err != nil {
		return false, nil, err
	}
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c := *in
		old, err := loadWhere(ctx, tx, "i.source_system = $1 AND i.source_id = $2", c.SourceSystem, c.SourceID)
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		action := "create"
		if old != nil {
			if !auth.CanWriteInspection(p, old.Target()) {
				return apperr.New(apperr.Forbidden, "无权修改该检查")
			}
			c.Code, c.Checklist, action = old.Code, old.Checklist, "update"
		}
		c.AgencyName, c.MatterName = s.names(ctx, tx, &c)
		if _, err := s.write(ctx, tx, p, &c, old, action); err != nil {
			return err
		}
		created, out = old == nil, &c
		return nil
	})
	return created, out, err
}

// notAfter refuses events dated after today: a source system reports what
// happened.
func (in *Inspection) notAfter(today law.Date) error {
	f := apperr.Fields{}
	for i, e := range in.Events {
		if e.when.Date.After(today) {
			f.Set(fmt.Sprintf("events[%d].at", i), "不能晚于今天（"+today.String()+"）")
		}
	}
	return f.Err()
}

// names are the agency's and matter's names for the answer.
func (s *Service) names(ctx context.Context, q store.Querier, in *Inspection) (string, string) {
	ag, mt := in.AgencyCode, in.MatterCode
	q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, in.AgencyCode).Scan(&ag)
	q.QueryRowContext(ctx, `SELECT name FROM matters WHERE code = $1`, in.MatterCode).Scan(&mt)
	return ag, mt
}

// checkPlace authorises p to record in for its agency and region: inside
// p's jurisdiction and, for an agency-bound principal, of p's own agency
// (403); the agency registered and visible to p, an enforcement subject
// whose region contains the inspection's (400); the joint agencies
// registered enforcement subjects (400).
func (s *Service) checkPlace(ctx context.Context, q store.Querier, p *auth.Principal, in *Inspection) error {
	if msg := registry.CheckRegion(ctx, q, in.RegionCode); msg != "" {
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
	}
	if !auth.CanWriteInspection(p, in.Target()) {
		field, msg := "region_code", fmt.Sprintf("无权报送行政区划%s的检查：不在您的管辖范围内", in.RegionCode)
		switch {
		case p == nil || !auth.MayWriteInspections(p) && !auth.CanPushInspections(p):
			field, msg = "", "您的角色不能报送检查"
		case ident.Contains(p.Region, in.RegionCode) && p.Agency != "" && p.Agency != in.AgencyCode:
			field, msg = "agency_code", fmt.Sprintf("您只能报送执法主体%s的检查，不能报送执法主体%s的检查", p.Agency, in.AgencyCode)
		}
		e := &apperr.Error{Code: apperr.Forbidden, Message: msg}
		if field != "" {
			e.Fields = apperr.Fields{field: msg}
		}
		return e
	}
	ag, err := registry.RefAgency(ctx, q, p, in.AgencyCode, "agency_code")
	if err != nil {
		return err
	}
	if ag.Kind != "enforcement" {
		msg := fmt.Sprintf("%s（%s）不是执法主体，不能实施行政检查", ag.Name, ag.Code)
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"agency_code": msg}}
	}
	if !ident.Contains(ag.RegionCode, in.RegionCode) {
		msg := fmt.Sprintf("检查所在行政区划%s不在执法主体%s所在的行政区划%s内", in.RegionCode, ag.Name, ag.RegionCode)
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
	}
	for i, c := range in.JointAgency {
		var kind string
		err := q.QueryRowContext(ctx, `SELECT kind FROM agencies WHERE code = $1`, c).Scan(&kind)
		if err == sql.ErrNoRows || (err == nil && kind != "enforcement") {
			msg := "联合检查的执法主体" + c + "不存在或不是执法主体"
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{fmt.Sprintf("joint_agency_codes[%d]", i): msg}}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Get returns inspection id; outside p's reach it does not exist.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Inspection, error) {
	in, err := loadWhere(ctx, s.db.R, "i.id = $1", id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeInspection(p, in.Target()) {
		return nil, apperr.NotFoundf("检查")
	}
	return in, nil
}

// GetBySource returns the inspection a source system pushed.
func (s *Service) GetBySource(ctx context.Context, p *auth.Principal, sys, id string) (*Inspection, error) {
	if err := CheckSource(sys, id); err != nil {
		return nil, err
	}
	in, err := loadWhere(ctx, s.db.R, "i.source_system = $1 AND i.source_id = $2", sys, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeInspection(p, in.Target()) {
		return nil, apperr.NotFoundf("检查")
	}
	return in, nil
}
