package caseweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/docs"
	"zfjd/internal/web/webkit"
)

// Case documents (文书): printable A4 pages and .docx downloads of the
// documents a case has reached, and the per-agency 机关代字 of their
// numbers. The documents are built in package docs; these handlers check
// login (routes.go) and leave visibility to docs.Render (cases.Get with the
// principal), so a case outside the caller's reach is a Chinese 404.

// caseDoc serves GET /cases/{id}/docs/{kind} (HTML) and
// /cases/{id}/docs/{kind}.docx (Word).
func (h *Handler) caseDoc(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	word := strings.HasSuffix(kind, ".docx")
	kind = strings.TrimSuffix(kind, ".docx")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	doc, err := docs.Render(r.Context(), h.cases, auth.From(r.Context()), id, kind, nil)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if word {
		name := doc.Title
		if doc.DocNo != "" {
			name += "（" + doc.DocNo + "）"
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		// RFC 6266 / RFC 5987: an ASCII fallback and the Chinese name.
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="case-%d-%s.docx"; filename*=UTF-8''%s`,
			id, kind, url.PathEscape(name+".docx")))
		if err := doc.WriteDocx(w); err != nil {
			h.Log.Error("docx", "case", id, "kind", kind, "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	base := fmt.Sprintf("/cases/%d", id)
	if err := doc.WriteHTML(w, base, base+"/docs/"+kind+".docx"); err != nil {
		h.Log.Error("document", "case", id, "kind", kind, "err", err)
	}
}

type docRow struct {
	docs.KindInfo
	Ready    bool
	Why      string
	DocNo    string
	IssuedBy string
	IssuedAt int64
}

type docListData struct {
	Case     *cases.Case
	Rows     []docRow
	CanIssue bool
}

// caseDocIssue numbers a document (POST /cases/{id}/docs/{kind}/issue):
// the one act that uses up a 文号, never a GET.
func (h *Handler) caseDocIssue(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	kind := r.PathValue("kind")
	doc, err := docs.Issue(r.Context(), h.cases, auth.From(r.Context()), id, kind, nil)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已编号："+doc.Title+" "+doc.DocNo)
	http.Redirect(w, r, fmt.Sprintf("/cases/%d/docs", id), http.StatusSeeOther)
}

// caseDocs lists the documents of a case: which ones it has reached and
// the numbers given so far (GET /cases/{id}/docs).
func (h *Handler) caseDocs(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	c, err := h.cases.Get(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	issued, err := docs.IssuedFor(r.Context(), h.DB.R, c.ID)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	ready := map[string]bool{}
	for _, k := range cases.DocsReached(c) {
		ready[k] = true
	}
	data := docListData{Case: c, CanIssue: docs.CanIssue(auth.From(r.Context()), c)}
	for _, k := range docs.Kinds {
		row := docRow{KindInfo: k, Ready: ready[k.Kind]}
		if is, ok := issued[k.Kind]; ok {
			row.DocNo, row.IssuedBy, row.IssuedAt = is.DocNo, is.IssuedBy, is.IssuedAt
		}
		if !row.Ready {
			row.Why = "案件尚未进行到这一步"
		}
		data.Rows = append(data.Rows, row)
	}
	h.Render(w, r, http.StatusOK, "docs_list", &webkit.View{Title: "案件文书", Active: "cases", Data: data})
}

// docPrefixForm shows an agency's 机关代字 setting (agency administrators).
func (h *Handler) docPrefixForm(w http.ResponseWriter, r *http.Request) {
	st, err := docs.GetPrefixSettings(r.Context(), h.DB, auth.From(r.Context()), r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "docs_prefix", &webkit.View{Title: "文书编号设置", Active: "agencies", Data: st})
}

func (h *Handler) docPrefixSave(w http.ResponseWriter, r *http.Request) {
	code, p := r.PathValue("code"), auth.From(r.Context())
	r.ParseForm()
	prefix := strings.TrimSpace(r.PostForm.Get("prefix"))
	if err := docs.SetPrefix(r.Context(), h.DB, p, code, prefix); err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			h.UIError(w, r, err)
			return
		}
		st, gerr := docs.GetPrefixSettings(r.Context(), h.DB, p, code)
		if gerr != nil {
			h.UIError(w, r, gerr)
			return
		}
		st.Prefix = prefix
		h.Render(w, r, http.StatusBadRequest, "docs_prefix", &webkit.View{Title: "文书编号设置", Active: "agencies", Data: st,
			Message: e.Message, Errors: e.Fields})
		return
	}
	h.Flash(r, "文书编号设置已保存")
	http.Redirect(w, r, "/agencies/"+url.PathEscape(code)+"/doc-prefix", http.StatusSeeOther)
}
