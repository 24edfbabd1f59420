package coordination

import (
	"context"
	"database/sql"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter narrows the list of disputes. Zero fields do not filter.
type Filter struct {
	Status, Kind, Region, Agency string
	Open                         bool // not yet settled, decided or withdrawn
	Overdue                      bool // with an open overdue-answer finding
}

// Check validates f's enumerations and codes, naming the field.
func (f *Filter) Check() error {
	bad := apperr.Fields{}
	if f.Status != "" && !valid(Statuses, f.Status) {
		bad.Set("status", "状态无效")
	}
	if f.Kind != "" && !valid(Kinds, f.Kind) {
		bad.Set("kind", "争议类型无效")
	}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region", "区划代码无效")
	}
	return bad.Err()
}

const partyIn = "EXISTS (SELECT 1 FROM dispute_parties x WHERE x.dispute_id = d.id AND x.agency_code = ?)"

// List lists the disputes p may see, newest first, one page of them, each
// with its parties.
func (s *Service) List(ctx context.Context, p *auth.Principal, f Filter, pg *registry.Page) ([]*Dispute, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	w := &store.Where{}
	auth.FilterDisputes(p, w, "d.region_code", partyIn)
	if f.Region != "" {
		prefix := ident.RegionPrefix(f.Region)
		w.Add("d.region_code >= ? AND d.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Status != "" {
		w.Add("d.status = ?", f.Status)
	}
	if f.Kind != "" {
		w.Add("d.kind = ?", f.Kind)
	}
	if f.Agency != "" {
		w.Add(partyIn, ident.NormalizeUSCC(f.Agency))
	}
	if f.Open {
		w.Add("d.status IN ('answering', 'answered', 'meeting', 'proposed')")
	}
	if f.Overdue {
		w.Add("EXISTS (SELECT 1 FROM findings y WHERE y.subject_kind = 'dispute' AND y.subject_id = d.id AND y.status = 'open')")
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM disputes d`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+disputeCols+` FROM disputes d`+w.SQL()+` ORDER BY d.id DESC LIMIT `+
		w.Arg(pg.Size)+` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	out := []*Dispute{}
	for rows.Next() {
		d, err := scanDispute(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, d)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, d := range out {
		if d.Parties, err = loadParties(ctx, s.db.R, d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// MaxExport is the most rows one export writes.
const MaxExport = 10_000

// Export writes the disputes of f that p may see (newest first, at most
// MaxExport) as an xlsx workbook.
func (s *Service) Export(ctx context.Context, p *auth.Principal, f Filter, out io.Writer) error {
	x := excelize.NewFile()
	defer x.Close()
	const sheet = "执法争议"
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{"编号", "提请日期", "争议类型", "争议事项", "提请机关", "争议机关", "区划", "关联事项", "答复期限",
		"状态", "协调结果"}); err != nil {
		return err
	}
	row := 2
	for page := 1; row-2 < MaxExport; page++ {
		pg := &registry.Page{Page: page, Size: 200}
		list, err := s.List(ctx, p, f, pg)
		if err != nil {
			return err
		}
		for _, d := range list {
			var names []string
			for _, x := range d.Parties {
				names = append(names, x.Name)
			}
			applicant := "监督机构依职权"
			if d.Applicant != "" {
				applicant = d.PartyName(d.Applicant)
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{d.ID, d.OpenedOn, Label(Kinds, d.Kind), d.Title, applicant, strings.Join(names, "、"),
				d.RegionCode, d.MatterCode, d.AnswerDue, Label(Statuses, d.Status), d.Outcome}); err != nil {
				return err
			}
			row++
		}
		if len(list) < pg.Size {
			break
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = x.WriteTo(out)
	return err
}

// Due is the disputes' part in the daily pass: a dispute whose answer
// deadline ran out since it was last judged gets its overdue findings.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: Kind, Table: "disputes", Rejudge: s.Rejudge}
}

// Rejudge judges dispute id again on today (the passage of time alone):
// deadlines, next check and findings; nothing a person recorded changes,
// so no record-log leaf.
func (s *Service) Rejudge(ctx context.Context, id int64) error {
	return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		d, err := loadFull(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := flow.Swap(ctx, tx, "disputes", d.ID, d.Version); err != nil {
			return err
		}
		return s.judge(ctx, tx, d)
	})
}
