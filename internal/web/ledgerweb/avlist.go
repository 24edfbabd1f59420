package ledgerweb

import (
	"net/http"
	"net/url"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/web/webkit"
)

// avListData is the 音像记录清单 page.
type avListData struct {
	*cases.AVListView
	Types []struct{ Type, Label string }
}

// avListForm: GET /agencies/{code}/av-list — the agency's 音像记录清单: the
// acts that must have an audio or video recording (AV_RECORD_MISSING).
func (h *Handler) avListForm(w http.ResponseWriter, r *http.Request) {
	v, err := cases.GetAVList(r.Context(), h.kit.DB, auth.From(r.Context()), r.PathValue("code"))
	if err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	h.pages.Render(w, r, http.StatusOK, "avlist", &webkit.View{Title: "音像记录清单", Active: "agencies",
		Data: avListData{AVListView: v, Types: cases.EventTypes}})
}

// avListSave: POST /agencies/{code}/av-list (act_types, repeated).
func (h *Handler) avListSave(w http.ResponseWriter, r *http.Request) {
	code, p := r.PathValue("code"), auth.From(r.Context())
	r.ParseForm()
	acts := r.PostForm["act_types"]
	if err := cases.SetAVList(r.Context(), h.kit.DB, p, code, acts); err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.pages.UIError(w, r, err)
			return
		}
		v, gerr := cases.GetAVList(r.Context(), h.kit.DB, p, code)
		if gerr != nil {
			h.pages.UIError(w, r, gerr)
			return
		}
		v.Acts = acts
		h.pages.Render(w, r, http.StatusBadRequest, "avlist", &webkit.View{Title: "音像记录清单", Active: "agencies",
			Data: avListData{AVListView: v, Types: cases.EventTypes}, Message: e.Message, Errors: e.Fields})
		return
	}
	h.kit.Flash(r, "音像记录清单已保存；本机关案件将按新清单重新判断")
	http.Redirect(w, r, "/agencies/"+url.PathEscape(code)+"/av-list", http.StatusSeeOther)
}
