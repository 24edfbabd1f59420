package supervisionweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

func (h *Handler) apiID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id := pathID(r, "id")
	if id <= 0 {
		h.APIError(w, r, apperr.NotFoundf("监督案件"))
		return 0, false
	}
	return id, true
}

// GET /api/v1/supervision-cases: the cases in the caller's scope (filters
// status, region_code, agency_code, source), paginated.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := supervision.Filter{Status: q.Get("status"), RegionCode: webkit.RegionParam(r), AgencyCode: q.Get("agency_code"),
		Source: q.Get("source"), Board: q.Get("board") == "true" || q.Get("board") == "1"}
	pg := webkit.APIPage(r)
	list, err := h.svc.List(r.Context(), auth.From(r.Context()), f, &pg)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	items := make([]listed, 0, len(list))
	for _, c := range list {
		items = append(items, listed{c.ID, c.Status, c.RegionCode, c.AgencyCode, c.AgencyName, c.Source, c.SourceRef, c.Summary,
			c.Listed, c.Escalated, c.OpenedOn, c.Deadlines})
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(items, pg))
}

// listed is a case as a list shows it (GET answers the whole case).
type listed struct {
	ID         int64             `json:"id"`
	Status     string            `json:"status"`
	RegionCode string            `json:"region_code"`
	AgencyCode string            `json:"agency_code"`
	AgencyName string            `json:"agency_name"`
	Source     string            `json:"source"`
	SourceRef  string            `json:"source_ref"`
	Summary    string            `json:"summary"`
	Listed     bool              `json:"listed"`
	Escalated  bool              `json:"escalated"`
	OpenedOn   string            `json:"opened_on"`
	Deadlines  map[string]string `json:"deadlines"`
}

// POST /api/v1/supervision-cases (supervision) answers 201 {id, status}.
func (h *Handler) apiCreate(w http.ResponseWriter, r *http.Request) {
	var in supervision.Opening
	if err := webkit.Decode(r, &in); err != nil {
		h.APIError(w, r, err)
		return
	}
	c, err := h.svc.Open(r.Context(), auth.From(r.Context()), in)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusCreated, struct {
		ID     int64  `json:"id"`
		Status string `json:"status"`
	}{c.ID, c.Status})
}

// GET /api/v1/supervision-cases/{id}: status, deadlines, warnings, acts
// and the documents as printable pages.
func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request) {
	id, ok := h.apiID(w, r)
	if !ok {
		return
	}
	c, err := h.svc.Get(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}

// POST /api/v1/supervision-cases/{id}/actions with {action, at, ...}.
func (h *Handler) apiAct(w http.ResponseWriter, r *http.Request) {
	id, ok := h.apiID(w, r)
	if !ok {
		return
	}
	var in supervision.ActInput
	if err := webkit.Decode(r, &in); err != nil {
		h.APIError(w, r, err)
		return
	}
	bad := apperr.Fields{}
	webkit.Required(bad, "action", in.Action, "at", in.At)
	if err := bad.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	c, err := h.svc.Act(r.Context(), auth.From(r.Context()), id, in)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}
