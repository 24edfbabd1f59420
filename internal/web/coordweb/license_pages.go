package coordweb

import (
	"fmt"
	"net/http"
	"net/url"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/license"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// The licences pages (审批监管处罚衔接): the licence decisions the licensing
// agencies' systems reported, for the agencies (their own as licensing or
// supervising agency) and the supervision bodies (their region), scoped by
// package license through internal/auth; each licence's steps and the
// notices sent for it both ways.

type licenseListData struct {
	Rows     []*license.License
	Filter   license.Filter
	Page     registry.Page
	Agencies []*registry.Agency
	Errors   apperr.Fields
}

func licenseFilterOf(q url.Values) license.Filter {
	return license.Filter{Region: q.Get("region"), Agency: q.Get("agency"), Status: q.Get("status"), From: q.Get("from"),
		To: q.Get("to"), Holder: q.Get("holder"), Page: webkit.PageOf(q)}
}

func (h *Handler) licenseList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &licenseListData{Filter: licenseFilterOf(r.URL.Query())}
	list, err := h.lic.List(ctx, p, &d.Filter)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors = apperr.As(err).Fields
		d.Filter = license.Filter{Page: d.Filter.Page}
		list, err = h.lic.List(ctx, p, &d.Filter)
	}
	if err == nil {
		d.Agencies, err = h.agencies(r, "")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows, d.Page = list, d.Filter.Page
	h.Render(w, r, http.StatusOK, "licenses", &webkit.View{Title: "行政许可", Active: "coordination", Data: d})
}

func (h *Handler) licenseExport(w http.ResponseWriter, r *http.Request) {
	f := licenseFilterOf(r.URL.Query())
	var buf writeBuffer
	if err := h.lic.Export(r.Context(), auth.From(r.Context()), f, &buf); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="licenses.xlsx"; filename*=UTF-8''%E8%A1%8C%E6%94%BF%E8%AE%B8%E5%8F%AF.xlsx`)
	_, _ = w.Write(buf.b)
}

// writeBuffer holds an export until it is whole, so a refused filter is
// an error page rather than half a file.
type writeBuffer struct{ b []byte }

func (w *writeBuffer) Write(p []byte) (int, error) { w.b = append(w.b, p...); return len(p), nil }

type licenseData struct {
	L       *license.License
	Notices []license.NoticeRow
	// Supervisor is the supervising agency's name ("" = the licensing
	// agency itself).
	Supervisor string
}

func (h *Handler) licenseShow(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	l, err := h.lic.ByID(ctx, p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &licenseData{L: l}
	if d.Notices, err = h.lic.Notices(ctx, l); err != nil {
		h.UIError(w, r, err)
		return
	}
	if l.SupervisorCode != "" {
		d.Supervisor = l.SupervisorCode
		_ = h.DB.R.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, l.SupervisorCode).Scan(&d.Supervisor)
	}
	h.Render(w, r, http.StatusOK, "license", &webkit.View{Title: fmt.Sprintf("行政许可 %d", l.ID), Active: "coordination", Data: d})
}
