package web

// The acts of a case page: which ones the signed-in role may use at the
// case's stage, the form of each, and POST /cases/{id}/act/{type}, which
// builds one cases.Event and hands it to cases.Append — the law's checks
// (two officers with valid certificates, 审、办分离, review before decision,
// notice and hearing periods ...) are the service's, and a refusal is shown
// on the page in its words.

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/evidence"
	"zfjd/internal/registry"
)

// twoOfficerUIActs are the acts cases.Append records only with at least
// two officers whose certificates are valid that day (处罚法 Art. 42); the
// pickers mark them as required. The service's list is authoritative.
var twoOfficerUIActs = []string{"discovered", "filed", "investigation", "investigation_concluded", "evidence_preserved", "seized",
	"seizure_extended", "seizure_released", "notified", "hearing_noticed", "delivered", "transfer_proposed", "transferred"}

// actOrder is the order of the act forms on the page.
var actOrder = []string{"filed", "investigation", "evidence_preserved", "preservation_decided", "seized", "seizure_extended",
	"seizure_released", "investigation_concluded", "legal_review", "collective_discussion", "notified", "hearing_requested",
	"hearing_noticed", "hearing_held", "extension_approved", "decided", "delivered", "paid", "payment_deferred", "published",
	"annulled", "publication_withdrawn", "transfer_proposed", "transfer_approved", "transferred", "transfer_receipt", "closed",
	"archived"}

// actHints explain each act in a line (the law behind it).
var actHints = map[string]string{
	"filed":                   "负责人批准立案（《行政处罚法》第五十四条）。",
	"investigation":           "询问、现场检查、勘验、抽样等，执法人员不少于两人并出示执法证件（第四十二条、第五十五条）；可同时上传证据材料。",
	"evidence_preserved":      "证据可能灭失或者以后难以取得时，经负责人批准先行登记保存，7个工作日内作出处理决定（第五十六条）。",
	"preservation_decided":    "对先行登记保存的证据作出处理决定。",
	"seized":                  "查封、扣押场所、设施或者财物，期限不超过30日（《行政强制法》第二十五条）。",
	"seizure_extended":        "情况复杂的，经负责人批准可以延长，延长期限不超过30日。",
	"seizure_released":        "解除查封、扣押。",
	"investigation_concluded": "调查终结，提出处理意见。",
	"legal_review":            "重大执法决定、经听证、疑难复杂案件应当经法制审核，审核人员不得是本案调查人员（第五十八条）。",
	"collective_discussion":   "情节复杂或者重大违法行为给予处罚的，负责人集体讨论决定（第五十七条第二款）。",
	"notified":                "作出处罚决定前告知拟处罚内容及事实、理由、依据和陈述、申辩、听证权利（第四十四条、第六十三条）。",
	"hearing_requested":       "当事人在告知后5个工作日内提出听证申请（第六十四条）。",
	"hearing_noticed":         "举行听证的7个工作日前通知当事人时间、地点（第六十四条）。",
	"hearing_held":            "听证由非本案调查人员主持（第六十四条）。",
	"extension_approved":      "案情复杂不能在90日内作出决定的，经批准延长办案期限（第六十条）。",
	"decided":                 "负责人作出行政处罚决定（第五十七条）。",
	"delivered":               "决定书当场交付或者在7个工作日内送达（第六十一条）。",
	"paid":                    "当事人应当自收到决定书之日起15日内缴纳罚款，逾期每日按罚款数额的3%加处罚款（第六十七条、第七十二条）。",
	"payment_deferred":        "确有经济困难的，经当事人申请和批准，可以暂缓或者分期缴纳（第六十六条）。",
	"published":               "具有一定社会影响的行政处罚决定依法公开（第四十八条）。",
	"annulled":                "行政处罚决定被依法变更、撤销、确认违法或者确认无效。",
	"publication_withdrawn":   "已公开的决定被变更、撤销或确认无效的，3个工作日内撤回公开信息并说明理由（第四十八条）。",
	"transfer_proposed":       "涉嫌犯罪的，提出移送涉嫌犯罪案件的书面报告（《行政执法机关移送涉嫌犯罪案件的规定》第五条）。",
	"transfer_approved":       "负责人自接到报告之日起3日内作出批准移送或者不批准移送的决定。",
	"transferred":             "批准移送的，24小时内向公安机关移送。",
	"transfer_receipt":        "公安机关受理回执或者立案、不予立案的反馈。",
	"closed":                  "执行完毕或者依法终结，结案。",
	"archived":                "案卷材料整理归档（《行政处罚法》第四十七条）。",
}

