package inspectionweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/inspection"
	"zfjd/internal/web/webkit"
)

type phoneData struct {
	V     *inspection.PublicView
	Done  bool
	Score string
}

// phone is what the enterprise sees after scanning the 检查码: who
// inspects, on which matter and basis, approved or not, and whether each
// officer's certificate is valid; then the anonymous rating form.
func (h *Handler) phone(w http.ResponseWriter, r *http.Request) {
	h.renderPhone(w, r, http.StatusOK, r.URL.Query().Get("rated") == "1", nil)
}

func (h *Handler) renderPhone(w http.ResponseWriter, r *http.Request, status int, done bool, err error) {
	v, verr := h.svc.Public(r.Context(), r.PathValue("code"))
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex")
	if verr != nil {
		h.Render(w, r, http.StatusNotFound, "phone", &webkit.View{Title: "检查码核验", Public: true, Data: phoneData{}})
		return
	}
	view := &webkit.View{Title: "检查码核验", Public: true, Data: phoneData{V: v, Done: done, Score: r.PostFormValue("score")}}
	withError(view, err)
	h.Render(w, r, status, "phone", view)
}

func (h *Handler) phoneRate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	score, _ := strconv.Atoi(r.PostForm.Get("score"))
	b := ratingBody{Challenge: r.PostForm.Get("challenge"), Nonce: r.PostForm.Get("nonce"), Score: score, Comment: r.PostForm.Get("comment")}
	if err := h.rate(r, b); err != nil {
		if apperr.Is(err, apperr.NotFound) {
			h.renderPhone(w, r, http.StatusNotFound, false, err)
			return
		}
		h.renderPhone(w, r, webkit.HTTPStatus(apperr.As(err).Code), false, err)
		return
	}
	http.Redirect(w, r, "/public/inspections/"+r.PathValue("code")+"?rated=1", http.StatusSeeOther)
}

func (h *Handler) publicItems(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	items, err := inspection.Items(r.Context(), h.ReadDB().R, inspection.ItemFilter{Region: q.Get("region"), Q: q.Get("q")})
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_items", &webkit.View{Title: "涉企行政检查事项清单", Public: true,
		Data: map[string]any{"Items": items, "Q": q.Get("q")}})
}

func (h *Handler) publicPlans(w http.ResponseWriter, r *http.Request) {
	year := yearParam(r)
	pls, err := inspection.Plans(r.Context(), h.ReadDB().R, r.URL.Query().Get("region"), year)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	draws, err := inspection.Draws(r.Context(), h.ReadDB().R, r.URL.Query().Get("region"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_plans", &webkit.View{Title: "年度检查计划与抽查结果", Public: true,
		Data: map[string]any{"Year": year, "Plans": pls, "Draws": draws, "ThisYear": clock.Today(r.Context()).Y}})
}

// publicDraw publishes one draw with everything needed to recompute it,
// and the platform's own recomputation.
func (h *Handler) publicDraw(w http.ResponseWriter, r *http.Request) {
	d, err := inspection.GetDraw(r.Context(), h.ReadDB().R, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if r.URL.Query().Get("format") == "json" {
		webkit.WriteJSON(w, http.StatusOK, d)
		return
	}
	ok, why := d.Replay()
	h.Render(w, r, http.StatusOK, "public_draw", &webkit.View{Title: "双随机抽查结果公开", Public: true,
		Data: map[string]any{"D": d, "OK": ok, "Why": why}})
}
