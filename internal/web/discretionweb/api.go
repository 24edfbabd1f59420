package discretionweb

import (
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/discretion"
	"zfjd/internal/web/webkit"
)

// Discretion benchmarks on the exchange API (spec: PUT /api/v1/benchmarks/{matter_code}).

type benchmarkBody struct {
	MatterCode    string            `json:"matter_code"`
	RegionCode    string            `json:"region_code"`
	EffectiveFrom string            `json:"effective_from"`
	Tiers         []discretion.Tier `json:"tiers"`
}

func (h *Handler) apiBenchmarkPut(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("matter_code"))
	var b benchmarkBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	if b.MatterCode != "" && b.MatterCode != code {
		h.APIError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "提交的数据有误，请按提示修改",
			Fields: apperr.Fields{"matter_code": "与路径中的事项编码不一致"}})
		return
	}
	in := &discretion.Input{MatterCode: code, RegionCode: b.RegionCode, EffectiveFrom: b.EffectiveFrom, Tiers: b.Tiers}
	created, err := discretion.Put(r.Context(), h.DB, auth.From(r.Context()), in)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	h.apiBenchmarkWrite(w, r, code, webkit.PutStatus(created))
}

func (h *Handler) apiBenchmarkWrite(w http.ResponseWriter, r *http.Request, code string, status int) {
	b, err := discretion.Get(r.Context(), h.DB, auth.From(r.Context()), code)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, status, b)
}

func (h *Handler) apiBenchmarkGet(w http.ResponseWriter, r *http.Request) {
	h.apiBenchmarkWrite(w, r, strings.TrimSpace(r.PathValue("matter_code")), http.StatusOK)
}

func (h *Handler) apiBenchmarkList(w http.ResponseWriter, r *http.Request) {
	f := &discretion.VersionFilter{MatterCode: r.URL.Query().Get("matter_code"), Region: webkit.RegionParam(r), Page: webkit.APIPage(r)}
	list, err := discretion.ListVersions(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, f.Page))
}