// actForm is one act form on the case page.
type actForm struct {
	Type, Label, Hint string
	NeedTwo           bool
	Open              bool // shown unfolded (after a refusal)
	Message           string
	Errors            apperr.Fields
	V                 url.Values // field values (defaults or as submitted)
	Page              *casePage
}

// available reports whether act t makes sense at the case's stage. The
// service decides what is lawful; this only keeps the page short.
func available(t string, c *cases.Case, f caseFacts) bool {
	open := !f.decided() // before the decision
	switch t {
	case "filed":
		return f.has["filed"] == 0 && open && c.Procedure == "general"
	case "investigation", "evidence_preserved", "seized", "investigation_concluded", "legal_review", "collective_discussion",
		"notified", "extension_approved":
		return f.has["filed"] > 0 && open
	case "decided":
		return (f.has["filed"] > 0 || c.Procedure == "summary") && open
	case "preservation_decided":
		return f.has["evidence_preserved"] > f.has["preservation_decided"]
	case "seizure_extended", "seizure_released":
		return f.has["seized"] > f.has["seizure_released"]
	case "hearing_requested":
		return f.has["notified"] > 0 && f.has["hearing_requested"] == 0 && open
	case "hearing_noticed":
		return f.has["hearing_requested"] > 0 && open
	case "hearing_held":
		return f.has["hearing_noticed"] > 0 && f.has["hearing_held"] == 0 && open
	case "delivered":
		return f.decided() && f.has["delivered"] == 0
	case "paid", "payment_deferred":
		return f.penalised() && f.fine > 0 && f.has["delivered"] > 0 && !f.fullyPaid()
	case "published":
		return f.penalised() && !f.published
	case "annulled":
		return f.decided() && !f.annulled
	case "publication_withdrawn":
		return f.published && f.annulled && f.has["publication_withdrawn"] == 0
	case "transfer_proposed":
		return f.has["transfer_proposed"] == 0 && f.has["transferred"] == 0 && c.Status != "closed"
	case "transfer_approved":
		return f.has["transfer_proposed"] > 0 && f.has["transfer_approved"] == 0
	case "transferred":
		return (f.has["transfer_approved"] > 0 || (f.decision != nil && f.decision.Outcome == "transfer")) && f.has["transferred"] == 0
	case "transfer_receipt":
		return f.has["transferred"] > f.has["transfer_receipt"]
	case "closed":
		return (f.decided() || f.has["transferred"] > 0) && f.has["closed"] == 0
	case "archived":
		return f.has["closed"] > 0 && f.has["archived"] == 0
	}
	return false
}

// actForms lists the forms p may use now on c, with defaults.
func actForms(pg *casePage, p *auth.Principal) []*actForm {
	c := pg.Case
	if c.SourceSystem != cases.SourceZFJD || c.Status == "archived" {
		return nil
	}
	var out []*actForm
	for _, t := range actOrder {
		if !available(t, c, pg.facts) || !auth.CanAct(p, t, c.Target()) {
			continue
		}
		out = append(out, &actForm{Type: t, Label: cases.EventLabel(t), Hint: actHints[t], NeedTwo: slices.Contains(twoOfficerUIActs, t),
			V: actDefaults(t, pg, p), Page: pg})
	}
	return out
}

