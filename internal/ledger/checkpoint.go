package ledger

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Keys sign and verify checkpoints. The signing key lives in a file
// outside the database (a copy of the database alone cannot forge a
// checkpoint); it is made on first start.
type Keys struct {
	Origin   string // the log's name, the checkpoint's first line
	Signer   note.Signer
	Verifier note.Verifier
	VKey     string // the verifier key, name+hash+base64 (GET /api/v1/log/key)
}

// LoadOrCreateKeys reads the key file at path (two lines: the private key
// and the verifier key, as note.GenerateKey writes them), creating it with
// mode 0600 when it does not exist.
func LoadOrCreateKeys(path, origin string) (*Keys, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		skey, vkey, err := note.GenerateKey(rand.Reader, origin)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, err
		}
		b = []byte(skey + "\n" + vkey + "\n")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			return nil, fmt.Errorf("写入记录日志签名密钥 %s 失败：%w", path, err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("读取记录日志签名密钥 %s 失败：%w", path, err)
	}
	lines := strings.Fields(string(b))
	if len(lines) != 2 {
		return nil, fmt.Errorf("记录日志签名密钥文件 %s 格式无效", path)
	}
	s, err := newSigner(lines[0]) // Ed25519, or SM2 (gm.go)
	if err != nil {
		return nil, fmt.Errorf("记录日志签名密钥无效：%w", err)
	}
	v, err := NewVerifier(lines[1])
	if err != nil {
		return nil, fmt.Errorf("记录日志验证密钥无效：%w", err)
	}
	return &Keys{Origin: s.Name(), Signer: s, Verifier: v, VKey: lines[1]}, nil
}

// Checkpoint is a signed tree head.
type Checkpoint struct {
	Size int64
	Root tlog.Hash
	Note string // the signed note text
}

// body is the checkpoint text (C2SP tlog-checkpoint): origin, size, root.
func body(origin string, size int64, root tlog.Hash) string {
	return origin + "\n" + strconv.FormatInt(size, 10) + "\n" + base64.StdEncoding.EncodeToString(root[:]) + "\n"
}

// Sign writes a checkpoint for the current tree when it has grown since
// the last one (the job runs it every minute and after bursts). The log
// never goes backwards: a tree smaller than the last checkpoint, or one
// whose last checkpoint is not a prefix of it, is an error.
func Sign(ctx context.Context, db *store.DB, k *Keys) (*Checkpoint, error) {
	var out *Checkpoint
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		size, err := Size(ctx, tx)
		if err != nil {
			return err
		}
		last, err := latest(ctx, tx)
		if err != nil {
			return err
		}
		if last != nil && size < last.Size {
			return fmt.Errorf("记录日志倒退：树大小 %d 小于已签名的 %d", size, last.Size)
		}
		if last != nil && size == last.Size {
			out = last
			return nil
		}
		root, err := Root(ctx, tx, size)
		if err != nil {
			return err
		}
		if last != nil && last.Size > 0 {
			a, err := LogAlg(ctx, tx)
			if err != nil {
				return err
			}
			proof, err := a.ProveTree(size, last.Size, reader(ctx, tx))
			if err == nil {
				err = a.CheckTree(proof, size, root, last.Size, last.Root)
			}
			if err != nil {
				return fmt.Errorf("记录日志与上一个签名检查点不一致：%w", err)
			}
		}
		msg, err := note.Sign(&note.Note{Text: body(k.Origin, size, root)}, k.Signer)
		if err != nil {
			return err
		}
		out = &Checkpoint{Size: size, Root: root, Note: string(msg)}
		_, err = tx.ExecContext(ctx, `INSERT INTO log_checkpoints (size, root, note, at) VALUES ($1, $2, $3, $4)`,
			size, base64.StdEncoding.EncodeToString(root[:]), out.Note, clock.Millis(ctx))
		return err
	})
	return out, err
}

// Latest is the newest signed checkpoint (nil when none).
func Latest(ctx context.Context, q store.Querier) (*Checkpoint, error) { return latest(ctx, q) }

func latest(ctx context.Context, q store.Querier) (*Checkpoint, error) {
	var c Checkpoint
	var root string
	err := q.QueryRowContext(ctx, `SELECT size, root, note FROM log_checkpoints ORDER BY size DESC LIMIT 1`).Scan(&c.Size, &root, &c.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	b, err := base64.StdEncoding.DecodeString(root)
	if err != nil || len(b) != tlog.HashSize {
		return nil, fmt.Errorf("ledger: checkpoint %d root is malformed", c.Size)
	}
	c.Root = tlog.Hash(b)
	return &c, nil
}

// Open verifies a checkpoint note with v and returns its size and root.
func Open(msg []byte, v note.Verifier) (origin string, size int64, root tlog.Hash, err error) {
	n, err := note.Open(msg, note.VerifierList(v))
	if err != nil {
		return "", 0, root, err
	}
	lines := bytes.Split([]byte(n.Text), []byte("\n"))
	if len(lines) < 3 {
		return "", 0, root, fmt.Errorf("检查点格式无效")
	}
	size, err = strconv.ParseInt(string(lines[1]), 10, 64)
	if err != nil {
		return "", 0, root, fmt.Errorf("检查点树大小无效")
	}
	b, err := base64.StdEncoding.DecodeString(string(lines[2]))
	if err != nil || len(b) != tlog.HashSize {
		return "", 0, root, fmt.Errorf("检查点根哈希无效")
	}
	return string(lines[0]), size, tlog.Hash(b), nil
}

// EphemeralKeys are keys that live only in memory (tests, and servers
// built without a key file); checkpoints they sign cannot be verified
// after the process ends.
func EphemeralKeys(origin string) (*Keys, error) {
	skey, vkey, err := note.GenerateKey(rand.Reader, origin)
	if err != nil {
		return nil, err
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, err
	}
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, err
	}
	return &Keys{Origin: origin, Signer: s, Verifier: v, VKey: vkey}, nil
}
