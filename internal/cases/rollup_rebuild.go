package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"zfjd/internal/store"
)

// rebuildBatch is how many cases RebuildRollup reads per query and how
// many contribution rows one INSERT carries. rowsPerInsert bounds every
// multi-row INSERT of the rollups: modernc's SQLite binds a parameter by
// searching its name in a list, so a statement's cost grows with the
// square of its parameters (100 rows × 31 columns: 3,100 parameters).
const (
	rebuildBatch  = 100
	rowsPerInsert = 100
)

// RebuildRollup recomputes case_rollup, case_rollup_wide and
// case_rollup_contrib from every
// case, in one transaction: after a bulk load that wrote cases without
// the service (internal/scale's COPY), or to repair the table. Cases are
// read in id order a batch at a time; only the columns and events the
// contribution needs are decoded.
func RebuildRollup(ctx context.Context, db *store.DB) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range []string{"case_rollup_contrib", "case_rollup", "case_rollup_wide", "case_rollup_area", "case_rollup_year", "case_rollup_ytd",
			"case_rollup_assess", "case_rollup_warned"} {
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		acc := NewRollup()
		sums := map[assessKey]*[nAssess]int64{} // case_rollup_assess (rollup_assess.go)
		warned := warnedSums{}                  // case_rollup_warned (rollup_warned.go)
		cals := &calMemo{}
		var last int64
		for {
			batch, err := rollupBatch(ctx, tx, last)
			if err != nil {
				return err
			}
			if len(batch) == 0 {
				break
			}
			ks := make(map[int64]Contrib, len(batch))
			for _, x := range batch {
				ks[x.id] = x.k
			}
			as, err := assessOf(ctx, tx, ks, cals)
			if err != nil {
				return err
			}
			args := make([]any, 0, len(batch)*21)
			for _, x := range batch {
				a := as[x.id]
				args = append(append(args, contribArgs(x.id, x.k)...), b2i(a.warned), a.encode())
				acc.Add(x.k)
				warned.add(a.cells, a.created, 1)
				for _, c := range a.cells {
					s := sums[c.assessKey]
					if s == nil {
						s = &[nAssess]int64{}
						sums[c.assessKey] = s
					}
					for i, v := range c.N {
						s[i] += v
					}
				}
				last = x.id
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO case_rollup_contrib (case_id, region_code, agency_code, matter_code,
				procedure_kind, filed_month, closed, decided_month, outcome, penalty, annulled, amount_fen, fine_fen, days, published,
				coerce_month, coerce_n, enforce_month, enforce_n, warned, assess_json) VALUES `+rowMarks(len(batch), 21), args...); err != nil {
				return err
			}
		}
		if err := acc.Write(ctx, tx, true); err != nil {
			return err
		}
		if err := insertAssess(ctx, tx, sums); err != nil {
			return err
		}
		if err := warned.insert(ctx, tx); err != nil {
			return err
		}
		if err := markBuilt(ctx, tx, rollupKey); err != nil {
			return err
		}
		return markBuilt(ctx, tx, warnedKeySetting)
	})
}

// rollupKey marks, in settings, a database whose rollups were built from
// all its cases (RebuildRollup), so that databases with cases from before
// migration 00029 (or, for v2, 00056) are filled once.
const rollupKey = "case_rollup_v3" // v2: the 行政强制 counts of migration 00056, the coarse rollups of 00057; v3: the assessment rollup of 00073

// EnsureRollup builds the rollups once for a database whose cases were
// written before they existed (run at start, before serving); afterwards
// every save keeps them. It returns at once when that was done.
//
// A database whose rollups are current but older than case_rollup_warned
// (migration 00075) gets only that table written (rebuildWarned).
func EnsureRollup(ctx context.Context, db *store.DB) error {
	has := func(key string) (bool, error) {
		var v string
		err := db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
		if err == sql.ErrNoRows {
			return false, nil
		}
		return err == nil, err
	}
	ok, err := has(rollupKey)
	if err != nil {
		return err
	}
	if !ok {
		return RebuildRollup(ctx, db)
	}
	if ok, err = has(warnedKeySetting); err != nil || ok {
		return err
	}
	return db.Tx(ctx, func(tx *sql.Tx) error { return rebuildWarned(ctx, tx) })
}

// markBuilt records in settings that the rollups of key were built from every case.
func markBuilt(ctx context.Context, q store.Querier, key string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, '1') ON CONFLICT (key) DO NOTHING`, key)
	return err
}

// Rollup sums contributions into the rows of both rollups in memory
// (RebuildRollup; the benchmarks load synthetic contributions with it).
type Rollup struct {
	cells map[rollupCell]rollupSums
	wide  map[wideKey][]int64
}

// NewRollup is an empty Rollup.
func NewRollup() *Rollup {
	return &Rollup{cells: map[rollupCell]rollupSums{}, wide: map[wideKey][]int64{}}
}

// Add counts k.
func (r *Rollup) Add(k Contrib) {
	for cell, s := range k.cells() {
		t := r.cells[cell]
		t.n, t.closed, t.amount, t.fine = t.n+s.n, t.closed+s.closed, t.amount+s.amount, t.fine+s.fine
		t.days, t.timed, t.published = t.days+s.days, t.timed+s.timed, t.published+s.published
		r.cells[cell] = t
	}
	for key, v := range k.wide() {
		if r.wide[key] == nil {
			r.wide[key] = make([]int64, len(WideCols))
		}
		for i := range v {
			r.wide[key][i] += v[i]
		}
	}
}

// Len is the number of rows of case_rollup and of case_rollup_wide.
func (r *Rollup) Len() (fine, wide int) { return len(r.cells), len(r.wide) }

// Write inserts the rows into empty tables: the coarse rollup, and the
// fine one when fine is set.
func (r *Rollup) Write(ctx context.Context, tx *sql.Tx, fine bool) error {
	if fine {
		if err := insertCells(ctx, tx, r.cells); err != nil {
			return err
		}
	}
	return insertWide(ctx, tx, r.wide)
}

type caseContrib struct {
	id int64
	k  Contrib
}

// rollupBatch reads the next cases after id last and what they count for.
func rollupBatch(ctx context.Context, q store.Querier, last int64) ([]caseContrib, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, region_code, agency_code, matter_code, procedure_kind, status, events_json
		FROM cases WHERE id > $1 ORDER BY id LIMIT `+fmt.Sprint(rebuildBatch), last)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []caseContrib
	for rows.Next() {
		var c Case
		var events string
		if err := rows.Scan(&c.ID, &c.RegionCode, &c.AgencyCode, &c.MatterCode, &c.Procedure, &c.Status, &events); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(events), &c.Events); err != nil {
			return nil, fmt.Errorf("case %d: events: %w", c.ID, err)
		}
		for i := range c.Events {
			c.Events[i].when, _ = parseWhen(c.Events[i].At)
		}
		out = append(out, caseContrib{c.ID, ContribOf(&c)})
	}
	return out, rows.Err()
}

// insertCells writes the summed cells, a batch of rows per INSERT.
func insertCells(ctx context.Context, tx *sql.Tx, sums map[rollupCell]rollupSums) error {
	const per = rowsPerInsert
	args := make([]any, 0, per*16)
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO case_rollup (region_code, month, kind, agency_code, matter_code, procedure_kind,
			outcome, penalty, annulled, n, closed, amount_fen, fine_fen, days, timed, published) VALUES `+rowMarks(n, 16), args...)
		args, n = args[:0], 0
		return err
	}
	for c, s := range sums {
		args = append(args, c.region, c.month, c.kind, c.agency, c.matter, c.procedure, c.outcome, c.penalty, c.annulled,
			s.n, s.closed, s.amount, s.fine, s.days, s.timed, s.published)
		if n++; n == per {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	return flush()
}

// marks is "$from, ..., $(from+n-1)".
func marks(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}

// rowMarks is rows groups of width placeholders: "($1, $2), ($3, $4)".
func rowMarks(rows, width int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + marks(r*width+1, width) + ")")
	}
	return b.String()
}
