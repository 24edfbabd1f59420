package supervisionweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

type listData struct {
	Rows     []*supervision.Case
	Filter   supervision.Filter
	Page     registry.Page
	CanOpen  bool
	Agencies []*registry.Agency
	Errors   apperr.Fields
	Limits   *limitsView // the region's time limits (supervision of a region)
}

func filterOf(q url.Values) supervision.Filter {
	return supervision.Filter{Status: q.Get("status"), AgencyCode: strings.TrimSpace(q.Get("agency")),
		RegionCode: strings.TrimSpace(q.Get("region")), Source: q.Get("source"), Board: q.Get("board") == "1",
		Overdue: q.Get("overdue") == "1"}
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	h.listWith(w, r, http.StatusOK, nil)
}

// listWith renders the list; lim, when set, is a refused limits form.
func (h *Handler) listWith(w http.ResponseWriter, r *http.Request, status int, lim *limitsView) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &listData{Filter: filterOf(r.URL.Query()), Page: webkit.PageOf(r.URL.Query())}
	list, err := h.svc.List(ctx, p, d.Filter, &d.Page)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors, d.Filter = apperr.As(err).Fields, supervision.Filter{}
		list, err = h.svc.List(ctx, p, d.Filter, &d.Page)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	d.CanOpen = auth.CanOpenSupervisionCase(p, p.Region) || (p.Region == "" && auth.IsSupervisionOf(p, auth.Target{}))
	if p.Agency == "" {
		d.Agencies, _ = registry.ListAgencies(ctx, h.DB, p, &registry.AgencyFilter{Kind: "enforcement", Page: registry.Page{Size: 200}})
	}
	if d.Limits, err = h.limitsOf(ctx, p); err != nil {
		h.UIError(w, r, err)
		return
	}
	if lim != nil && d.Limits != nil {
		lim.SetIn = d.Limits.SetIn
		d.Limits = lim
	}
	h.Render(w, r, status, "cases", &webkit.View{Title: "监督案件", Active: "supervision", Data: d})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="supervision-cases.xlsx"; filename*=UTF-8''`+url.PathEscape("监督案件.xlsx"))
	if err := h.svc.Export(r.Context(), auth.From(r.Context()), filterOf(r.URL.Query()), w); err != nil {
		h.Log.Error("supervision export", "err", err)
	}
}

type newData struct {
	In       supervision.Opening
	Agencies []*registry.Agency
	Errors   apperr.Fields
	Msg      string
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := supervision.Opening{RegionCode: q.Get("region"), AgencyCode: q.Get("agency"), Source: q.Get("source"),
		SourceRef: q.Get("source_ref"), Summary: q.Get("summary")}
	in.WarningID, _ = strconv.ParseInt(q.Get("warning_id"), 10, 64)
	in.PenaltyCaseID, _ = strconv.ParseInt(q.Get("case_id"), 10, 64)
	h.renderNew(w, r, http.StatusOK, in, nil)
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, in supervision.Opening, err error) {
	p := auth.From(r.Context())
	if !auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以受理监督案件"))
		return
	}
	d := &newData{In: in}
	if err != nil {
		e := apperr.As(err)
		d.Errors, d.Msg = e.Fields, e.Message
	}
	d.Agencies, _ = registry.ListAgencies(r.Context(), h.DB, p, &registry.AgencyFilter{Kind: "enforcement", Page: registry.Page{Size: 200}})
	h.Render(w, r, status, "new", &webkit.View{Title: "受理监督案件", Active: "supervision", Data: d})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	f := r.PostForm
	in := supervision.Opening{AgencyCode: f.Get("agency"), Source: f.Get("source"), SourceRef: f.Get("source_ref"),
		Summary: f.Get("summary"), Listed: f.Get("listed") == "1", Escalated: f.Get("escalated") == "1", Dispute: f.Get("dispute")}
	in.WarningID, _ = strconv.ParseInt(f.Get("warning_id"), 10, 64)
	in.PenaltyCaseID, _ = strconv.ParseInt(f.Get("case_id"), 10, 64)
	in.RegionCode = f.Get("region")
	if a, err := registry.GetAgency(r.Context(), h.DB, auth.From(r.Context()), in.AgencyCode); err == nil && in.RegionCode == "" {
		in.RegionCode = a.RegionCode // the form names the agency; its region follows
	}
	c, err := h.svc.Open(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderNew(w, r, status, in, err) })
		return
	}
	if c.Status == supervision.StatusRefused {
		h.Flash(r, "已登记，不予受理：该争议已进入"+supervision.Label(supervision.Disputes, c.Dispute)+"程序（《行政执法监督条例》第三十三条第三款）。")
	} else {
		h.Flash(r, "已受理监督案件，下一步：立案。")
	}
	http.Redirect(w, r, caseURL(c.ID), http.StatusSeeOther)
}

type showData struct {
	C       *supervision.Case
	Holders []*supervision.Cert // 行政执法监督证 valid today, for a measure (鲁条例 Art. 22)
	Acts    []actForm
	Next    webkit.Next // 下一步: what may come next, who does it, why not the viewer
	Waits   string
	Today   string
}

type actForm struct {
	*supervision.ActDef
	In     supervision.ActInput
	Errors apperr.Fields
	Msg    string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, supervision.ActInput{}, nil)
}

// page renders case {id}; a refused act comes back with what was entered and its error.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, failed supervision.ActInput, ferr error) {
	ctx, p := r.Context(), auth.From(r.Context())
	c, err := h.svc.Get(ctx, p, pathID(r, "id"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &showData{C: c, Today: clock.TodayString(ctx)}
	if d.Holders, err = supervision.Holders(ctx, h.DB.R, c.BodyRegion, d.Today); err != nil {
		h.UIError(w, r, err)
		return
	}
	st := supervision.Fold(c.Acts)
	for _, a := range supervision.Handling.Offered(st, p.Role) {
		if !supervision.OnSide(p, c, a.Type) {
			continue
		}
		f := actForm{ActDef: a, In: supervision.ActInput{At: d.Today}}
		if a.Type == failed.Action {
			e := apperr.As(ferr)
			f.In, f.Errors, f.Msg = failed, e.Fields, e.Message
		}
		d.Acts = append(d.Acts, f)
	}
	if len(d.Acts) == 0 {
		d.Waits = waits(st)
	}
	d.Next = webkit.NextOf(supervision.Handling, st, p, func(a *supervision.ActDef) string {
		switch {
		case supervision.OnSide(p, c, a.Type):
			return ""
		case supervision.SideOf(a.Type) == supervision.SideAgency:
			return "由被监督的行政执法机关（" + c.AgencyName + "）办理"
		}
		return "由办理本案的行政执法监督机构办理"
	})
	d.Next.Done = "本案已办结。"
	if failed.Action != "" && ferr != nil && !slicesHas(d.Acts, failed.Action) {
		d.Waits = apperr.As(ferr).Message
	}
	h.Render(w, r, status, "case", &webkit.View{Title: fmt.Sprintf("监督案件 %d", c.ID), Active: "supervision", Data: d})
}

func slicesHas(acts []actForm, t string) bool {
	for _, a := range acts {
		if a.Type == t {
			return true
		}
	}
	return false
}

// waits says who acts next, from the definition.
func waits(st *supervision.State) string {
	var sup, ag []string
	for _, a := range supervision.Handling.Available(st) {
		if supervision.SideOf(a.Type) == supervision.SideAgency {
			ag = append(ag, a.Label)
		} else {
			sup = append(sup, a.Label)
		}
	}
	switch {
	case len(ag) > 0:
		return "等待被监督机关" + strings.Join(ag, "或") + "。"
	case len(sup) > 0:
		return "等待监督机构" + strings.Join(sup[:min(3, len(sup))], "、") + "等。"
	}
	return "本案已办结。"
}

func actInput(r *http.Request) supervision.ActInput {
	f := r.PostForm
	in := supervision.ActInput{Action: r.PathValue("type"), At: f.Get("at"), Note: f.Get("note"), DeliveredOn: f.Get("delivered_on"),
		Kind: f.Get("kind"), Scope: f.Get("scope"), CertNo: f.Get("cert_no"), Measure: f.Get("measure"), Due: f.Get("due"),
		Township: f.Get("township_code"), Unit: f.Get("unit"), Team: f.Get("team"), Range: f.Get("range")}
	for _, s := range f["supervisor"] {
		if s = strings.TrimSpace(s); s != "" {
			in.Supervisors = append(in.Supervisors, s)
		}
	}
	return in
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	in := actInput(r)
	c, err := h.svc.Act(r.Context(), auth.From(r.Context()), pathID(r, "id"), in)
	if err != nil {
		switch apperr.As(err).Code {
		case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
			h.page(w, r, webkit.HTTPStatus(apperr.As(err).Code), in, err)
		default:
			h.UIError(w, r, err)
		}
		return
	}
	msg := "已办理“" + supervision.ActLabel(in.Action) + "”，案件现为“" + supervision.StatusLabel(c.Status) + "”。"
	if n := len(c.Acts); n > 0 && c.Acts[n-1].DocNo != "" {
		msg += "文号：" + c.Acts[n-1].DocNo + "。"
	}
	h.Flash(r, msg)
	http.Redirect(w, r, caseURL(c.ID), http.StatusSeeOther)
}

// doc is a document as a print-ready A4 page, or .docx with ?format=docx.
func (h *Handler) doc(w http.ResponseWriter, r *http.Request) {
	id, actID, kind := pathID(r, "id"), pathID(r, "act"), r.PathValue("kind")
	d, err := h.svc.Document(r.Context(), auth.From(r.Context()), id, actID, kind)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	self := fmt.Sprintf("%s/docs/%d/%s", caseURL(id), actID, kind)
	if r.URL.Query().Get("format") == "docx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="supervision-%d-%s.docx"; filename*=UTF-8''%s`,
			id, kind, url.PathEscape(d.Title+".docx")))
		if err := d.WriteDocx(w); err != nil {
			h.Log.Error("docx", "supervision", id, "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := d.WriteHTML(w, caseURL(id), self+"?format=docx"); err != nil {
		h.Log.Error("document", "supervision", id, "err", err)
	}
}

