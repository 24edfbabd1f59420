// Package media keeps large files (audio and video records of 全过程记录)
// in the database once per SHA-256, in chunks of ChunkSize, so that an
// upload is written and a playback range is read a chunk at a time: no
// file is ever held whole in memory, and the files are backed up, moved and
// transacted with the records that name them, on SQLite and PostgreSQL.
package media

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// ChunkSize is the size of one stored chunk.
const ChunkSize = 1 << 20

// ErrHashMismatch: the content read does not have the hash it was stored under.
var ErrHashMismatch = errors.New("media: content does not match its hash")

// Put stores the size bytes of r under their hex SHA-256 sum in tx, unless
// content of that hash is stored already. r is read once, a chunk at a
// time; when its bytes do not hash to sum nothing is stored.
func Put(ctx context.Context, tx *sql.Tx, sum string, size int64, r io.Reader) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM media WHERE hash = $1`, sum).Scan(&n)
	if err == nil {
		return nil // stored once per content
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	chunks := (size + ChunkSize - 1) / ChunkSize
	if _, err := tx.ExecContext(ctx, `INSERT INTO media (hash, size, chunks, created_at) VALUES ($1, $2, $3, $4)`,
		sum, size, chunks, clock.Millis(ctx)); err != nil {
		return err
	}
	h := sha256.New()
	buf := make([]byte, ChunkSize)
	var total int64
	for seq := 0; ; seq++ {
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			h.Write(buf[:k])
			total += int64(k)
			if _, err := tx.ExecContext(ctx, `INSERT INTO media_chunks (hash, seq, data) VALUES ($1, $2, $3)`, sum, seq, buf[:k]); err != nil {
				return err
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	if total != size || hex.EncodeToString(h.Sum(nil)) != sum {
		return ErrHashMismatch
	}
	return nil
}

// Reader reads stored content; it is an io.ReadSeeker (http.ServeContent
// serves byte ranges from it) that loads one chunk at a time.
type Reader struct {
	ctx  context.Context
	q    store.Querier
	hash string
	size int64
	off  int64
	seq  int64 // the chunk in buf; -1: none
	buf  []byte
}

// Open opens the content stored under hash.
func Open(ctx context.Context, q store.Querier, hash string) (*Reader, error) {
	r := &Reader{ctx: ctx, q: q, hash: hash, seq: -1}
	err := q.QueryRowContext(ctx, `SELECT size FROM media WHERE hash = $1`, hash).Scan(&r.size)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("media: %s is not stored", hash)
	}
	return r, err
}

// Size is the content's length in bytes.
func (r *Reader) Size() int64 { return r.size }

func (r *Reader) Read(p []byte) (int, error) {
	if r.off >= r.size {
		return 0, io.EOF
	}
	seq := r.off / ChunkSize
	if seq != r.seq {
		var data []byte
		err := r.q.QueryRowContext(r.ctx, `SELECT data FROM media_chunks WHERE hash = $1 AND seq = $2`, r.hash, seq).Scan(&data)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("media: chunk %d of %s is missing", seq, r.hash)
		}
		if err != nil {
			return 0, err
		}
		r.buf, r.seq = data, seq
	}
	in := r.off - seq*ChunkSize
	if in >= int64(len(r.buf)) {
		return 0, fmt.Errorf("media: chunk %d of %s is short", seq, r.hash)
	}
	n := copy(p, r.buf[in:])
	r.off += int64(n)
	return n, nil
}

func (r *Reader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekStart:
	case io.SeekCurrent:
		offset += r.off
	case io.SeekEnd:
		offset += r.size
	default:
		return 0, errors.New("media: bad whence")
	}
	if offset < 0 {
		return 0, errors.New("media: negative position")
	}
	r.off = offset
	return offset, nil
}

// Sum recomputes the SHA-256 of the content stored under hash, from its
// chunks as they are now (verification: a changed chunk changes the sum).
func Sum(ctx context.Context, q store.Querier, hash string) (string, error) {
	r, err := Open(ctx, q, hash)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
