package cases

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"zfjd/internal/store"
)

// The statistics rollup (migration 00029, issue 15): what each case counts
// for in case_rollup — the month it was filed and whether it is closed;
// the month of its decision with the outcome, the heaviest penalty, the
// 罚没金额, the days from filing to decision, whether it was published and
// whether it was annulled. syncRollup moves a case's counts in the case's
// saving transaction; RebuildRollup recomputes the whole table after a
// bulk load that wrote cases without the service (internal/scale).

// Contrib is what one case counts for in case_rollup.
type Contrib struct {
	Region, Agency, Matter, Procedure string
	FiledMonth                        string // YYYY-MM of filing (registration when never filed)
	Closed                            bool   // 办结: closed, archived or transferred
	DecidedMonth                      string // YYYY-MM of the decision, "" when undecided
	Outcome, Penalty                  string // Penalty: the heaviest kind (HeaviestPenalty)
	Annulled                          bool
	AmountFen, FineFen                int64 // 罚没金额 (fines and confiscations), fines alone
	Days                              int64 // days from filing to decision; -1 when not both
	Published                         bool
	// 行政强制 (行政强制法 Arts. 9, 12, 53): the case's 查封、扣押 counted in
	// the month of its first one, its 申请法院强制执行 in the month of its
	// first application (a case whose measures span two years counts them
	// in the first's year).
	CoerceMonth, EnforceMonth string
	Coerce, Enforce           int64
}

// HeaviestPenalty is the kind a decision with these penalties counts under
// in the 行政执法统计年报 (one decision is one 宗, counted once under its
// heaviest penalty, domain-research §1.11): the last of PenaltyKinds
// present, "other" only when nothing else is; "" for no penalty.
func HeaviestPenalty(ps []Penalty) string {
	best := -1
	other := false
	for _, p := range ps {
		if p.Kind == "other" {
			other = true
			continue
		}
		best = max(best, slices.Index(PenaltyKinds, p.Kind))
	}
	switch {
	case best >= 0:
		return PenaltyKinds[best]
	case other:
		return "other"
	}
	return ""
}

// ConfiscationAmount is a decision's 罚没金额: the amounts of its fines and
// confiscations.
func ConfiscationAmount(ps []Penalty) int64 {
	var n int64
	for _, p := range ps {
		switch p.Kind {
		case "fine", "confiscate_income", "confiscate_property":
			n += p.AmountFen
		}
	}
	return n
}

// ContribOf is what c, as judged (Status set), counts for.
func ContribOf(c *Case) Contrib {
	k := Contrib{Region: c.RegionCode, Agency: c.AgencyCode, Matter: c.MatterCode, Procedure: c.Procedure, Days: -1,
		Closed: c.Status == "closed" || c.Status == "archived" || c.Status == "transferred"}
	var filed, first, decided *Event
	for i := range c.Events {
		e := &c.Events[i]
		earlier := func(x *Event) bool { return x == nil || e.when.Date.Before(x.when.Date) }
		switch {
		case e.Type == "filed" && earlier(filed):
			filed = e
		case e.Type == "decided" && earlier(decided):
			decided = e
		case e.Type == "annulled":
			k.Annulled = true
		}
		switch e.Type {
		case "published":
			k.Published = true
		case "seized":
			k.Coerce++
			if m := e.when.Date.String(); e.when.Date.Valid() && (k.CoerceMonth == "" || m[:7] < k.CoerceMonth) {
				k.CoerceMonth = m[:7]
			}
		case "enforcement_applied":
			k.Enforce++
			if m := e.when.Date.String(); e.when.Date.Valid() && (k.EnforceMonth == "" || m[:7] < k.EnforceMonth) {
				k.EnforceMonth = m[:7]
			}
		}
		if earlier(first) {
			first = e
		}
	}
	if filed == nil {
		filed = first
	}
	if filed != nil && filed.when.Date.Valid() {
		k.FiledMonth = filed.when.Date.String()[:7]
	}
	if decided == nil || !decided.when.Date.Valid() {
		k.Published = false
		return k
	}
	k.DecidedMonth, k.Outcome = decided.when.Date.String()[:7], decided.Outcome
	if decided.Outcome == "penalty" {
		k.Penalty = HeaviestPenalty(decided.Penalties)
		if k.Penalty == "" {
			k.Penalty = "other" // a penalty decision that names none
		}
		k.AmountFen, k.FineFen = ConfiscationAmount(decided.Penalties), fineOf(decided)
	}
	if filed != nil && filed.Type == "filed" && filed.when.Date.Valid() {
		k.Days = int64(dayTime(decided.when.Date.String()).Sub(dayTime(filed.when.Date.String())).Hours() / 24)
	}
	return k
}

