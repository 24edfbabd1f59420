package warning

// 未履职 (DOMAIN.md C3): the powers of kind 行政处罚 or 行政检查 that an
// agency holds on its 权责清单 and did not use in a calendar year — no case
// of that matter by that agency registered, filed or decided in the year
// (inspections count too once the platform records them) — listed per
// agency and region for the annual report (未履职报告), with the agency's
// own explanation (its admin enters one per matter and year; audited).

import (
	"context"
	"database/sql"
	"io"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// InactionKinds are the matter kinds whose non-use is reported.
var InactionKinds = []string{"penalty", "inspection"}

// InactionFilter selects the list: the region subtree (default the
// viewer's), the year (default this year), optionally one agency.
type InactionFilter struct {
	Region string
	Year   int
	Agency string
	Page   registry.Page
}

// InactionItem is one power not used in the year.
type InactionItem struct {
	AgencyCode  string `json:"agency_code"`
	AgencyName  string `json:"agency_name"`
	RegionCode  string `json:"region_code"`
	MatterCode  string `json:"matter_code"`
	MatterName  string `json:"matter_name"`
	MatterKind  string `json:"matter_kind"`
	Explanation string `json:"explanation"`
	ExplainedBy string `json:"explained_by,omitempty"`
	ExplainedAt string `json:"explained_at,omitempty"` // RFC 3339
}

// KindLabel is the matter kind's Chinese name.
func (i *InactionItem) KindLabel() string {
	return registry.LabelOf(registry.MatterKinds, i.MatterKind)
}

// InactionCheck normalizes f for p: a bad region or year is 400, a region
// outside p's jurisdiction 404.
func InactionCheck(ctx context.Context, p *auth.Principal, f *InactionFilter) error {
	if !auth.CanViewSupervision(p) {
		return apperr.New(apperr.Forbidden, "无权查看未履职情况")
	}
	fs := apperr.Fields{}
	f.Region = strings.TrimSpace(f.Region)
	if f.Region == "" {
		f.Region = p.Region
	} else if ident.ValidateRegionCode(f.Region) != nil {
		fs.Set("region_code", "行政区划代码无效")
	}
	now := CardYearNow(ctx)
	if f.Year == 0 {
		f.Year = now
	} else if f.Year < 2000 || f.Year > now {
		fs.Set("year", "年度应在2000年至"+strconv.Itoa(now)+"年之间")
	}
	if err := fs.Err(); err != nil {
		return err
	}
	if !ident.Contains(p.Region, f.Region) && !(f.Region == "" && p.Region == "") {
		return apperr.NotFoundf("行政区划")
	}
	f.Page.Normalize()
	return nil
}

func inactionWhere(p *auth.Principal, f *InactionFilter) *store.Where {
	w := &store.Where{}
	w.Add("m.kind IN ('penalty', 'inspection')")
	w.Add("a.status <> 'revoked'")
	auth.FilterAgencies(p, w, "a.region_code", "a.code")
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add("a.region_code >= ? AND a.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Agency != "" {
		w.Add("a.code = ?", f.Agency)
	}
	from, to := cardYear(f.Year)
	y0, y1 := strconv.Itoa(f.Year)+"-01-01", strconv.Itoa(f.Year+1)+"-01-01"
	w.Add(`NOT EXISTS (SELECT 1 FROM cases c WHERE c.agency_code = a.code AND c.matter_code = m.code AND
		((c.created_at >= ? AND c.created_at < ?) OR (c.filed_on >= ? AND c.filed_on < ?) OR (c.decided_on >= ? AND c.decided_on < ?)))`,
		from, to, y0, y1, y0, y1)
	return w
}

const inactionFrom = ` FROM matter_agencies ma JOIN matters m ON m.id = ma.matter_id JOIN agencies a ON a.code = ma.agency_code`

// ListInaction lists one page of the powers not used in f.Year in p's
// scope, by region, agency and matter; f.Page.Total is set.
func ListInaction(ctx context.Context, db *store.DB, p *auth.Principal, f *InactionFilter) ([]InactionItem, error) {
	if err := InactionCheck(ctx, p, f); err != nil {
		return nil, err
	}
	w := inactionWhere(p, f)
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*)`+inactionFrom+w.SQL(), w.Args...).Scan(&f.Page.Total); err != nil {
		return nil, err
	}
	return inactionQuery(ctx, db, f, w, f.Page.Size, f.Page.Offset())
}

func inactionQuery(ctx context.Context, db *store.DB, f *InactionFilter, w *store.Where, limit, offset int) ([]InactionItem, error) {
	year := w.Arg(f.Year)
	q := `SELECT a.code, a.name, a.region_code, m.code, m.name, m.kind, COALESCE(e.explanation, ''), COALESCE(e.updated_by, ''),
		COALESCE(e.updated_at, 0)` + inactionFrom + ` LEFT JOIN inaction_explanations e ON e.agency_code = a.code
		AND e.matter_code = m.code AND e.year = ` + year + w.SQL() + ` ORDER BY a.region_code, a.code, m.code LIMIT ` +
		w.Arg(limit) + ` OFFSET ` + w.Arg(offset)
	rows, err := db.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InactionItem{}
	for rows.Next() {
		var it InactionItem
		var at int64
		if err := rows.Scan(&it.AgencyCode, &it.AgencyName, &it.RegionCode, &it.MatterCode, &it.MatterName, &it.MatterKind,
			&it.Explanation, &it.ExplainedBy, &at); err != nil {
			return nil, err
		}
		if at > 0 {
			it.ExplainedAt = cardRFC3339(at)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// ExportInaction writes the whole list of f (at most InactionMaxExport rows) as xlsx.
func ExportInaction(ctx context.Context, db *store.DB, p *auth.Principal, f *InactionFilter, out io.Writer) error {
	if err := InactionCheck(ctx, p, f); err != nil {
		return err
	}
	list, err := inactionQuery(ctx, db, f, inactionWhere(p, f), InactionMaxExport, 0)
	if err != nil {
		return err
	}
	rows := make([][]any, len(list))
	for i, it := range list {
		rows[i] = []any{it.RegionCode, it.AgencyName, it.AgencyCode, it.MatterCode, it.MatterName, it.KindLabel(), it.Explanation}
	}
	return dashXLSX(out, strconv.Itoa(f.Year)+"年未履职", []any{"区划", "执法主体", "主体代码", "事项编码", "事项名称", "事项类别", "情况说明"}, rows)
}

// MaxExplanation is the longest explanation, in characters.
const MaxExplanation = textcheck.Long

// ExplainInaction stores the agency's explanation of not using matter in
// year (empty text removes it), audited. Only the agency's admin or head
// may; the matter must be one the agency holds.
func ExplainInaction(ctx context.Context, db *store.DB, p *auth.Principal, agency, matter string, year int, text string) error {
	text = strings.TrimSpace(text)
	f := apperr.Fields{}
	textcheck.CheckText(f, "explanation", text, MaxExplanation)
	if now := CardYearNow(ctx); year < 2000 || year > now {
		f.Set("year", "年度应在2000年至"+strconv.Itoa(now)+"年之间")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var region, kind string
		err := tx.QueryRowContext(ctx, `SELECT a.region_code, m.kind`+inactionFrom+` WHERE a.code = $1 AND m.code = $2`,
			agency, matter).Scan(&region, &kind)
		t := auth.Target{Region: region, Agencies: []string{agency}}
		if err == sql.ErrNoRows || (err == nil && !auth.CanSee(p, t)) {
			return apperr.NotFoundf("执法主体的该项职权")
		}
		if err != nil {
			return err
		}
		if !auth.CanExplainInaction(p, agency, t) {
			return apperr.New(apperr.Forbidden, "只有本部门管理员可以填写未履职情况说明")
		}
		var before string
		_ = tx.QueryRowContext(ctx, `SELECT explanation FROM inaction_explanations WHERE agency_code = $1 AND matter_code = $2
			AND year = $3`, agency, matter, year).Scan(&before)
		if text == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM inaction_explanations WHERE agency_code = $1 AND matter_code = $2 AND year = $3`,
				agency, matter, year)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO inaction_explanations (agency_code, matter_code, year, region_code, explanation,
				updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (agency_code, matter_code, year) DO UPDATE SET
				explanation = excluded.explanation, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				agency, matter, year, region, text, clock.Millis(ctx), p.Name)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "explain", "inaction", agency+"/"+matter+"/"+strconv.Itoa(year), region,
			map[string]string{"explanation": before}, map[string]string{"explanation": text})
	})
}

// InactionMaxExport is the most rows one export writes.
const InactionMaxExport = 100_000
