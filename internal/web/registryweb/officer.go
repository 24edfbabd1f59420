package web

import (
	"net/http"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

type officerListData struct {
	Officers []*registry.Officer
	Filter   *registry.OfficerFilter
	Agencies []*registry.Agency
}

func (s *Server) officerList(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), auth.From(r.Context()), r.URL.Query()
	f := &registry.OfficerFilter{Q: strings.TrimSpace(q.Get("q")), Agency: q.Get("agency"), Domain: q.Get("domain"), State: q.Get("state"),
		Qualification: q.Get("qualification"), Region: q.Get("region"), Sort: q.Get("sort"), Page: pageOf(q)}
	list, err := registry.ListOfficers(ctx, s.db, p, f)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	ags, err := registry.AgencyChoices(ctx, s.db, p)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "officers", &view{Title: "执法人员与证件", Active: "officers", Data: officerListData{list, f, ags}})
}

type officerShowData struct {
	Officer   *registry.Officer
	VerifyURL string
	CanChange bool
	ThisYear  int
}

// verifyURL is the public address a certificate's QR code opens.
func (s *Server) verifyURL(r *http.Request, o *registry.Officer) string {
	base := s.opts.BaseURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/verify/" + s.verifier.Token(o.VerifyID)
}

func (s *Server) officerShow(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	o, err := registry.GetOfficer(r.Context(), s.db, p, r.PathValue("cert"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	d := officerShowData{Officer: o, VerifyURL: s.verifyURL(r, o), CanChange: auth.CanChange(p, auth.KindOfficer, o.Target()),
		ThisYear: thisYear(r.Context())}
	s.render(w, r, http.StatusOK, "officer", &view{Title: o.Name + "（" + o.CertNo + "）", Active: "officers", Data: d})
}

func (s *Server) officerQR(w http.ResponseWriter, r *http.Request) {
	o, err := registry.GetOfficer(r.Context(), s.db, auth.From(r.Context()), r.PathValue("cert"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	png, err := qrcode.Encode(s.verifyURL(r, o), qrcode.Medium, 320)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", `attachment; filename="`+o.CertNo+`.png"`)
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
		n := atoi(v)
		if v != "0" && n == 0 {
			n = -1 // not a number: let validation report it
		}
		o.ExamScore = &n
	}
	o.Qualifications = f["qualifications"]
}

func (s *Server) officerForm(w http.ResponseWriter, r *http.Request, status int, d officerFormData, err error) {
	ags, aerr := registry.AgencyChoices(r.Context(), s.db, auth.From(r.Context()))
	if aerr != nil {
		s.uiError(w, r, aerr)
		return
	}
	for _, a := range ags {
		if a.Kind == "enforcement" {
			d.Agencies = append(d.Agencies, a)
		}
	}
	d.Domains = registry.Domains
	v := &view{Title: "新增执法人员", Active: "officers", Data: d}
	if !d.New {
		v.Title = "修改：" + d.Officer.Name
	}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	s.render(w, r, status, "officer_form", v)
}

func (s *Server) officerNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindOfficer) {
		s.uiError(w, r, apperr.New(apperr.Forbidden, "您的角色不能新增执法人员"))
		return
	}
	s.officerForm(w, r, http.StatusOK, officerFormData{Officer: &registry.Officer{AgencyCode: p.Agency}, New: true}, nil)
}

func (s *Server) officerCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	o := &registry.Officer{CertNo: strings.TrimSpace(r.PostForm.Get("cert_no"))}
	officerFromForm(r.PostForm, o)
	exists, err := registry.Exists(r.Context(), s.db, "officer", o.CertNo)
	if err == nil && exists {
		err = &apperr.Error{Code: apperr.Conflict, Message: "该执法证号已登记", Fields: apperr.Fields{"cert_no": "该执法证号已登记"}}
	}
	if err == nil {
		_, err = registry.PutOfficer(r.Context(), s.db, auth.From(r.Context()), o)
	}
	if err != nil {
		s.formError(w, r, err, func(status int) { s.officerForm(w, r, status, officerFormData{Officer: o, New: true}, err) })
		return
	}
	s.flash(r, "已新增执法人员："+o.Name)
	http.Redirect(w, r, "/officers/"+url.PathEscape(o.CertNo), http.StatusSeeOther)
}

func (s *Server) officerEdit(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	o, err := registry.GetOfficer(r.Context(), s.db, p, r.PathValue("cert"))
	if err == nil && !auth.CanChange(p, auth.KindOfficer, o.Target()) {
		err = apperr.New(apperr.Forbidden, "您无权修改该执法人员")
	}
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.officerForm(w, r, http.StatusOK, officerFormData{Officer: o}, nil)
}

func (s *Server) officerUpdate(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	o, err := registry.GetOfficer(r.Context(), s.db, p, r.PathValue("cert"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	r.ParseForm()
	officerFromForm(r.PostForm, o) // certificate status changes go through officerStatus
	if _, err := registry.PutOfficer(r.Context(), s.db, p, o); err != nil {
		s.formError(w, r, err, func(status int) { s.officerForm(w, r, status, officerFormData{Officer: o}, err) })
		return
	}
	s.flash(r, "已保存："+o.Name)
	http.Redirect(w, r, "/officers/"+url.PathEscape(o.CertNo), http.StatusSeeOther)
}

func (s *Server) officerStatus(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	cert := r.PathValue("cert")
	status := r.PostForm.Get("cert_status")
	if err := registry.SetCertStatus(r.Context(), s.db, auth.From(r.Context()), cert, status, r.PostForm.Get("reason")); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			s.flash(r, "未变更："+apperr.As(err).Message)
			http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
			return
		}
		s.uiError(w, r, err)
		return
	}
	s.flash(r, "执法证状态已变更为："+registry.LabelOf(registry.CertStatus, status))
	http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
}

func (s *Server) officerYear(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	cert := r.PathValue("cert")
	y := registry.OfficerYear{Year: atoi(r.PostForm.Get("year")), TrainingHours: atoi(r.PostForm.Get("training_hours")),
		ReviewResult: r.PostForm.Get("review_result")}
	if err := registry.PutOfficerYear(r.Context(), s.db, auth.From(r.Context()), cert, y); err != nil {
		if apperr.Is(err, apperr.Invalid) {
			msg := apperr.As(err).Message
			for _, m := range apperr.As(err).Fields {
				msg = m
			}
			s.flash(r, "未保存："+msg)
			http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
			return
		}
		s.uiError(w, r, err)
		return
	}
	s.flash(r, "已记录"+itoa(y.Year)+"年度培训与年审")
	http.Redirect(w, r, "/officers/"+url.PathEscape(cert), http.StatusSeeOther)
}
