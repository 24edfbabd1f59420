package docs

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/discretion"
	"zfjd/internal/store"
)

// discretionBasis is what the decision says its discretion followed: the
// benchmark (处罚法 Art. 34) only when one applied to the decision — a
// version in force on the decision date setting the decision's tier for
// the case's region — and otherwise the law's own range: the matter's
// statutory_basis, else its legal basis.
type discretionBasis struct {
	benchmark string // names the benchmark version that applied, "" = none
	statutory string // the article setting the fine range
}

// loadDiscretionBasis fills d.discretion for the case's decision.
func (d *caseData) loadDiscretionBasis(ctx context.Context, q store.Querier) error {
	var st string
	err := q.QueryRowContext(ctx, `SELECT statutory_basis FROM matters WHERE code = $1`, d.c.MatterCode).Scan(&st)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	d.discretion.statutory = strings.TrimSpace(st)
	if d.discretion.statutory == "" {
		d.discretion.statutory = strings.TrimSpace(d.basis)
	}
	dec := d.first("decided")
	if dec == nil || dec.Tier == "" {
		return nil
	}
	r, err := discretion.RangeFor(ctx, q, d.c.MatterCode, d.c.RegionCode, day(dec), dec.Tier)
	if apperr.Is(err, apperr.Invalid) { // a region or date no benchmark can be looked up for
		return nil
	}
	if err != nil || r == nil {
		return err
	}
	name := r.SetByName
	if name == "" {
		name = r.SetBy
	}
	d.discretion.benchmark = name + cnDate(r.EffectiveFrom) + "起施行的行政处罚裁量基准"
	return nil
}

// tierClause ends the discretion sentence with the tier and what it follows.
func (d *caseData) tierClause(dec *cases.Event) string {
	if dec.Tier == "" {
		return "，依法予以处罚"
	}
	by := "依法"
	switch {
	case d.discretion.benchmark != "":
		by = "依照" + d.discretion.benchmark
		if dec.Tier == "ordinary" {
			return "，" + by + "，按“一般”裁量阶次予以处罚"
		}
	case d.discretion.statutory != "":
		by = "依照" + d.discretion.statutory + "的规定"
		if dec.Tier == "ordinary" {
			return "，" + by + "，在法定处罚幅度内予以处罚"
		}
	case dec.Tier == "ordinary":
		return "，依法在法定处罚幅度内予以处罚"
	}
	return "，" + by + "，决定对当事人" + cases.TierLabels[dec.Tier]
}

// deviationClause states a written reason: leaving the benchmark's range
// when one applied, else simply the reason for the amount.
func (d *caseData) deviationClause(dev string) string {
	if d.discretion.benchmark != "" {
		return "本案罚款数额偏离裁量基准的理由：" + dev + "。"
	}
	return "本案确定罚款数额的理由：" + dev + "。"
}
