package web

import (
	"net/http"
	"strings"

	"zfjd/internal/registry"
)

// The public pages need no login: 亮证 verification and the 事前公示 of
// subjects, officers and matters (行政处罚法 Art. 39; 三项制度).

func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.verifier.Verify(r.Context(), s.db, r.PathValue("token"))
	if err != nil {
		s.log.Error("verify", "err", err)
		http.Error(w, "系统繁忙，请稍后重试", http.StatusServiceUnavailable)
		return
	}
	status := http.StatusOK
	if !v.Valid {
		status = http.StatusNotFound
	}
	w.Header().Set("Cache-Control", "no-store") // a revocation must show at once
	w.Header().Set("X-Robots-Tag", "noindex")
	s.render(w, r, status, "verify", &view{Title: "执法证件核验", Public: true, Data: v})
}

func (s *Server) publicHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "public_home", &view{Title: "行政执法公示", Public: true})
}

func (s *Server) publicAgencies(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.AgencyFilter{Q: strings.TrimSpace(q.Get("q")), Domain: q.Get("domain"), Region: q.Get("region"), Page: pageOf(q)}
	list, err := registry.ListPublicAgencies(r.Context(), s.db, f)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "public_agencies", &view{Title: "执法主体公示", Public: true, Data: agencyListData{list, f}})
}

func (s *Server) publicOfficers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.OfficerFilter{Q: strings.TrimSpace(q.Get("q")), Agency: q.Get("agency"), Domain: q.Get("domain"), Region: q.Get("region"), Page: pageOf(q)}
	list, err := registry.ListPublicOfficers(r.Context(), s.db, f)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "public_officers", &view{Title: "执法人员公示", Public: true, Data: officerListData{Officers: list, Filter: f}})
}

func (s *Server) publicMatters(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.MatterFilter{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Domain: q.Get("domain"), Region: q.Get("region"), Page: pageOf(q)}
	list, err := registry.ListMatters(r.Context(), s.db, nil, f)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "public_matters", &view{Title: "执法事项与依据公示", Public: true, Data: matterListData{Matters: list, Filter: f}})
}
