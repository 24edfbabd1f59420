// Package promiseweb serves 证明事项告知承诺制 (issue 19, C17): the catalogue
// (kept by supervision or the agency, published on the portal), the
// promise records with their 行政协助核查 — sent by the receiving agency,
// answered by the agency that holds the data — and the statistics.
package promiseweb

import (
	"embed"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/promise"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the pages.
type Handler struct {
	*webkit.Pages
	svc *promise.Service
}

// New builds the handler on k's database.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, nil)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, svc: promise.NewService(k.DB)}, nil
}

// Routes registers the pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /promises", h.list)
	r.UI("POST /promises", h.record)
	r.UI("GET /promises/{id}", h.show)
	r.UI("POST /promises/{id}/act/{type}", h.act)
	r.UI("GET /promises/items", h.items)
	r.UI("POST /promises/items", h.itemSave)
	r.UI("GET /promises/stats", h.stats)
	r.Public("GET /public/promise-items", h.catalogue)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

type listData struct {
	Items    []*promise.Item
	List     []*promise.Promise
	Page     registry.Page
	Today    string
	Records  bool
	Form     url.Values
	Verifies bool
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	h.listPage(w, r, http.StatusOK, url.Values{}, nil)
}

func (h *Handler) listPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) {
	p := auth.From(r.Context())
	q := r.URL.Query()
	f := promise.Filter{Verify: q.Get("verify") == "1" && p.Agency != "", Status: q.Get("status"), Page: webkit.PageOf(q)}
	list, pg, err := h.svc.List(r.Context(), p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &listData{List: list, Page: pg, Today: clock.TodayString(r.Context()), Form: v, Verifies: p.Agency != ""}
	if p.Agency != "" {
		all, err := h.svc.Catalogue(r.Context(), "", "promise")
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		for _, it := range all {
			if it.AgencyCode == p.Agency {
				d.Items = append(d.Items, it)
			}
		}
		d.Records = len(d.Items) > 0 && auth.ActsForAgency(p, p.Agency)
	}
	view := &webkit.View{Title: "告知承诺与协助核查", Active: "promises", Data: d}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "promises", view)
}

func (h *Handler) record(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id, _ := strconv.ParseInt(r.PostForm.Get("item_id"), 10, 64)
	pr := &promise.Promise{ItemID: id, Applicant: r.PostForm.Get("applicant"), ApplicantID: r.PostForm.Get("applicant_id"),
		Application: r.PostForm.Get("application"), PromisedOn: r.PostForm.Get("promised_on")}
	if err := h.svc.Record(r.Context(), auth.From(r.Context()), pr); err != nil {
		h.FormError(w, r, err, func(status int) { h.listPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "承诺已登记，可发起协助核查")
	http.Redirect(w, r, "/promises/"+itoa(pr.ID), http.StatusSeeOther)
}

type showData struct {
	P        *promise.Promise
	Acts     []*flow.Act[*promise.State]
	Next     webkit.Next // 下一步: what may come next, who does it, why not the viewer
	Findings []flow.Finding
	Today    string
	Failed   string
	Note     string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.showPage(w, r, http.StatusOK, "", "", nil)
}

func (h *Handler) showPage(w http.ResponseWriter, r *http.Request, status int, failed, note string, ferr error) {
	p := auth.From(r.Context())
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	pr, err := h.svc.Get(r.Context(), p, id)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	fs, err := h.svc.Findings(r.Context(), id)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &showData{P: pr, Acts: promise.Offered(p, pr), Findings: fs, Today: clock.TodayString(r.Context()), Failed: failed, Note: note}
	d.Next = webkit.NextOf(promise.Workflow, promise.StateOf(pr), p, func(a *flow.Act[*promise.State]) string {
		if slices.Contains(d.Acts, a) {
			return ""
		}
		if promise.Side[a.Type] == "verifier" {
			return "由协助核查的机关（" + pr.VerifyAgencyName + "）办理"
		}
		return "由受理承诺的机关（" + pr.AgencyName + "）办理"
	})
	view := &webkit.View{Title: "承诺记录", Active: "promises", Data: d}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "promise", view)
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	t, note := r.PathValue("type"), r.PostForm.Get("note")
	if _, err := h.svc.Act(r.Context(), auth.From(r.Context()), id, t, note); err != nil {
		h.FormError(w, r, err, func(status int) { h.showPage(w, r, status, t, note, err) })
		return
	}
	a, _ := promise.Workflow.Act(t)
	h.Flash(r, "已办理："+a.Label)
	http.Redirect(w, r, "/promises/"+itoa(id), http.StatusSeeOther)
}
