package webkit

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
)

// The shared layout, the partials every page may use, and the error page.
//
//go:embed templates/*.html
var sharedFS embed.FS

var sharedFiles = []string{"templates/layout.html", "templates/partials.html"}

// baseFuncs are the template funcs of every page; a capability adds its
// own in NewPages.
var baseFuncs = template.FuncMap{
	"roleLabel": func(r auth.Role) string { return r.Label() },
	"datetime":  func(t time.Time) string { return t.In(clock.Shanghai).Format("2006-01-02 15:04:05") },
	"millis": func(ms int64) string {
		return time.UnixMilli(ms).In(clock.Shanghai).Format("2006-01-02 15:04")
	},
	// dateOf is an instant (Unix ms) as its civil date in China time.
	"dateOf": func(ms int64) string { return time.UnixMilli(ms).In(clock.Shanghai).Format("2006-01-02") },
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
	"list":      func(v ...string) []string { return v },
	// exportQuery is a list's filters for its "导出 Excel" link (export.go).
	"exportQuery": ExportQuery,
	// sortTh is a sortable column header (sort.go), for the "sort_th" partial.
	"sortTh": SortTh,
	"pager": func(p registry.Page, q url.Values) pagerData {
		return pagerData{Page: p.Page, Pages: p.Pages(), Total: p.Total, Query: q}
	},
}

type pagerData struct {
	Page, Pages, Total int
	Query              url.Values
}

// Pages is a Kit with one capability's page templates: one template set
// per page (the shared layout and partials, the page, and the
// capability's own *_parts.html), plus the shared error page.
type Pages struct {
	*Kit
	sets map[string]*template.Template
}

// NewPages parses the pages of fsys's templates/*.html with the base funcs
// and funcs. Files named *_parts.html hold templates shared by the
// capability's pages and are parsed into each of them.
func (k *Kit) NewPages(fsys fs.FS, funcs template.FuncMap) (*Pages, error) {
	names, err := fs.Glob(fsys, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var pages, parts []string
	for _, n := range names {
		if strings.HasSuffix(n, "_parts.html") {
			parts = append(parts, n)
		} else {
			pages = append(pages, n)
		}
	}
	p := &Pages{Kit: k, sets: map[string]*template.Template{}}
	for _, n := range pages {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" || base == "partials" || base == "error" {
			return nil, fmt.Errorf("template %s: the name is the shared layout's", n)
		}
		t, err := template.New(base).Funcs(baseFuncs).Funcs(funcs).ParseFS(sharedFS, sharedFiles...)
		if err == nil {
			_, err = t.ParseFS(fsys, append([]string{n}, parts...)...)
		}
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.sets[base] = t
	}
	t, err := template.New("error").Funcs(baseFuncs).Funcs(funcs).ParseFS(sharedFS, append(sharedFiles, "templates/error.html")...)
	if err != nil {
		return nil, fmt.Errorf("template error: %w", err)
	}
	p.sets["error"] = t
	return p, nil
}

// View is what every page template receives.
type View struct {
	Title   string
	Active  string // nav key
	P       *auth.Principal
	Nav     []NavGroup
	Flash   string
	Public  bool
	Errors  apperr.Fields
	Message string
	Query   url.Values
	Data    any
}

// renderBufs are Render's buffers, reused: a page is rendered whole before
// it is written, and growing a fresh buffer to a page's size on every
// request was a good part of a busy page's allocations (issue 11).
var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledRender is the largest buffer kept for reuse.
const maxPooledRender = 1 << 20

// Render executes page into a buffer first, so a template error becomes a
// clean 500 instead of half a page.
func (p *Pages) Render(w http.ResponseWriter, r *http.Request, status int, page string, v *View) {
	t, ok := p.sets[page]
	if !ok {
		p.Log.Error("unknown page", "page", page)
		http.Error(w, "系统内部错误", http.StatusInternalServerError)
		return
	}
	v.P = auth.From(r.Context())
	if v.Query == nil {
		v.Query = r.URL.Query()
	}
	if !v.Public {
		v.Nav = p.navFor(r, v.P)
		v.Flash = p.Sessions.PopString(r.Context(), "flash")
	}
	buf := renderBufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledRender {
			buf.Reset()
			renderBufs.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", v); err != nil {
		p.Log.Error("render", "page", page, "err", err)
		http.Error(w, "系统内部错误，请稍后重试", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

// UIError renders the error page matching err: not found (also for objects
// outside the caller's reach), forbidden, or a neutral internal error.
func (p *Pages) UIError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := HTTPStatus(e.Code)
	if status >= 500 {
		p.Log.Error("ui", "path", r.URL.Path, "err", err)
	}
	title := map[int]string{404: "页面不存在", 403: "无权操作", 400: "请求有误", 409: "数据冲突", 401: "请先登录"}[status]
	if title == "" {
		title = "系统错误"
	}
	msg := e.Message
	if len(e.Fields) > 0 { // a page with no form to show them at says what is wrong (issue 16)
		msg += "：" + strings.Join(slices.Sorted(maps.Values(e.Fields)), "；")
	}
	p.Render(w, r, status, "error", &View{Title: title, Message: msg})
}

// FormError re-renders a form for input problems and shows the error page
// for anything else.
func (p *Pages) FormError(w http.ResponseWriter, r *http.Request, err error, rerender func(status int)) {
	switch e := apperr.As(err); e.Code {
	case apperr.Invalid, apperr.Conflict:
		rerender(HTTPStatus(e.Code))
	case apperr.Forbidden:
		rerender(http.StatusForbidden)
	default:
		p.UIError(w, r, err)
	}
}

// HTTPStatus is the status of an apperr code, for pages and the API alike.
func HTTPStatus(code string) int {
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
