// Package backup takes and restores a consistent copy of a zfjd database
// with the record log's signing key (issue 20). Evidence files and audio
// and video records live in the database (blobs, media: stored by content
// hash), so the database copy carries them; the copy is checked before the
// command reports success — every stored file against its hash, the row
// counts against those of the moment the copy was taken — and a restore
// checks the same again.
//
// SQLite: VACUUM INTO, online (store.SnapshotSQLite). PostgreSQL: pg_dump
// in custom format on a snapshot exported from a transaction that also
// counted the rows, so counts and dump describe the same instant (pg.go).
package backup

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// File names inside a backup directory.
const (
	ManifestFile = "manifest.json"
	SQLiteFile   = "zfjd.db"
	DumpFile     = "zfjd.dump"
	KeyFile      = "log.key"
)

// Manifest describes one backup: what it holds and what a restore must find.
type Manifest struct {
	Format   int               `json:"format"`
	Engine   store.Dialect     `json:"engine"`
	TakenAt  string            `json:"taken_at"` // UTC, RFC 3339
	Schema   int64             `json:"schema_version"`
	LogSize  int64             `json:"log_size"`
	Counts   map[string]int64  `json:"counts"`
	Files    map[string]string `json:"files"` // name → SHA-256 of the file in the directory
	Verified Verified          `json:"verified"`
	Took     string            `json:"took"`
}

// Verified counts the stored files whose content matched their hash.
type Verified struct {
	Blobs int64 `json:"blobs"`
	Media int64 `json:"media"`
}

// Counted are the tables whose row counts a backup records and a restore
// compares: the records, their files, the log and who may sign in.
var Counted = []string{"cases", "evidence", "evidence_files", "blobs", "media", "media_chunks", "findings",
	"finding_history", "log_leaves", "log_checkpoints", "audit_log", "accounts", "agencies", "officers", "matters"}

// Take writes a backup of db into dir (created; it must not exist or be
// empty) with the signing key at keyPath (skipped when keyPath has no
// file: a log never started has no key yet).
func Take(ctx context.Context, db *store.DB, dir, keyPath string) (*Manifest, error) {
	start := time.Now() // wall time of the backup itself, for the report
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	m := &Manifest{Format: 1, Engine: db.Dialect, TakenAt: clock.Now(ctx).UTC().Format(time.RFC3339), Files: map[string]string{}}
	var err error
	if db.Dialect == store.Postgres {
		err = dumpPostgres(ctx, db, dir, m)
	} else {
		err = copySQLite(ctx, db, dir, m)
	}
	if err != nil {
		return nil, err
	}
	if err := copyKey(keyPath, filepath.Join(dir, KeyFile), m); err != nil {
		return nil, err
	}
	m.Took = time.Since(start).Round(time.Millisecond).String()
	b, _ := json.MarshalIndent(m, "", "  ")
	return m, os.WriteFile(filepath.Join(dir, ManifestFile), append(b, '\n'), 0o600)
}

func copySQLite(ctx context.Context, db *store.DB, dir string, m *Manifest) error {
	path := filepath.Join(dir, SQLiteFile)
	if err := db.SnapshotSQLite(ctx, path); err != nil {
		return err
	}
	if err := os.Chmod(path, 0o600); err != nil { // personal data: as the database itself
		return err
	}
	cp, err := store.OpenSnapshot(path)
	if err != nil {
		return err
	}
	defer cp.Close()
	var ok string
	if err := cp.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return fmt.Errorf("备份文件检查失败（quick_check）：%s %v", ok, err)
	}
	if err := describe(ctx, cp, m); err != nil {
		return err
	}
	if m.Verified, err = verifyFiles(ctx, cp); err != nil {
		return err
	}
	m.Files[SQLiteFile], err = fileSum(path)
	return err
}

// describe fills the schema version, log size and row counts as q sees them.
func describe(ctx context.Context, q store.Querier, m *Manifest) error {
	var err error
	if m.Schema, err = store.SchemaVersion(ctx, q); err != nil {
		return err
	}
	if err := q.QueryRowContext(ctx, `SELECT size FROM log_state WHERE id = 1`).Scan(&m.LogSize); err != nil {
		return err
	}
	m.Counts = map[string]int64{}
	for _, t := range Counted {
		var n int64
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return fmt.Errorf("count %s: %w", t, err)
		}
		m.Counts[t] = n
	}
	return nil
}

func copyKey(from, to string, m *Manifest) error {
	if from == "" {
		return nil
	}
	b, err := os.ReadFile(from)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("读取记录日志签名密钥 %s 失败：%w", from, err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		return err
	}
	m.Files[KeyFile] = sum(b)
	return nil
}

func emptyDir(dir string) error {
	es, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return os.MkdirAll(dir, 0o700)
	}
	if err != nil {
		return err
	}
	if len(es) > 0 {
		return fmt.Errorf("备份目录 %s 不是空目录：每次备份请用新目录", dir)
	}
	return nil
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ReadManifest reads dir's manifest and checks every file it names.
func ReadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("读取备份清单失败：%w", err)
	}
	m := &Manifest{}
	if err := json.Unmarshal(b, m); err != nil {
		return nil, fmt.Errorf("备份清单 %s 无法解析：%w", ManifestFile, err)
	}
	for name, want := range m.Files {
		got, err := fileSum(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("备份文件 %s 缺失：%w", name, err)
		}
		if got != want {
			return nil, fmt.Errorf("备份文件 %s 的 SHA-256 与清单不符：文件已损坏或被改动", name)
		}
	}
	return m, nil
}
