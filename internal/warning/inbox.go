package warning

import (
	"context"
	"slices"
	"sort"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Inbox is what waits for one account now (工作台): counts of warnings by
// what it may do about them, as the handling definition gives its role,
// and for officers their cases' next acts and deadlines.
type Inbox struct {
	Agency      bool // p signs and answers (the subject's agency)
	Supervision bool // p verifies and returns
	ToSign      int
	ToAnswer    int
	Returned    int // signed again after supervision returned it (part of ToAnswer)
	ToVerify    int
	SoonRed     int // yellow, unsigned, within one working day of turning red
	Escalated   int // open warnings made red because nobody signed them in time (supervision sees them first)
	Cases       []CaseTodo
}

// Waiting is the number of warnings that wait for p's act.
func (i *Inbox) Waiting() int { return i.ToSign + i.ToAnswer + i.ToVerify }

// CaseTodo is one of an officer's cases with what he may do next.
type CaseTodo struct {
	ID                 int64
	CaseNo, Title      string
	Acts               []string
	Deadline, DueLabel string // the nearest deadline not met yet
}

func takes(p *auth.Principal, act string) bool {
	a, _ := Handling.Act(act)
	return p != nil && slices.Contains(a.Roles, p.Role)
}

// Counts fills the warning counts of p's inbox, each an index-only count.
func (s *Service) Counts(ctx context.Context, p *auth.Principal) (*Inbox, error) {
	in := &Inbox{}
	if p == nil {
		return in, nil
	}
	in.Agency = takes(p, "sign") && p.Agency != ""
	in.Supervision = takes(p, "verify") && p.Agency == ""
	if !in.Agency && !in.Supervision {
		return in, nil
	}
	today, soon, err := soonRed(ctx, s.db)
	if err != nil {
		return nil, err
	}
	count := func(cond string, args ...any) (int, error) { return s.count(ctx, p, cond, args...) }
	if in.Agency {
		if in.ToSign, err = count("f.stage = 'issued'"); err != nil {
			return nil, err
		}
		if in.ToAnswer, err = count("f.stage = 'signed'"); err != nil {
			return nil, err
		}
		if in.Returned, err = count("f.stage = 'signed' AND f.last_action = 'return'"); err != nil {
			return nil, err
		}
	}
	if in.Supervision {
		if in.ToVerify, err = count("f.stage = 'answered'"); err != nil {
			return nil, err
		}
		if in.Escalated, err = count("f.stage = 'issued' AND f.escalated = 1"); err != nil {
			return nil, err
		}
	}
	if in.SoonRed, err = count(soonRedSQL("?", "?"), today, soon); err != nil {
		return nil, err
	}
	return in, nil
}

// Waiting counts only what the navigation badge shows: the warnings
// waiting for p's act (to sign and answer, or to verify).
func (s *Service) Waiting(ctx context.Context, p *auth.Principal) (int, error) {
	switch {
	case p == nil:
		return 0, nil
	case takes(p, "sign") && p.Agency != "":
		return s.count(ctx, p, "f.stage IN ('issued', 'signed')")
	case takes(p, "verify") && p.Agency == "":
		return s.count(ctx, p, "f.stage = 'answered'")
	}
	return 0, nil
}

// count counts the warnings in p's scope meeting cond. The stages being
// handled are open by construction (closed and cured ones are resolved),
// so each count is one scan of a covering index (migration 00014).
func (s *Service) count(ctx context.Context, p *auth.Principal, cond string, args ...any) (int, error) {
	w := &store.Where{}
	auth.FilterCases(p, w, "f.region_code", "f.agency_code") // an agency-bound principal: its agency only
	w.Add(cond, args...)
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM findings f`+w.SQL(), w.Args...).Scan(&n)
	return n, err
}

// Officer adds the cases of p's agency that p may act on now, nearest
// deadline first (at most 20), for accounts that act as officers.
func (s *Service) Officer(ctx context.Context, svc *cases.Service, p *auth.Principal, in *Inbox) error {
	if svc == nil || p == nil || !p.Role.ActsAsOfficer() || p.Agency == "" {
		return nil
	}
	list, err := svc.List(ctx, p, &cases.Filter{Sort: "deadline", Page: pageOf(100)})
	if err != nil {
		return err
	}
	for _, c := range list {
		acts := cases.Offered(c, p)
		if len(acts) == 0 {
			continue
		}
		t := CaseTodo{ID: c.ID, CaseNo: c.CaseNo, Title: c.Title}
		for _, a := range acts {
			t.Acts = append(t.Acts, a.Label)
		}
		st := cases.StateOf(c)
		names := make([]string, 0, len(c.Deadlines))
		for n := range c.Deadlines {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			d := c.Deadlines[n]
			if st.Met(n) || n == "limitation" || n == "hearing_request" {
				continue
			}
			if t.Deadline == "" || d < t.Deadline {
				t.Deadline, t.DueLabel = d, deadlineLabel(n)
			}
		}
		in.Cases = append(in.Cases, t)
		if len(in.Cases) == 20 {
			break
		}
	}
	return nil
}

var deadlineLabels = map[string]string{"decision": "作出处理决定", "preservation": "先行登记保存作出处理决定", "seizure": "查封扣押期限",
	"transfer_approval": "移送报告审批", "transfer": "移送公安机关", "delivery": "送达决定书", "publicity": "公示处罚决定",
	"payment": "缴纳罚款", "withdrawal": "撤回公示", "statement": "当事人陈述申辩", "hearing_request": "当事人申请听证",
	"enforcement": "申请人民法院强制执行", "limitation": "追责时效", "transfer_receipt": "公安机关答复是否立案"}

func deadlineLabel(n string) string {
	if l, ok := deadlineLabels[n]; ok {
		return l
	}
	return n
}

func pageOf(size int) registry.Page { return registry.Page{Page: 1, Size: size} }
