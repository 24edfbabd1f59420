package cases

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// The warned rollup (migration 00075, issue 15): per region × month of
// registration × agency, the cases registered and of them those that ever
// had a finding — the warning panel's 预警率 (warning.GetStats) without
// joining a province's cases to its findings. It is the registered cell
// of case_rollup_assess (rollup_assess.go) by month: the region, agency
// and "ever warned" that the case's assess_json records, in the month
// (Asia/Shanghai) of its created_at, which never changes. So it moves
// exactly when the assessment counts move (syncAssess), and a rebuild
// writes it from the same cells (RebuildRollup).

// warnedKey is a row of case_rollup_warned.
type warnedKey struct{ region, month, agency string }

// warnedSums are counts (registered, warned) per row.
type warnedSums map[warnedKey]*[2]int64

// warnedMonth is the month (Asia/Shanghai) of a registration instant.
func warnedMonth(createdAt int64) string {
	return time.UnixMilli(createdAt).In(clock.Shanghai).Format("2006-01")
}

// add counts, times sign, the registered cell among cs of a case
// registered at createdAt (none when it has no such cell).
func (s warnedSums) add(cs []assessCell, createdAt, sign int64) {
	for _, c := range cs {
		if c.N[aRegistered] == 0 {
			continue
		}
		k := warnedKey{c.Region, warnedMonth(createdAt), c.Agency}
		d := s[k]
		if d == nil {
			d = &[2]int64{}
			s[k] = d
		}
		d[0] += sign * c.N[aRegistered]
		d[1] += sign * c.N[aWarned]
		return
	}
}

func (s warnedSums) sorted() []warnedKey {
	keys := make([]warnedKey, 0, len(s))
	for k, v := range s {
		if *v != ([2]int64{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b warnedKey) int {
		return strings.Compare(a.region+"|"+a.month+"|"+a.agency, b.region+"|"+b.month+"|"+b.agency)
	})
	return keys
}

// apply adds the deltas in key order (the saving transaction: the same
// order in every transaction, so two never wait on each other's rows).
func (s warnedSums) apply(ctx context.Context, q store.Querier) error {
	for _, k := range s.sorted() {
		v := s[k]
		if _, err := q.ExecContext(ctx, `INSERT INTO case_rollup_warned (region_code, month, agency_code, registered, warned)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code, month, agency_code) DO UPDATE SET
			registered = case_rollup_warned.registered + excluded.registered, warned = case_rollup_warned.warned + excluded.warned`,
			k.region, k.month, k.agency, v[0], v[1]); err != nil {
			return err
		}
	}
	return nil
}

// insert writes the sums into the empty table (rebuilds).
func (s warnedSums) insert(ctx context.Context, q store.Querier) error {
	keys := s.sorted()
	rows := make([][]any, len(keys))
	for i, k := range keys {
		rows[i] = []any{k.region, k.month, k.agency, s[k][0], s[k][1]}
	}
	return insertRows(ctx, q, `INSERT INTO case_rollup_warned (region_code, month, agency_code, registered, warned) VALUES `, 5, rows)
}

// warnedKeySetting marks a database whose case_rollup_warned was written
// from all its cases (RebuildRollup or rebuildWarned).
const warnedKeySetting = "case_rollup_warned_v1"

// rebuildWarned writes case_rollup_warned from the kept assessment cells
// of every case (EnsureRollup: a database whose other rollups were built
// before migration 00075), without rebuilding the rest.
func rebuildWarned(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM case_rollup_warned`); err != nil {
		return err
	}
	sums := warnedSums{}
	if err := eachRow(ctx, tx, `SELECT c.created_at, k.assess_json FROM case_rollup_contrib k JOIN cases c ON c.id = k.case_id`, nil,
		func(s func(...any) error) error {
			var at int64
			var js string
			err := s(&at, &js)
			sums.add(decodeAssess(js), at, 1)
			return err
		}); err != nil {
		return err
	}
	if err := sums.insert(ctx, tx); err != nil {
		return err
	}
	return markBuilt(ctx, tx, warnedKeySetting)
}
