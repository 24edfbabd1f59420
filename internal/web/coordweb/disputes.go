package coordweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type listData struct {
	Rows    []*coordination.Dispute
	Filter  coordination.Filter
	Page    registry.Page
	Errors  apperr.Fields
	CanOpen bool
	Coord   bool // the viewer is a supervision body (overlaps, board)
}

func filterOf(q url.Values) coordination.Filter {
	return coordination.Filter{Status: q.Get("status"), Kind: q.Get("kind"), Region: strings.TrimSpace(q.Get("region")),
		Agency: strings.TrimSpace(q.Get("agency")), Open: q.Get("open") == "1", Overdue: q.Get("overdue") == "1"}
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &listData{Filter: filterOf(r.URL.Query()), Page: webkit.PageOf(r.URL.Query())}
	list, err := h.svc.List(ctx, p, d.Filter, &d.Page)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors = apperr.As(err).Fields
		d.Filter = coordination.Filter{}
		list, err = h.svc.List(ctx, p, d.Filter, &d.Page)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	d.Coord = auth.CanCoordinate(p, p.Region)
	d.CanOpen = d.Coord || (p.Agency != "" && auth.IsDisputeParty(p, []string{p.Agency}))
	h.Render(w, r, http.StatusOK, "disputes", &webkit.View{Title: "执法争议协调", Active: "coordination", Data: d})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r.URL.Query())
	if err := f.Check(); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="disputes.xlsx"; filename*=UTF-8''%E6%89%A7%E6%B3%95%E4%BA%89%E8%AE%AE.xlsx`)
	if err := h.svc.Export(r.Context(), auth.From(r.Context()), f, w); err != nil {
		h.Log.Error("disputes export", "err", err)
	}
}

type newData struct {
	In       coordination.Opening
	Agencies []*registry.Agency
	Q        string
	Errors   apperr.Fields
	Message  string
}

// agencies are the enforcement agencies the viewer may name: its
// jurisdiction's for supervision, its city's (public) for an agency.
func (h *Handler) agencies(r *http.Request, q string) ([]*registry.Agency, error) {
	p := auth.From(r.Context())
	f := &registry.AgencyFilter{Q: q, Kind: "enforcement", Page: registry.Page{Size: 200}}
	if p.Agency == "" {
		return registry.ListAgencies(r.Context(), h.DB, p, f)
	}
	if len(p.Region) >= 4 {
		f.Region = p.Region[:4] + "00"
	}
	return registry.ListPublicAgencies(r.Context(), h.DB, f)
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	in := coordination.Opening{Kind: q.Get("kind"), Title: q.Get("title"), Summary: q.Get("summary"), Agencies: q["agency"],
		MatterCode: q.Get("matter")}
	h.renderNew(w, r, http.StatusOK, &newData{In: in, Q: strings.TrimSpace(q.Get("q"))})
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, d *newData) {
	p := auth.From(r.Context())
	if !auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) && !auth.IsDisputeParty(p, []string{p.Agency}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色（%s）不能提请执法争议协调", p.Role.Label()))
		return
	}
	list, err := h.agencies(r, d.Q)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, a := range list {
		if a.Code != p.Agency {
			d.Agencies = append(d.Agencies, a)
		}
	}
	h.Render(w, r, status, "dispute_new", &webkit.View{Title: "提请执法争议协调", Active: "coordination", Data: d})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	days, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("answer_days")))
	in := coordination.Opening{Kind: r.PostFormValue("kind"), Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"),
		Agencies: values(r, "agency"), MatterCode: r.PostFormValue("matter_code"), AnswerDays: days}
	if n, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("case_id")), 10, 64); err == nil {
		in.CaseID = n
	}
	d, err := h.svc.Open(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			h.renderNew(w, r, status, &newData{In: in, Errors: e.Fields, Message: e.Message})
		})
		return
	}
	h.Flash(r, fmt.Sprintf("已提请协调，各方应于%s前提交书面意见。", d.AnswerDue))
	http.Redirect(w, r, fmt.Sprintf("/disputes/%d", d.ID), http.StatusSeeOther)
}
