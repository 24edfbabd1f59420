package publicweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/stats"
	"zfjd/internal/web/webkit"
)

// publicStats is the portal's live statistics: a year's penalty decisions
// and amounts by region (drilled down to the county) and, inside a
// county, by agency, beside the year before (stats.Public).
func (h *Handler) publicStats(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, err := stats.Public(r.Context(), h.ReadDB(), q.Get("region"), q.Get("year"))
	if err != nil {
		if e := apperr.As(err); e.Code == apperr.Invalid {
			h.Render(w, r, http.StatusBadRequest, "public_statistics", &webkit.View{Title: "行政执法统计", Public: true,
				Message: e.Message, Errors: e.Fields, Data: v})
			return
		}
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_statistics", &webkit.View{Title: "行政执法统计", Public: true, Data: v})
}
