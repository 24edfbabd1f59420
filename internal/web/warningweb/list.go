package warningweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

type listData struct {
	Rows      []row
	Filter    *warning.Filter
	Rules     []warning.RuleOption
	Agencies  []*registry.Agency
	Path      []registry.Region // the region drilled into, from the viewer's scope down
	Children  []registry.Region
	CanSign   bool // the viewer may batch-sign (its role is the sign act's)
	CanVerify bool
	Errors    apperr.Fields
	Setting   *setting // the escalation setting of the region shown, for its supervision
}

type setting struct {
	Region, RegionName, SetIn string
	Days                      int
}

type row struct {
	*warning.Warning
	Sign, Verify bool // this row may be batch-signed / -verified by the viewer now
}

func filterOf(q url.Values) *warning.Filter {
	return &warning.Filter{Region: strings.TrimSpace(q.Get("region")), Agency: strings.TrimSpace(q.Get("agency")),
		Rule: strings.TrimSpace(q.Get("rule")), Severity: q.Get("severity"), Stage: q.Get("stage"), Month: q.Get("month"),
		Status: q.Get("status"), Returned: q.Get("returned") == "1", SoonRed: q.Get("soon_red") == "1", Escalated: q.Get("escalated") == "1", Page: webkit.PageOf(q)}
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := filterOf(r.URL.Query())
	d := &listData{Filter: f}
	list, err := h.svc.List(ctx, p, f)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors = apperr.As(err).Fields
		*f = warning.Filter{Page: f.Page}
		list, err = h.svc.List(ctx, p, f)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, x := range list {
		rw := row{Warning: x}
		for _, a := range warning.Offered(p, x) {
			rw.Sign = rw.Sign || a.Type == "sign"
			rw.Verify = rw.Verify || a.Type == "verify"
		}
		d.CanSign, d.CanVerify = d.CanSign || rw.Sign, d.CanVerify || rw.Verify
		d.Rows = append(d.Rows, rw)
	}
	if d.Rules, err = h.svc.Rules(ctx, p); err != nil {
		h.UIError(w, r, err)
		return
	}
	if p.Agency == "" {
		af := &registry.AgencyFilter{Region: f.Region, Kind: "enforcement", Page: registry.Page{Size: 200}}
		if d.Agencies, err = registry.ListAgencies(ctx, h.DB, p, af); err != nil {
			h.UIError(w, r, err)
			return
		}
	}
	here := p.Region
	if f.Region != "" && auth.CanSee(p, auth.Target{Region: f.Region, Agencies: []string{p.Agency}}) {
		here = f.Region
	}
	for _, x := range registry.RegionPath(ctx, h.DB, here) {
		if ident.Contains(p.Region, x.Code) { // from the viewer's own level down
			d.Path = append(d.Path, x)
		}
	}
	if len(here) <= 6 { // counties drill into townships only where the registry has them
		rf := &registry.RegionFilter{Parent: here, Page: registry.Page{Size: 200}}
		if here == "" {
			rf.Parent = ""
		}
		if kids, err := registry.ListRegions(ctx, h.DB, p.Region, rf); err == nil {
			for _, k := range kids {
				if k.Code != here {
					d.Children = append(d.Children, k)
				}
			}
		}
	}
	if here != "" && auth.IsSupervisionOf(p, auth.Target{Region: here}) {
		settings, err := warning.LoadSettings(ctx, h.DB.R)
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		st := &setting{Region: here, RegionName: here}
		st.Days, st.SetIn = settings.EscalateAfter(here)
		if len(d.Path) > 0 {
			st.RegionName = d.Path[len(d.Path)-1].Name
		}
		d.Setting = st
	}
	h.Render(w, r, http.StatusOK, "warnings", &webkit.View{Title: "电子监察预警", Active: "warnings", Data: d})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r.URL.Query())
	if err := f.Check(); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="warnings.xlsx"; filename*=UTF-8''%E9%A2%84%E8%AD%A6.xlsx`)
	if err := h.svc.Export(r.Context(), auth.From(r.Context()), f, w); err != nil {
		h.Log.Error("warnings export", "err", err)
	}
}

// batch signs or verifies the checked warnings and says how it went.
func (h *Handler) batch(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	var ids []int64
	for _, s := range r.PostForm["id"] {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			ids = append(ids, n)
		}
	}
	back := "/warnings"
	if ret := webkit.SafeNext(r.PostFormValue("back")); strings.HasPrefix(ret, "/warnings") {
		back = ret
	}
	res, err := h.svc.Batch(r.Context(), auth.From(r.Context()), ids, r.PostFormValue("action"), r.PostFormValue("note"))
	if apperr.Is(err, apperr.Invalid) {
		h.Flash(r, "未办理："+strings.Join(fieldMsgs(apperr.As(err)), "；"))
		http.Redirect(w, r, back, http.StatusSeeOther)
		return
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	ok, failed := 0, []string{}
	for _, x := range res {
		if x.OK {
			ok++
		} else {
			failed = append(failed, fmt.Sprintf("%d（%s）", x.ID, x.Error.Message))
		}
	}
	msg := fmt.Sprintf("已%s %d 条预警。", map[string]string{"sign": "签收", "verify": "核查销号"}[r.PostFormValue("action")], ok)
	if len(failed) > 0 {
		msg += "未能办理：" + strings.Join(failed, "；")
	}
	h.Flash(r, msg)
	http.Redirect(w, r, back, http.StatusSeeOther)
}

func fieldMsgs(e *apperr.Error) []string {
	var out []string
	for _, v := range e.Fields {
		out = append(out, v)
	}
	if len(out) == 0 {
		out = append(out, e.Message)
	}
	return out
}

// setting changes a region's working days before an unsigned yellow
// warning turns red.
func (h *Handler) setting(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	region := strings.TrimSpace(r.PostFormValue("region"))
	n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	err := warning.SetEscalateAfter(r.Context(), h.DB, auth.From(r.Context()), region, n)
	switch {
	case apperr.Is(err, apperr.Invalid):
		h.Flash(r, "未保存："+strings.Join(fieldMsgs(apperr.As(err)), "；"))
	case err != nil:
		h.UIError(w, r, err)
		return
	default:
		h.Flash(r, fmt.Sprintf("已设置：黄色预警发出后%d个工作日内未签收的，升级为红色预警。", n))
	}
	http.Redirect(w, r, "/warnings?region="+url.QueryEscape(region), http.StatusSeeOther)
}
