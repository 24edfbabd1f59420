package cases

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/registry"
)

// blocking are the rules an act recorded in zfjd may not make fire anew:
// it is refused with the rule's message, so a case handled here cannot
// break them (time limits are not refused: a late act must still be
// recorded, and its warning stays). A yellow 请核实 — the facts do not
// settle the question, e.g. 较大数额 not set by the agency — never blocks.
var blocking = []string{"OFFICERS_INSUFFICIENT", "CERTIFICATE_INVALID", "REVIEWER_CONFLICT", "LEGAL_REVIEW_MISSING",
	"NOTICE_MISSING", "HEARING_RIGHT_MISSING", "SUMMARY_OVER_LIMIT", "NO_PENALTY_DUE", "MINOR_NOT_MITIGATED",
	"FINE_OUT_OF_RANGE", "TRANSFER_MISSING", "HEARING_NOTICE_LATE", "LIMITATION_EXPIRED",
	"INCOME_NOT_CONFISCATED", "MITIGATION_UNFOUNDED", "MITIGATION_MISSING", "REVIEWER_UNQUALIFIED",
	"HEARING_HOST_UNQUALIFIED", "COLLECTIVE_DISCUSSION_MISSING"}

// Create registers a new case in zfjd's own UI (线索登记) by the signed-in
// officer and the officers with him. With onSpot (简易程序, 处罚法 Art. 51,
// 52) the decision and its delivery on the spot are recorded in the same
// transaction: all of it is written, or none.
func (s *Service) Create(ctx context.Context, p *auth.Principal, c *Case, first Event, onSpot *Event) (*Case, error) {
	var out *Case
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		n := *c
		n.SourceSystem, n.Events, n.ID = SourceZFJD, []Event{}, 0
		if p == nil || p.Role != auth.RoleOfficer || !auth.CanChange(p, auth.KindCase, n.Target()) || p.Agency != n.AgencyCode {
			return apperr.New(apperr.Forbidden, "只有本执法主体的执法人员可以登记案件")
		}
		if n.Procedure == "summary" && onSpot == nil {
			return apperr.New(apperr.Invalid, "简易程序案件应当场作出处罚决定（《行政处罚法》第五十一条）")
		}
		if err := n.normalize(clock.Today(ctx)); err != nil {
			return err
		}
		if msg := registry.CheckRegion(ctx, tx, n.RegionCode); msg != "" {
			return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
		}
		year := clock.Today(ctx).Y
		seq, err := flow.Next(ctx, tx, "case/"+n.AgencyCode, year)
		if err != nil {
			return err
		}
		prefix, _, err := registry.DocPrefix(ctx, tx, n.AgencyCode)
		if err != nil {
			return err
		}
		// 案号 unique across agencies: the agency's 机关代字, the year, the sequence.
		n.CaseNo = fmt.Sprintf("%s案〔%d〕%d号", prefix, year, seq)
		n.SourceID = fmt.Sprintf("%s-%d-%05d", n.AgencyCode, year, seq)
		ev := first
		ev.Type = "discovered"
		if err := s.record(ctx, tx, p, &n, ev); err != nil {
			return err
		}
		if onSpot != nil {
			dec := *onSpot
			dec.Type = "decided"
			if err := s.record(ctx, tx, p, &n, dec); err != nil {
				return err
			}
			del := Event{Type: "delivered", At: dec.At, Officers: dec.Officers, Method: "direct", Note: "当场交付（《行政处罚法》第五十二条）"}
			if err := s.record(ctx, tx, p, &n, del); err != nil {
				return err
			}
		}
		if err := s.save(ctx, tx, &n); err != nil {
			return err
		}
		out = &n
		return audit.Record(ctx, tx, p, "create", "case", n.SourceSystem+"/"+n.SourceID, n.RegionCode, nil, &n)
	})
	if err != nil {
		return nil, err
	}
	return out, attachView(ctx, s.db.R, out)
}

