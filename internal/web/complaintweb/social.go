package complaintweb

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	qrcode "github.com/skip2/go-qrcode"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// The 社会监督员 pages: appointments (supervision), a supervisor's
// certificate page with its records, the clue form and the 旁站式监督
// records (the social supervisor's own; supervision reviews them).

type socialList struct {
	Rows    []*complaint.Supervisor
	CanAdd  bool
	Form    complaint.Appointment
	Errors  apperr.Fields
	Message string
}

func isSupervisionRole(p *auth.Principal) bool {
	return p != nil && (p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin) && p.Agency == ""
}

func (h *Handler) socialList(w http.ResponseWriter, r *http.Request) {
	h.renderSocialList(w, r, http.StatusOK, complaint.Appointment{Region: auth.From(r.Context()).Region}, nil)
}

func (h *Handler) renderSocialList(w http.ResponseWriter, r *http.Request, status int, f complaint.Appointment, ferr error) {
	p := auth.From(r.Context())
	rows, err := h.svc.Supervisors(r.Context(), p)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &socialList{Rows: rows, CanAdd: isSupervisionRole(p), Form: f}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "social_list", &webkit.View{Title: "社会监督员", Active: "social", Data: d})
}

func (h *Handler) appoint(w http.ResponseWriter, r *http.Request) {
	f := complaint.Appointment{Username: r.PostFormValue("username"), Name: r.PostFormValue("name"), Region: r.PostFormValue("region"),
		Field: r.PostFormValue("field"), TermFrom: r.PostFormValue("term_from"), TermTo: r.PostFormValue("term_to")}
	x, err := h.svc.Appoint(r.Context(), auth.From(r.Context()), f)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderSocialList(w, r, status, f, err) })
		return
	}
	h.Flash(r, "已聘任社会监督员"+x.Name+"，聘任证号 "+x.CertNo+"。")
	http.Redirect(w, r, fmt.Sprintf("/social-supervisors/%d", x.ID), http.StatusSeeOther)
}

type socialPage struct {
	X         *complaint.Supervisor
	Manage    bool
	QR        template.URL
	VerifyURL string
	Message   string
	Errors    apperr.Fields
}

func (h *Handler) socialShow(w http.ResponseWriter, r *http.Request) {
	h.renderSocial(w, r, http.StatusOK, nil)
}

func (h *Handler) renderSocial(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	p := auth.From(r.Context())
	x, err := h.svc.Supervisor(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &socialPage{X: x, Manage: auth.IsSupervisionOf(p, auth.Target{Region: x.RegionCode})}
	// The certificate's QR opens its public verification, as an officer's does.
	d.VerifyURL = h.Opts.BaseURL + "/social/verify/" + h.verifier.Token(x.CertNo)
	if png, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 256); err == nil {
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "social", &webkit.View{Title: "社会监督员 " + x.Name, Active: "social", Data: d})
}

func (h *Handler) socialRecord(w http.ResponseWriter, r *http.Request) {
	hours, _ := strconv.Atoi(r.PostFormValue("hours"))
	rec := complaint.Record{Kind: r.PostFormValue("kind"), On: r.PostFormValue("on"), Title: r.PostFormValue("title"),
		Grade: r.PostFormValue("grade"), Hours: hours}
	if err := h.svc.AddRecord(r.Context(), auth.From(r.Context()), pathID(r), rec); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderSocial(w, r, status, err) })
		return
	}
	h.Flash(r, "已记录"+registry.LabelOf(complaint.RecordKinds, rec.Kind)+"。")
	http.Redirect(w, r, fmt.Sprintf("/social-supervisors/%d", pathID(r)), http.StatusSeeOther)
}

func (h *Handler) socialExit(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Exit(r.Context(), auth.From(r.Context()), pathID(r), r.PostFormValue("exit_on"), r.PostFormValue("exit_reason")); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderSocial(w, r, status, err) })
		return
	}
	h.Flash(r, "社会监督员已退出。")
	http.Redirect(w, r, fmt.Sprintf("/social-supervisors/%d", pathID(r)), http.StatusSeeOther)
}

type clueForm struct {
	Agencies []registry.Option
	F        formValues
	Errors   apperr.Fields
	Message  string
}

func (h *Handler) clueNew(w http.ResponseWriter, r *http.Request) {
	h.renderClue(w, r, http.StatusOK, formValues{}, nil)
}

func (h *Handler) renderClue(w http.ResponseWriter, r *http.Request, status int, v formValues, ferr error) {
	p := auth.From(r.Context())
	if p.Role != auth.RoleSocial {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "线索直通供社会监督员使用；公众请使用“我要投诉”"))
		return
	}
	ags, err := complaint.Agencies(r.Context(), h.DB.R, p.Region)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &clueForm{Agencies: ags, F: v}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "clue_new", &webkit.View{Title: "线索直通", Active: "complaints", Data: d})
}

func (h *Handler) clue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := formValues{Category: r.PostFormValue("category"), Agency: r.PostFormValue("agency_code"), Place: r.PostFormValue("place"),
		HappenedOn: r.PostFormValue("happened_on"), Description: r.PostFormValue("description")}
	about, err := complaint.Lookup(ctx, h.DB.R, v.Agency, "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	yes := true
	f := &complaint.Filing{Category: v.Category, RegionCode: about.RegionCode, AgencyCode: about.AgencyCode, Place: v.Place,
		HappenedOn: v.HappenedOn, Description: v.Description, Anonymous: &yes}
	if about.AgencyCode == "" {
		f.RegionCode = auth.From(ctx).Region
	}
	rc, err := h.svc.Clue(ctx, auth.From(ctx), f, nil)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderClue(w, r, status, v, err) })
		return
	}
	h.Flash(r, "线索已直送执法监督机构，跟踪码 "+rc.TrackingCode+"。")
	http.Redirect(w, r, fmt.Sprintf("/complaints/%d", rc.ID), http.StatusSeeOther)
}

// socialVerify is the public page the 聘任证's QR opens.
func (h *Handler) socialVerify(w http.ResponseWriter, r *http.Request) {
	c, err := h.verifier.Verify(r.Context(), h.DB.R, r.PathValue("token"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	status := http.StatusOK
	if !c.Valid {
		status = http.StatusNotFound
	}
	w.Header().Set("Cache-Control", "no-store")
	h.Render(w, r, status, "social_verify", &webkit.View{Title: "社会监督员聘任证核验", Public: true, Data: c})
}
