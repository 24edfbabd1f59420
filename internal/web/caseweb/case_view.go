package caseweb

// Helpers of the case pages (C5): labels for templates, the officers an
// agency can assign, deadlines with the days left, and the timeline.

import (
	"context"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/docs"
	"zfjd/internal/evidence"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
)

// funcs are the template funcs of the case pages.
var funcs = template.FuncMap{
	// withoutBasis drops the "（依据）" a warning message ends with where
	// the page shows the basis beside it, so it is not said twice.
	"withoutBasis": func(msg, basis string) string { return strings.TrimSuffix(msg, "（"+basis+"）") },
	"caseStatus": func(s string) string {
		if l, ok := cases.StatusLabels[s]; ok {
			return l
		}
		return s
	},
	"eventLabel":     cases.EventLabel,
	"fen":            registry.FormatYuan,
	"tierLabel":      func(t string) string { return orSelf(cases.TierLabels, t) },
	"penaltyLabel":   func(k string) string { return orSelf(cases.PenaltyLabels, k) },
	"outcomeLabel":   func(o string) string { return orSelf(cases.OutcomeLabels, o) },
	"harmLabel":      func(h string) string { return orSelf(cases.HarmLabels, h) },
	"procLabel":      func(p string) string { return orSelf(cases.ProcedureLabels, p) },
	"partyKindLabel": func(k string) string { return orSelf(cases.PartyKindLabels, k) },
	"caseTiers":      func() []string { return cases.Tiers },
	"penaltyKinds":   func() []string { return cases.PenaltyKinds },
	"evidenceKinds":  func() []registry.Option { return evidence.Kinds },
	"evidenceMax":    func() string { return evidence.MaxFileLabel },
	"circumstances":  discretion.CircumstancesOf,
	"caseStatuses":   func() []string { return caseStatusOrder },
	// c5args builds the argument map of a shared case template.
	"c5args": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m
	},
	"yn": func(b *bool) string {
		switch {
		case b == nil:
			return "未查明"
		case *b:
			return "是"
		}
		return "否"
	},
	"circLabel": func(code string) string {
		if c := discretion.CircumstanceOf(code); c != nil {
			return c.Label
		}
		return code
	},
	"noteLabel": cases.NoteLabel,
	// The coded fields of exchange v1.1 events, for the act forms' selects.
	"deliveryMethods": func() []registry.Option { return choices(cases.DeliveryMethods, deliveryOrder) },
	"annulKinds":      func() []registry.Option { return choices(cases.AnnulKinds, annulOrder) },
	"closeReasons":    func() []registry.Option { return choices(cases.CloseReasons, closeOrder) },
	"receiptResults":  func() []registry.Option { return choices(cases.ReceiptResults, receiptOrder) },
	// oneOfficer: a delivery by this method needs no second officer.
	"oneOfficer": func(method string) bool {
		return !cases.NeedsTwoOfficers(&cases.Event{Type: "delivered", Method: method})
	},
	// moneyKind: penalties given as an amount of money.
	"moneyKind": func(k string) bool { return slices.Contains(moneyPenalties, k) },
}

func orSelf(m map[string]string, k string) string {
	if l, ok := m[k]; ok {
		return l
	}
	return k
}

// caseStatusOrder lists the statuses in procedural order (filters).
var caseStatusOrder = []string{"registered", "filed", "investigating", "reviewing", "notified", "hearing", "decided",
	"transfer_pending", "delivered", "executed", "transferred", "annulled", "closed", "archived"}

// The order the forms offer the codes in (the order of practice: the
// usual first); the labels are the case package's.
var (
	deliveryOrder = []string{"direct", "left", "post", "electronic", "public_notice"}
	annulOrder    = []string{"revoke", "change", "confirm_illegal", "confirm_invalid"}
	closeOrder    = []string{"executed", "dropped"}
	receiptOrder  = []string{"accepted", "filed", "not_filed"}
)

