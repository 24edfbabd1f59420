package webkit

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"

	"github.com/xuri/excelize/v2"
)

// MaxExportRows is the most rows one list export writes; a longer list
// says so in its last row (narrow the filters).
const MaxExportRows = 50_000

// Attachment sets Content-Disposition for a download: an ASCII fallback
// for old clients and the Chinese name as RFC 5987 filename* (RFC 6266
// §4.3), which every current browser prefers.
func Attachment(w http.ResponseWriter, ascii, name string) {
	w.Header().Set("Content-Disposition", `attachment; filename="`+strings.ReplaceAll(ascii, `"`, "")+
		`"; filename*=UTF-8''`+url.PathEscape(name))
}

// Sheet is one list export: a header row and the rows, read by Rows a
// page at a time (add returns false once MaxExportRows are written).
type Sheet struct {
	Name string // sheet and file name, e.g. "执法人员"
	File string // ASCII fallback name, e.g. "officers.xlsx"
	Head []string
	Rows func(add func(row ...any) bool) error
}

// SendXLSX writes s as an xlsx workbook with the list's filters already
// applied by Rows (each list export reads exactly what its page shows,
// all pages). The workbook is built before anything is sent, so an error
// becomes the error page, not half a file.
func (p *Pages) SendXLSX(w http.ResponseWriter, r *http.Request, s Sheet) {
	b, err := s.XLSX()
	if err != nil {
		p.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	Attachment(w, s.File, s.Name+".xlsx")
	w.Write(b)
}

// XLSX builds the workbook of s (stream writer: a long list is not held
// as cells in memory).
func (s Sheet) XLSX() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", s.Name); err != nil {
		return nil, err
	}
	sw, err := x.NewStreamWriter(s.Name)
	if err != nil {
		return nil, err
	}
	head := make([]any, len(s.Head))
	for i, h := range s.Head {
		head[i] = h
	}
	if err := sw.SetColWidth(1, max(len(head), 1), 18); err != nil {
		return nil, err
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	n, full := 0, false
	var werr error
	add := func(row ...any) bool {
		if werr != nil || full {
			return false
		}
		if n >= MaxExportRows {
			full = true
			return false
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		werr = sw.SetRow(cell, row)
		n++
		return werr == nil
	}
	if err := s.Rows(add); err != nil {
		return nil, err
	}
	if werr != nil {
		return nil, werr
	}
	if full {
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cell, []any{"仅导出前50000行，请缩小查询条件后分批导出"}); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := x.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ExportQuery is the current list's query without its page, for the
// "导出 Excel" link next to the list: the export applies the same filters.
func ExportQuery(q url.Values) string {
	c := url.Values{}
	for k, v := range q {
		if k != "page" && k != "after" && k != "size" {
			c[k] = v
		}
	}
	if len(c) == 0 {
		return ""
	}
	return "?" + c.Encode()
}

// APISpec is the OpenAPI document of /api/v1 (set by package web), for
// the integration page's list of areas.
var APISpec []byte