// Append records one act on a zfjd case: the workflow must offer it to the
// role in the case's state (legal order, 办、审、定分离), the person must be
// the one the act names, and it must make none of the blocking rules fire
// anew. Concurrent acts on one case are serialised by the version swap and
// retried, so none is lost.
func (s *Service) Append(ctx context.Context, p *auth.Principal, id int64, ev Event) (*Case, error) {
	var out *Case
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeCase(p, c.Target()) {
			return apperr.NotFoundf("案件")
		}
		if c.SourceSystem != SourceZFJD {
			return apperr.New(apperr.Conflict, "该案件由%s报送，只能在来源系统中办理", c.SourceSystem)
		}
		if err := s.record(ctx, tx, p, c, ev); err != nil {
			return err
		}
		if err := s.save(ctx, tx, c); err != nil {
			return err
		}
		out = c
		last := c.Events[len(c.Events)-1]
		return audit.Record(ctx, tx, p, "act:"+last.Type, "case", c.SourceSystem+"/"+c.SourceID, c.RegionCode, nil, last)
	})
	if err != nil {
		return nil, err
	}
	return out, attachView(ctx, s.db.R, out)
}

// record checks ev as p's act on c and appends it to c.Events (not saved).
func (s *Service) record(ctx context.Context, tx *sql.Tx, p *auth.Principal, c *Case, ev Event) error {
	if p == nil || !auth.CanChange(p, auth.KindCase, c.Target()) || p.Agency != c.AgencyCode {
		return apperr.New(apperr.Forbidden, "只有本执法主体的执法人员、法制审核人员和负责人可以办理案件")
	}
	if !p.Role.ActsAsOfficer() {
		return apperr.New(apperr.Forbidden, "您的角色（%s）不办理案件", p.Role.Label())
	}
	if p.CertNo == "" {
		return apperr.New(apperr.Forbidden, "您的账号未关联执法证件，不能办理案件；请部门管理员在账号中填写执法证号")
	}
	if ev.Type != "discovered" {
		if err := Workflow.Check(StateOf(c), p.Role, ev.Type); err != nil {
			return err
		}
	} else if p.Role != auth.RoleOfficer {
		return apperr.New(apperr.Forbidden, "案件由执法人员登记")
	}
	ev.Actor = p.Who()
	today := clock.Today(ctx)
	f := apperr.Fields{}
	ev.normalize(f, "event", today)
	if a, ok := Workflow.Act(ev.Type); ok && a.NoteRequired && strings.TrimSpace(ev.Note) == "" {
		f.Set("note", "请填写"+a.NoteLabel)
	}
	if ev.Type == "testing" && ev.To == "" {
		// An exchange body may report a testing period still under way; an
		// act recorded here fixes it, as the party is told of it.
		f.Set("to", "检测、检验、检疫或者技术鉴定的期间应当明确，请填写截止日期（《行政强制法》第二十五条第三款）")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if last := lastDate(c); last.Valid() && ev.when.Date.Before(last) {
		// Acts are recorded in the order they happen: no backdating before
		// the step already on file.
		msg := fmt.Sprintf("日期不能早于上一环节的日期（%s）", last)
		return &apperr.Error{Code: apperr.Invalid, Message: "未记录：" + msg, Fields: apperr.Fields{"at": msg}}
	}
	if err := checkPerson(p, &ev); err != nil {
		return err
	}
	before := *c
	c.Events = append(slices.Clone(c.Events), ev)
	if ev.Type == "discovered" {
		return s.checkAct(ctx, tx, c, nil)
	}
	return s.checkAct(ctx, tx, c, &before)
}

// checkPerson binds the act to the signed-in person: an officer is among
// the officers named, a legal reviewer reviews in his own name, and the
// certificate numbers named are distinct people. An act one officer may do
// alone (a delivery by post, electronic means or public notice) names him
// when the form names nobody.
func checkPerson(p *auth.Principal, ev *Event) error {
	f := apperr.Fields{}
	switch {
	case ev.Type == "legal_review":
		ev.Reviewer = p.CertNo
		if slices.Contains(ev.Officers, p.CertNo) {
			f.Set("officers", "法制审核人员不能同时作为办案人员（办、审分离，国办发〔2018〕118号）")
		}
	case p.Role == auth.RoleOfficer && (TwoOfficers(ev.Type) || ev.Type == "discovered" || len(ev.Officers) > 0):
		if len(ev.Officers) == 0 && ev.Type != "discovered" && !NeedsTwoOfficers(ev) {
			ev.Officers = []string{p.CertNo}
		}
		if !slices.Contains(ev.Officers, p.CertNo) {
			f.Set("officers", "办理人员须包含您本人（执法证号"+p.CertNo+"）；不能以他人名义记录")
		}
	}
	return f.Err()
}

// lastDate is the date of the latest event on c (zero when none).
func lastDate(c *Case) (d law.Date) {
	for _, e := range c.Events {
		if e.when.Date.After(d) {
			d = e.when.Date
		}
	}
	return d
}

// checkAct refuses the last event of c when the law forbids it; before is
// the case without it (nil for a new case).
func (s *Service) checkAct(ctx context.Context, tx *sql.Tx, c *Case, before *Case) error {
	ev := &c.Events[len(c.Events)-1]
	env, err := s.loadEnv(ctx, tx, c)
	if err != nil {
		return err
	}
	f := apperr.Fields{}
	if NeedsTwoOfficers(ev) || ev.Type == "discovered" || (ev.Type == "decided" && c.Procedure == "summary") {
		valid := 0
		for _, o := range ev.Officers {
			if cert, ok := env.Officers[o]; ok && cert.validOn(ev.when.Date.String()) {
				valid++
			}
		}
		if valid < 2 {
			f.Set("officers", "须由两名以上持有当日有效执法证件的执法人员办理（《行政处罚法》第四十二条）")
		}
	}
	// A deviation from the benchmark needs a reason and a prior collective
	// discussion (国办发〔2022〕27号), which FINE_OUT_OF_RANGE judges; 处罚法
	// Art. 58 asks no legal review for it.
	if ev.Type == "hearing_held" && ev.Host == "" {
		f.Set("host", "请选择听证主持人")
	}
	if err := f.Err(); err != nil {
		return err
	}
	old := map[string]bool{}
	if before != nil {
		benv := *env
		for _, w := range Judge(before, &benv).Warnings {
			old[w.Rule+"|"+w.key] = !w.verify // a 请核实 that turns red is new
		}
	}
	var msgs []string
	for _, w := range Judge(c, env).Warnings {
		if slices.Contains(blocking, w.Rule) && !w.verify && !old[w.Rule+"|"+w.key] {
			msgs = append(msgs, flow.Message(w.Message, w.Due, env.Today))
		}
	}
	if len(msgs) > 0 {
		return &apperr.Error{Code: apperr.Invalid, Message: "不能办理：" + strings.Join(msgs, "；"),
			Fields: apperr.Fields{"event": strings.Join(msgs, "；")}}
	}
	return nil
}

// UpdateCase changes what the officers know about a zfjd case before it is
// decided: title, matter, party and facts. The procedure is chosen at
// registration and does not change afterwards (a filed general case cannot
// become a summary one decided on the spot).
func (s *Service) UpdateCase(ctx context.Context, p *auth.Principal, id int64, in *Case) (*Case, error) {
	var out *Case
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		c, err := getCase(ctx, tx, `id = $1`, id)
		if err != nil {
			return err
		}
		if !auth.CanSeeCase(p, c.Target()) {
			return apperr.NotFoundf("案件")
		}
		if msg := CanEdit(p, c); msg != "" {
			return apperr.New(apperr.Forbidden, "%s", msg)
		}
		if in.Procedure != "" && in.Procedure != c.Procedure {
			return &apperr.Error{Code: apperr.Invalid, Message: "程序类型在登记时确定，不能更改",
				Fields: apperr.Fields{"procedure": "程序类型在登记时确定，不能更改"}}
		}
		before := *c
		c.Title, c.MatterCode, c.Party, c.Facts = in.Title, in.MatterCode, in.Party, in.Facts
		if err := c.normalize(clock.Today(ctx)); err != nil {
			return err
		}
		if err := s.save(ctx, tx, c); err != nil {
			return err
		}
		out = c
		return audit.Record(ctx, tx, p, "update", "case", c.SourceSystem+"/"+c.SourceID, c.RegionCode, &before, c)
	})
	if err != nil {
		return nil, err
	}
	return out, attachView(ctx, s.db.R, out)
}

// CanEdit is "" when p may change the facts of c, else why not.
func CanEdit(p *auth.Principal, c *Case) string {
	switch {
	case c.SourceSystem != SourceZFJD:
		return "该案件由" + c.SourceSystem + "报送，只能在来源系统中修改"
	case p == nil || p.Agency != c.AgencyCode || !auth.CanChange(p, auth.KindCase, c.Target()) ||
		(p.Role != auth.RoleOfficer && p.Role != auth.RoleHead):
		return "只有本执法主体的执法人员和负责人可以修改案情"
	case StateOf(c).decided():
		return "案件已作出决定，不能再修改案情"
	case c.Status == "archived" || c.Status == "closed":
		return "案件已结案，不能再修改案情"
	}
	return ""
}
