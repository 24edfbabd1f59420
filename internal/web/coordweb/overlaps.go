package coordweb

import (
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/coordination"
	"zfjd/internal/web/webkit"
)

type overlapData struct {
	Rows   []*coordination.Overlap
	Filter coordination.OverlapFilter
	Errors apperr.Fields
}

func (h *Handler) overlaps(w http.ResponseWriter, r *http.Request) {
	ctx, p, q := r.Context(), auth.From(r.Context()), r.URL.Query()
	n, _ := strconv.Atoi(q.Get("min_agencies"))
	d := &overlapData{Filter: coordination.OverlapFilter{Region: strings.TrimSpace(q.Get("region")), From: q.Get("from"),
		To: q.Get("to"), MinAgencies: n}}
	list, err := coordination.Overlaps(ctx, h.DB, p, &d.Filter)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors = apperr.As(err).Fields
		d.Filter = coordination.OverlapFilter{}
		list, err = coordination.Overlaps(ctx, h.DB, p, &d.Filter)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, http.StatusOK, "overlaps", &webkit.View{Title: "重复执法发现", Active: "coordination", Data: d})
}

func (h *Handler) board(w http.ResponseWriter, r *http.Request) {
	b, err := coordination.GetBoard(r.Context(), h.DB, auth.From(r.Context()), strings.TrimSpace(r.URL.Query().Get("region")))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Refresh", "60") // the board refreshes itself, without script
	h.Render(w, r, http.StatusOK, "board", &webkit.View{Title: "指挥看板", Active: "coordination", Data: b})
}

func caseStatus(s string) string {
	if l, ok := cases.StatusLabels[s]; ok {
		return l
	}
	return s
}