// choices are the codes of labels as options in order; codes the order
// does not know yet come last, sorted, so none is left out.
func choices(labels map[string]string, order []string) []registry.Option {
	var out []registry.Option
	for _, c := range order {
		if l, ok := labels[c]; ok {
			out = append(out, registry.Option{Value: c, Label: l})
		}
	}
	for _, c := range slices.Sorted(maps.Keys(labels)) {
		if !slices.Contains(order, c) {
			out = append(out, registry.Option{Value: c, Label: labels[c]})
		}
	}
	return out
}

// moneyPenalties are the penalty kinds with an amount.
var moneyPenalties = []string{"fine", "confiscate_income", "confiscate_property"}

// officerChoice is an officer of the case's agency for the pickers.
type officerChoice struct {
	CertNo, Name              string
	HearingHost, LegalReview  bool
	ValidFrom, ValidTo, State string
}

// agencyOfficers lists every officer of an agency that p may see, by name.
func (h *Handler) agencyOfficers(ctx context.Context, p *auth.Principal, agency string) ([]officerChoice, error) {
	f := &registry.OfficerFilter{Agency: agency, Sort: "name", Page: registry.Page{Size: 200}}
	var out []officerChoice
	for f.Page.Page = 1; ; f.Page.Page++ {
		list, err := registry.ListOfficers(ctx, h.DB, p, f)
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			out = append(out, officerChoice{CertNo: o.CertNo, Name: o.Name, HearingHost: o.HasQualification("hearing_host"),
				LegalReview: o.HasQualification("legal_review"), ValidFrom: o.CertValidFrom, ValidTo: o.CertValidTo, State: o.State})
		}
		if f.Page.Page >= f.Pages() {
			return out, nil
		}
	}
}

// validOfficers keeps the officers whose certificate is valid today, the
// ones the pickers offer (the service checks the act's own date).
func validOfficers(all []officerChoice) []officerChoice {
	var out []officerChoice
	for _, o := range all {
		if o.State == "valid" {
			out = append(out, o)
		}
	}
	return out
}

// officerNames maps certificate numbers to names.
func officerNames(all []officerChoice) map[string]string {
	m := make(map[string]string, len(all))
	for _, o := range all {
		m[o.CertNo] = o.Name
	}
	return m
}

func nameOf(names map[string]string, cert string) string {
	if n, ok := names[cert]; ok && n != "" {
		return n
	}
	return cert
}

func namesOf(names map[string]string, certs []string) string {
	out := make([]string, 0, len(certs))
	for _, c := range certs {
		out = append(out, nameOf(names, c))
	}
	return strings.Join(out, "、")
}

// todayOf is the civil date in Shanghai on ctx's clock (the request's),
// the default of date fields.
func todayOf(ctx context.Context) string { return clock.TodayString(ctx) }

// daysFromToday is d − today on ctx's clock, in days (negative: past).
func daysFromToday(ctx context.Context, d string) (int, bool) {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil {
		return 0, false
	}
	now, _ := time.Parse(time.DateOnly, todayOf(ctx))
	return int(t.Sub(now).Hours() / 24), true
}

// deadlineNames are the case's deadlines in display order with labels.
var deadlineNames = []struct{ Name, Label string }{
	{"limitation", "追责时效（违法行为应在此日前被发现）"}, {"decision", "作出处理决定"}, {"hearing_request", "当事人申请听证"},
	{"preservation", "先行登记保存作出处理决定"}, {"seizure", "查封扣押期限"}, {"transfer_approval", "移送报告审批"},
	{"transfer", "移送公安机关"}, {"delivery", "送达决定书"}, {"publicity", "公示处罚决定"}, {"payment", "缴纳罚款"},
	{"withdrawal", "撤回公示"},
}

