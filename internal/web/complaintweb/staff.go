package complaintweb

import (
	"fmt"
	htmltemplate "html/template"
	"net/http"
	"slices"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/flow"
	"zfjd/internal/media"
	"zfjd/internal/registry"
	"zfjd/internal/web/supervisionweb"
	"zfjd/internal/web/webkit"
)

type listData struct {
	Rows   []*complaint.Complaint
	Filter *complaint.Filter
	Counts *complaint.Counts
	Errors apperr.Fields
	Staff  bool // supervision: may see every complaint of its region
	// Setting is the viewer's region's deadlines (supervision only).
	Setting *settingView
}

type settingView struct {
	Region, SetIn string
	S             complaint.Settings
}

func pageFilter(r *http.Request) *complaint.Filter {
	q := r.URL.Query()
	return &complaint.Filter{Status: q.Get("status"), Region: q.Get("region"), Agency: q.Get("agency"), Category: q.Get("category"),
		Source: q.Get("source"), Code: complaint.NormalizeCode(q.Get("code")), Page: webkit.PageOf(q)}
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := pageFilter(r)
	d := &listData{Filter: f, Staff: (p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin) && p.Agency == ""}
	if err := f.Check(); err != nil {
		d.Errors = apperr.As(err).Fields
		*f = complaint.Filter{Page: f.Page}
	}
	var err error
	if d.Rows, err = h.svc.List(ctx, h.ReadDB(), p, f); err == nil {
		d.Counts, err = h.svc.Waiting(ctx, p)
	}
	if err == nil && d.Staff && p.Region != "" {
		v := &settingView{Region: p.Region}
		v.S, v.SetIn, err = h.svc.SettingsOf(ctx, p.Region)
		d.Setting = v
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "complaints", &webkit.View{Title: "投诉举报", Active: "complaints", Data: d})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	f := pageFilter(r)
	if err := f.Check(); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="complaints.xlsx"; filename*=UTF-8''%E6%8A%95%E8%AF%89.xlsx`)
	if err := h.svc.Export(r.Context(), h.ReadDB(), auth.From(r.Context()), f, w); err != nil {
		h.Log.Error("complaint export", "err", err)
	}
}

type showData struct {
	C         *complaint.Complaint
	Acts      []actForm
	Next      webkit.Next // 下一步: what may come next, who does it, why not the viewer
	Waits     string
	Contact   *complaint.Contact
	CanReveal bool
	Agencies  []registry.Option
	// Supervision lists the supervision cases opened from the complaint
	// and, for its supervision body, the link that opens one.
	Supervision htmltemplate.HTML
	// Verdict is the recorded 调查结论 (nil when none); Verdicts its choices.
	Verdict  *complaint.Verdict
	Verdicts []registry.Option
}

type actForm struct {
	*flow.Act[*complaint.State]
	Note, Agency, Due string
	Verdict           string
	Errors            apperr.Fields
	Msg               string
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, "", complaint.Action{}, nil, nil)
}

// page renders complaint {id}; a refused act comes back with its input and
// error, a revealed contact with the contact.
func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, failed string, in complaint.Action, ferr error, contact *complaint.Contact) {
	ctx, p := r.Context(), auth.From(r.Context())
	c, err := h.svc.Get(ctx, p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &showData{C: c, Contact: contact, CanReveal: c.HasContact() && auth.CanSeeComplaintContact(p, c.Scope())}
	for _, a := range complaint.Offered(p, c) {
		f := actForm{Act: a}
		if a.Type == failed {
			e := apperr.As(ferr)
			f.Note, f.Agency, f.Due, f.Errors, f.Msg = in.Note, in.AgencyCode, in.Due, e.Fields, e.Message
			f.Verdict = in.Verdict
		}
		if a.Type == "forward" && d.Agencies == nil {
			if d.Agencies, err = complaint.Agencies(ctx, h.DB.R, c.RegionCode); err != nil {
				h.UIError(w, r, err)
				return
			}
		}
		d.Acts = append(d.Acts, f)
	}
	if len(d.Acts) == 0 {
		d.Waits = waits(c)
	}
	d.Next = webkit.NextOf(complaint.Handling, &complaint.State{Status: c.Status}, p, func(a *flow.Act[*complaint.State]) string {
		switch {
		case slices.Contains(complaint.Offered(p, c), a):
			return ""
		case complaint.SideOf(a.Type) == complaint.SideAgency:
			return "由承办的行政执法机关（" + c.ForwardedName + "）办理"
		}
		return "由受理本件投诉的行政执法监督机构办理"
	})
	if d.Verdict, err = complaint.VerdictOf(ctx, h.DB.R, c.ID); err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Verdicts = complaint.Verdicts
	if failed != "" && ferr != nil && !offered(d.Acts, failed) {
		d.Waits = apperr.As(ferr).Message
	}
	if auth.IsComplaintSupervision(p, c.Scope()) {
		d.Supervision = supervisionweb.Panel(ctx, h.DB, p, supervisionweb.From{Region: c.RegionCode, Agency: c.AgencyCode,
			Source: "complaint", Ref: c.TrackingCode, Summary: complaint.CategoryLabel(c.Category) + "：" + c.Description})
	}
	h.Render(w, r, status, "complaint", &webkit.View{Title: "投诉 " + c.TrackingCode, Active: "complaints", Data: d})
}

func offered(acts []actForm, t string) bool {
	for _, a := range acts {
		if a.Type == t {
			return true
		}
	}
	return false
}

// waits says who acts next on c, from the definition.
func waits(c *complaint.Complaint) string {
	for _, a := range complaint.Handling.Available(&complaint.State{Status: c.Status}) {
		if a.Type == "note" || a.Type == "revisit" {
			continue
		}
		if complaint.SideOf(a.Type) == complaint.SideAgency {
			return "等待" + c.ForwardedName + "调查回复。"
		}
		return "等待监督机构" + a.Label + "。"
	}
	return ""
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	in := complaint.Action{Action: r.PathValue("type"), Note: r.PostFormValue("note"), AgencyCode: r.PostFormValue("agency_code"),
		Due: r.PostFormValue("due"), Verdict: r.PostFormValue("verdict")}
	c, err := h.svc.Act(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		switch apperr.As(err).Code {
		case apperr.Invalid, apperr.Conflict, apperr.Forbidden:
			h.page(w, r, webkit.HTTPStatus(apperr.As(err).Code), in.Action, in, err, nil)
		default:
			h.UIError(w, r, err)
		}
		return
	}
	h.Flash(r, "已办理“"+complaint.ActionLabel(in.Action)+"”，投诉现为“"+complaint.StatusLabel(c.Status)+"”。")
	http.Redirect(w, r, fmt.Sprintf("/complaints/%d", c.ID), http.StatusSeeOther)
}

// contact reveals the complainant's contact on the page (audited, POST so
// that a prefetch or a link never reads it).
func (h *Handler) contact(w http.ResponseWriter, r *http.Request) {
	ct, err := h.svc.Contact(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if ct == nil {
		ct = &complaint.Contact{}
	}
	w.Header().Set("Cache-Control", "no-store")
	h.page(w, r, http.StatusOK, "", complaint.Action{}, nil, ct)
}

// photo serves one photo of a complaint to who may see the complaint.
func (h *Handler) photo(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.svc.Get(ctx, auth.From(ctx), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.servePhoto(w, r, c.Photos, c.ReceivedAtTime())
}

// servePhoto serves the photo of list named by the path's hash (stored
// by content hash: media.Open), sandboxed and private; any other hash is
// not found.
func (h *Handler) servePhoto(w http.ResponseWriter, r *http.Request, list []complaint.Photo, modified time.Time) {
	hash := r.PathValue("hash")
	for _, ph := range list {
		if ph.Hash != hash {
			continue
		}
		rd, err := media.Open(r.Context(), h.DB.R, hash)
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", ph.Mime)
		w.Header().Set("Content-Security-Policy", "sandbox")
		w.Header().Set("Cache-Control", "private, max-age=86400")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		http.ServeContent(w, r, "", modified, rd)
		return
	}
	h.UIError(w, r, apperr.NotFoundf("照片"))
}

// setting saves the deadlines and intake limit of a region.
func (h *Handler) setting(w http.ResponseWriter, r *http.Request) {
	atoi := func(k string) int { return webkit.Atoi(r.PostFormValue(k)) }
	st := complaint.Settings{AcceptWorkdays: atoi("accept_workdays"), AnswerDays: atoi("answer_days"),
		ForwardWorkdays: atoi("forward_workdays"), HourlyLimit: atoi("hourly_limit")}
	if err := h.svc.PutSettings(r.Context(), auth.From(r.Context()), r.PostFormValue("region"), st); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已保存投诉办理期限。")
	http.Redirect(w, r, "/complaints", http.StatusSeeOther)
}
