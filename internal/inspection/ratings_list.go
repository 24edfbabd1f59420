package inspection

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// RatingRow is one rating as supervision reads it.
type RatingRow struct {
	InspectionID int64
	AgencyName   string
	Enterprise   string
	VisitDay     string
	Score        int
	Comment      string
	At           int64
}

// RatingFilter narrows supervision's list of ratings: the rated agency,
// scores at most MaxScore (0: any; 1–2 are the complaints of 事后评价).
type RatingFilter struct {
	Agency   string
	MaxScore int
	Page     registry.Page
}

// Check refuses malformed filter values with the field named.
func (f *RatingFilter) Check() error {
	bad := apperr.Fields{}
	if f.Agency != "" && ident.ValidateUSCC(f.Agency) != nil {
		bad.Set("agency", "执法主体代码无效")
	}
	if f.MaxScore < 0 || f.MaxScore > 5 {
		bad.Set("max_score", "应为1至5分")
	}
	return bad.Err()
}

func (f *RatingFilter) where(p *auth.Principal) *store.Where {
	w := &store.Where{}
	auth.FilterRatings(p, w, "r.region_code")
	if f.Agency != "" {
		w.Add("r.agency_code = ?", f.Agency)
	}
	if f.MaxScore > 0 {
		w.Add("r.score <= ?", f.MaxScore)
	}
	return w
}

// Ratings lists the ratings of f p may read (supervision only: a rating is
// never shown to the inspecting agency), newest first, one page.
func (s *Service) Ratings(ctx context.Context, db *store.DB, p *auth.Principal, f *RatingFilter) ([]RatingRow, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	f.Page.Normalize()
	w := f.where(p)
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM inspection_ratings r`+w.SQL(), w.Args...).Scan(&f.Page.Total); err != nil {
		return nil, err
	}
	n := len(w.Args)
	rows, err := db.R.QueryContext(ctx, `SELECT r.inspection_id, COALESCE(a.name, r.agency_code), i.enterprise_name, i.visit_day,
		r.score, r.comment, r.at FROM inspection_ratings r JOIN inspections i ON i.id = r.inspection_id
		LEFT JOIN agencies a ON a.code = r.agency_code`+w.SQL()+` ORDER BY r.at DESC, r.inspection_id DESC LIMIT $`+strconv.Itoa(n+1)+
		` OFFSET $`+strconv.Itoa(n+2), append(w.Args, f.Page.Size, f.Page.Offset())...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RatingRow
	for rows.Next() {
		var r RatingRow
		if err := rows.Scan(&r.InspectionID, &r.AgencyName, &r.Enterprise, &r.VisitDay, &r.Score, &r.Comment, &r.At); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ExportRatings writes the ratings of f p may read (all pages, newest
// first, at most MaxExport) as an xlsx workbook.
func (s *Service) ExportRatings(ctx context.Context, db *store.DB, p *auth.Principal, f *RatingFilter, out io.Writer) error {
	if err := f.Check(); err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "企业评价"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"评价时间", "执法主体", "企业", "入企日期", "评分", "意见", "检查编号"}); err != nil {
		return err
	}
	row := 2
	f.Page.Size = 200
	for f.Page.Page = 1; row-2 < MaxExport; f.Page.Page++ {
		list, err := s.Ratings(ctx, db, p, f)
		if err != nil {
			return err
		}
		for _, r := range list {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			at := time.UnixMilli(r.At).In(clock.Shanghai).Format("2006-01-02 15:04")
			if err := sw.SetRow(cell, []any{at, r.AgencyName, r.Enterprise, r.VisitDay, r.Score, r.Comment, r.InspectionID}); err != nil {
				return err
			}
			row++
		}
		if len(list) < f.Page.Size {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return x.Write(out)
}

// RatedAgency is an agency with ratings p may read (the filter's choices).
type RatedAgency struct{ Code, Name string }

// RatedAgencies are the agencies whose visits were rated, as p may read
// them, by code (at most 500).
func RatedAgencies(ctx context.Context, q store.Querier, p *auth.Principal) ([]RatedAgency, error) {
	w := &store.Where{}
	auth.FilterRatings(p, w, "r.region_code")
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT r.agency_code, COALESCE(a.name, r.agency_code) FROM inspection_ratings r
		LEFT JOIN agencies a ON a.code = r.agency_code`+w.SQL()+` ORDER BY r.agency_code LIMIT 500`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RatedAgency
	for rows.Next() {
		var a RatedAgency
		if err := rows.Scan(&a.Code, &a.Name); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
