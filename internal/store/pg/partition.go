// Package pg holds what only PostgreSQL can do for a province's data:
// the case and audit tables partitioned by year (native declarative
// partitioning), an opt-in step run by `zfjd db partition` on a migrated
// database. The embedded schema (internal/store/migrations) stays one
// text for both engines; this converts it in place.
//
// What partitioning buys: a year is a table of its own, so its indexes
// stay the size of a year, VACUUM and ANALYZE work a year at a time, and
// an old year is detached and archived (ALTER TABLE cases DETACH
// PARTITION cases_y2019) in a moment instead of deleting millions of
// rows. What it costs: a primary key or unique key must hold the
// partition key, so cases are unique by (id, created_at) and (source_system,
// source_id, created_at) — the application finds a case by its source
// before writing, and the sequence keeps ids unique — and no foreign key
// can point at a partitioned table's id, so those to cases are dropped
// (cases are never deleted; their documents, evidence and recordings
// keep their case_id). A lookup by id alone probes each year's index.
package pg

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"zfjd/internal/store"
)

// Table is a table partitioned by the year of a column of Unix
// milliseconds.
type Table struct {
	Name   string
	Key    string   // BIGINT Unix ms: the row's creation, which never changes
	Unique []string // unique keys of the table, each given the partition key
}

// Tables are the tables Partition converts: cases by creation, and the
// audit log (one row per write: the largest table) by its time.
var Tables = []Table{
	{Name: "cases", Key: "created_at", Unique: []string{"source_system, source_id"}},
	{Name: "audit_log", Key: "at"},
}

// shanghai is where a year begins (dates are civil dates in Asia/Shanghai).
var shanghai = time.FixedZone("CST", 8*3600)

func yearStart(y int) int64 { return time.Date(y, 1, 1, 0, 0, 0, 0, shanghai).UnixMilli() }

// Partition converts each table of Tables that is not partitioned yet into
// one partitioned by year, with a partition for each year from first to
// last and a default partition for rows outside them, moving the rows
// over, in one transaction. A table already partitioned gets the missing
// years (EnsureYears). Run it on a migrated database with the server
// stopped; afterwards `zfjd migrate` and the server work unchanged.
func Partition(ctx context.Context, db *store.DB, first, last int) error {
	if db.Dialect != store.Postgres {
		return fmt.Errorf("pg: partitioning needs PostgreSQL")
	}
	if first > last || first < 1990 || last > 2200 {
		return fmt.Errorf("pg: years %d–%d", first, last)
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range Tables {
			done, err := partitioned(ctx, tx, t.Name)
			if err != nil {
				return err
			}
			if !done {
				if err := convert(ctx, tx, t); err != nil {
					return fmt.Errorf("pg: partition %s: %w", t.Name, err)
				}
			}
			if err := ensureYears(ctx, tx, t, first, last); err != nil {
				return err
			}
			if !done {
				if _, err := tx.ExecContext(ctx, `INSERT INTO `+t.Name+` SELECT * FROM `+t.Name+`_unpartitioned`); err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, `DROP TABLE `+t.Name+`_unpartitioned`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `ANALYZE `+t.Name); err != nil {
				return err
			}
		}
		return nil
	})
}

// EnsureYears adds the year partitions from first to last that are
// missing (run each December for the coming year; until then a new
// year's rows land in the default partition).
func EnsureYears(ctx context.Context, db *store.DB, first, last int) error {
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for _, t := range Tables {
			if err := ensureYears(ctx, tx, t, first, last); err != nil {
				return err
			}
		}
		return nil
	})
}

