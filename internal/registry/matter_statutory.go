package registry

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
)

// StatutoryFine is the fine range the law itself sets for a penalty matter
// (法定罚款幅度), used to judge a fine when no discretion benchmark applies
// (处罚法 Art. 34 lets a benchmark narrow the law's range, never widen it).
//
// A law states the range in one of three shapes, all representable here:
//
//   - fixed amounts: 处五千元以上五万元以下罚款 → min 500000, max 5000000;
//   - multiples of a base: 并处货值金额等值以上三倍以下的罚款 → multiples 1–3 of
//     goods_value, no fixed amounts;
//   - both, switching at a base amount: 食品安全法 Art. 124 第一款 "货值金额不足
//     一万元的，并处五万元以上十万元以下罚款；货值金额一万元以上的，并处货值金额十倍
//     以上二十倍以下罚款" → min 5000000, max 10000000, multiples 10–20 of
//     goods_value from 1000000 (1万元).
//
// The rule (cases.StatutoryRange, which carries the same data): with
// multiples set and the case's base (goods_value: facts.case_amount_fen;
// illegal_income: facts.illegal_income_fen) above zero and at or above
// MultipleFromFen (nil: any base above zero), the fine must lie within
// base × the multiples; otherwise within the fixed amounts, when set.
// "货值金额不足十万元的，按十万元计算" (药品管理法) is the fixed amounts 10万 ×
// the multiples with MultipleFromFen 10万.
type StatutoryFine struct {
	StatutoryFineMinFen      *int64   `json:"statutory_fine_min_fen"`
	StatutoryFineMaxFen      *int64   `json:"statutory_fine_max_fen"`
	StatutoryMultipleMin     *float64 `json:"statutory_multiple_min"`
	StatutoryMultipleMax     *float64 `json:"statutory_multiple_max"`
	StatutoryMultipleOf      string   `json:"statutory_multiple_of"`       // goods_value 货值金额 | illegal_income 违法所得 | ""
	StatutoryMultipleFromFen *int64   `json:"statutory_multiple_from_fen"` // base at and above which the multiples apply
	StatutoryBasis           string   `json:"statutory_basis"`             // the article setting the range
}

// MultipleBases are the amounts a statutory fine may be a multiple of.
var MultipleBases = []Option{{"goods_value", "货值金额"}, {"illegal_income", "违法所得"}}

// statutoryMaxFen caps amounts (one trillion 元) far from overflow, as the
// benchmarks do; multiples are capped at 1000.
const (
	statutoryMaxFen      = 100_000_000_000_000
	statutoryMaxMultiple = 1000
)

// IsSet reports whether any part of the range is given.
func (s StatutoryFine) IsSet() bool {
	return s.StatutoryFineMinFen != nil || s.StatutoryFineMaxFen != nil || s.hasMultiples()
}

func (s StatutoryFine) hasMultiples() bool {
	return s.StatutoryMultipleMin != nil || s.StatutoryMultipleMax != nil
}

// normalize checks the range; problems go to f under the JSON field names.
func (s *StatutoryFine) normalize(kind string, f apperr.Fields) {
	s.StatutoryMultipleOf = strings.TrimSpace(s.StatutoryMultipleOf)
	s.StatutoryBasis = strings.TrimSpace(s.StatutoryBasis)
	for _, v := range []struct {
		name, label string
		val         *int64
	}{{"statutory_fine_min_fen", "法定罚款下限", s.StatutoryFineMinFen}, {"statutory_fine_max_fen", "法定罚款上限", s.StatutoryFineMaxFen},
		{"statutory_multiple_from_fen", "倍数适用起点金额", s.StatutoryMultipleFromFen}} {
		if v.val != nil && (*v.val < 0 || *v.val > statutoryMaxFen) {
			f.Set(v.name, v.label+"应为不小于0的整数（分）")
		}
	}
	if lo, hi := s.StatutoryFineMinFen, s.StatutoryFineMaxFen; lo != nil && hi != nil && *lo > *hi {
		f.Set("statutory_fine_max_fen", fmt.Sprintf("法定罚款上限（%s元）不能低于下限（%s元）", FormatYuan(*hi), FormatYuan(*lo)))
	}
	for _, v := range []struct {
		name, label string
		val         *float64
	}{{"statutory_multiple_min", "法定罚款倍数下限", s.StatutoryMultipleMin}, {"statutory_multiple_max", "法定罚款倍数上限", s.StatutoryMultipleMax}} {
		if v.val != nil && (math.IsNaN(*v.val) || *v.val < 0 || *v.val > statutoryMaxMultiple) {
			f.Set(v.name, v.label+"应为0至1000之间的数")
		}
	}
	if lo, hi := s.StatutoryMultipleMin, s.StatutoryMultipleMax; lo != nil && hi != nil && *lo > *hi {
		f.Set("statutory_multiple_max", fmt.Sprintf("法定罚款倍数上限（%s倍）不能低于下限（%s倍）", multiple(*hi), multiple(*lo)))
	}
	switch {
	case s.StatutoryMultipleOf != "" && !isOption(MultipleBases, s.StatutoryMultipleOf):
		f.Set("statutory_multiple_of", "倍数基数应为 goods_value（货值金额）或 illegal_income（违法所得）")
	case s.hasMultiples() && s.StatutoryMultipleOf == "":
		f.Set("statutory_multiple_of", "填写了法定罚款倍数，请注明是货值金额（goods_value）还是违法所得（illegal_income）的倍数")
	case !s.hasMultiples() && s.StatutoryMultipleOf != "":
		f.Set("statutory_multiple_of", "未填写法定罚款倍数，不应注明倍数基数")
	}
	if !s.hasMultiples() && s.StatutoryMultipleFromFen != nil {
		f.Set("statutory_multiple_from_fen", "未填写法定罚款倍数，不应填写倍数适用起点金额")
	}
	if len([]rune(s.StatutoryBasis)) > 1000 {
		f.Set("statutory_basis", "法定罚款幅度依据不能超过1000个字")
	}
	if s.IsSet() && kind != "" && kind != "penalty" {
		f.Set("statutory_fine_min_fen", "只有行政处罚事项可以设定法定罚款幅度")
	}
}