// actDefaults are the initial values of an act form: today, the case's
// team, and what the stage suggests.
func actDefaults(t string, pg *casePage, p *auth.Principal) url.Values {
	v := url.Values{"at": {todayStr()}}
	if slices.Contains(twoOfficerUIActs, t) || t == "decided" || t == "collective_discussion" || t == "extension_approved" {
		v["officers"] = slices.Clone(pg.facts.team)
		if len(v["officers"]) == 0 {
			if self := selfCert(p, pg.Officers); self != "" {
				v["officers"] = []string{self}
			}
		}
	}
	switch t {
	case "legal_review":
		for _, o := range pg.Reviewers {
			if o.Name == p.Name {
				v.Set("reviewer", o.CertNo)
			}
		}
		v.Set("result", "pass")
	case "notified":
		v.Set("hearing_right", "1")
	case "decided":
		v.Set("outcome", "penalty")
		if pg.Discretion != nil && pg.Discretion.Suggested != "" {
			v.Set("tier", pg.Discretion.Suggested)
		}
	case "paid":
		if rest := pg.facts.fine - pg.facts.paid; rest > 0 {
			v.Set("amount", registry.FormatYuan(rest))
		}
	case "extension_approved":
		v.Set("days", "30")
	case "seizure_extended":
		v.Set("days", "30")
	}
	return v
}

// eventFromForm builds the event of act t from the submitted form. Input
// the service cannot judge (an amount that is not a number) is reported
// here, by field.
func eventFromForm(t string, v url.Values) (cases.Event, apperr.Fields) {
	f := apperr.Fields{}
	ev := cases.Event{Type: t, At: strings.TrimSpace(v.Get("at")), Officers: v["officers"], Note: strings.TrimSpace(v.Get("note")),
		DocNo: strings.TrimSpace(v.Get("doc_no"))}
	if ev.At == "" {
		f.Set("at", "请填写日期")
	}
	switch t {
	case "legal_review":
		ev.Result, ev.Reviewer = v.Get("result"), v.Get("reviewer")
		if ev.Result != "pass" && ev.Result != "fail" {
			f.Set("result", "请选择审核结论")
		}
		if ev.Note == "" {
			f.Set("note", "请填写审核意见")
		}
	case "notified":
		hr := v.Get("hearing_right") == "1"
		ev.HearingRight = &hr
	case "hearing_noticed":
		ev.HearingAt = strings.TrimSpace(v.Get("hearing_at"))
		if ev.HearingAt == "" {
			f.Set("hearing_at", "请填写听证日期")
		}
	case "hearing_held":
		ev.Host = v.Get("host")
	case "extension_approved", "seizure_extended":
		n, err := strconv.Atoi(strings.TrimSpace(v.Get("days")))
		if err != nil || n <= 0 || n > 3650 {
			f.Set("days", "请填写延长的天数（正整数）")
		}
		ev.Days = n
	case "decided":
		ev.Outcome, ev.Tier = v.Get("outcome"), v.Get("tier")
		if ev.Outcome == "" {
			f.Set("outcome", "请选择处理结果")
		}
		if ev.Outcome == "penalty" {
			ev.Penalties = penaltiesFromForm(v, f)
			if len(ev.Penalties) == 0 && f["penalties"] == "" {
				f.Set("penalties", "给予处罚时至少选择一项处罚种类")
			}
			if ev.Tier == "" {
				f.Set("tier", "请选择裁量阶次")
			}
		}
		if d := strings.TrimSpace(v.Get("deviation_reason")); d != "" {
			ev.DeviationReason = &d
		}
	case "paid":
		fen, ok := registry.ParseYuan(v.Get("amount"))
		if !ok || fen <= 0 {
			f.Set("amount", "请填写缴纳金额（元，最多两位小数）")
		}
		ev.AmountFen = &fen
	case "payment_deferred":
		ev.Until = strings.TrimSpace(v.Get("until"))
		if ev.Until == "" {
			f.Set("until", "请填写准予缴纳的最后日期")
		}
	case "publication_withdrawn", "annulled":
		if ev.Note == "" {
			f.Set("note", "请填写理由")
		}
	}
	return ev, f
}

