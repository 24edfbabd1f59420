package web

import (
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/discretion"
)

// Discretion benchmarks on the exchange API (spec: PUT /api/v1/benchmarks/{matter_code}).

type benchmarkBody struct {
	MatterCode    string            `json:"matter_code"`
	RegionCode    string            `json:"region_code"`
	EffectiveFrom string            `json:"effective_from"`
	Tiers         []discretion.Tier `json:"tiers"`
}

func (s *Server) apiBenchmarkPut(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("matter_code"))
	var b benchmarkBody
	if err := decode(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	if b.MatterCode != "" && b.MatterCode != code {
		s.apiError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "提交的数据有误，请按提示修改",
			Fields: apperr.Fields{"matter_code": "与路径中的事项编码不一致"}})
		return
	}
	in := &discretion.Input{MatterCode: code, RegionCode: b.RegionCode, EffectiveFrom: b.EffectiveFrom, Tiers: b.Tiers}
	created, err := discretion.Put(r.Context(), s.db, auth.From(r.Context()), in)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiBenchmarkWrite(w, r, code, putStatus(created))
}

func (s *Server) apiBenchmarkWrite(w http.ResponseWriter, r *http.Request, code string, status int) {
	b, err := discretion.Get(r.Context(), s.db, auth.From(r.Context()), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, status, b)
}

func (s *Server) apiBenchmarkGet(w http.ResponseWriter, r *http.Request) {
	s.apiBenchmarkWrite(w, r, strings.TrimSpace(r.PathValue("matter_code")), http.StatusOK)
}

func (s *Server) apiBenchmarkList(w http.ResponseWriter, r *http.Request) {
	f := &discretion.VersionFilter{MatterCode: r.URL.Query().Get("matter_code"), Region: regionParam(r), Page: apiPage(r)}
	list, err := discretion.ListVersions(r.Context(), s.db, auth.From(r.Context()), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listBody[*discretion.Version]{list, f.Total, f.Page.Page, f.Size})
}
