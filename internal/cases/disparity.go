package cases

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"slices"

	"zfjd/internal/store"
)

// SIMILAR_CASE_DISPARITY (类案不同罚, spec/supervision-v1.md §2): a decided
// fine far from what the other decided cases of the same matter, tier,
// decision year and province received — at least min_cases of them, the
// fine at least twice or at most half their median, and beyond robust_sd
// robust standard deviations (1.4826 × MAD of the log fines).
//
// The distribution is kept incrementally: fine_stats counts the cases of
// each group per fine amount (fines cluster on round amounts, so a group
// has few rows), and fine_contrib remembers what each case counts for, so
// a case write moves at most one count out of one group and into another
// — nothing is rescanned. Median and MAD are computed exactly from the
// counts of the case's group when it is judged.

var disparityParams = []Param{
	{Name: "min_cases", Label: "最少类案数", Default: 20, Min: 5, Max: 10000, Unit: "件"},
	{Name: "robust_sd", Label: "偏离的稳健标准差倍数", Default: 3, Min: 1, Max: 10, Unit: "倍"},
}

// FineStats is the distribution of a group's fines, the case itself left out.
type FineStats struct {
	N         int64
	MedianFen float64 // exp of the median log fine
	MedianLog float64
	MADLog    float64
}

// fineGroup is what a case counts for in fine_stats.
type fineGroup struct {
	Matter, Tier, Province string
	Year                   int
	FineFen                int64
}

// contribution is c's group and fine, or nil when c counts for none: a
// penalty decision with a fine and a tier, not annulled.
func contribution(c *Case) *fineGroup {
	var d *Event
	annulled := false
	for i := range c.Events {
		e := &c.Events[i]
		switch {
		case e.Type == "decided" && (d == nil || e.when.Date.Before(d.when.Date)):
			d = e
		case e.Type == "annulled":
			annulled = true
		}
	}
	if d == nil || d.Outcome != "penalty" || d.Tier == "" || fineOf(d) <= 0 || annulled || len(c.RegionCode) < 2 || !d.when.Date.Valid() {
		return nil
	}
	return &fineGroup{Matter: c.MatterCode, Tier: d.Tier, Province: c.RegionCode[:2], Year: d.when.Date.Y, FineFen: fineOf(d)}
}

