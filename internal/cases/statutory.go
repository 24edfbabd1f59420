package cases

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"slices"
	"strconv"

	"zfjd/internal/store"
)

// StatutoryRange is the fine range the law sets for the case's matter
// (法定罚款幅度; registry.StatutoryFine, table matters). FINE_OUT_OF_RANGE
// judges a fine against it when no discretion benchmark applies.
//
// Which part binds: when multiples are set and the case's base — 货值金额
// (facts.case_amount_fen) for goods_value, 违法所得 (facts.illegal_income_fen)
// for illegal_income — is above zero and at or above MultipleFromFen (nil:
// any base above zero), the fine must lie within base × [MultipleMin,
// MultipleMax]; otherwise within [MinFen, MaxFen], when either is set.
// 食品安全法 Art. 124 第一款 is MinFen 5万元, MaxFen 10万元, multiples 10–20
// of goods_value from 1万元: 货值 5,000 元 → 5万–10万元; 货值 2万元 → 20万–40万元.
// A base of zero is read as "不足" (or "没有违法所得"): the fixed amounts.
type StatutoryRange struct {
	MinFen, MaxFen           *int64
	MultipleMin, MultipleMax *float64
	MultipleOf               string // goods_value | illegal_income | ""
	MultipleFromFen          *int64
	Basis                    string // the article (statutory_basis, else the matter's legal_basis)
}

// loadStatutory reads the statutory fine range of a matter, or nil when
// the matter is unknown or sets none.
func loadStatutory(ctx context.Context, q store.Querier, matterCode string) (*StatutoryRange, error) {
	var lo, hi, from sql.NullInt64
	var mlo, mhi sql.NullFloat64
	var r StatutoryRange
	var legal string
	err := q.QueryRowContext(ctx, `SELECT statutory_fine_min_fen, statutory_fine_max_fen, statutory_multiple_min, statutory_multiple_max,
		statutory_multiple_of, statutory_multiple_from_fen, statutory_basis, legal_basis FROM matters WHERE code = $1`, matterCode).
		Scan(&lo, &hi, &mlo, &mhi, &r.MultipleOf, &from, &r.Basis, &legal)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r.MinFen, r.MaxFen, r.MultipleFromFen = nullInt(lo), nullInt(hi), nullInt(from)
	r.MultipleMin, r.MultipleMax = nullFloat(mlo), nullFloat(mhi)
	if r.MinFen == nil && r.MaxFen == nil && r.MultipleMin == nil && r.MultipleMax == nil {
		return nil, nil
	}
	if r.Basis == "" {
		r.Basis = legal
	}
	return &r, nil
}

