package inspectionweb

import (
	"context"
	"database/sql"
	"net/http"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/inspection"
	"zfjd/internal/web/webkit"
)

// body is §4's inspection body.
type body struct {
	AgencyCode  string                `json:"agency_code"`
	RegionCode  string                `json:"region_code"`
	MatterCode  string                `json:"matter_code"`
	Kind        string                `json:"kind"`
	Directed    bool                  `json:"directed"`
	Enterprise  inspection.Enterprise `json:"enterprise"`
	Emergency   bool                  `json:"emergency"`
	JointAgency []string              `json:"joint_agency_codes"`
	Events      []inspection.Event    `json:"events"`
}

// ratingBody is §4's rating body.
type ratingBody struct {
	Challenge string `json:"challenge"`
	Nonce     string `json:"nonce"`
	Score     int    `json:"score"`
	Comment   string `json:"comment"`
}

func (h *Handler) apiPut(w http.ResponseWriter, r *http.Request) {
	sys, id := r.PathValue("source_system"), r.PathValue("source_id")
	if err := inspection.CheckSource(sys, id); err != nil {
		h.APIError(w, r, err)
		return
	}
	p := auth.From(r.Context())
	if !auth.CanPushInspections(p) {
		h.APIError(w, r, apperr.New(apperr.Forbidden, "只有系统对接令牌可以报送检查；执法人员和负责人在本系统中逐项办理"))
		return
	}
	var b body
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	in := &inspection.Inspection{SourceSystem: sys, SourceID: id, AgencyCode: b.AgencyCode, RegionCode: b.RegionCode, MatterCode: b.MatterCode,
		Kind: b.Kind, Directed: b.Directed, Enterprise: b.Enterprise, Emergency: b.Emergency, JointAgency: b.JointAgency, Events: b.Events}
	created, out, err := h.svc.Put(r.Context(), p, in)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, webkit.PutStatus(created), out)
}

func (h *Handler) apiGet(w http.ResponseWriter, r *http.Request) {
	in, err := h.svc.GetBySource(r.Context(), auth.From(r.Context()), r.PathValue("source_system"), r.PathValue("source_id"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, in)
}

func filterOf(r *http.Request, region string) *inspection.Filter {
	q := r.URL.Query()
	return &inspection.Filter{Region: region, Agency: q.Get("agency_code"), Matter: q.Get("matter_code"), Status: q.Get("status"),
		Kind: q.Get("kind"), Enterprise: q.Get("enterprise_id"), From: q.Get("from"), To: q.Get("to"), Rule: q.Get("rule"),
		HasWarning: q.Get("has_warning") == "true" || q.Get("has_warning") == "1"}
}

func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	f := filterOf(r, webkit.RegionParam(r))
	f.Page = webkit.APIPage(r)
	list, err := h.svc.List(r.Context(), h.ReadDB(), auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, f.Page))
}

func (h *Handler) apiPublic(w http.ResponseWriter, r *http.Request) {
	v, err := h.svc.Public(r.Context(), r.PathValue("code"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	webkit.WriteJSON(w, http.StatusOK, v)
}

func (h *Handler) apiRate(w http.ResponseWriter, r *http.Request) {
	var b ratingBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	if err := h.rate(r, b); err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusCreated, map[string]string{"status": "received"})
}

// rate records the rating, spending the proof of work in its transaction
// once every other check passed; a handler without Spend refuses every
// rating rather than take one unchecked.
func (h *Handler) rate(r *http.Request, b ratingBody) error {
	if _, err := h.svc.Public(r.Context(), r.PathValue("code")); err != nil {
		return err
	}
	if h.Spend == nil {
		return &apperr.Error{Code: apperr.Invalid, Message: "防刷验证未通过，请刷新页面后重新提交",
			Fields: apperr.Fields{"challenge": "缺少防刷验证"}}
	}
	return h.svc.RateProved(r.Context(), r.PathValue("code"), inspection.Rating{Score: b.Score, Comment: b.Comment},
		func(ctx context.Context, tx *sql.Tx) error { return h.Spend(ctx, tx, b.Challenge, b.Nonce) })
}
