package coordination

import (
	"context"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// The other kinds of the overlap list (issue 18: "重复执法、多头执法、选择性
// 执法 … agencies acting outside the matters they hold"), over the same
// region and filing window as Overlaps, read live from the cases table.
//
// 选择性执法 is taken as 类案不同罚 inside one agency (spec/supervision-v1.md
// §2 SIMILAR_CASE_DISPARITY; 国办发〔2022〕27号 on 裁量基准: 同案同罚、类案
// 同罚): the cases one agency filed in the window on one matter and
// decided with a fine at one discretion tier, at least SelectiveCases of
// them, the highest fine at least SelectiveRatio times the lowest — the
// same agency treating like violations very differently. Both figures
// are the region's settings (OverlapSettings).
//
// Acting outside the matters held (执法主体不适格, 行政处罚法 Art. 17,
// 行政执法监督条例 Art. 11(一), the case warning MATTER_NOT_HELD): the
// cases filed in the window on a matter of the 权责清单 that the case's
// agency does not hold, by agency and matter, with the agencies that do.

// Selective is one agency's fined cases of one matter and tier in the
// window whose fines lie far apart.
type Selective struct {
	Agency, AgencyName, Matter, MatterName, Tier string
	MinFen, MaxFen                               int64
	Cases                                        []OverlapCase
	Fines                                        []int64 // each case's fine, in fen, lowest first as Cases
}

// NotHeld is one agency's cases on a matter it does not hold.
type NotHeld struct {
	Agency, AgencyName, Matter, MatterName string
	Holders                                []OverlapAgency // who holds the matter on the 权责清单
	Cases                                  []OverlapCase
}

// maxGroups bounds each kind's list as MaxOverlaps bounds the overlaps.
const maxGroups = MaxOverlaps

// SelectiveEnforcement lists the 选择性执法 groups of f's region and window
// (f as Overlaps prepares it), the widest gap first. Only the region's
// supervision body reads them.
func SelectiveEnforcement(ctx context.Context, db *store.DB, p *auth.Principal, f *OverlapFilter) ([]*Selective, error) {
	if err := prepared(ctx, db, p, f); err != nil {
		return nil, err
	}
	w := &store.Where{}
	lo, hi := regionRange(f.Region)
	w.Add("region_code >= ? AND region_code < ?", lo, hi)
	w.Add("filed_on >= ? AND filed_on <= ?", f.From, f.To)
	w.Add("decided_on <> '' AND fine_fen > 0 AND tier <> ''")
	rows, err := db.R.QueryContext(ctx, `SELECT agency_code, matter_code, tier, MIN(fine_fen), MAX(fine_fen) FROM cases`+w.SQL()+
		` GROUP BY agency_code, matter_code, tier HAVING COUNT(*) >= `+w.Arg(f.Settings.SelectiveCases)+
		` AND MAX(fine_fen) >= MIN(fine_fen) * `+w.Arg(f.Settings.SelectiveRatio)+
		` ORDER BY MAX(fine_fen) * 1.0 / MIN(fine_fen) DESC, agency_code, matter_code, tier LIMIT `+w.Arg(maxGroups), w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*Selective
	for rows.Next() {
		var s Selective
		if err := rows.Scan(&s.Agency, &s.Matter, &s.Tier, &s.MinFen, &s.MaxFen); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, &s)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	for _, s := range out {
		w := &store.Where{}
		w.Add("c.agency_code = ? AND c.matter_code = ? AND c.tier = ?", s.Agency, s.Matter, s.Tier)
		w.Add("c.region_code >= ? AND c.region_code < ?", lo, hi)
		w.Add("c.filed_on >= ? AND c.filed_on <= ?", f.From, f.To)
		w.Add("c.decided_on <> '' AND c.fine_fen > 0")
		err := scanCases(ctx, db, w, "c.fine_fen, c.id", func(c OverlapCase, fine int64) {
			s.AgencyName, s.MatterName = c.AgencyName, c.MatterName
			s.Cases, s.Fines = append(s.Cases, c), append(s.Fines, fine)
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NotHeldMatters lists, by agency and matter, the cases of f's region and
// window on matters their agency does not hold. Only the region's
// supervision body reads them.
func NotHeldMatters(ctx context.Context, db *store.DB, p *auth.Principal, f *OverlapFilter) ([]*NotHeld, error) {
	if err := prepared(ctx, db, p, f); err != nil {
		return nil, err
	}
	w := &store.Where{}
	lo, hi := regionRange(f.Region)
	w.Add("c.region_code >= ? AND c.region_code < ?", lo, hi)
	w.Add("c.filed_on >= ? AND c.filed_on <= ?", f.From, f.To)
	w.Add(`EXISTS (SELECT 1 FROM matters mm WHERE mm.code = c.matter_code AND NOT EXISTS (SELECT 1 FROM matter_agencies ma
		WHERE ma.matter_id = mm.id AND ma.agency_code = c.agency_code))`)
	var out []*NotHeld
	var cur *NotHeld
	err := scanCases(ctx, db, w, "c.agency_code, c.matter_code, c.filed_on, c.id", func(c OverlapCase, _ int64) {
		if cur == nil || cur.Agency != c.Agency || cur.Matter != c.Matter {
			if len(out) == maxGroups {
				return
			}
			cur = &NotHeld{Agency: c.Agency, AgencyName: c.AgencyName, Matter: c.Matter, MatterName: c.MatterName}
			out = append(out, cur)
		}
		cur.Cases = append(cur.Cases, c)
	})
	if err != nil {
		return nil, err
	}
	for _, o := range out {
		rows, err := db.R.QueryContext(ctx, `SELECT ma.agency_code, COALESCE(a.name, ma.agency_code) FROM matters m
			JOIN matter_agencies ma ON ma.matter_id = m.id LEFT JOIN agencies a ON a.code = ma.agency_code
			WHERE m.code = $1 ORDER BY ma.agency_code`, o.Matter)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var a OverlapAgency
			if err := rows.Scan(&a.Code, &a.Name); err != nil {
				rows.Close()
				return nil, err
			}
			o.Holders = append(o.Holders, a)
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// prepared fills f (Prepare) and checks p coordinates its region.
func prepared(ctx context.Context, db *store.DB, p *auth.Principal, f *OverlapFilter) error {
	if err := f.Prepare(ctx, db.R, p); err != nil {
		return err
	}
	if !auth.CanCoordinate(p, f.Region) {
		return apperr.New(apperr.Forbidden, "重复执法发现仅供本辖区的行政执法监督机构查看")
	}
	return nil
}

// scanCases reads the cases w selects, in order, at most 500, each with
// its fine, to each.
func scanCases(ctx context.Context, db *store.DB, w *store.Where, order string, each func(c OverlapCase, fine int64)) error {
	rows, err := db.R.QueryContext(ctx, `SELECT c.id, c.case_no, c.title, c.agency_code, c.matter_code, c.filed_on, c.status, c.fine_fen,
		COALESCE(a.name, c.agency_code), COALESCE(m.name, c.matter_code)
		FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code LEFT JOIN matters m ON m.code = c.matter_code`+w.SQL()+
		` ORDER BY `+order+` LIMIT 500`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c OverlapCase
		var fine int64
		if err := rows.Scan(&c.ID, &c.CaseNo, &c.Title, &c.Agency, &c.Matter, &c.FiledOn, &c.Status, &fine, &c.AgencyName,
			&c.MatterName); err != nil {
			return err
		}
		each(c, fine)
	}
	return rows.Err()
}
