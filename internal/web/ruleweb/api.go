package ruleweb

import (
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/warning/rules"
	"zfjd/internal/web/webkit"
)

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	region := strings.TrimSpace(r.URL.Query().Get("region_code"))
	if region == "" {
		h.APIError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "请指定行政区划", Fields: apperr.Fields{"region_code": "请指定行政区划"}})
		return
	}
	list, err := h.svc.List(r.Context(), auth.From(r.Context()), region)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	p := webkit.APIPage(r)
	p.Normalize()
	p.Total = len(list)
	list = list[min(p.Offset(), len(list)):min(p.Offset()+p.Size, len(list))]
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, p))
}

func (h *Handler) apiPutSetting(w http.ResponseWriter, r *http.Request) {
	var b rules.SettingBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	created, s, err := h.svc.PutSetting(r.Context(), auth.From(r.Context()), r.PathValue("code"), r.PathValue("region_code"), &b)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, webkit.PutStatus(created), s)
}

func (h *Handler) apiPutCustom(w http.ResponseWriter, r *http.Request) {
	var b rules.CustomBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	created, c, err := h.svc.PutCustom(r.Context(), auth.From(r.Context()), r.PathValue("code"), &b)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, webkit.PutStatus(created), c)
}

func (h *Handler) apiGetCustom(w http.ResponseWriter, r *http.Request) {
	c, err := h.svc.GetCustom(r.Context(), auth.From(r.Context()), r.PathValue("code"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}

func (h *Handler) apiVersions(w http.ResponseWriter, r *http.Request) {
	vs, err := h.svc.Versions(r.Context(), auth.From(r.Context()), r.PathValue("code"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, map[string]any{"code": r.PathValue("code"), "versions": vs})
}

func (h *Handler) apiDryRun(w http.ResponseWriter, r *http.Request) {
	var b rules.DryRunBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	out, err := h.svc.DryRun(r.Context(), auth.From(r.Context()), &b)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, out)
}
