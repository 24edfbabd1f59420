package complaintweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/web/webkit"
)

// The statistics page of complaints (by category, by the agency complained
// about, by officer) for the period chosen, scoped to the viewer, with its
// xlsx export; its cards and overdue columns lead to the 红黄牌 and the
// warnings they feed.

func statsFilter(r *http.Request) complaint.StatsFilter {
	q := r.URL.Query()
	return complaint.StatsFilter{From: q.Get("from"), To: q.Get("to"), Region: q.Get("region")}
}

type statsPage struct {
	S      *complaint.Stats
	Head   []string
	Errors apperr.Fields
	Query  map[string][]string
}

func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	d := &statsPage{Head: complaint.StatsHead, Query: r.URL.Query()}
	st, err := h.svc.Stats(ctx, h.ReadDB(), p, statsFilter(r))
	if apperr.Is(err, apperr.Invalid) {
		d.Errors = apperr.As(err).Fields
		st, err = h.svc.Stats(ctx, h.ReadDB(), p, complaint.StatsFilter{})
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.S = st
	status := http.StatusOK
	if d.Errors != nil {
		status = http.StatusBadRequest
	}
	h.Render(w, r, status, "complaint_stats", &webkit.View{Title: "投诉举报统计", Active: "complaints", Data: d})
}

func (h *Handler) statsExport(w http.ResponseWriter, r *http.Request) {
	f := statsFilter(r)
	if _, err := h.svc.Stats(r.Context(), h.ReadDB(), auth.From(r.Context()), f); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="complaint-stats.xlsx"; filename*=UTF-8''%E6%8A%95%E8%AF%89%E7%BB%9F%E8%AE%A1.xlsx`)
	if err := h.svc.ExportStats(r.Context(), h.ReadDB(), auth.From(r.Context()), f, w); err != nil {
		h.Log.Error("complaint stats export", "err", err)
	}
}
