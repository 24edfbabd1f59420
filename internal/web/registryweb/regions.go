package registryweb

import (
	"net/http"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type regionData struct {
	Path    []registry.Region
	Regions []registry.Region
	Filter  *registry.RegionFilter
}

func (h *Handler) regionList(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), auth.From(r.Context()), r.URL.Query()
	f := &registry.RegionFilter{Parent: q.Get("parent"), Q: q.Get("q"), Page: webkit.PageOf(q)}
	list, err := registry.ListRegions(ctx, h.DB, p.Region, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := regionData{Regions: list, Filter: f}
	if f.Parent != "" {
		d.Path = registry.RegionPath(ctx, h.DB, f.Parent)
	}
	h.Render(w, r, http.StatusOK, "regions", &webkit.View{Title: "行政区划", Active: "regions", Data: d})
}
