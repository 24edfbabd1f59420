package registryweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

type officerListData struct {
	Officers []*registry.Officer
	Filter   *registry.OfficerFilter
	Agencies []*registry.Agency
	Cards    map[string]cardView // 红黄牌 by certificate number (cards.go)
}

func (h *Handler) officerList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := officerFilterOf(r.URL.Query())
	list, err := registry.ListOfficers(ctx, h.DB, p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	ags, err := registry.AgencyChoices(ctx, h.DB, p)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "officers", &webkit.View{Title: "执法人员与证件", Active: "officers", Data: officerListData{list, f, ags, h.officerCards(r, list)}})
}

type officerShowData struct {
	Officer   *registry.Officer
	VerifyURL string
	CanChange bool
	ThisYear  int
	Card      *cardView // 红黄牌 (cards.go)
	// Proposals are the supervision bodies' proposals on the officer
	// (行政执法监督条例 Art. 32).
	Proposals []supervision.OfficerProposal
	// OfficerCards are his 红黄牌 records (officer_cards.go).
	OfficerCards *officerCardsView
}

// verifyURL is the public address a certificate's QR code opens. It is
// built from the configured base URL only (--base-url, which zfjd serve
// requires and zfjd demo derives from its address), never from the
// request's Host header, which the client chooses: a forged Host must not
// put another site's address into a certificate's QR code. Without a base
// URL (a server built without one) the link is relative to the site.
func (h *Handler) verifyURL(_ *http.Request, o *registry.Officer) string {
	return h.Opts.BaseURL + "/verify/" + h.verifier.Token(o.VerifyID)
}

func (h *Handler) officerShow(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	o, err := registry.GetOfficer(r.Context(), h.DB, p, r.PathValue("cert"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := officerShowData{Officer: o, VerifyURL: h.verifyURL(r, o), CanChange: auth.CanChange(p, auth.KindOfficer, o.Target()),
		ThisYear: clock.Today(r.Context()).Y, Card: h.officerCard(r, o)}
	if d.OfficerCards, err = h.officerCardsOf(r, o); err != nil {
		h.UIError(w, r, err)
		return
	}
	if d.Proposals, err = supervision.ProposalsOn(r.Context(), h.DB.R, o.CertNo); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "officer", &webkit.View{Title: o.Name + "（" + o.CertNo + "）", Active: "officers", Data: d})
}

func (h *Handler) officerQR(w http.ResponseWriter, r *http.Request) {
	o, err := registry.GetOfficer(r.Context(), h.DB, auth.From(r.Context()), r.PathValue("cert"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	png, err := qrcode.Encode(h.verifyURL(r, o), qrcode.Medium, 320)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	if r.URL.Query().Get("download") != "" {
		webkit.Attachment(w, o.CertNo+".png", o.Name+"执法证二维码"+o.CertNo+".png")
	}
	w.Write(png)
}

type officerFormData struct {
	Officer  *registry.Officer
	New      bool
	Agencies []*registry.Agency
	Domains  []string
}

func officerFromForm(f url.Values, o *registry.Officer) {
	o.Name, o.IDNumber, o.AgencyCode, o.Domain = f.Get("name"), f.Get("id_number"), f.Get("agency_code"), f.Get("domain")
	o.CertValidFrom, o.CertValidTo = strings.TrimSpace(f.Get("cert_valid_from")), strings.TrimSpace(f.Get("cert_valid_to"))
	o.ExamDate, o.OathDate = strings.TrimSpace(f.Get("exam_date")), strings.TrimSpace(f.Get("oath_date"))
	o.ExamScore = nil
	if v := strings.TrimSpace(f.Get("exam_score")); v != "" {
		n := webkit.Atoi(v)
		if v != "0" && n == 0 {
			n = -1 // not a number: let validation report it
		}
		o.ExamScore = &n
	}
	o.Qualifications = f["qualifications"]
}

func (h *Handler) officerForm(w http.ResponseWriter, r *http.Request, status int, d officerFormData, err error) {
	ags, aerr := registry.AgencyChoices(r.Context(), h.DB, auth.From(r.Context()))
	if aerr != nil {
		h.UIError(w, r, aerr)
		return
	}
	for _, a := range ags {
		if a.Kind == "enforcement" {
			d.Agencies = append(d.Agencies, a)
		}
	}
	d.Domains = registry.Domains
	v := &webkit.View{Title: "新增执法人员", Active: "officers", Data: d}
	if !d.New {
		v.Title = "修改：" + d.Officer.Name
	}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "officer_form", v)
}

func (h *Handler) officerNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindOfficer) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能新增执法人员"))
		return
	}
	h.officerForm(w, r, http.StatusOK, officerFormData{Officer: &registry.Officer{AgencyCode: p.Agency}, New: true}, nil)
}

