package registry

// Bulk import of officers and matters from a spreadsheet (DOMAIN.md C2, C3,
// C16). A file is read whole, every row is parsed and then run through the
// same validation and access checks as the API inside one transaction; the
// transaction is committed only when every row is good, so a file is
// imported completely or not at all.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// Import limits.
const (
	importMaxBytes = 10 << 20 // upload size
	importMaxRows  = 20000    // non-empty data rows per file
	// importHeaderScan is how many non-empty rows may precede the header
	// (a title row such as "某某市执法人员信息表" is common).
	importHeaderScan = 10
)

// Content types of the templates.
const (
	contentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	contentTypeCSV  = "text/csv; charset=utf-8"
)

// ImportResult is the outcome of a bulk import. When Errors is non-empty
// nothing was written and the counts are zero; Rows is always the number
// of non-empty data rows read from the file.
type ImportResult struct {
	Rows      int        `json:"rows"`
	Created   int        `json:"created"`
	Updated   int        `json:"updated"`
	Unchanged int        `json:"unchanged"`
	Errors    []RowError `json:"errors"`
	// Skipped are rows left out on purpose, each with why (the page's
	// notes): e.g. a benchmark row of a higher level in a county's own
	// export, which the county does not set.
	Skipped []RowError `json:"-"`
}

// OK reports whether the file was imported.
func (r *ImportResult) OK() bool { return len(r.Errors) == 0 }

// Summary is a one-line Chinese account of the result for the page.
func (r *ImportResult) Summary() string {
	if !r.OK() {
		return fmt.Sprintf("共%d行数据，发现%d处错误，未导入任何数据。请修改后重新上传。", r.Rows, len(r.Errors))
	}
	return fmt.Sprintf("导入成功：共%d行，新增%d条，更新%d条，无变化%d条。", r.Rows, r.Created, r.Updated, r.Unchanged)
}

// RowError is one problem in one row of an imported file.
type RowError struct {
	Row     int    `json:"row"`    // spreadsheet row number, the header being 1
	Column  string `json:"column"` // Chinese column title; empty for the row as a whole
	Message string `json:"message"`
}

// importColumn describes one column of an import file and its template.
type importColumn struct {
	Title    string   // header title users see
	Path     string   // apperr field path of the API
	Required bool     // the column must be in the header
	Text     bool     // template formats the column as text (codes, numbers with leading zeros)
	Date     bool     // template formats the column as a date
	Width    float64  // template column width
	Example  string   // template example value
	Help     string   // 说明 sheet text
	Choices  []string // template drop-down list
}

// importSpec describes one kind of import file.
type importSpec struct {
	Entity  string // audit entity
	Sheet   string // template sheet name
	Columns []importColumn
	Notes   []string // general notes on the 说明 sheet
}

func (s *importSpec) column(path string) string {
	for _, c := range s.Columns {
		if c.Path == path {
			return c.Title
		}
	}
	return ""
}

func (s *importSpec) index(title string) int {
	for i, c := range s.Columns {
		if c.Title == title {
			return i
		}
	}
	return len(s.Columns)
}

// importRow is one non-empty data row of a file.
type importRow struct {
	Num   int      // spreadsheet row number
	Cells []string // cleaned cells in file order
}

// importTable is a file read into rows, with its header located.
type importTable struct {
	xlsx     bool
	date1904 bool
	cols     map[string]int // column title → cell index
	rows     []importRow
}

// get returns the cell of row r under title and whether the file has that column.
func (t *importTable) get(r importRow, title string) (string, bool) {
	i, ok := t.cols[title]
	if !ok {
		return "", false
	}
	if i < len(r.Cells) {
		return r.Cells[i], true
	}
	return "", true
}

func (t *importTable) has(title string) bool {
	_, ok := t.cols[title]
	return ok
}

// rowProblems collects the problems of one row, one per column.
type rowProblems struct {
	row  int
	errs []RowError
}

func (p *rowProblems) add(column, msg string) {
	for _, e := range p.errs {
		if e.Column == column && column != "" {
			return
		}
	}
	p.errs = append(p.errs, RowError{Row: p.row, Column: column, Message: msg})
}

func (p *rowProblems) has(column string) bool {
	return slices.ContainsFunc(p.errs, func(e RowError) bool { return e.Column == column })
}

// addErr maps an error of normalize or put to columns. Field problems of
// columns that already failed to parse are dropped: the parse message is
// the better one. Errors other than apperr ones are returned: they are
// failures of the system, not of the row.
func (p *rowProblems) addErr(spec *importSpec, err error) error {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err
	}
	if len(e.Fields) == 0 {
		p.add("", e.Message)
		return nil
	}
	paths := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		paths = append(paths, k)
	}
	slices.Sort(paths)
	for _, k := range paths {
		col := spec.column(k)
		if col != "" && p.has(col) {
			continue
		}
		p.add(col, e.Fields[k])
	}
	return nil
}

// sorted returns the problems in column order.
func (p *rowProblems) sorted(spec *importSpec) []RowError {
	slices.SortStableFunc(p.errs, func(a, b RowError) int { return spec.index(a.Column) - spec.index(b.Column) })
	return p.errs
}

// errImportRejected rolls the import transaction back when a row failed.
var errImportRejected = errors.New("registry: import rejected")

// importOutcome is what one row did.
type importOutcome int

const (
	outcomeCreated importOutcome = iota
	outcomeUpdated
	outcomeUnchanged
)

// runImport runs each row through fn inside one transaction and commits
// only when no row has a problem. fn reports a row's problems in p and
// returns an error only for a failure of the system.
func runImport(ctx context.Context, db *store.DB, p *auth.Principal, spec *importSpec, t *importTable, filename string,
	fn func(tx *sql.Tx, row importRow, probs *rowProblems) (importOutcome, error)) (*ImportResult, error) {
	res := &ImportResult{Rows: len(t.rows), Errors: []RowError{}}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for _, row := range t.rows {
			if err := ctx.Err(); err != nil {
				return err
			}
			probs := &rowProblems{row: row.Num}
			out, err := fn(tx, row, probs)
			if err != nil {
				return err
			}
			if len(probs.errs) > 0 {
				res.Errors = append(res.Errors, probs.sorted(spec)...)
				continue
			}
			switch out {
			case outcomeCreated:
				res.Created++
			case outcomeUpdated:
				res.Updated++
			default:
				res.Unchanged++
			}
		}
		if len(res.Errors) > 0 {
			return errImportRejected
		}
		if res.Created+res.Updated == 0 {
			return nil
		}
		name := path.Base(strings.ReplaceAll(filename, `\`, "/"))
		if r := []rune(name); len(r) > 200 {
			name = string(r[:200])
		}
		return audit.Record(ctx, tx, p, "import", spec.Entity, name, p.Region, nil, map[string]any{
			"file": name, "rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged,
		})
	})
	if errors.Is(err, errImportRejected) {
		res.Created, res.Updated, res.Unchanged = 0, 0, 0
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}
