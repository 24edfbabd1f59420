package scale

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"zfjd/internal/store"
)

// sink writes rows in bulk inside one transaction: COPY on PostgreSQL,
// multi-row INSERTs on SQLite (its one writer connection).
type sink interface {
	rows(ctx context.Context, table string, cols []string, rows [][]any) error
	exec(ctx context.Context, q string, args ...any) error
	commit() error
	rollback()
}

// inTx runs fn with a sink in one transaction.
func inTx(ctx context.Context, db *store.DB, fn func(s sink) error) error {
	s, err := begin(ctx, db)
	if err != nil {
		return err
	}
	if err := fn(s); err != nil {
		s.rollback()
		return err
	}
	return s.commit()
}

func begin(ctx context.Context, db *store.DB) (sink, error) {
	if db.Dialect == store.Postgres {
		conn, err := db.W.Conn(ctx)
		if err != nil {
			return nil, err
		}
		var tx pgx.Tx
		err = conn.Raw(func(dc any) error {
			var err error
			tx, err = dc.(*stdlib.Conn).Conn().Begin(ctx)
			return err
		})
		if err != nil {
			conn.Close()
			return nil, err
		}
		return &pgSink{conn: conn, tx: tx, ctx: ctx}, nil
	}
	tx, err := db.W.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &liteSink{tx: tx, stmts: map[string]*sql.Stmt{}}, nil
}

type pgSink struct {
	conn *sql.Conn
	tx   pgx.Tx
	ctx  context.Context
}

func (s *pgSink) rows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := s.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("COPY %s: %w", table, err)
	}
	return nil
}

func (s *pgSink) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.tx.Exec(ctx, q, args...)
	return err
}

func (s *pgSink) commit() error {
	defer s.conn.Close()
	return s.tx.Commit(s.ctx)
}

func (s *pgSink) rollback() {
	s.tx.Rollback(s.ctx)
	s.conn.Close()
}

type liteSink struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// liteBatch is how many rows one INSERT carries (SQLite's default limit
// is 32,766 parameters).
func liteBatch(cols int) int { return min(500, 32000/cols) }

func (s *liteSink) stmt(ctx context.Context, table string, cols []string, n int) (*sql.Stmt, error) {
	key := fmt.Sprintf("%s/%d", table, n)
	if st, ok := s.stmts[key]; ok {
		return st, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	// Positional ? parameters: modernc's bind looks every $N up by name
	// in a list, which is quadratic in the parameters of one statement.
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('?')
		}
		b.WriteByte(')')
	}
	st, err := s.tx.PrepareContext(ctx, b.String())
	if err != nil {
		return nil, err
	}
	s.stmts[key] = st
	return st, nil
}

func (s *liteSink) rows(ctx context.Context, table string, cols []string, rows [][]any) error {
	per := liteBatch(len(cols))
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		st, err := s.stmt(ctx, table, cols, n)
		if err != nil {
			return err
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("INSERT %s: %w", table, err)
		}
		rows = rows[n:]
	}
	return nil
}

func (s *liteSink) exec(ctx context.Context, q string, args ...any) error {
	_, err := s.tx.ExecContext(ctx, q, args...)
	return err
}

func (s *liteSink) commit() error {
	for _, st := range s.stmts {
		st.Close()
	}
	return s.tx.Commit()
}

func (s *liteSink) rollback() { s.tx.Rollback() }
