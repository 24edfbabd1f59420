// Package openweb serves the portal's open data (spec/supervision-v1.md
// §7): GET /open/v1/decisions, and the registry's agencies, officers and
// matters, as JSON and CSV, with paging, as_of, ETag and Last-Modified, no
// token, and the page explaining the fields.
package openweb

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/opendata"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the open data.
type Handler struct{ *webkit.Pages }

// New builds the handler.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, nil)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

// Routes registers the open data and its help page.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /open", h.help)
	r.Public("GET /open/v1/decisions", h.decisions)
	r.Public("GET /open/v1/decisions.csv", h.decisionsCSV)
	r.Public("GET /open/v1/agencies", serve(h, agencies, false))
	r.Public("GET /open/v1/agencies.csv", serve(h, agencies, true))
	r.Public("GET /open/v1/officers", serve(h, officers, false))
	r.Public("GET /open/v1/officers.csv", serve(h, officers, true))
	r.Public("GET /open/v1/matters", serve(h, matters, false))
	r.Public("GET /open/v1/matters.csv", serve(h, matters, true))
}

// helpData is what the fields page lists: each dataset's CSV header.
type helpData struct{ Decisions, Agencies, Officers, Matters []string }

func (h *Handler) help(w http.ResponseWriter, r *http.Request) {
	h.Render(w, r, http.StatusOK, "open", &webkit.View{Title: "开放数据", Public: true, Data: helpData{opendata.CSVHeader,
		opendata.AgencyHeader, opendata.OfficerHeader, opendata.MatterHeader}})
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) (*opendata.Page, bool) {
	q := r.URL.Query()
	f := &opendata.Filter{Region: q.Get("region_code"), Agency: q.Get("agency_code"), Since: q.Get("since"),
		Page: webkit.Atoi(q.Get("page")), PageSize: webkit.Atoi(q.Get("page_size"))}
	p, err := opendata.Decisions(r.Context(), h.ReadDB(), f)
	if err != nil {
		h.APIError(w, r, err)
		return nil, false
	}
	return p, true
}

// cached sets the cache headers — an ETag of the data (not of as_of,
// which moves every second) and Last-Modified of the latest publication —
// and answers 304 when the client has that data already. Only the ETag
// decides: the latest publication date does not move when a decision is
// withdrawn or annulled, so If-Modified-Since would answer 304 for a
// changed set; it is not honoured here.
func cached(w http.ResponseWriter, r *http.Request, data []byte, p *opendata.Page) bool {
	sum := sha256.Sum256(data)
	var modified time.Time
	if t, err := time.ParseInLocation("2006-01-02", p.LastPublished, clock.Shanghai); err == nil {
		modified = t
	}
	if conditional(w, r, `"`+hex.EncodeToString(sum[:16])+`"`, modified, false) {
		notModified(w)
		return true
	}
	return false
}

// GET /open/v1/decisions: {items, total, page, page_size, as_of}.
func (h *Handler) decisions(w http.ResponseWriter, r *http.Request) {
	p, ok := h.page(w, r)
	if !ok {
		return
	}
	data, _ := json.Marshal(struct {
		Items       []*opendata.Decision
		Total, Page int
	}{p.Items, p.Total, p.PageSize*1_000_000 + p.Page})
	if cached(w, r, data, p) {
		return
	}
	webkit.WriteJSON(w, http.StatusOK, p)
}

// GET /open/v1/decisions.csv: the same page as CSV (UTF-8 with BOM, so
// spreadsheet programs read the Chinese), as_of and total in headers.
func (h *Handler) decisionsCSV(w http.ResponseWriter, r *http.Request) {
	p, ok := h.page(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	cw.Write(opendata.CSVHeader)
	for _, d := range p.Items {
		cw.Write(d.CSVRow())
	}
	cw.Flush()
	w.Header().Set("X-Total-Count", strconv.Itoa(p.Total))
	w.Header().Set("X-As-Of", p.AsOf)
	if cached(w, r, buf.Bytes(), p) {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="decisions.csv"`)
	w.Write(buf.Bytes())
}
