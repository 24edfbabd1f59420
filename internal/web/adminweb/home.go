package adminweb

import (
	"html/template"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type homeData struct {
	Inbox             template.HTML // what waits for the viewer (Shell.Home, warningweb)
	Agencies, Matters int
	States            []stateCount
	Scope             []registry.Region
}

type stateCount struct {
	State, Label string
	Count        int
}

func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	var d homeData
	af := &registry.AgencyFilter{Page: registry.Page{Size: 1}}
	if _, err := registry.ListAgencies(ctx, h.DB, p, af); err != nil {
		h.UIError(w, r, err)
		return
	}
	mf := &registry.MatterFilter{Page: registry.Page{Size: 1}}
	if _, err := registry.ListMatters(ctx, h.DB, p, mf); err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Agencies, d.Matters = af.Total, mf.Total
	counts, err := registry.CountOfficersByState(ctx, h.DB, p)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, st := range registry.CertStates {
		d.States = append(d.States, stateCount{st.Value, st.Label, counts[st.Value]})
	}
	d.Scope = registry.RegionPath(ctx, h.DB, p.Region)
	if h.Shell.Home != nil {
		d.Inbox = h.Shell.Home(r)
	}
	h.Render(w, r, http.StatusOK, "home", &webkit.View{Title: "工作台", Active: "home", Data: d})
}

func (h *Handler) soonPage(w http.ResponseWriter, r *http.Request) {
	sp, ok := webkit.SoonPages[r.PathValue("key")]
	if !ok {
		h.UIError(w, r, apperr.NotFoundf("页面"))
		return
	}
	h.Render(w, r, http.StatusOK, "soon", &webkit.View{Title: sp.Title, Active: r.PathValue("key"), Data: sp})
}
