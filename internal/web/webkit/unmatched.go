package webkit

import (
	"embed"
	"net/http"
	"net/http/httptest"
)

var noTemplates embed.FS

// Unmatched answers the requests mux has no route for in Chinese, with a
// way back (issue 16): a page that does not exist (404) and a method the
// page does not take (405, with the mux's Allow header). The API has its
// own catch-all (APINotFound). Every matched request goes to mux as before.
func (k *Kit) Unmatched(mux *http.ServeMux) (http.Handler, error) {
	pages, err := k.NewPages(noTemplates, nil)
	if err != nil {
		return nil, err
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// What the mux would answer: 404, 405 (with Allow), or a redirect
		// to the canonical path, which is passed on as it is.
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		switch rec.Code {
		case http.StatusNotFound, http.StatusMethodNotAllowed:
		default:
			mux.ServeHTTP(w, r)
			return
		}
		if allow := rec.Header().Get("Allow"); allow != "" {
			w.Header().Set("Allow", allow)
		}
		if rec.Code == http.StatusMethodNotAllowed {
			msg := "该页面不接受这种请求方式（" + r.Method + "）。请从页面上的链接或按钮进入。"
			pages.Render(w, r, http.StatusMethodNotAllowed, "error", &View{Title: "请求方式不受支持", Message: msg})
			return
		}
		pages.Render(w, r, http.StatusNotFound, "error", &View{Title: "页面不存在", Message: "您访问的页面不存在，可能地址有误或页面已移除。"})
	}), nil
}
