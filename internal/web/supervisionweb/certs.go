package supervisionweb

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	qrcode "github.com/skip2/go-qrcode"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

// The register of 行政执法监督证 (鲁条例 Art. 22): the supervision body's
// list with filters, pagination and xlsx export, the add form, a
// certificate's page (edit, 暂扣, 注销, its QR code) and the public
// verification page the QR opens.

type certsData struct {
	Rows   []*supervision.Cert
	Filter supervision.CertFilter
	Page   registry.Page
	Form   supervision.CertInput
	Errors apperr.Fields
	Msg    string
	Today  string
}

func certFilterOf(q url.Values) supervision.CertFilter {
	return supervision.CertFilter{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), RegionCode: strings.TrimSpace(q.Get("region"))}
}

func certInput(r *http.Request) supervision.CertInput {
	f := r.PostForm
	return supervision.CertInput{CertNo: f.Get("cert_no"), HolderName: f.Get("holder_name"), Username: f.Get("username"),
		RegionCode: f.Get("region_code"), ValidFrom: f.Get("valid_from"), ValidTo: f.Get("valid_to"), Status: f.Get("status"),
		Reason: f.Get("status_reason")}
}

func (h *Handler) certs(w http.ResponseWriter, r *http.Request) {
	h.renderCerts(w, r, http.StatusOK, supervision.CertInput{RegionCode: auth.From(r.Context()).Region}, nil)
}

func (h *Handler) renderCerts(w http.ResponseWriter, r *http.Request, status int, form supervision.CertInput, ferr error) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &certsData{Filter: certFilterOf(r.URL.Query()), Page: webkit.PageOf(r.URL.Query()), Form: form, Today: clock.TodayString(ctx)}
	rows, err := h.svc.Certs(ctx, p, d.Filter, &d.Page)
	if apperr.Is(err, apperr.Invalid) {
		d.Filter = supervision.CertFilter{}
		rows, err = h.svc.Certs(ctx, p, d.Filter, &d.Page)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = rows
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Msg = e.Fields, e.Message
	}
	h.Render(w, r, status, "certs", &webkit.View{Title: "行政执法监督证", Active: "supervision", Data: d})
}

func (h *Handler) addCert(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	in := certInput(r)
	c, err := h.svc.AddCert(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderCerts(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已登记"+c.HolderName+"的行政执法监督证 "+c.CertNo+"。")
	http.Redirect(w, r, fmt.Sprintf("/supervision-certs/%d", c.ID), http.StatusSeeOther)
}

func (h *Handler) exportCerts(w http.ResponseWriter, r *http.Request) {
	// Refused before the download starts (the register is supervision's).
	if _, err := h.svc.Certs(r.Context(), auth.From(r.Context()), certFilterOf(r.URL.Query()), &registry.Page{Size: 1}); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="supervision-certs.xlsx"; filename*=UTF-8''`+url.PathEscape("行政执法监督证.xlsx"))
	if err := h.svc.ExportCerts(r.Context(), auth.From(r.Context()), certFilterOf(r.URL.Query()), w); err != nil {
		h.Log.Error("supervision certs export", "err", err)
	}
}

type certData struct {
	C         *supervision.Cert
	Form      supervision.CertInput
	Errors    apperr.Fields
	Msg       string
	QR        template.URL
	VerifyURL string
	Today     string
}

func (h *Handler) cert(w http.ResponseWriter, r *http.Request) {
	h.renderCert(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderCert(w http.ResponseWriter, r *http.Request, status int, form *supervision.CertInput, ferr error) {
	ctx := r.Context()
	c, err := h.svc.Cert(ctx, auth.From(ctx), pathID(r, "id"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &certData{C: c, Today: clock.TodayString(ctx), Form: supervision.CertInput{HolderName: c.HolderName, Username: c.Username,
		ValidFrom: c.ValidFrom, ValidTo: c.ValidTo, Status: c.Status, Reason: c.StatusReason}}
	if form != nil {
		d.Form = *form
	}
	d.VerifyURL = h.Opts.BaseURL + "/supervision-certs/verify/" + h.verifier.Token(c.CertNo)
	if png, err := qrcode.Encode(d.VerifyURL, qrcode.Medium, 256); err == nil {
		d.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Msg = e.Fields, e.Message
	}
	h.Render(w, r, status, "cert", &webkit.View{Title: "行政执法监督证 " + c.CertNo, Active: "supervision", Data: d})
}

func (h *Handler) editCert(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	in := certInput(r)
	c, err := h.svc.EditCert(r.Context(), auth.From(r.Context()), pathID(r, "id"), in)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderCert(w, r, status, &in, err) })
		return
	}
	h.Flash(r, "已保存，证件状态："+c.StatusLabel(clock.TodayString(r.Context()))+"。")
	http.Redirect(w, r, fmt.Sprintf("/supervision-certs/%d", c.ID), http.StatusSeeOther)
}

func (h *Handler) revokeCert(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	c, err := h.svc.RevokeCert(r.Context(), auth.From(r.Context()), pathID(r, "id"), r.PostFormValue("status_reason"))
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderCert(w, r, status, nil, err) })
		return
	}
	h.Flash(r, "行政执法监督证 "+c.CertNo+" 已注销。")
	http.Redirect(w, r, fmt.Sprintf("/supervision-certs/%d", c.ID), http.StatusSeeOther)
}

// certVerify is the public page the certificate's QR opens.
func (h *Handler) certVerify(w http.ResponseWriter, r *http.Request) {
	v, err := h.verifier.Verify(r.Context(), h.DB.R, r.PathValue("token"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	status := http.StatusOK
	if v.Cert == nil {
		status = http.StatusNotFound
	}
	w.Header().Set("Cache-Control", "no-store") // a 注销 must show at once
	w.Header().Set("X-Robots-Tag", "noindex")
	h.Render(w, r, status, "cert_verify", &webkit.View{Title: "行政执法监督证核验", Public: true, Data: v})
}
