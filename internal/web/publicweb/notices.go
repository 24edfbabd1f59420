package publicweb

import (
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
	"zfjd/internal/supervision"
	"zfjd/internal/web/webkit"
)

// 行政执法监督通报 向社会公布 (行政执法监督条例 Art. 31): the public list and
// page of each one. What is published and how it is masked is package
// supervision's (public_notices.go).

type publicNoticesData struct {
	List   []*supervision.PublicNotice
	Filter supervision.PublicNoticeFilter
	Page   registry.Page
}

func (h *Handler) publicNotices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := publicNoticesData{Filter: supervision.PublicNoticeFilter{Region: strings.TrimSpace(q.Get("region"))}, Page: webkit.PageOf(q)}
	list, err := supervision.PublicNotices(r.Context(), h.ReadDB().R, d.Filter, &d.Page)
	if err != nil {
		h.noticeError(w, r, err)
		return
	}
	d.List = list
	h.Render(w, r, http.StatusOK, "public_notices", &webkit.View{Title: "行政执法监督通报", Public: true, Data: d})
}

func (h *Handler) publicNotice(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.noticeError(w, r, apperr.New(apperr.NotFound, "该通报不存在或未向社会公布"))
		return
	}
	n, err := supervision.PublicNoticeByID(r.Context(), h.ReadDB().R, id)
	if err != nil {
		h.noticeError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "public_notice", &webkit.View{Title: n.Title(), Public: true, Data: n})
}

// noticeError answers a public page with its own layout (no login links).
func (h *Handler) noticeError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := webkit.HTTPStatus(e.Code)
	if status >= 500 {
		h.Log.Error("public notices", "path", r.URL.Path, "err", err)
	}
	h.Render(w, r, status, "public_notice", &webkit.View{Title: "行政执法监督通报", Public: true, Message: e.Message})
}