// loadDisparity moves c's count in fine_stats to what c now counts for
// and reads its group's distribution without it.
func loadDisparity(ctx context.Context, q store.Querier, c *Case, env *Env, m *envMemo) error {
	if c.SourceSystem == "" || c.SourceID == "" {
		return nil
	}
	now := contribution(c)
	var old fineGroup
	var had bool
	if g, ok := m.pageContrib(c); ok {
		if had = g != nil; had {
			old = *g
		}
	} else {
		err := q.QueryRowContext(ctx, `SELECT matter_code, tier, year, province, fine_fen FROM fine_contrib WHERE source_system = $1 AND source_id = $2`,
			c.SourceSystem, c.SourceID).Scan(&old.Matter, &old.Tier, &old.Year, &old.Province, &old.FineFen)
		had = err == nil
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	// Counts move only inside a write's transaction; a judgement on the
	// read pool (the due pass) finds them as the last write left them.
	_, inTx := q.(*sql.Tx)
	if inTx && !(had && now != nil && old == *now) && !(!had && now == nil) {
		if had {
			if err := countFine(ctx, q, old, -1); err != nil {
				return err
			}
			if _, err := q.ExecContext(ctx, `DELETE FROM fine_contrib WHERE source_system = $1 AND source_id = $2`, c.SourceSystem, c.SourceID); err != nil {
				return err
			}
		}
		if now != nil {
			if err := countFine(ctx, q, *now, 1); err != nil {
				return err
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO fine_contrib (source_system, source_id, matter_code, tier, year, province, fine_fen)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.SourceSystem, c.SourceID, now.Matter, now.Tier, now.Year, now.Province, now.FineFen); err != nil {
				return err
			}
		}
	}
	if now == nil || !env.Rules.On("SIMILAR_CASE_DISPARITY") {
		return nil
	}
	// Memoised only on the read pool: inside a write the counts move.
	var sm *envMemo
	if _, inTx := q.(*sql.Tx); !inTx {
		sm = m
	}
	all, err := sm.fineStats(ctx, q, *now)
	if err != nil {
		return err
	}
	var counts []fineCount
	for _, fc := range all {
		if fc.fen == now.FineFen {
			fc.n-- // the case itself
		}
		if fc.n > 0 {
			counts = append(counts, fc)
		}
	}
	env.Data.Similar = StatsOf(counts)
	return nil
}

// countFine adds delta to a group's count of one fine amount.
func countFine(ctx context.Context, q store.Querier, g fineGroup, delta int) error {
	res, err := q.ExecContext(ctx, `UPDATE fine_stats SET n = n + $6 WHERE matter_code = $1 AND tier = $2 AND year = $3 AND province = $4 AND fine_fen = $5`,
		g.Matter, g.Tier, g.Year, g.Province, g.FineFen, delta)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 && delta > 0 {
		_, err = q.ExecContext(ctx, `INSERT INTO fine_stats (matter_code, tier, year, province, fine_fen, n) VALUES ($1, $2, $3, $4, $5, $6)`,
			g.Matter, g.Tier, g.Year, g.Province, g.FineFen, delta)
		return err
	}
	if delta < 0 {
		_, err = q.ExecContext(ctx, `DELETE FROM fine_stats WHERE matter_code = $1 AND tier = $2 AND year = $3 AND province = $4 AND fine_fen = $5 AND n <= 0`,
			g.Matter, g.Tier, g.Year, g.Province, g.FineFen)
	}
	return err
}

type fineCount struct {
	fen int64
	n   int64
}

// StatsOf computes the median and MAD of the log fines from counts per
// amount (exact: each amount is one value repeated n times).
func StatsOf(counts []fineCount) *FineStats {
	var total int64
	vals := make([]wv, 0, len(counts))
	for _, c := range counts {
		if c.fen > 0 && c.n > 0 {
			vals = append(vals, wv{math.Log(float64(c.fen)), c.n})
			total += c.n
		}
	}
	if total == 0 {
		return &FineStats{}
	}
	med := weightedMedian(vals, total)
	dev := make([]wv, len(vals))
	for i, v := range vals {
		dev[i] = wv{math.Abs(v.x - med), v.n}
	}
	return &FineStats{N: total, MedianLog: med, MedianFen: math.Exp(med), MADLog: weightedMedian(dev, total)}
}

type wv struct {
	x float64
	n int64
}

// weightedMedian is the median of the values each repeated n times (the
// mean of the two middle ones for an even total).
func weightedMedian(vals []wv, total int64) float64 {
	slices.SortFunc(vals, func(a, b wv) int { return cmp.Compare(a.x, b.x) })
	at := func(k int64) float64 { // the k-th value, 0-based
		for _, v := range vals {
			if k < v.n {
				return v.x
			}
			k -= v.n
		}
		return vals[len(vals)-1].x
	}
	if total%2 == 1 {
		return at(total / 2)
	}
	return (at(total/2-1) + at(total/2)) / 2
}

// 国办发〔2022〕27号 (行政裁量权基准): 类案同罚、过罚相当.
func checkDisparity(j *judge) {
	d := j.decision()
	s := j.env.Data.Similar
	if !penalised(d) || s == nil || j.voided(d) != nil {
		return
	}
	fine := fineOf(d)
	minN, k := j.env.Rules.Param("SIMILAR_CASE_DISPARITY", "min_cases"), j.env.Rules.Param("SIMILAR_CASE_DISPARITY", "robust_sd")
	if fine <= 0 || s.N < minN {
		return
	}
	f := float64(fine)
	far := f >= 2*s.MedianFen || f <= s.MedianFen/2
	z := math.Abs(math.Log(f) - s.MedianLog)
	if !far || z <= float64(k)*1.4826*s.MADLog {
		return
	}
	way := "高于"
	if f < s.MedianFen {
		way = "低于"
	}
	j.fire("SIMILAR_CASE_DISPARITY", "yellow", "", d.when.Date, "罚款%s，明显%s本省同一事项、同一裁量阶次%d年其他%d件案件的罚款中位数%s（超出%d个稳健标准差），请核实是否类案不同罚",
		yuan(fine), way, d.when.Date.Y, s.N, yuan(int64(math.Round(s.MedianFen))), k)
}

// RebuildFineStats recomputes fine_stats and fine_contrib from every
// stored case — for data loaded around the service (bulk loaders), never
// on a case write.
func RebuildFineStats(ctx context.Context, tx *sql.Tx) (int, error) {
	if _, err := tx.ExecContext(ctx, `DELETE FROM fine_stats`); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM fine_contrib`); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE outcome = 'penalty' AND fine_fen > 0 ORDER BY id`)
	if err != nil {
		return 0, err
	}
	var cs []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			rows.Close()
			return 0, err
		}
		cs = append(cs, c)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cs {
		if err := loadDisparity(ctx, tx, c, &Env{Rules: RulesInForce{"SIMILAR_CASE_DISPARITY": {Enabled: false}}}, nil); err != nil {
			return n, fmt.Errorf("case %d: %w", c.ID, err)
		}
		n++
	}
	return n, nil
}