func dayTime(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

// syncRollup moves c's counts in case_rollup to what c now counts for.
// It reads the case's old contribution inside tx, so running it again
// after a failed group commit (whose transaction rolled back) is right.
func syncRollup(ctx context.Context, tx store.Querier, c *Case) error {
	old, had, err := readContrib(ctx, tx, c.ID)
	if err != nil {
		return err
	}
	return syncRollupFrom(ctx, tx, c, old, had)
}

// syncRollupFrom is syncRollup on c's contribution as read (old, had) in
// the same transaction.
func syncRollupFrom(ctx context.Context, tx store.Querier, c *Case, old Contrib, had bool) error {
	now := ContribOf(c)
	if had && old == now {
		return nil
	}
	if had {
		if err := addRollup(ctx, tx, old, -1); err != nil {
			return err
		}
	}
	if err := addRollup(ctx, tx, now, 1); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO case_rollup_contrib (case_id, region_code, agency_code, matter_code, procedure_kind,
		filed_month, closed, decided_month, outcome, penalty, annulled, amount_fen, fine_fen, days, published,
		coerce_month, coerce_n, enforce_month, enforce_n)
		VALUES (`+marks(1, 19)+`) ON CONFLICT (case_id) DO UPDATE SET region_code = excluded.region_code,
		agency_code = excluded.agency_code, matter_code = excluded.matter_code, procedure_kind = excluded.procedure_kind,
		filed_month = excluded.filed_month, closed = excluded.closed, decided_month = excluded.decided_month,
		outcome = excluded.outcome, penalty = excluded.penalty, annulled = excluded.annulled, amount_fen = excluded.amount_fen,
		fine_fen = excluded.fine_fen, days = excluded.days, published = excluded.published,
		coerce_month = excluded.coerce_month, coerce_n = excluded.coerce_n, enforce_month = excluded.enforce_month,
		enforce_n = excluded.enforce_n`, contribArgs(c.ID, now)...)
	return err
}

func contribArgs(id int64, k Contrib) []any {
	return []any{id, k.Region, k.Agency, k.Matter, k.Procedure, k.FiledMonth, b2i(k.Closed), k.DecidedMonth, k.Outcome,
		k.Penalty, b2i(k.Annulled), k.AmountFen, k.FineFen, k.Days, b2i(k.Published), k.CoerceMonth, k.Coerce, k.EnforceMonth, k.Enforce}
}

func readContrib(ctx context.Context, q store.Querier, id int64) (Contrib, bool, error) {
	var k Contrib
	var closed, annulled, published int
	err := q.QueryRowContext(ctx, `SELECT region_code, agency_code, matter_code, procedure_kind, filed_month, closed, decided_month,
		outcome, penalty, annulled, amount_fen, fine_fen, days, published, coerce_month, coerce_n, enforce_month, enforce_n
		FROM case_rollup_contrib WHERE case_id = $1`, id).Scan(
		&k.Region, &k.Agency, &k.Matter, &k.Procedure, &k.FiledMonth, &closed, &k.DecidedMonth, &k.Outcome, &k.Penalty,
		&annulled, &k.AmountFen, &k.FineFen, &k.Days, &published, &k.CoerceMonth, &k.Coerce, &k.EnforceMonth, &k.Enforce)
	if errors.Is(err, sql.ErrNoRows) {
		return k, false, nil
	}
	k.Closed, k.Annulled, k.Published = closed == 1, annulled == 1, published == 1
	return k, err == nil, err
}

// readContribs reads the stored contributions of the cases ids (a batch
// of the due pass), as readContrib reads one.
func readContribs(ctx context.Context, q store.Querier, ids []int64) (map[int64]Contrib, error) {
	out := map[int64]Contrib{}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 512)]
		ids = ids[len(batch):]
		w := &store.Where{}
		rows, err := q.QueryContext(ctx, `SELECT case_id, region_code, agency_code, matter_code, procedure_kind, filed_month, closed,
			decided_month, outcome, penalty, annulled, amount_fen, fine_fen, days, published, coerce_month, coerce_n, enforce_month, enforce_n
			FROM case_rollup_contrib WHERE case_id IN (`+inMarks(w, batch)+`)`, w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var k Contrib
			var closed, annulled, published int
			if err := rows.Scan(&id, &k.Region, &k.Agency, &k.Matter, &k.Procedure, &k.FiledMonth, &closed, &k.DecidedMonth, &k.Outcome,
				&k.Penalty, &annulled, &k.AmountFen, &k.FineFen, &k.Days, &published, &k.CoerceMonth, &k.Coerce, &k.EnforceMonth,
				&k.Enforce); err != nil {
				rows.Close()
				return nil, err
			}
			k.Closed, k.Annulled, k.Published = closed == 1, annulled == 1, published == 1
			out[id] = k
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// rollupCell is one row's key of case_rollup and what is added to it.
type rollupCell struct {
	region, month, kind, agency, matter, procedure, outcome, penalty string
	annulled                                                         int
}

type rollupSums struct{ n, closed, amount, fine, days, timed, published int64 }

// cells are the (at most two) rows k counts in, with its counts.
func (k Contrib) cells() map[rollupCell]rollupSums {
	out := map[rollupCell]rollupSums{}
	if k.FiledMonth != "" {
		out[rollupCell{k.Region, k.FiledMonth, "filed", k.Agency, k.Matter, k.Procedure, "", "", 0}] = rollupSums{n: 1, closed: int64(b2i(k.Closed))}
	}
	if k.DecidedMonth != "" {
		s := rollupSums{n: 1, amount: k.AmountFen, fine: k.FineFen, published: int64(b2i(k.Published))}
		if k.Days >= 0 {
			s.days, s.timed = k.Days, 1
		}
		out[rollupCell{k.Region, k.DecidedMonth, "decided", k.Agency, k.Matter, k.Procedure, k.Outcome, k.Penalty, b2i(k.Annulled)}] = s
	}
	return out
}

// addRollup adds k's counts times sign to its cells of both rollups,
// dropping emptied rows.
func addRollup(ctx context.Context, q store.Querier, k Contrib, sign int64) error {
	for cell, s := range k.cells() {
		if err := upsertCell(ctx, q, cell, s, sign); err != nil {
			return err
		}
	}
	return addWide(ctx, q, k, sign)
}

func upsertCell(ctx context.Context, q store.Querier, c rollupCell, s rollupSums, sign int64) error {
	args := []any{c.region, c.month, c.kind, c.agency, c.matter, c.procedure, c.outcome, c.penalty, c.annulled,
		sign * s.n, sign * s.closed, sign * s.amount, sign * s.fine, sign * s.days, sign * s.timed, sign * s.published}
	if _, err := q.ExecContext(ctx, `INSERT INTO case_rollup (region_code, month, kind, agency_code, matter_code, procedure_kind,
		outcome, penalty, annulled, n, closed, amount_fen, fine_fen, days, timed, published) VALUES (`+marks(1, 16)+`)
		ON CONFLICT (region_code, month, kind, agency_code, matter_code, procedure_kind, outcome, penalty, annulled) DO UPDATE SET
		n = case_rollup.n + excluded.n, closed = case_rollup.closed + excluded.closed,
		amount_fen = case_rollup.amount_fen + excluded.amount_fen, fine_fen = case_rollup.fine_fen + excluded.fine_fen,
		days = case_rollup.days + excluded.days, timed = case_rollup.timed + excluded.timed,
		published = case_rollup.published + excluded.published`, args...); err != nil {
		return err
	}
	if sign > 0 {
		return nil
	}
	_, err := q.ExecContext(ctx, `DELETE FROM case_rollup WHERE region_code = $1 AND month = $2 AND kind = $3 AND agency_code = $4
		AND matter_code = $5 AND procedure_kind = $6 AND outcome = $7 AND penalty = $8 AND annulled = $9 AND n = 0`, args[:9]...)
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
