package complaintweb

import (
	"fmt"
	"html/template"
	"net/http"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/registry"
	"zfjd/internal/web/supervisionweb"
	"zfjd/internal/web/webkit"
)

// The 旁站式监督 pages: the social supervisor records what was seen on
// site (with photos) and reads its own records and their review;
// supervision of the region accepts or returns each with the reason and
// turns an accepted finding into a clue, from whose complaint a
// supervision case is opened.

type obsList struct {
	Rows     []*complaint.Observation
	Filter   complaint.ObsFilter
	Agencies []registry.Option
	Errors   apperr.Fields
	Social   bool
	Query    map[string][]string
}

func (h *Handler) observations(w http.ResponseWriter, r *http.Request) {
	p, q := auth.From(r.Context()), r.URL.Query()
	f := obsFilter(r)
	d := &obsList{Filter: f, Social: p.Role == auth.RoleSocial, Query: q}
	if err := f.Check(); err != nil {
		d.Errors = apperr.As(err).Fields
		f = complaint.ObsFilter{Page: f.Page}
	}
	ags, err := complaint.Agencies(r.Context(), h.DB.R, p.Region)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Agencies = ags
	list, total, err := h.svc.Observations(r.Context(), p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	f.Page.Normalize()
	f.Page.Total = total
	d.Rows, d.Filter = list, f
	h.Render(w, r, http.StatusOK, "observations", &webkit.View{Title: "旁站式监督", Active: "observations", Data: d})
}

func obsFilter(r *http.Request) complaint.ObsFilter {
	q := r.URL.Query()
	return complaint.ObsFilter{Status: q.Get("status"), Agency: q.Get("agency"), From: q.Get("from"), To: q.Get("to"), Page: webkit.PageOf(q)}
}

// observationsExport is the list's xlsx with the same filters.
func (h *Handler) observationsExport(w http.ResponseWriter, r *http.Request) {
	f := obsFilter(r)
	if err := f.Check(); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="observations.xlsx"; filename*=UTF-8''%E6%97%81%E7%AB%99%E5%BC%8F%E7%9B%91%E7%9D%A3.xlsx`)
	if err := h.svc.ExportObservations(r.Context(), auth.From(r.Context()), f, w); err != nil {
		h.Log.Error("observation export", "err", err)
	}
}

type obsForm struct {
	Agencies  []registry.Option
	Checklist []registry.Option
	O         *complaint.Observation
	From      *complaint.Observation // the returned record it is made again from
	Errors    apperr.Fields
	Message   string
}

// observationNew is the form; ?from= a returned record of one's own fills
// it in again, with the reason it was returned shown above.
func (h *Handler) observationNew(w http.ResponseWriter, r *http.Request) {
	o, from := &complaint.Observation{}, (*complaint.Observation)(nil)
	if id := webkit.Atoi(r.URL.Query().Get("from")); id > 0 {
		x, err := h.svc.GetObservation(r.Context(), auth.From(r.Context()), int64(id))
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		if x.Status == complaint.ObsReturned && auth.IsObserver(auth.From(r.Context()), x.Scope()) {
			from = x
			o = &complaint.Observation{AgencyCode: x.AgencyCode, On: x.On, Place: x.Place, Findings: x.Findings, Checklist: x.Checklist}
		}
	}
	h.renderObsForm(w, r, http.StatusOK, o, from, nil)
}

func (h *Handler) renderObsForm(w http.ResponseWriter, r *http.Request, status int, o, from *complaint.Observation, ferr error) {
	p := auth.From(r.Context())
	if p.Role != auth.RoleSocial {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "旁站式监督记录由社会监督员填写"))
		return
	}
	ags, err := complaint.Agencies(r.Context(), h.DB.R, p.Region)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &obsForm{Agencies: ags, Checklist: complaint.Checklist, O: o, From: from}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "observation_new", &webkit.View{Title: "记录旁站式监督", Active: "observations", Data: d})
}

func (h *Handler) observe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseMultipartForm(8 << 20); err != nil && err != http.ErrNotMultipart {
		h.renderObsForm(w, r, http.StatusBadRequest, &complaint.Observation{}, nil,
			apperr.New(apperr.Invalid, "提交的内容过大（照片每张不超过5MB，最多%d张）", complaint.MaxPhotos))
		return
	}
	o := &complaint.Observation{AgencyCode: r.FormValue("agency_code"), On: r.FormValue("on"), Place: r.FormValue("place"),
		Findings: r.FormValue("findings"), Checklist: map[string]string{}}
	for _, it := range complaint.Checklist {
		if v := r.FormValue("check_" + it.Value); v != "" {
			o.Checklist[it.Value] = v
		}
	}
	uploads, err := readPhotos(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	id, err := h.svc.Observe(r.Context(), auth.From(r.Context()), o, uploads)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderObsForm(w, r, status, o, nil, err) })
		return
	}
	h.Flash(r, "旁站式监督记录已提交，等待执法监督机构审核。")
	http.Redirect(w, r, fmt.Sprintf("/observations/%d", id), http.StatusSeeOther)
}

type obsPage struct {
	O           *complaint.Observation
	Checklist   []registry.Option
	CanReview   bool // supervision of the region, the record submitted
	CanClue     bool // supervision of the region, accepted, no clue yet
	Own         bool
	Category    string // the clue's category offered first
	Supervision template.HTML
	Errors      apperr.Fields
	Message     string
}

func (h *Handler) observation(w http.ResponseWriter, r *http.Request) {
	h.renderObs(w, r, http.StatusOK, nil)
}

func (h *Handler) renderObs(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	ctx, p := r.Context(), auth.From(r.Context())
	o, err := h.svc.GetObservation(ctx, p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	review := auth.CanReviewObservation(p, o.Scope())
	d := &obsPage{O: o, Checklist: complaint.Checklist, Own: auth.IsObserver(p, o.Scope()),
		CanReview: review && o.Status == complaint.ObsSubmitted,
		CanClue:   review && o.Status == complaint.ObsAccepted && o.ClueID == 0 && o.Findings != "", Category: "other"}
	if o.Checklist["certificate"] == "no" {
		d.Category = "no_certificate"
	}
	if review && o.ClueID != 0 {
		d.Supervision = supervisionweb.Panel(ctx, h.DB, p, supervisionweb.From{Region: o.RegionCode, Agency: o.AgencyCode,
			Source: "complaint", Ref: o.ClueCode, Summary: "旁站式监督发现：" + o.Findings})
	}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "observation", &webkit.View{Title: "旁站式监督记录", Active: "observations", Data: d})
}

func (h *Handler) review(w http.ResponseWriter, r *http.Request) {
	result := r.PostFormValue("result")
	if err := h.svc.Review(r.Context(), auth.From(r.Context()), pathID(r), result, r.PostFormValue("note")); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderObs(w, r, status, err) })
		return
	}
	h.Flash(r, map[bool]string{true: "已采纳。可将发现的问题转为线索办理。", false: "已退回社会监督员，退回理由已告知。"}[result == complaint.ObsAccepted])
	http.Redirect(w, r, fmt.Sprintf("/observations/%d", pathID(r)), http.StatusSeeOther)
}

// toClue turns an accepted finding into a clue and opens its complaint.
func (h *Handler) toClue(w http.ResponseWriter, r *http.Request) {
	id, err := h.svc.ToClue(r.Context(), auth.From(r.Context()), pathID(r), r.PostFormValue("category"))
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderObs(w, r, status, err) })
		return
	}
	h.Flash(r, "已转为线索，按投诉举报办理：受理后可转办或立监督案件。")
	http.Redirect(w, r, fmt.Sprintf("/complaints/%d", id), http.StatusSeeOther)
}

// obsPhoto serves a photo of a record its reader may see.
func (h *Handler) obsPhoto(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, err := h.svc.GetObservation(ctx, auth.From(ctx), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.servePhoto(w, r, o.Photos, time.Time{}) // named by its hash: never changes
}
