package caseweb

// The acts of a case page: the forms of the acts the case workflow offers
// the signed-in person now (cases.Offered), and POST /cases/{id}/act/{type},
// which builds one cases.Event and hands it to the case service — order,
// roles, persons and the law's checks are the service's, and a refusal is
// shown on the page in its words.

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
	"zfjd/internal/web/webkit"
)

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

// actForms lists the forms p may use now on c, with defaults: exactly the
// acts the case workflow offers p (cases.Offered).
func actForms(pg *casePage, p *auth.Principal) []*actForm {
	var out []*actForm
	for _, a := range cases.Offered(pg.Case, p) {
		out = append(out, newActForm(a.Type, pg, actDefaults(a.Type, pg, p)))
	}
	return out
}

// NeedTwo marks the officers picker as needing two; for a delivery the
// page shows that only while a method done in person is chosen
// (cases.NeedsTwoOfficers, oneOfficer).
func newActForm(t string, pg *casePage, v url.Values) *actForm {
	return &actForm{Type: t, Label: cases.EventLabel(t), Hint: cases.ActHint(t), NeedTwo: cases.TwoOfficers(t), V: v, Page: pg}
}

// actDefaults are the initial values of an act form: today on the
// request's clock (pg.Today, the day the service judges "after today"
// against), the case's team, and what the stage suggests.
func actDefaults(t string, pg *casePage, p *auth.Principal) url.Values {
	v := url.Values{"at": {pg.Today}}
	if cases.TwoOfficers(t) || t == "decided" || t == "collective_discussion" || t == "extension_approved" {
		v["officers"] = slices.Clone(pg.facts.team)
		if p.Role == auth.RoleOfficer && !slices.Contains(v["officers"], p.CertNo) {
			v["officers"] = append(v["officers"], p.CertNo) // the act is his: he is among its officers
		}
	}
	switch t {
	case "legal_review":
		v.Set("reviewer", p.CertNo) // the reviewer is the signed-in reviewer
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
	case "testing":
		v.Set("from", pg.Today)
	case "closed":
		if cases.StateOf(pg.Case).Executed() {
			v.Set("reason", "executed")
		}
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
	// The coded fields of exchange v1.1: the service checks the codes and
	// what follows from them (two officers for a delivery in person).
	case "delivered":
		if ev.Method = v.Get("method"); ev.Method == "" {
			f.Set("method", "请选择送达方式")
		}
	case "annulled":
		if ev.Kind = v.Get("kind"); ev.Kind == "" {
			f.Set("kind", "请选择撤销、变更的类型")
		}
	case "transfer_receipt":
		if ev.Result = v.Get("result"); ev.Result == "" {
			f.Set("result", "请选择公安机关的回执结果")
		}
	case "closed":
		ev.Reason = v.Get("reason") // optional: a transferred or annulled case closes for neither
	case "testing":
		ev.From, ev.To = strings.TrimSpace(v.Get("from")), strings.TrimSpace(v.Get("to"))
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
				f.Set("amount_"+k, "请填写"+cases.PenaltyLabels[k]+"金额（元，最多两位小数）")
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
func (h *Handler) caseAct(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	id, ok := caseID(r)
	if !ok {
		h.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	t := r.PathValue("type")
	if !cases.IsAct(t) {
		h.UIError(w, r, apperr.NotFoundf("办案环节"))
		return
	}
	if err := h.mayUpload(r, id, mayAct, "只有本执法主体的执法人员、法制审核人员和负责人可以办理案件"); err != nil {
		h.UIError(w, r, err)
		return
	}
	files, perr := parseCaseForm(w, r)
	v := r.PostForm
	ev, fields := eventFromForm(t, v)
	var item *evidence.Item
	if t == "investigation" && (len(files) > 0 || strings.TrimSpace(v.Get("ev_title")) != "") {
		item = &evidence.Item{Kind: v.Get("ev_kind"), Title: v.Get("ev_title"), CollectedOn: ev.At, Officers: ev.Officers,
			Note: v.Get("ev_note")}
		if err := evidence.CheckContext(ctx, item, files); err != nil {
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
		_, err = h.cases.Append(ctx, p, id, ev)
	}
	if err == nil && item != nil {
		if _, err = evidence.Add(ctx, h.DB, p, id, item, files); err != nil {
			// The act is recorded; say so rather than hide it behind the error.
			h.Flash(r, "已记录“"+cases.EventLabel(t)+"”，但证据未能保存："+apperr.As(err).Message)
			http.Redirect(w, r, "/cases/"+itoa64(id)+"#evidence", http.StatusSeeOther)
			return
		}
	}
	if err != nil {
		e := apperr.As(err)
		switch e.Code {
		case apperr.Invalid, apperr.Forbidden, apperr.Conflict:
		default:
			h.UIError(w, r, err)
			return
		}
		form := newActForm(t, nil, v)
		form.Open, form.Errors = true, apperr.Fields{}
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
		h.caseShowWith(w, r, id, webkit.HTTPStatus(e.Code), form)
		return
	}
	msg := "已记录：" + cases.EventLabel(t)
	if item != nil {
		msg += "，并保存证据“" + item.Title + "”"
	}
	h.Flash(r, msg)
	http.Redirect(w, r, "/cases/"+itoa64(id)+"#timeline", http.StatusSeeOther)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func caseID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}
