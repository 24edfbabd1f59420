package warningweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/warning"
	"zfjd/internal/web/webkit"
)

func (h *Handler) apiID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.APIError(w, r, apperr.NotFoundf("预警"))
		return 0, false
	}
	return id, true
}

// GET /api/v1/warnings/{id}: the warning with its history (spec §1).
func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request) {
	id, ok := h.apiID(w, r)
	if !ok {
		return
	}
	x, err := h.svc.Get(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, x)
}

type actBody struct {
	Action string `json:"action"`
	Note   string `json:"note"`
}

// POST /api/v1/warnings/{id}/actions with {action, note}.
func (h *Handler) apiAct(w http.ResponseWriter, r *http.Request) {
	id, ok := h.apiID(w, r)
	if !ok {
		return
	}
	var b actBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	bad := apperr.Fields{}
	webkit.Required(bad, "action", b.Action)
	if err := bad.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	x, err := h.svc.Act(r.Context(), auth.From(r.Context()), id, b.Action, b.Note)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, x)
}

type batchBody struct {
	Action string  `json:"action"`
	IDs    []int64 `json:"ids"`
	Note   string  `json:"note"`
}

type batchItem struct {
	ID    int64         `json:"id"`
	OK    bool          `json:"ok"`
	Stage string        `json:"stage,omitempty"`
	Error *batchItemErr `json:"error,omitempty"`
}

type batchItemErr struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

// POST /api/v1/warnings/actions with {action: sign|verify, ids, note}:
// each warning on its own, each answered.
func (h *Handler) apiBatch(w http.ResponseWriter, r *http.Request) {
	var b batchBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	res, err := h.svc.Batch(r.Context(), auth.From(r.Context()), b.IDs, b.Action, b.Note)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	out := struct {
		Results []batchItem `json:"results"`
	}{Results: []batchItem{}}
	for _, x := range res {
		it := batchItem{ID: x.ID, OK: x.OK, Stage: x.Stage}
		if x.Error != nil {
			f := x.Error.Fields
			if f == nil {
				f = map[string]string{}
			}
			it.Error = &batchItemErr{x.Error.Code, x.Error.Message, f}
		}
		out.Results = append(out.Results, it)
	}
	webkit.WriteJSON(w, http.StatusOK, out)
}

var _ = warning.MaxBatch
