package complaintweb

import (
	"errors"
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/web/webkit"
)

// rateLimited answers a filing beyond the hourly limit: 429 with the
// spec's error body.
func (h *Handler) rateLimited(w http.ResponseWriter, err error) bool {
	var rl *complaint.RateLimited
	if !errors.As(err, &rl) {
		return false
	}
	w.Header().Set("Retry-After", "3600")
	webkit.WriteJSON(w, http.StatusTooManyRequests, map[string]any{"error": map[string]any{
		"code": "rate_limited", "message": rl.Error(), "fields": map[string]string{}}})
	return true
}

// GET /api/v1/public/challenge.
func (h *Handler) apiChallenge(w http.ResponseWriter, r *http.Request) {
	c, err := complaint.NewChallenge(r.Context(), h.DB)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	webkit.WriteJSON(w, http.StatusOK, c)
}

// POST /api/v1/public/complaints: 201 {tracking_code, secret}.
func (h *Handler) apiFile(w http.ResponseWriter, r *http.Request) {
	var f complaint.Filing
	if err := webkit.Decode(r, &f); err != nil {
		h.APIError(w, r, err)
		return
	}
	bad := apperr.Fields{}
	webkit.Required(bad, "challenge", f.Challenge, "nonce", f.Nonce)
	if err := bad.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	rc, err := h.svc.File(r.Context(), nil, &f, h.ClientAddr(r), nil)
	if err != nil {
		if !h.rateLimited(w, err) {
			h.APIError(w, r, err)
		}
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	webkit.WriteJSON(w, http.StatusCreated, rc)
}

// GET /api/v1/public/complaints/{tracking_code} with X-Complaint-Secret.
func (h *Handler) apiTrack(w http.ResponseWriter, r *http.Request) {
	t, err := h.svc.Track(r.Context(), r.PathValue("tracking_code"), r.Header.Get("X-Complaint-Secret"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	webkit.WriteJSON(w, http.StatusOK, t)
}

type rateBody struct {
	Secret  string `json:"secret"`
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

// POST /api/v1/public/complaints/{tracking_code}/rating.
func (h *Handler) apiRate(w http.ResponseWriter, r *http.Request) {
	var b rateBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	t, err := h.svc.Rate(r.Context(), r.PathValue("tracking_code"), b.Secret, b.Score, b.Comment)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, t)
}

func filterOf(r *http.Request) *complaint.Filter {
	q := r.URL.Query()
	return &complaint.Filter{Status: q.Get("status"), Region: webkit.RegionParam(r), Agency: q.Get("agency_code"),
		Category: q.Get("category"), Source: q.Get("source"), Page: webkit.APIPage(r)}
}

// GET /api/v1/complaints: the complaints the token may see, without contacts.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r)
	list, err := h.svc.List(r.Context(), h.ReadDB(), auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, f.Page))
}

func (h *Handler) apiID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.APIError(w, r, apperr.NotFoundf("投诉"))
		return 0, false
	}
	return id, true
}

// GET /api/v1/complaints/{id}: with the contact for supervision of its
// region only (the read is audited).
func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request) {
	id, ok := h.apiID(w, r)
	if !ok {
		return
	}
	ctx, p := r.Context(), auth.From(r.Context())
	c, err := h.svc.Get(ctx, p, id)
	if err == nil && c.HasContact() && auth.CanSeeComplaintContact(p, c.Scope()) {
		c.Contact, err = h.svc.Contact(ctx, p, id)
	}
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}

// POST /api/v1/complaints/{id}/actions with {action, note, agency_code, due}.
func (h *Handler) apiAct(w http.ResponseWriter, r *http.Request) {
	id, ok := h.apiID(w, r)
	if !ok {
		return
	}
	var a complaint.Action
	if err := webkit.Decode(r, &a); err != nil {
		h.APIError(w, r, err)
		return
	}
	bad := apperr.Fields{}
	webkit.Required(bad, "action", a.Action)
	if err := bad.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	c, err := h.svc.Act(r.Context(), auth.From(r.Context()), id, a)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}
