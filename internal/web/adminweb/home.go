package web

import (
	"net/http"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

type homeData struct {
	Agencies, Matters int
	States            []stateCount
	Scope             []registry.Region
}

type stateCount struct {
	State, Label string
	Count        int
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	var d homeData
	af := &registry.AgencyFilter{Page: registry.Page{Size: 1}}
	if _, err := registry.ListAgencies(ctx, s.db, p, af); err != nil {
		s.uiError(w, r, err)
		return
	}
	mf := &registry.MatterFilter{Page: registry.Page{Size: 1}}
	if _, err := registry.ListMatters(ctx, s.db, p, mf); err != nil {
		s.uiError(w, r, err)
		return
	}
	d.Agencies, d.Matters = af.Total, mf.Total
	counts, err := registry.CountOfficersByState(ctx, s.db, p)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	for _, st := range registry.CertStates {
		d.States = append(d.States, stateCount{st.Value, st.Label, counts[st.Value]})
	}
	d.Scope = registry.RegionPath(ctx, s.db, p.Region)
	s.render(w, r, http.StatusOK, "home", &view{Title: "工作台", Active: "home", Data: d})
}

func (s *Server) soonPage(w http.ResponseWriter, r *http.Request) {
	sp, ok := soonPages[r.PathValue("key")]
	if !ok {
		s.uiError(w, r, errNotFound("页面"))
		return
	}
	s.render(w, r, http.StatusOK, "soon", &view{Title: sp.Title, Active: r.PathValue("key"), Data: sp})
}

type regionData struct {
	Path    []registry.Region
	Regions []registry.Region
	Filter  *registry.RegionFilter
}

func (s *Server) regionList(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), auth.From(r.Context()), r.URL.Query()
	f := &registry.RegionFilter{Parent: q.Get("parent"), Q: q.Get("q"), Page: pageOf(q)}
	list, err := registry.ListRegions(ctx, s.db, p.Region, f)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	d := regionData{Regions: list, Filter: f}
	if f.Parent != "" {
		d.Path = registry.RegionPath(ctx, s.db, f.Parent)
	}
	s.render(w, r, http.StatusOK, "regions", &view{Title: "行政区划", Active: "regions", Data: d})
}
