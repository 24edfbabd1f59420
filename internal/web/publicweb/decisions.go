package web

import (
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/docs"
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
}

func (s *Server) publicDecisions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &docs.PublicFilter{Q: strings.TrimSpace(q.Get("q")), Region: strings.TrimSpace(q.Get("region")),
		Agency: strings.TrimSpace(q.Get("agency")), Page: pageOf(q)}
	list, err := docs.ListPublic(r.Context(), s.db, f)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	regions, agencies, err := docs.PublicChoices(r.Context(), s.db)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "public_decisions", &view{Title: "行政处罚决定公示", Public: true,
		Data: publicDecisionsData{List: list, Filter: f, Regions: regions, Agencies: agencies, Years: docs.PublicYears}})
}

func (s *Server) publicDecision(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.publicError(w, r, apperr.New(apperr.NotFound, "该行政处罚决定信息不存在或未公示"))
		return
	}
	d, err := docs.GetPublic(r.Context(), s.db, id)
	if err != nil {
		s.publicError(w, r, err)
		return
	}
	title := "行政处罚决定公示"
	if d.Withdrawn {
		title = "行政处罚决定信息已撤回"
	}
	s.render(w, r, http.StatusOK, "public_decision", &view{Title: title, Public: true, Data: d})
}

// publicError answers a public page with its own layout (no login links).
func (s *Server) publicError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := httpStatus(e.Code)
	if status >= 500 {
		s.log.Error("public", "path", r.URL.Path, "err", err)
	}
	s.render(w, r, status, "public_decision", &view{Title: "行政处罚决定公示", Public: true, Message: e.Message})
}
