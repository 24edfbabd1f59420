package promiseweb

import (
	"net/http"
	"net/url"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/promise"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type itemsData struct {
	Items []*promise.Item
	Kinds []registry.Option
	Form  url.Values
	Keeps bool
}

// items is the catalogue of the viewer's region with the form to keep it.
func (h *Handler) items(w http.ResponseWriter, r *http.Request) {
	h.itemsPage(w, r, http.StatusOK, url.Values{"verify_days": {"5"}}, nil)
}

func (h *Handler) itemsPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) {
	p := auth.From(r.Context())
	list, err := h.svc.Catalogue(r.Context(), p.Region, "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	keeps := auth.CanKeepPromiseCatalogue(p, auth.Target{Region: p.Region, Agencies: []string{p.Agency}})
	view := &webkit.View{Title: "证明事项目录", Active: "promises", Data: &itemsData{Items: list, Kinds: promise.Kinds, Form: v, Keeps: keeps}}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "items", view)
}

func (h *Handler) itemSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	agency := r.PostForm.Get("agency_code")
	if p.Agency != "" {
		agency = p.Agency
	}
	it := &promise.Item{AgencyCode: agency, Kind: r.PostForm.Get("kind"), Name: r.PostForm.Get("name"), Basis: r.PostForm.Get("basis"),
		Issuer: r.PostForm.Get("issuer"), PromiseText: r.PostForm.Get("promise_text"), VerifyRule: r.PostForm.Get("verify_rule"),
		VerifyAgency: r.PostForm.Get("verify_agency"), VerifyDays: webkit.Atoi(r.PostForm.Get("verify_days"))}
	if _, err := h.svc.PutItem(r.Context(), p, it); err != nil {
		h.FormError(w, r, err, func(status int) { h.itemsPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "已保存证明事项："+it.Name)
	http.Redirect(w, r, "/promises/items", http.StatusSeeOther)
}

type statsData struct {
	Rows  []*promise.ItemStats
	Total *promise.ItemStats
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	rows, total, err := h.svc.Stats(r.Context(), auth.From(r.Context()))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "stats", &webkit.View{Title: "告知承诺统计", Active: "promises", Data: &statsData{Rows: rows, Total: total}})
}

type catalogueData struct {
	Retained, Promise []*promise.Item
	Region            string
}

// catalogue is the published catalogue on the portal (优化营商环境条例
// 第四十四条: 公布证明事项清单，逐项列明设定依据、索要单位、开具单位).
func (h *Handler) catalogue(w http.ResponseWriter, r *http.Request) {
	reg := r.URL.Query().Get("region")
	list, err := h.svc.Catalogue(r.Context(), reg, "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &catalogueData{Region: reg}
	for _, it := range list {
		if it.Kind == "retained" {
			d.Retained = append(d.Retained, it)
		} else {
			d.Promise = append(d.Promise, it)
		}
	}
	h.Render(w, r, http.StatusOK, "catalogue", &webkit.View{Title: "证明事项目录公示", Public: true, Data: d})
}