func (h *Handler) officerCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o := &registry.Officer{CertNo: strings.TrimSpace(r.PostForm.Get("cert_no"))}
	officerFromForm(r.PostForm, o)
	exists, err := registry.Exists(r.Context(), h.DB, "officer", o.CertNo)
	if err == nil && exists {
		err = &apperr.Error{Code: apperr.Conflict, Message: "该执法证号已登记", Fields: apperr.Fields{"cert_no": "该执法证号已登记"}}
	}
	if err == nil {
		_, err = registry.PutOfficer(r.Context(), h.DB, auth.From(r.Context()), o)
	}
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.officerForm(w, r, status, officerFormData{Officer: o, New: true}, err) })
		return
	}
	h.Flash(r, "已新增执法人员："+o.Name)
	http.Redirect(w, r, "/officers/"+url.PathEscape(o.CertNo), http.StatusSeeOther)
}

func (h *Handler) officerEdit(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	o, err := registry.GetOfficer(r.Context(), h.DB, p, r.PathValue("cert"))
	if err == nil && !auth.CanChange(p, auth.KindOfficer, o.Target()) {
		err = apperr.New(apperr.Forbidden, "您无权修改该执法人员")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.officerForm(w, r, http.StatusOK, officerFormData{Officer: o}, nil)
}

func (h *Handler) officerUpdate(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	o, err := registry.GetOfficer(r.Context(), h.DB, p, r.PathValue("cert"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	r.ParseForm()
	officerFromForm(r.PostForm, o) // certificate status changes go through officerStatus
	if _, err := registry.PutOfficer(r.Context(), h.DB, p, o); err != nil {
		h.FormError(w, r, err, func(status int) { h.officerForm(w, r, status, officerFormData{Officer: o}, err) })
		return
	}
	h.Flash(r, "已保存："+o.Name)
	http.Redirect(w, r, "/officers/"+url.PathEscape(o.CertNo), http.StatusSeeOther)
}

func (h *Handler) officerStatus(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	cert := r.PathValue("cert")
	status := r.PostForm.Get("cert_status")
	if err := registry.SetCertStatus(r.Context(), h.DB, auth.From(r.Context()), cert, status, r.PostForm.Get("reason")); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			h.Flash(r, "未变更："+apperr.As(err).Message)
			http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
			return
		}
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "执法证状态已变更为："+registry.LabelOf(registry.CertStatus, status))
	http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
}

func (h *Handler) officerYear(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	cert := r.PathValue("cert")
	y := registry.OfficerYear{Year: webkit.Atoi(r.PostForm.Get("year")), TrainingHours: webkit.Atoi(r.PostForm.Get("training_hours")),
		ReviewResult: r.PostForm.Get("review_result")}
	if err := registry.PutOfficerYear(r.Context(), h.DB, auth.From(r.Context()), cert, y); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			msg := apperr.As(err).Message
			for _, m := range apperr.As(err).Fields {
				msg = m
			}
			h.Flash(r, "未保存："+msg)
			http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
			return
		}
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已记录"+strconv.Itoa(y.Year)+"年度培训与年审")
	http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
}
