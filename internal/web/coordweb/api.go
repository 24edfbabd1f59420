package coordweb

import (
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/coordination"
	"zfjd/internal/web/webkit"
)

// The JSON API of coordination for the agencies' own systems (an
// integration token bound to an agency, or its admin's): the disputes it
// is named in, to answer them (条例 Art. 13, 25), and the assists it sent
// or received, to sign and answer them. The supervision body's acts are
// open to its tokens on the same routes. What may be done is package
// coordination's, as on the pages.

func (h *Handler) apiDisputes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := coordination.Filter{Status: q.Get("status"), Kind: q.Get("kind"), Region: webkit.RegionParam(r),
		Open: q.Get("open") == "true" || q.Get("open") == "1", Overdue: q.Get("overdue") == "true" || q.Get("overdue") == "1"}
	pg := webkit.APIPage(r)
	list, err := h.svc.List(r.Context(), auth.From(r.Context()), f, &pg)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	for _, d := range list {
		d.Acts, d.Warnings = []coordination.Act{}, nil
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, pg))
}

func (h *Handler) apiDispute(w http.ResponseWriter, r *http.Request) {
	d, err := h.svc.Get(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, d)
}

func (h *Handler) apiDisputeAct(w http.ResponseWriter, r *http.Request) {
	var in coordination.ActInput
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
	d, err := h.svc.Act(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, d)
}

func (h *Handler) apiAssists(w http.ResponseWriter, r *http.Request) {
	pg := webkit.APIPage(r)
	list, err := h.svc.ListAssists(r.Context(), auth.From(r.Context()), r.URL.Query().Get("kind"), &pg)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, pg))
}

func (h *Handler) apiAssistAct(w http.ResponseWriter, r *http.Request) {
	var in coordination.AssistInput
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
	a, err := h.svc.ActAssist(r.Context(), auth.From(r.Context()), pathID(r), in)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, a)
}