// dataLabel is the readable form of an act's own fields.
func dataLabel(a supervision.Act) string {
	var out []string
	if v := a.Str("delivered_on"); v != "" {
		out = append(out, "送达："+v)
	}
	if v := a.Str("kind"); v != "" && a.Type == "assist" {
		out = append(out, supervision.Label(supervision.AssistKinds, v))
	} else if v != "" && a.Type == "special_investigation" {
		out = append(out, supervision.Label(supervision.SpecialGrounds, v))
	} else if v != "" {
		out = append(out, "决定："+supervision.Label(supervision.DecisionKinds, v))
	}
	if v := a.Str("township_code"); v != "" {
		out = append(out, "协助司法所所在乡镇（街道）："+v)
	}
	if v := a.Str("scope"); v != "" {
		out = append(out, supervision.Label(supervision.NoticeScopes, v))
	}
	if v := a.Str("cert_no"); v != "" {
		out = append(out, "执法证号："+v+"，建议"+supervision.Label(supervision.OfficerMeasures, a.Str("measure")))
	} else if v := a.Str("measure"); v != "" {
		out = append(out, supervision.Label(supervision.Measures, v))
	}
	if v, ok := a.Data["supervisors"].([]any); ok {
		certs, _ := a.Data["supervisor_certs"].([]any)
		var names []string
		for i, x := range v {
			n := fmt.Sprint(x)
			if i < len(certs) {
				n += "（监督证 " + fmt.Sprint(certs[i]) + "）"
			}
			names = append(names, n)
		}
		out = append(out, "监督人员："+strings.Join(names, "、"))
	}
	if v := a.Str("unit"); v != "" {
		out = append(out, "提请协助单位："+v)
	}
	if v := a.Str("team"); v != "" {
		out = append(out, "调查组成员："+v)
	}
	if v := a.Str("range"); v != "" {
		out = append(out, "调查范围："+v)
	}
	if v := a.Str("due"); v != "" {
		out = append(out, "答复期限："+v)
	}
	if v := a.Str("dispute"); v != "" {
		out = append(out, "已进入"+supervision.Label(supervision.Disputes, v))
	}
	return strings.Join(out, "；")
}
