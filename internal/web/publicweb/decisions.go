package publicweb

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/docs"
	"zfjd/internal/web/webkit"
)

// 处罚决定公示 (C7): the public list and pages of penalty decisions
// (行政处罚法 Art. 48). What a page may show is decided in package docs
// (public.go, mask.go); these handlers only parse and render.

type publicDecisionsData struct {
	List     []*docs.PublicDecision
	Filter   *docs.PublicFilter
	Regions  []docs.PublicChoice
	Agencies []docs.PublicChoice
	Years    int
	// The table rows and the drop-downs' options of List, Regions and
	// Agencies, rendered by fragments.go.
	Rows, RegionOptions, AgencyOptions template.HTML
}

func (h *Handler) publicDecisions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &docs.PublicFilter{Q: strings.TrimSpace(q.Get("q")), Region: strings.TrimSpace(q.Get("region")),
		Agency: strings.TrimSpace(q.Get("agency")), Page: webkit.PageOf(q)}
	// The portal reads the read replica when one is configured (--read-db).
	db := h.ReadDB()
	list, err := docs.ListPublic(r.Context(), db, f)
	if err != nil {
		h.publicError(w, r, err)
		return
	}
	regions, agencies, err := docs.PublicChoicesFor(r.Context(), db, f)
	if err != nil {
		h.publicError(w, r, err)
		return
	}
	d := publicDecisionsData{List: list, Filter: f, Regions: regions, Agencies: agencies, Years: docs.PublicYears}
	if d.Rows, err = decisionRows(list); err == nil {
		if d.RegionOptions, err = choiceOptions("region", regions, f.Region); err == nil {
			d.AgencyOptions, err = choiceOptions("agency\x00"+f.Region, agencies, f.Agency)
		}
	}
	if err != nil {
		h.publicError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_decisions", &webkit.View{Title: "行政处罚决定公示", Public: true, Data: d})
}

func (h *Handler) publicDecision(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.publicError(w, r, apperr.New(apperr.NotFound, "该行政处罚决定信息不存在或未公示"))
		return
	}
	d, err := docs.GetPublic(r.Context(), h.ReadDB(), id)
	if err != nil {
		h.publicError(w, r, err)
		return
	}
	title := "行政处罚决定公示"
	if d.Withdrawn {
		title = "行政处罚决定信息已撤回"
	}
	h.Render(w, r, http.StatusOK, "public_decision", &webkit.View{Title: title, Public: true, Data: d})
}

// publicError answers a public page with its own layout (no login links).
func (h *Handler) publicError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := webkit.HTTPStatus(e.Code)
	if status >= 500 {
		h.Log.Error("public", "path", r.URL.Path, "err", err)
	}
	h.Render(w, r, status, "public_decision", &webkit.View{Title: "行政处罚决定公示", Public: true, Message: e.Message})
}
