package openweb

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/opendata"
	"zfjd/internal/store"
	"zfjd/internal/web/webkit"
)

// The registry's open data: agencies, officers and matters, JSON and CSV.

type row interface{ CSVRow() []string }

// dataset is one registry dataset: its name, CSV header and reader.
type dataset[T row] struct {
	name   string
	header []string
	read   func(context.Context, *store.DB, *opendata.RegistryFilter) (*opendata.Set[T], error)
}

var (
	agencies = dataset[*opendata.Agency]{"agencies", opendata.AgencyHeader, opendata.Agencies}
	officers = dataset[*opendata.Officer]{"officers", opendata.OfficerHeader, opendata.Officers}
	matters  = dataset[*opendata.Matter]{"matters", opendata.MatterHeader, opendata.Matters}
)

// serve answers GET /open/v1/{name} (JSON: {items, total, page, page_size,
// as_of}) or, with asCSV, /open/v1/{name}.csv (UTF-8 with BOM; total and
// as_of in X-Total-Count and X-As-Of), 304 when the client has it already.
func serve[T row](h *Handler, d dataset[T], asCSV bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		f := &opendata.RegistryFilter{Region: q.Get("region_code"), Agency: q.Get("agency_code"), Kind: q.Get("kind"),
			Status: q.Get("status"), Page: webkit.Atoi(q.Get("page")), PageSize: webkit.Atoi(q.Get("page_size"))}
		f.Fresh = func(etag string, modified time.Time) bool {
			if asCSV {
				etag = strings.TrimSuffix(etag, `"`) + `-csv"`
			}
			return conditional(w, r, etag, modified, true)
		}
		set, err := d.read(r.Context(), h.ReadDB(), f)
		if err != nil {
			h.APIError(w, r, err)
			return
		}
		if set.NotModified {
			notModified(w)
			return
		}
		if !asCSV {
			webkit.WriteJSON(w, http.StatusOK, set)
			return
		}
		var buf bytes.Buffer
		buf.WriteString("\ufeff")
		cw := csv.NewWriter(&buf)
		cw.Write(d.header)
		for _, it := range set.Items {
			cw.Write(it.CSVRow())
		}
		cw.Flush()
		w.Header().Set("X-Total-Count", strconv.Itoa(set.Total))
		w.Header().Set("X-As-Of", set.AsOf)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+d.name+`.csv"`)
		w.Write(buf.Bytes())
	}
}