// deadlineRow is one deadline on the case page.
type deadlineRow struct {
	Name, Label, Date string
	Done              bool   // the act it is about has been done
	Window            bool   // a period the party may use, not an obligation
	Days              int    // days left (negative: overdue)
	State             string // done | ok | soon | past | closed
	Text              string // 剩余3天, 已超期2天 ...
}

// caseFacts summarises a case's events for the page and the pickers.
type caseFacts struct {
	has       map[string]int
	decision  *cases.Event
	fine      int64
	paid      int64
	team      []string // officers of the latest officer act
	annulled  bool
	published bool
}

func factsOf(c *cases.Case) caseFacts {
	f := caseFacts{has: map[string]int{}}
	for i := range c.Events {
		e := &c.Events[i]
		f.has[e.Type]++
		switch e.Type {
		case "decided":
			if f.decision == nil {
				f.decision = e
				for _, p := range e.Penalties {
					if p.Kind == "fine" {
						f.fine += p.AmountFen
					}
				}
			}
		case "paid":
			if e.AmountFen == nil {
				f.paid = f.fine
			} else {
				f.paid += *e.AmountFen
			}
		}
		// The registration is done by two officers too (处罚法 Art. 42):
		// their team is the default of the first acts after it (立案).
		if len(e.Officers) >= 2 && (cases.TwoOfficers(e.Type) || e.Type == "discovered") {
			f.team = e.Officers
		}
	}
	f.annulled, f.published = f.has["annulled"] > 0, f.has["published"] > 0
	return f
}

func (f caseFacts) decided() bool   { return f.decision != nil }
func (f caseFacts) penalised() bool { return f.decision != nil && f.decision.Outcome == "penalty" }
func (f caseFacts) fullyPaid() bool { return f.fine > 0 && f.paid >= f.fine }

// deadlines lists the case's deadlines with the days left on ctx's clock.
func deadlines(ctx context.Context, c *cases.Case, f caseFacts) []deadlineRow {
	var out []deadlineRow
	for _, dn := range deadlineNames {
		d, ok := c.Deadlines[dn.Name]
		if !ok {
			continue
		}
		row := deadlineRow{Name: dn.Name, Label: dn.Label, Date: d, Done: cases.StateOf(c).Met(dn.Name), Window: dn.Name == "hearing_request"}
		row.Days, _ = daysFromToday(ctx, d)
		switch {
		case row.Done && row.Window:
			row.State, row.Text = "done", "当事人已申请听证"
		case row.Done && dn.Name == "limitation":
			row.State, row.Text = "done", "已在时效内立案或处罚"
		case row.Done:
			row.State, row.Text = "done", "已办理"
		case row.Window && row.Days < 0:
			row.State, row.Text = "closed", "已届满"
		case row.Days < 0:
			row.State, row.Text = "past", fmt.Sprintf("已超期%d天", -row.Days)
		case row.Days == 0:
			row.State, row.Text = "soon", "今天到期"
		case row.Days <= 3:
			row.State, row.Text = "soon", fmt.Sprintf("剩余%d天", row.Days)
		default:
			row.State, row.Text = "ok", fmt.Sprintf("剩余%d天", row.Days)
		}
		out = append(out, row)
	}
	return out
}

// nearestDeadline is the earliest deadline still open (lists).
func nearestDeadline(ctx context.Context, c *cases.Case) *deadlineRow {
	var best *deadlineRow
	for _, d := range deadlines(ctx, c, factsOf(c)) {
		if d.Done || d.State == "closed" || d.Name == "limitation" && c.Status != "registered" {
			continue
		}
		if best == nil || d.Date < best.Date {
			x := d
			best = &x
		}
	}
	return best
}

// timelineRow is one event on the case page.
type timelineRow struct {
	Type, Label, At, Officers, Actor, Note, Detail string
}

