package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"zfjd/internal/store"
)

// Restore loads the backup in dir into dsn — a SQLite path that does not
// exist yet, or an empty PostgreSQL database — puts the signing key at
// keyPath (refusing to replace a different key), and checks the result
// against the manifest: schema version, log size, every row count and
// every stored file's hash. The record log itself is verified by the
// caller (ledger.Verify, as `zfjd log verify` does). It returns the
// manifest and how long the load took.
func Restore(ctx context.Context, dir, dsn, keyPath string) (*Manifest, time.Duration, error) {
	start := time.Now()
	m, err := ReadManifest(dir)
	if err != nil {
		return nil, 0, err
	}
	if store.IsPostgres(dsn) != (m.Engine == store.Postgres) {
		return nil, 0, fmt.Errorf("备份来自 %s，不能恢复到另一种数据库（--db %s）", m.Engine, dsn)
	}
	if m.Engine == store.Postgres {
		err = restorePostgres(ctx, dir, dsn)
	} else {
		err = restoreSQLite(dir, dsn)
	}
	if err != nil {
		return nil, 0, err
	}
	if err := restoreKey(dir, keyPath, m); err != nil {
		return nil, 0, err
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	got := &Manifest{}
	if err := describe(ctx, db.R, got); err != nil {
		return nil, 0, err
	}
	if got.Verified, err = verifyFiles(ctx, db.R); err != nil {
		return nil, 0, err
	}
	if err := compare(m, got); err != nil {
		return nil, 0, err
	}
	return m, time.Since(start), nil
}

func restoreSQLite(dir, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("目标数据库文件 %s 已存在：请恢复到新文件", path)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(path + suffix) // left over from a database that was deleted
	}
	if d := filepath.Dir(path); d != "" {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return err
		}
	}
	return copyFile(filepath.Join(dir, SQLiteFile), path, 0o600)
}

func restoreKey(dir, keyPath string, m *Manifest) error {
	want, ok := m.Files[KeyFile]
	if !ok || keyPath == "" {
		return nil
	}
	if have, err := fileSum(keyPath); err == nil {
		if have != want {
			return fmt.Errorf("%s 已有另一把记录日志签名密钥：请先移走它，或用 --log-key 指定新位置", keyPath)
		}
		return nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return copyFile(filepath.Join(dir, KeyFile), keyPath, 0o600)
}

func copyFile(from, to string, mode os.FileMode) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		os.Remove(to)
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
