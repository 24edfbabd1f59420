package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/docs"
)

// Case documents (文书): printable A4 pages and .docx downloads of the
// documents a case has reached, and the per-agency 机关代字 of their
// numbers. The documents are built in package docs; these handlers check
// login (routes.go) and leave visibility to docs.Render (cases.Get with the
// principal), so a case outside the caller's reach is a Chinese 404.

// inlinePages are the pages whose content template lives here, beside
// their handlers; loadPages (render.go) adds them to the page sets.
var inlinePages = map[string]string{
	"docs_list": `{{define "content"}}{{with .Data}}
<p><a href="/cases/{{.Case.ID}}">← 返回案件</a></p>
<h1>案件文书</h1>
<p>{{.Case.AgencyName}} · {{if .Case.CaseNo}}案号{{.Case.CaseNo}} · {{end}}{{.Case.Party.Name}}{{with .Case.Title}} · {{.}}{{end}}</p>
<table><thead><tr><th>文书</th><th>文号</th><th>状态</th><th>打印 / 下载</th></tr></thead><tbody>
{{range .Rows}}<tr><td>{{.Title}}</td><td class="mono">{{if .DocNo}}{{.DocNo}}{{else}}—{{end}}</td>
<td>{{if .Ready}}可制作{{if .IssuedBy}}（{{.IssuedBy}}于{{millis .IssuedAt}}编号）{{end}}{{else}}<small>{{.Why}}</small>{{end}}</td>
<td>{{if .Ready}}{{if and (not .DocNo) $.Data.CanIssue}}<form method="post" action="/cases/{{$.Data.Case.ID}}/docs/{{.Kind}}/issue" class="inline"><button type="submit">编号并制作</button></form> · {{end}}<a href="/cases/{{$.Data.Case.ID}}/docs/{{.Kind}}">打印版（A4）</a> · <a href="/cases/{{$.Data.Case.ID}}/docs/{{.Kind}}.docx">Word 文档</a>{{end}}</td></tr>{{end}}
</tbody></table>
<p><small>文书由本机关执法人员或负责人点击“编号并制作”时按本机关、文书种类和年度编号（如济市监罚〔2024〕15号），以后重复制作沿用原文号；仅查看或打印不会占用文号。行政处罚决定书与信用修复告知书一并编号、一并送达。</small></p>
{{end}}{{end}}`,
	"docs_prefix": `{{define "content"}}{{with .Data}}
<p><a href="/agencies/{{.AgencyCode}}">← {{.AgencyName}}</a></p>
<h1>文书编号设置</h1>
{{template "form_message" $}}
<form method="post" class="form">
<label>机关代字 <input name="prefix" value="{{.Prefix}}" maxlength="12" required>
{{template "err" (index $.Errors "prefix")}}</label>
<p><small>文书编号格式：机关代字＋文书代字＋〔年度〕＋序号＋号，例如 {{.Prefix}}罚〔2024〕15号。按机构名称推算的默认代字为“{{.Default}}”；清空后保存即恢复默认。已编发的文号不受影响，序号连续。</small></p>
<button type="submit">保存</button>
</form>
<h2>{{with index .Counters 0}}{{.Year}}{{end}}年度编号情况</h2>
<table><thead><tr><th>文书</th><th>已编号</th><th>下一个文号</th></tr></thead><tbody>
{{range .Counters}}<tr><td>{{.Title}}</td><td>{{.Last}}</td><td class="mono">{{.Next}}</td></tr>{{end}}
</tbody></table>
{{end}}{{end}}`,
}

// addInlinePages parses inlinePages with the shared layout into p.
func addInlinePages(p *pages, shared []string) error {
	for name, src := range inlinePages {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, shared...)
		if err == nil {
			_, err = t.Parse(src)
		}
		if err != nil {
			return fmt.Errorf("template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return nil
}

// caseDoc serves GET /cases/{id}/docs/{kind} (HTML) and
// /cases/{id}/docs/{kind}.docx (Word).
func (s *Server) caseDoc(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	word := strings.HasSuffix(kind, ".docx")
	kind = strings.TrimSuffix(kind, ".docx")
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.uiError(w, r, apperr.NotFoundf("案件"))
		return
	}
	doc, err := docs.Render(r.Context(), s.cases, auth.From(r.Context()), id, kind, nil)
	if err != nil {
		s.uiError(w, r, err)
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
			s.log.Error("docx", "case", id, "kind", kind, "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	base := fmt.Sprintf("/cases/%d", id)
	if err := doc.WriteHTML(w, base, base+"/docs/"+kind+".docx"); err != nil {
		s.log.Error("document", "case", id, "kind", kind, "err", err)
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
func (s *Server) caseDocIssue(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.uiError(w, r, apperr.NotFoundf("案件"))
		return
	}
	kind := r.PathValue("kind")
	doc, err := docs.Issue(r.Context(), s.cases, auth.From(r.Context()), id, kind, nil)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.flash(r, "已编号："+doc.Title+" "+doc.DocNo)
	http.Redirect(w, r, fmt.Sprintf("/cases/%d/docs", id), http.StatusSeeOther)
}

// caseDocs lists the documents of a case: which ones it has reached and
// the numbers given so far (GET /cases/{id}/docs).
func (s *Server) caseDocs(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.uiError(w, r, apperr.NotFoundf("案件"))
		return
	}
	c, err := s.cases.Get(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	issued, err := docs.IssuedFor(r.Context(), s.db.R, c.ID)
	if err != nil {
		s.uiError(w, r, err)
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
	s.render(w, r, http.StatusOK, "docs_list", &view{Title: "案件文书", Active: "cases", Data: data})
}

// docPrefixForm shows an agency's 机关代字 setting (agency administrators).
func (s *Server) docPrefixForm(w http.ResponseWriter, r *http.Request) {
	st, err := docs.GetPrefixSettings(r.Context(), s.db, auth.From(r.Context()), r.PathValue("code"))
	if err != nil {
		s.uiError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "docs_prefix", &view{Title: "文书编号设置", Active: "agencies", Data: st})
}

func (s *Server) docPrefixSave(w http.ResponseWriter, r *http.Request) {
	code, p := r.PathValue("code"), auth.From(r.Context())
	r.ParseForm()
	prefix := strings.TrimSpace(r.PostForm.Get("prefix"))
	if err := docs.SetPrefix(r.Context(), s.db, p, code, prefix); err != nil {
		e := apperr.As(err)
		if e.Code != apperr.Invalid {
			s.uiError(w, r, err)
			return
		}
		st, gerr := docs.GetPrefixSettings(r.Context(), s.db, p, code)
		if gerr != nil {
			s.uiError(w, r, gerr)
			return
		}
		st.Prefix = prefix
		s.render(w, r, http.StatusBadRequest, "docs_prefix", &view{Title: "文书编号设置", Active: "agencies", Data: st,
			Message: e.Message, Errors: e.Fields})
		return
	}
	s.flash(r, "文书编号设置已保存")
	http.Redirect(w, r, "/agencies/"+url.PathEscape(code)+"/doc-prefix", http.StatusSeeOther)
}