func timeline(c *cases.Case, names map[string]string) []timelineRow {
	evs := slices.Clone(c.Events)
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].At[:min(10, len(evs[i].At))] < evs[j].At[:min(10, len(evs[j].At))] })
	out := make([]timelineRow, 0, len(evs))
	for _, e := range evs {
		out = append(out, timelineRow{Type: e.Type, Label: cases.EventLabel(e.Type), At: e.At, Officers: namesOf(names, e.Officers),
			Actor: e.Actor, Note: e.Note, Detail: eventDetail(&e, names)})
	}
	return out
}

// eventDetail states the type-specific fields of an event in Chinese.
func eventDetail(e *cases.Event, names map[string]string) string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	switch e.Type {
	case "legal_review":
		res := map[string]string{"pass": "审核通过", "fail": "审核不通过"}[e.Result]
		add("%s，审核人员：%s", orSelfStr(res, e.Result), nameOf(names, e.Reviewer))
	case "notified":
		if e.HearingRight != nil && *e.HearingRight {
			add("已告知陈述、申辩权利和听证权利")
		} else {
			add("已告知陈述、申辩权利（未告知听证权利）")
		}
	case "hearing_noticed":
		if e.HearingAt != "" {
			add("听证时间：%s", e.HearingAt)
		}
	case "hearing_held":
		add("听证主持人：%s", nameOf(names, e.Host))
	case "extension_approved", "seizure_extended":
		if e.Days > 0 {
			add("延长%d日", e.Days)
		}
	case "decided":
		add("%s", orSelf(cases.OutcomeLabels, e.Outcome))
		if e.Tier != "" {
			add("裁量阶次：%s", orSelf(cases.TierLabels, e.Tier))
		}
		for _, p := range e.Penalties {
			s := orSelf(cases.PenaltyLabels, p.Kind)
			if p.AmountFen > 0 {
				s += registry.FormatYuan(p.AmountFen) + "元"
			}
			if p.Note != "" {
				s += "（" + p.Note + "）"
			}
			parts = append(parts, s)
		}
		if e.DeviationReason != nil && *e.DeviationReason != "" {
			add("偏离基准理由：%s", *e.DeviationReason)
		}
	case "paid":
		if e.AmountFen != nil {
			add("缴纳%s元", registry.FormatYuan(*e.AmountFen))
		} else {
			add("已缴清")
		}
	case "payment_deferred":
		add("准予延期/分期至%s", e.Until)
	case "delivered":
		if e.Method != "" {
			add("送达方式：%s", orSelf(cases.DeliveryMethods, e.Method))
		}
	case "annulled":
		if e.Kind != "" {
			add("类型：%s", orSelf(cases.AnnulKinds, e.Kind))
		}
	case "closed":
		if e.Reason != "" {
			add("结案原因：%s", orSelf(cases.CloseReasons, e.Reason))
		}
	case "transfer_receipt":
		if e.Result != "" {
			add("回执结果：%s", orSelf(cases.ReceiptResults, e.Result))
		}
	case "testing":
		if e.To != "" {
			add("检测检验鉴定期间：%s至%s", e.From, e.To)
		} else if e.From != "" {
			add("检测检验鉴定自%s起", e.From)
		}
	}
	if e.DocNo != "" {
		add("文书编号：%s", e.DocNo)
	}
	return strings.Join(parts, "；")
}

func orSelfStr(s, alt string) string {
	if s != "" {
		return s
	}
	return alt
}

// docLink is one printable document of the case (package docs serves them).
type docLink struct{ Kind, Label string }

// caseDocs lists the documents the case has reached.
func caseDocs(c *cases.Case) []docLink {
	var out []docLink
	for _, k := range cases.DocsReached(c) {
		if ki := docs.KindOf(k); ki != nil {
			out = append(out, docLink{ki.Kind, ki.Title})
		}
	}
	return out
}

// offers reports whether the workflow offers act t to p on c now.
func offers(c *cases.Case, p *auth.Principal, t string) bool {
	return slices.ContainsFunc(cases.Offered(c, p), func(a *flow.Act[*cases.State]) bool { return a.Type == t })
}
