package dashweb

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

type inactionData struct {
	Filter     *warning.InactionFilter
	Items      []warning.InactionItem
	CanExplain bool // the viewer is an agency's admin (explains its own rows)
	Errors     apperr.Fields
	FormKey    string // agency/matter of the form the errors belong to
	Text       string
}

func inactionFilterOf(r *http.Request, page bool) *warning.InactionFilter {
	q := r.URL.Query()
	f := &warning.InactionFilter{Region: strings.TrimSpace(webkit.RegionParam(r)), Year: webkit.Atoi(q.Get("year")),
		Agency: strings.TrimSpace(q.Get("agency_code"))}
	if page {
		f.Page = webkit.PageOf(q)
	} else {
		f.Page = webkit.APIPage(r)
	}
	return f
}

func (h *Handler) inaction(w http.ResponseWriter, r *http.Request) {
	h.inactionPage(w, r, http.StatusOK, &inactionData{Filter: inactionFilterOf(r, true)})
}

func (h *Handler) inactionPage(w http.ResponseWriter, r *http.Request, status int, d *inactionData) {
	ctx, p := r.Context(), auth.From(r.Context())
	var err error
	if d.Items, err = warning.ListInaction(ctx, h.DB, p, d.Filter); err != nil {
		h.UIError(w, r, err)
		return
	}
	d.CanExplain = p.Agency != "" && (p.Role == auth.RoleAgencyAdmin || p.Role == auth.RoleHead)
	h.Render(w, r, status, "inaction", &webkit.View{Title: "未履职情况", Active: "inaction", Data: d, Errors: d.Errors})
}

func (h *Handler) explain(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	agency, matter := r.PostFormValue("agency_code"), r.PostFormValue("matter_code")
	year, text := webkit.Atoi(r.PostFormValue("year")), r.PostFormValue("explanation")
	if err := warning.ExplainInaction(r.Context(), h.DB, auth.From(r.Context()), agency, matter, year, text); err != nil {
		h.FormError(w, r, err, func(status int) {
			e := apperr.As(err)
			f := e.Fields
			if f == nil {
				f = apperr.Fields{"explanation": e.Message}
			}
			h.inactionPage(w, r, status, &inactionData{Filter: &warning.InactionFilter{Year: year}, Errors: f,
				FormKey: agency + "/" + matter, Text: text})
		})
		return
	}
	h.Flash(r, "情况说明已保存。")
	http.Redirect(w, r, "/supervision/inaction?year="+strconv.Itoa(year), http.StatusSeeOther)
}

func (h *Handler) inactionExport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f := inactionFilterOf(r, true)
	var buf bytes.Buffer
	if err := warning.ExportInaction(ctx, h.DB, auth.From(ctx), f, &buf); err != nil {
		h.UIError(w, r, err)
		return
	}
	xlsxHeaders(w, warning.DashExportName(ctx, strconv.Itoa(f.Year)+"年未履职情况"))
	buf.WriteTo(w)
}

func (h *Handler) apiInaction(w http.ResponseWriter, r *http.Request) {
	f := inactionFilterOf(r, false)
	list, err := warning.ListInaction(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	b := webkit.List(list, f.Page)
	webkit.WriteJSON(w, http.StatusOK, map[string]any{"region_code": f.Region, "year": f.Year, "items": b.Items,
		"total": b.Total, "page": b.Page, "page_size": b.PageSize})
}

// inactionQuery is the list's query for the export link.
func inactionQuery(f *warning.InactionFilter) string {
	v := url.Values{}
	if f.Region != "" {
		v.Set("region_code", f.Region)
	}
	v.Set("year", strconv.Itoa(f.Year))
	if f.Agency != "" {
		v.Set("agency_code", f.Agency)
	}
	return "?" + v.Encode()
}
