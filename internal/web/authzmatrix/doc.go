// Package authzmatrix is the generated authorization matrix of the web
// server (issue 9): every role × scope × object kind × verb, on the UI
// routes and the /api/v1 routes, on both engines.
//
// The rows are generated from the definitions — the server's route table
// (web.Server.Routes), the OpenAPI document and the case workflow's acts
// (cases.Workflow) — and every route must be classified in the test's
// registry of object kinds (routes_test.go), so a new capability cannot
// add a route the matrix does not ask about. The expected answer comes
// from an independent statement of the rules (rules_test.go), not from
// package auth, so the test can fail. A refusal or a read must also leave
// the database as it was, and an allowed write must write and audit:
// Snapshotter, below, fingerprints every table. Reads and refusals run in
// parallel between two fingerprints (and, if they differ, once more one
// at a time to name the rows that wrote); allowed writes run one at a
// time, each between two fingerprints.
//
// A row where the product answers otherwise than the rules and that is
// seen and left alone is a named known deviation (deviations_test.go): the
// row then expects the product's answer, its reason says so, and a
// deviation no row matches any more fails the matrix.
//
// Run it with
//
//	go test -count=1 ./internal/web/authzmatrix/
//
// A failing row is named role@scope/object/verb/route/place, e.g.
// TestAuthzMatrix/sqlite/supervisor@county/case/read/GET_/cases/{id}/sibling.
package authzmatrix

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/store"
)

// Volatile tables change on every request of a signed-in user or a login
// (sessions, the login throttle, a token's last use) and are no object of
// the matrix.
var Volatile = []string{"sessions", "login_throttle", "api_tokens", "goose_db_version"}

// Snapshotter fingerprints the content of every table of a database but
// the Volatile ones, in one query.
type Snapshotter struct {
	db *store.DB
	q  string
}

// NewSnapshotter builds the query for db's tables.
func NewSnapshotter(ctx context.Context, db *store.DB) (*Snapshotter, error) {
	tables, err := Tables(ctx, db)
	if err != nil {
		return nil, err
	}
	var parts []string
	for _, t := range tables {
		if db.Dialect == store.Postgres {
			// The row as text, every row, sorted: md5 on the server.
			parts = append(parts, fmt.Sprintf(`SELECT '%s', COUNT(*), COALESCE(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM %s t`, t, t))
			continue
		}
		cols, err := columns(ctx, db, t)
		if err != nil {
			return nil, err
		}
		var qs []string
		for _, c := range cols {
			qs = append(qs, `quote("`+c+`")`)
		}
		parts = append(parts, fmt.Sprintf(`SELECT '%s', COUNT(*), COALESCE(group_concat(r, '|'), '') FROM (SELECT %s AS r FROM %s ORDER BY r)`,
			t, strings.Join(qs, ` || ',' || `), t))
	}
	return &Snapshotter{db: db, q: strings.Join(parts, " UNION ALL ")}, nil
}

func columns(ctx context.Context, db *store.DB, table string) ([]string, error) {
	rows, err := db.W.QueryContext(ctx, `SELECT name FROM pragma_table_info('`+table+`')`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Snapshot returns table name → row count and SHA-256 of its rows. Two
// snapshots differ exactly when some row was added, removed or changed.
func (s *Snapshotter) Snapshot(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.W.QueryContext(ctx, s.q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var t, content string
		var n int64
		if err := rows.Scan(&t, &n, &content); err != nil {
			return nil, err
		}
		sum := sha256.Sum256([]byte(content))
		out[t] = fmt.Sprintf("%d:%s", n, hex.EncodeToString(sum[:8]))
	}
	return out, rows.Err()
}

// Tables lists the tables of db but the Volatile ones.
func Tables(ctx context.Context, db *store.DB) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if db.Dialect == store.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	}
	rows, err := db.W.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		if !slices.Contains(Volatile, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out, rows.Err()
}

// Changed lists the tables whose fingerprint differs between a and b.
func Changed(a, b map[string]string) []string {
	var out []string
	for t, v := range a {
		if b[t] != v {
			out = append(out, t)
		}
	}
	for t := range b {
		if _, ok := a[t]; !ok {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out
}