func nullInt(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

func nullFloat(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	return &n.Float64
}

// statutoryApplies reports whether FINE_OUT_OF_RANGE judges decision d by
// the statutory range: d imposes a fine, the matter has a range, and no
// benchmark tier at all is in force for the case on the decision date
// (with a benchmark, its tiers are the range, 处罚法 Art. 34).
func (j *judge) statutoryApplies(d *Event) bool {
	if j.env.Statutory == nil || !penalised(d) || !slices.ContainsFunc(d.Penalties, func(p Penalty) bool { return p.Kind == "fine" }) {
		return false
	}
	if j.env.Range != nil {
		for _, t := range Tiers {
			if j.env.Range(t, d.when.Date) != nil {
				return false
			}
		}
	}
	return true
}

// checkStatutoryRange: the law's range binds every decision (处罚法 Art. 4,
// 5; a benchmark may only narrow it, Art. 34), so a written reason or a
// collective discussion does not excuse a fine outside it, and the warning
// is red. Per tier (处罚法 Art. 30–33):
//   - 不予处罚 (none) has no fine at all;
//   - 减轻处罚 (mitigated) is a penalty below the statutory minimum — a
//     lower amount or a lighter kind (种类减轻) — so the minimum does not
//     bind it; the maximum still does. A mitigated fine at or above the
//     minimum is still a lawful fine (the mitigation may lie in the kind)
//     and is not flagged;
//   - 从轻 (lighter), 一般, 从重 and an unstated tier stay inside the range: a
//     fine below the minimum is lawful only as 减轻 on a statutory ground.
func checkStatutoryRange(j *judge, d *Event) {
	s := j.env.Statutory
	fine := fineOf(d)
	if d.Tier == "none" {
		if fine > 0 {
			j.fire("FINE_OUT_OF_RANGE", "red", "statutory", d.when.Date, "裁量阶次为“不予处罚”，却处以罚款%s；不予处罚的，不得处以罚款", yuan(fine))
		}
		return
	}
	lo, hi, how := s.bounds(j.c.Facts)
	if lo == nil && hi == nil {
		return
	}
	basis := ""
	if s.Basis != "" {
		basis = "，依据" + s.Basis
	}
	switch {
	case hi != nil && fine > *hi && d.Tier == "mitigated":
		j.fire("FINE_OUT_OF_RANGE", "red", "statutory", d.when.Date, "裁量阶次为“减轻处罚”，罚款%s却超过法定罚款幅度（%s%s）的上限，本事项未适用裁量基准",
			yuan(fine), how, basis)
	case hi != nil && fine > *hi:
		j.fire("FINE_OUT_OF_RANGE", "red", "statutory", d.when.Date, "罚款%s超过法定罚款幅度（%s%s）的上限，本事项未适用裁量基准", yuan(fine), how, basis)
	case lo != nil && fine < *lo && d.Tier != "mitigated":
		j.fire("FINE_OUT_OF_RANGE", "red", "statutory", d.when.Date, "罚款%s低于法定罚款幅度（%s%s）的下限，本事项未适用裁量基准；"+
			"低于法定最低限额只能是有法定情节的减轻处罚（《行政处罚法》第三十条、第三十二条），本案裁量阶次为“%s”",
			yuan(fine), how, basis, tierText(d.Tier))
	}
}

// bounds is the range binding a fine on facts f (nil: unbounded on that
// side) and its description for messages.
func (s *StatutoryRange) bounds(f Facts) (lo, hi *int64, how string) {
	baseName, base := "", int64(0)
	switch s.MultipleOf {
	case "goods_value":
		baseName, base = "货值金额", f.CaseAmountFen
	case "illegal_income":
		baseName, base = "违法所得", f.IllegalIncomeFen
	}
	multiples := baseName != "" && (s.MultipleMin != nil || s.MultipleMax != nil)
	from := int64(1)
	if s.MultipleFromFen != nil && *s.MultipleFromFen > 1 {
		from = *s.MultipleFromFen
	}
	if multiples && base > 0 && base >= from {
		// Rounded outward: a fine within a fen of base × multiple is inside.
		if s.MultipleMin != nil {
			lo = ptrInt(int64(math.Floor(float64(base) * *s.MultipleMin)))
		}
		if s.MultipleMax != nil {
			hi = ptrInt(int64(math.Ceil(float64(base) * *s.MultipleMax)))
		}
		return lo, hi, baseName + yuan(base) + "的" + multipleRange(s.MultipleMin, s.MultipleMax) + "，即" + fenRange(lo, hi)
	}
	if s.MinFen == nil && s.MaxFen == nil {
		return nil, nil, ""
	}
	how = fenRange(s.MinFen, s.MaxFen)
	switch {
	case !multiples:
	case base == 0 && from > 1:
		how = "未填写" + baseName + "，按不足" + yuan(from) + "计，" + how
	case base == 0:
		how = "未填写" + baseName + "，按没有" + baseName + "计，" + how
	default:
		how = baseName + yuan(base) + "，不足" + yuan(from) + "，" + how
	}
	return s.MinFen, s.MaxFen, how
}

func fenRange(lo, hi *int64) string {
	return rangeText(&FineRange{MinFen: lo, MaxFen: hi})
}

func multipleRange(lo, hi *float64) string {
	m := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) + "倍" }
	switch {
	case lo != nil && hi != nil:
		return m(*lo) + "至" + m(*hi)
	case lo != nil:
		return m(*lo) + "以上"
	case hi != nil:
		return m(*hi) + "以下"
	}
	return ""
}
