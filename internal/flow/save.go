package flow

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// ErrStale reports that a subject changed between the read and the write
// of a save; Retry runs the whole unit again on the fresh row.
var ErrStale = errors.New("flow: subject changed since it was read")

// MaxTries bounds Retry; after it a caller sees a conflict to try again.
const MaxTries = 8

// Swap is the compare-and-swap of a save: it moves the subject's version
// from the one read to the next, and fails with ErrStale when another
// writer got there first. table is a constant of the caller. One SQL text
// for both engines: on PostgreSQL the second writer waits for the first's
// row lock, then finds the version moved; on SQLite writers are serial.
func Swap(ctx context.Context, tx *sql.Tx, table string, id, version int64) error {
	res, err := tx.ExecContext(ctx, `UPDATE `+table+` SET version = version + 1 WHERE id = $1 AND version = $2`, id, version)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrStale
	}
	return nil
}

// Retry runs fn in one transaction, and again from the start when it
// fails with ErrStale, a unique-key race (two first inserts) or a
// serialization failure, so concurrent writers never lose each other's
// work and never see a spurious error.
func Retry(ctx context.Context, db *store.DB, fn func(tx *sql.Tx) error) error {
	var err error
	for range MaxTries {
		err = db.Tx(ctx, fn)
		if !retryable(err) {
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return apperr.New(apperr.Conflict, "数据正被他人同时修改，请稍后重试")
}

func retryable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrStale) || store.IsUniqueViolation(err) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "SQLSTATE 40001") || strings.Contains(s, "SQLSTATE 40P01") || strings.Contains(s, "database is locked")
}

// Retryable reports whether a save failed only because another writer got
// there first (Retry's test), so the caller may read again and redo it.
func Retryable(err error) bool { return retryable(err) }

// Write is one caller's part of a group commit: Main writes the subject
// (its row, findings, audit), Last what every writer serialises on (the
// record log's leaf: log_state is one row), so a group takes that lock
// once, at its end. Both may run more than once (a failed group is retried
// one by one), so they must not change what they were built from.
type Write struct {
	Main, Last func(ctx context.Context, tx *sql.Tx) error
}

// maxGroup bounds the writes committed in one transaction.
const maxGroup = 64

// Commit runs w in a transaction shared with the writes other goroutines
// hand to Commit for db meanwhile (group commit): SQLite has one writer,
// and PostgreSQL one log_state row, so a group pays for one transaction,
// one lock and one sync instead of one each (on PostgreSQL a few groups
// run at once, see pgGroups). Each write runs with its own
// context. When a group fails, each of its writes is run again in its own
// transaction, so one write's failure (a stale version, a bad row) is its
// caller's error alone and never loses or half-writes another's.
func Commit(ctx context.Context, db *store.DB, w Write) error {
	g := groupOf(db)
	j := &groupJob{ctx: ctx, w: w, wake: make(chan bool, 1)}
	g.mu.Lock()
	g.queue = append(g.queue, j)
	if g.leading {
		g.mu.Unlock()
		if done := <-j.wake; done {
			return j.err
		}
		// promoted: j leads the next groups
	} else {
		g.leading = true
		g.mu.Unlock()
	}
	g.lead(db, j)
	return j.err
}

type groupJob struct {
	ctx  context.Context
	w    Write
	err  error
	wake chan bool // true: done, err is set; false: lead the queue
}

type group struct {
	mu      sync.Mutex
	queue   []*groupJob
	leading bool
}

// pgGroups is how many groups commit at once on PostgreSQL: their writes
// run side by side and meet only at the record log's row, taken last. On
// SQLite there is one writer, so one group.
const pgGroups = 4

type groupSet struct {
	gs   []*group
	next atomic.Uint32
}

var groups sync.Map // *store.DB → *groupSet

func groupOf(db *store.DB) *group {
	v, ok := groups.Load(db)
	if !ok {
		n := 1
		if db.Dialect == store.Postgres {
			n = pgGroups
		}
		set := &groupSet{gs: make([]*group, n)}
		for i := range set.gs {
			set.gs[i] = &group{}
		}
		v, _ = groups.LoadOrStore(db, set)
	}
	set := v.(*groupSet)
	if len(set.gs) == 1 {
		return set.gs[0]
	}
	return set.gs[int(set.next.Add(1))%len(set.gs)]
}

// lead commits groups from the queue until own's write is done, then
// hands the lead to the first waiting writer, so no caller serves the
// others for longer than its own write takes.
func (g *group) lead(db *store.DB, own *groupJob) {
	for mine := false; !mine; {
		g.mu.Lock()
		n := min(len(g.queue), maxGroup)
		batch := slices.Clone(g.queue[:n])
		g.queue = slices.Delete(g.queue, 0, n)
		g.mu.Unlock()
		g.run(db, own.ctx, batch)
		for _, j := range batch {
			if j == own {
				mine = true
			} else {
				j.wake <- true
			}
		}
	}
	g.mu.Lock()
	if len(g.queue) > 0 {
		g.queue[0].wake <- false
	} else {
		g.leading = false
	}
	g.mu.Unlock()
}

// CommitAll writes ws in one transaction (a batch of one caller, as the
// due pass makes) and returns each write's error: when the transaction
// fails, every write is run again in its own, so only the failing ones
// fail.
func CommitAll(ctx context.Context, db *store.DB, ws []Write) []error {
	if len(ws) == 0 {
		return nil
	}
	jobs := make([]*groupJob, len(ws))
	for i, w := range ws {
		jobs[i] = &groupJob{ctx: ctx, w: w}
	}
	(&group{}).run(db, ctx, jobs)
	errs := make([]error, len(ws))
	for i, j := range jobs {
		errs[i] = j.err
	}
	return errs
}

func (g *group) run(db *store.DB, ctx context.Context, batch []*groupJob) {
	all := func(jobs []*groupJob) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			for _, j := range jobs {
				if err := j.w.Main(j.ctx, tx); err != nil {
					return err
				}
			}
			for _, j := range jobs {
				if j.w.Last == nil {
					continue
				}
				if err := j.w.Last(j.ctx, tx); err != nil {
					return err
				}
			}
			return nil
		}
	}
	// The group outlives a cancelled leader: its writes are others' too.
	err := db.Tx(context.WithoutCancel(ctx), all(batch))
	if err == nil || len(batch) == 1 {
		for _, j := range batch {
			j.err = err
		}
		return
	}
	for _, j := range batch {
		j.err = db.Tx(j.ctx, all([]*groupJob{j}))
	}
}