func partitioned(ctx context.Context, tx *sql.Tx, table string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_partitioned_table WHERE partrelid = to_regclass($1)`, table).Scan(&n)
	return n > 0, err
}

// convert renames t to t_unpartitioned and creates t partitioned, with
// the same columns, defaults (its id sequence), indexes and keys.
func convert(ctx context.Context, tx *sql.Tx, t Table) error {
	old := t.Name + "_unpartitioned"
	var seq sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT pg_get_serial_sequence($1, 'id')`, t.Name).Scan(&seq); err != nil {
		return err
	}
	// Foreign keys to the table cannot point at a partitioned one.
	fks, err := strs(ctx, tx, `SELECT conrelid::regclass::text || ' DROP CONSTRAINT ' || quote_ident(conname)
		FROM pg_constraint WHERE contype = 'f' AND confrelid = to_regclass($1)`, t.Name)
	if err != nil {
		return err
	}
	// Plain indexes (not those of the primary and unique keys), recreated
	// on the partitioned table: whatever later migrations added.
	idx, err := strs(ctx, tx, `SELECT i.indexdef, i.indexname FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = $1
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = to_regclass(quote_ident(i.indexname)))`, t.Name)
	if err != nil {
		return err
	}
	keys, err := strs(ctx, tx, `SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u') AND conrelid = to_regclass($1)`, t.Name)
	if err != nil {
		return err
	}
	stmts := []string{}
	for _, fk := range fks {
		stmts = append(stmts, `ALTER TABLE `+fk)
	}
	if seq.Valid {
		stmts = append(stmts, `ALTER SEQUENCE `+seq.String+` OWNED BY NONE`)
	}
	stmts = append(stmts, `ALTER TABLE `+t.Name+` RENAME TO `+old)
	for _, k := range keys {
		stmts = append(stmts, `ALTER TABLE `+old+` RENAME CONSTRAINT `+quote(k)+` TO `+quote(k+"_unpartitioned"))
	}
	for i := 1; i < len(idx); i += 2 {
		stmts = append(stmts, `ALTER INDEX `+quote(idx[i])+` RENAME TO `+quote(idx[i]+"_unpartitioned"))
	}
	stmts = append(stmts,
		`CREATE TABLE `+t.Name+` (LIKE `+old+` INCLUDING DEFAULTS INCLUDING GENERATED) PARTITION BY RANGE (`+t.Key+`)`,
		`ALTER TABLE `+t.Name+` ADD PRIMARY KEY (id, `+t.Key+`)`)
	for _, u := range t.Unique {
		stmts = append(stmts, `ALTER TABLE `+t.Name+` ADD UNIQUE (`+u+`, `+t.Key+`)`)
	}
	for i := 0; i+1 < len(idx); i += 2 {
		// "CREATE INDEX name ON public.cases USING btree (...)"
		def := strings.Replace(idx[i], " ON "+onName(idx[i], t.Name)+" ", " ON "+t.Name+" ", 1)
		stmts = append(stmts, def)
	}
	if seq.Valid {
		stmts = append(stmts, `ALTER SEQUENCE `+seq.String+` OWNED BY `+t.Name+`.id`)
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("%s: %w", s, err)
		}
	}
	return nil
}

// onName is how indexdef names table (with or without its schema).
func onName(def, table string) string {
	if i := strings.Index(def, " ON "); i >= 0 {
		rest := def[i+4:]
		if j := strings.IndexByte(rest, ' '); j >= 0 {
			return rest[:j]
		}
	}
	return table
}

func quote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// ensureYears creates t's partitions of the years first..last that are
// missing, and its default partition.
func ensureYears(ctx context.Context, tx *sql.Tx, t Table, first, last int) error {
	for y := first; y <= last; y++ {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS %s_y%d PARTITION OF %s FOR VALUES FROM (%d) TO (%d)`,
			t.Name, y, t.Name, yearStart(y), yearStart(y+1))); err != nil {
			return fmt.Errorf("pg: partition %s_y%d: %w", t.Name, y, err)
		}
	}
	_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+t.Name+`_default PARTITION OF `+t.Name+` DEFAULT`)
	return err
}

func strs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]string, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, rows.Err()
}

// Partitions lists the partitions of table, by name.
func Partitions(ctx context.Context, q store.Querier, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
		WHERE i.inhparent = to_regclass($1) ORDER BY c.relname`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