// penaltiesFromForm reads the decision's penalty rows: a checkbox per kind
// (penalty), an amount in 元 for money kinds (amount_<kind>), a note for
// the others (note_<kind>).
func penaltiesFromForm(v url.Values, f apperr.Fields) []cases.Penalty {
	var out []cases.Penalty
	for _, k := range cases.PenaltyKinds {
		if !slices.Contains(v["penalty"], k) {
			continue
		}
		p := cases.Penalty{Kind: k, Note: strings.TrimSpace(v.Get("note_" + k))}
		if slices.Contains(moneyPenalties, k) {
			fen, ok := registry.ParseYuan(v.Get("amount_" + k))
			if !ok || fen <= 0 {
				f.Set("amount_"+k, "请填写金额（元，最多两位小数）")
			}
			p.AmountFen = fen
		}
		out = append(out, p)
	}
	return out
}

// actFieldOf maps a service error path to the act form's field.
func actFieldOf(path string) string {
	path = strings.TrimPrefix(path, "event.")
	if i := strings.IndexAny(path, "[."); i > 0 {
		path = path[:i]
	}
	switch path {
	case "amount_fen":
		return "amount"
	}
	return path
}

// caseAct records one act: POST /cases/{id}/act/{type}.
func (s *Server) caseAct(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, ok := caseID(r)
	if !ok {
		s.uiError(w, r, errNotFound("案件"))
		return
	}
	t := r.PathValue("type")
	if !slices.Contains(actOrder, t) {
		s.uiError(w, r, errNotFound("办案环节"))
		return
	}
	files, perr := parseCaseForm(w, r)
	v := r.PostForm
	ev, fields := eventFromForm(t, v)
	var item *evidence.Item
	if t == "investigation" && (len(files) > 0 || strings.TrimSpace(v.Get("ev_title")) != "") {
		item = &evidence.Item{Kind: v.Get("ev_kind"), Title: v.Get("ev_title"), CollectedOn: ev.At, Officers: ev.Officers,
			Note: v.Get("ev_note")}
		if err := evidence.Check(item, files); err != nil {
			for k, m := range apperr.As(err).Fields {
				if k == "collected_on" { // the act's own date
					fields.Set("at", m)
					continue
				}
				fields.Set("ev_"+k, m)
			}
		}
	}
	var err error
	switch {
	case perr != nil: // the upload itself failed: nothing else is known
		err = &apperr.Error{Code: apperr.Invalid, Message: perr.Error(), Fields: apperr.Fields{"ev_files": perr.Error()}}
	case len(fields) > 0:
		err = fields.Err()
	default:
		_, err = cases.Append(ctx, s.db, p, id, ev)
	}
	if err == nil && item != nil {
		if _, err = evidence.Add(ctx, s.db, p, id, item, files); err != nil {
			// The act is recorded; say so rather than hide it behind the error.
			s.flash(r, "已记录“"+cases.EventLabel(t)+"”，但证据未能保存："+apperr.As(err).Message)
			http.Redirect(w, r, "/cases/"+itoa64(id)+"#evidence", http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		e := apperr.As(err)
		switch e.Code {
		case apperr.Invalid, apperr.Forbidden, apperr.Conflict:
		default:
			s.uiError(w, r, err)
			return
		}
		form := &actForm{Type: t, Label: cases.EventLabel(t), Hint: actHints[t], NeedTwo: slices.Contains(twoOfficerUIActs, t),
			Open: true, V: v, Errors: apperr.Fields{}}
		form.Message = e.Message
		for k, m := range e.Fields {
			if k == "event" { // the refusal itself: already the message
				continue
			}
			form.Errors.Set(actFieldOf(k), m)
		}
		if strings.HasPrefix(e.Message, "提交的数据有误") {
			form.Message = "未记录：" + e.Message
		}
		s.caseShowWith(w, r, id, httpStatus(e.Code), form)
		return
	}
	msg := "已记录：" + cases.EventLabel(t)
	if item != nil {
		msg += "，并保存证据“" + item.Title + "”"
	}
	s.flash(r, msg)
	http.Redirect(w, r, "/cases/"+itoa64(id)+"#timeline", http.StatusSeeOther)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func caseID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}