// same reports whether two ranges are equal.
func (s StatutoryFine) same(o StatutoryFine) bool {
	i := func(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	x := func(a, b *float64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }
	return i(s.StatutoryFineMinFen, o.StatutoryFineMinFen) && i(s.StatutoryFineMaxFen, o.StatutoryFineMaxFen) &&
		x(s.StatutoryMultipleMin, o.StatutoryMultipleMin) && x(s.StatutoryMultipleMax, o.StatutoryMultipleMax) &&
		s.StatutoryMultipleOf == o.StatutoryMultipleOf && i(s.StatutoryMultipleFromFen, o.StatutoryMultipleFromFen) &&
		s.StatutoryBasis == o.StatutoryBasis
}

// statutoryCols follow matterCols in every matter query.
const statutoryCols = `, m.statutory_fine_min_fen, m.statutory_fine_max_fen, m.statutory_multiple_min, m.statutory_multiple_max,
	m.statutory_multiple_of, m.statutory_multiple_from_fen, m.statutory_basis`

// statutoryScan receives statutoryCols.
type statutoryScan struct {
	min, max, from sql.NullInt64
	mmin, mmax     sql.NullFloat64
	of, basis      string
}

func (r *statutoryScan) dest() []any {
	return []any{&r.min, &r.max, &r.mmin, &r.mmax, &r.of, &r.from, &r.basis}
}

func (r *statutoryScan) value() StatutoryFine {
	s := StatutoryFine{StatutoryMultipleOf: r.of, StatutoryBasis: r.basis}
	if r.min.Valid {
		s.StatutoryFineMinFen = &r.min.Int64
	}
	if r.max.Valid {
		s.StatutoryFineMaxFen = &r.max.Int64
	}
	if r.from.Valid {
		s.StatutoryMultipleFromFen = &r.from.Int64
	}
	if r.mmin.Valid {
		s.StatutoryMultipleMin = &r.mmin.Float64
	}
	if r.mmax.Valid {
		s.StatutoryMultipleMax = &r.mmax.Float64
	}
	return s
}

// setStatutory writes the range of matter id (after its insert or update,
// in the same transaction).
func setStatutory(ctx context.Context, tx *sql.Tx, id int64, s StatutoryFine) error {
	_, err := tx.ExecContext(ctx, `UPDATE matters SET statutory_fine_min_fen = $2, statutory_fine_max_fen = $3,
		statutory_multiple_min = $4, statutory_multiple_max = $5, statutory_multiple_of = $6, statutory_multiple_from_fen = $7,
		statutory_basis = $8 WHERE id = $1`, id, s.StatutoryFineMinFen, s.StatutoryFineMaxFen, s.StatutoryMultipleMin,
		s.StatutoryMultipleMax, s.StatutoryMultipleOf, s.StatutoryMultipleFromFen, s.StatutoryBasis)
	return err
}

// StatutoryText describes the range in Chinese for pages, e.g.
// "货值金额不足10000元的，50000元以上100000元以下；货值金额10000元以上的，货值金额10倍以上20倍以下".
// It is "" when no range is set.
func (s StatutoryFine) StatutoryText() string {
	fixed := amountRange(s.StatutoryFineMinFen, s.StatutoryFineMaxFen, yuanText)
	if !s.hasMultiples() {
		return fixed
	}
	base := LabelOf(MultipleBases, s.StatutoryMultipleOf)
	mult := base + amountRange(s.StatutoryMultipleMin, s.StatutoryMultipleMax, func(v float64) string { return multiple(v) + "倍" })
	from := s.StatutoryMultipleFromFen
	switch {
	case fixed == "" && from == nil:
		return mult
	case fixed == "":
		return base + yuanText(*from) + "以上的，" + mult
	case from == nil || *from <= 1:
		return "有" + base + "的，" + mult + "；没有" + base + "的，" + fixed
	}
	return base + "不足" + yuanText(*from) + "的，" + fixed + "；" + base + yuanText(*from) + "以上的，" + mult
}

func amountRange[T int64 | float64](lo, hi *T, text func(T) string) string {
	switch {
	case lo != nil && hi != nil:
		return text(*lo) + "以上" + text(*hi) + "以下"
	case lo != nil:
		return text(*lo) + "以上"
	case hi != nil:
		return text(*hi) + "以下"
	}
	return ""
}

// yuanText is fen as 元 without needless decimals: 50000元, 0.50元.
func yuanText(fen int64) string {
	return strings.TrimSuffix(FormatYuan(fen), ".00") + "元"
}

func multiple(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
