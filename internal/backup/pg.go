package backup

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"zfjd/internal/store"
)

// dumpPostgres runs pg_dump on a snapshot exported by a repeatable-read
// transaction that counts the rows and checks the files first, so the
// manifest and the dump describe the same instant, taken online: pg_dump
// takes no lock that blocks writers.
func dumpPostgres(ctx context.Context, db *store.DB, dir string, m *Manifest) error {
	tx, err := db.W.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var snap string
	if err := tx.QueryRowContext(ctx, `SELECT pg_export_snapshot()`).Scan(&snap); err != nil {
		return err
	}
	if err := describe(ctx, tx, m); err != nil {
		return err
	}
	if m.Verified, err = verifyFiles(ctx, tx); err != nil {
		return err
	}
	path := filepath.Join(dir, DumpFile)
	if err := run(ctx, "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--snapshot="+snap,
		"--file="+path, "--dbname="+libpq(db.DSN)); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o600); err != nil { // personal data: as the database itself
		return err
	}
	// The archive is readable and holds the data of every counted table.
	toc, err := output(ctx, "pg_restore", "--list", path)
	if err != nil {
		return err
	}
	for _, t := range Counted {
		if !strings.Contains(toc, "TABLE DATA public "+t+" ") {
			return fmt.Errorf("备份检查失败：pg_dump 归档中没有表 %s 的数据", t)
		}
	}
	m.Files[DumpFile], err = fileSum(path)
	return err
}

// restorePostgres loads the dump into the empty database at dsn.
func restorePostgres(ctx context.Context, dir, dsn string) error {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	var n int
	err = db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&n)
	db.Close()
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("目标数据库不是空库（public 中已有 %d 张表）：请恢复到新建的空数据库", n)
	}
	return run(ctx, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
		"--dbname="+libpq(dsn), filepath.Join(dir, DumpFile))
}

// libpq drops the query parameters pgx understands but libpq does not.
func libpq(dsn string) string {
	base, q, ok := strings.Cut(dsn, "?")
	if !ok {
		return dsn
	}
	var keep []string
	for _, p := range strings.Split(q, "&") {
		k, _, _ := strings.Cut(p, "=")
		if !strings.HasPrefix(k, "pool_") && k != "default_query_exec_mode" && k != "statement_cache_capacity" {
			keep = append(keep, p)
		}
	}
	if len(keep) == 0 {
		return base
	}
	return base + "?" + strings.Join(keep, "&")
}

func run(ctx context.Context, name string, args ...string) error {
	_, err := output(ctx, name, args...)
	return err
}

func output(ctx context.Context, name string, args ...string) (string, error) {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s 失败：%v：%s", name, err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}
