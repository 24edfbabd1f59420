package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/registry"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one template set per page (layout + partials + the page).
type pages struct{ sets map[string]*template.Template }

var funcs = template.FuncMap{
	"label":     func(set, v string) string { return registry.LabelOf(labelSets[set], v) },
	"roleLabel": func(r auth.Role) string { return r.Label() },
	"yuan": func(fen *int64) string {
		if fen == nil {
			return ""
		}
		return fmt.Sprintf("%d.%02d", *fen/100, *fen%100)
	},
	"yuanOf":   func(fen int64) string { return registry.FormatYuan(fen) },
	"datetime": func(t time.Time) string { return t.In(clock.Shanghai).Format("2006-01-02 15:04:05") },
	"millis": func(ms int64) string {
		return time.UnixMilli(ms).In(clock.Shanghai).Format("2006-01-02 15:04")
	},
	"has": func(list []string, v string) bool {
		for _, x := range list {
			if x == v {
				return true
			}
		}
		return false
	},
	"add":  func(a, b int) int { return a + b },
	"join": strings.Join,
	// qs sets or replaces one query parameter, for pagination and sorting links.
	"qs": func(q url.Values, kv ...any) string {
		c := url.Values{}
		for k, v := range q {
			c[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			k := fmt.Sprint(kv[i])
			v := fmt.Sprint(kv[i+1])
			if v == "" {
				c.Del(k)
			} else {
				c.Set(k, v)
			}
		}
		if k := fmt.Sprint(kv[0]); k != "page" {
			c.Del("page")
		}
		return "?" + c.Encode()
	},
	"mayChange": auth.MayChange,
	"kind":      func(s string) auth.Kind { return auth.Kind(s) },
	"canAudit":  auth.CanViewAudit,
	"itoa":      strconv.Itoa,
	"entityLabel": func(s string) string {
		return map[string]string{"agency": "机关", "officer": "执法人员", "officer_year": "年审培训", "matter": "事项", "account": "账号", "calendar": "工作日历",
			"benchmark": "裁量基准", "discretion_item": "四张清单事项"}[s]
	},
	"actionLabel": func(s string) string {
		return map[string]string{"create": "新增", "update": "修改", "status": "变更证件状态", "delete": "删除"}[s]
	},
	"list": func(v ...string) []string { return v },
	"sortLabel": func(s string) string {
		return map[string]string{"cert_no": "按证号", "name": "按姓名", "valid_to": "按到期日（早→晚）", "-valid_to": "按到期日（晚→早）",
			"agency": "按执法主体", "code": "按编码", "kind": "按类型"}[s]
	},
	"domains": func() []string { return registry.Domains },
	"pager": func(p registry.Page, q url.Values) pagerData {
		return pagerData{Page: p.Page, Pages: p.Pages(), Total: p.Total, Query: q}
	},
}

// labelSets names the option lists templates translate with "label".
var labelSets = map[string][]registry.Option{
	"agency_kind": registry.AgencyKinds, "subject_type": registry.SubjectTypes, "agency_status": registry.AgencyStatus,
	"cert_status": registry.CertStatus, "cert_state": registry.CertStates, "matter_kind": registry.MatterKinds,
	"qualification": registry.Qualification,

	"tier": discretion.TierOptions, "list_kind": discretion.ListOptions, "harm": discretion.HarmOptions,
	"measure": discretion.MeasureOptions, "penalty_kind": discretion.PenaltyOptions,
}

type pagerData struct {
	Page, Pages, Total int
	Query              url.Values
}

func loadPages() (*pages, error) {
	shared := []string{"templates/layout.html", "templates/partials.html"}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" || strings.HasSuffix(base, "_parts") {
			continue
		}
		files := append(append(slices.Clone(shared), n), pageParts(base)...)
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.sets[base] = t
	}
	if err := addInlinePages(p, shared); err != nil { // case documents' pages (ui_docs.go)
		return nil, err
	}
	return p, nil
}

// pageParts lists the extra shared templates of a page: the case pages
// (C5) share templates/case_parts.html.
func pageParts(base string) []string {
	if strings.HasPrefix(base, "case") {
		return []string{"templates/case_parts.html"}
	}
	return nil
}

// view is what every page template receives.
type view struct {
	Title   string
	Active  string // nav key
	P       *auth.Principal
	Nav     []navGroup
	Flash   string
	Public  bool
	Errors  apperr.Fields
	Message string
	Query   url.Values
	Data    any
}

// render executes page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, v *view) {
	t, ok := s.pages.sets[page]
	if !ok {
		s.log.Error("unknown page", "page", page)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	v.P = auth.From(r.Context())
	if v.Query == nil {
		v.Query = r.URL.Query()
	}
	if !v.Public {
		v.Nav = navFor(v.P)
		v.Flash = s.sessions.PopString(r.Context(), "flash")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", page, "err", err)
		http.Error(w, "系统内部错误，请稍后重试", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// flash stores a one-time message for the next page.
func (s *Server) flash(r *http.Request, msg string) { s.sessions.Put(r.Context(), "flash", msg) }

// uiError renders the error page matching err: not found (also for objects
// outside the caller's reach), forbidden, or a neutral internal error.
func (s *Server) uiError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := httpStatus(e.Code)
	if status >= 500 {
		s.log.Error("ui", "path", r.URL.Path, "err", err)
	}
	title := map[int]string{404: "页面不存在", 403: "无权操作", 400: "请求有误", 409: "数据冲突", 401: "请先登录"}[status]
	if title == "" {
		title = "系统错误"
	}
	s.render(w, r, status, "error", &view{Title: title, Message: e.Message})
}

func httpStatus(code string) int {
	switch code {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	}
	return http.StatusInternalServerError
}

// atoi parses a form or query integer, 0 when empty or bad.
func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

func pageOf(q url.Values) registry.Page {
	return registry.Page{Page: atoi(q.Get("page")), Size: atoi(q.Get("size"))}
}
