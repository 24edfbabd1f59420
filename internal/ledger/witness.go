package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/store"
)

// A witness (a notary, or the province's log witness) counter-signs the
// log's checkpoints with its own key: the cosignature is one more
// signature line on the same signed note (C2SP signed-note), so anyone who
// trusts the witness's verifier key knows the witness saw this tree — and,
// because a witness signs only trees consistent with the last one it
// signed, that the log did not show it one history and a court another.

// Cosign has the witness whose keys are w counter-sign the latest checkpoint of the log whose
// keys are k, and stores the cosigned note with the checkpoint (the
// checkpoint endpoint then serves it). statePath is the witness's own
// record of the last tree it signed (size and root, kept beside its key);
// Cosign refuses a tree that is not an extension of that one. It returns
// the cosigned checkpoint.
func Cosign(ctx context.Context, db *store.DB, k, w *Keys, statePath string) (*Checkpoint, error) {
	cp, err := Sign(ctx, db, k) // the current tree, checked against the last checkpoint
	if err != nil {
		return nil, err
	}
	n, err := note.Open([]byte(cp.Note), note.VerifierList(k.Verifier))
	if err != nil {
		return nil, fmt.Errorf("检查点签名无效：%w", err)
	}
	if _, size, root, err := Open([]byte(cp.Note), k.Verifier); err != nil || size != cp.Size || root != cp.Root {
		return nil, fmt.Errorf("检查点内容与签名不符")
	}
	prevSize, prevRoot, err := readWitnessState(statePath)
	if err != nil {
		return nil, err
	}
	if prevSize > cp.Size {
		return nil, fmt.Errorf("记录日志倒退：见证人上次签署的树大小为 %d，现为 %d", prevSize, cp.Size)
	}
	if prevSize > 0 {
		a, err := LogAlg(ctx, db.R)
		if err != nil {
			return nil, err
		}
		proof, err := Consistency(ctx, db.R, prevSize, cp.Size)
		if err == nil {
			err = a.CheckTree(proof, cp.Size, cp.Root, prevSize, prevRoot)
		}
		if err != nil {
			return nil, fmt.Errorf("记录日志与见证人上次签署的树不一致，拒绝见证：%w", err)
		}
	}
	if CheckWitnesses([]byte(cp.Note), k.VKey, []string{w.VKey}) == nil {
		return cp, writeWitnessState(statePath, cp) // already cosigned
	}
	// The witness's line goes after every signature already on the note
	// (the log's first, then other witnesses').
	own, err := note.Sign(&note.Note{Text: n.Text}, w.Signer)
	if err != nil {
		return nil, err
	}
	msg := cp.Note + string(own[len(n.Text)+1:])
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE log_checkpoints SET note = $1 WHERE size = $2 AND note = $3`, string(msg), cp.Size, cp.Note)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return errors.New("检查点已被同时修改，请重试")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cp.Note = string(msg)
	return cp, writeWitnessState(statePath, cp)
}

// readWitnessState reads the last tree the witness signed ("size root"),
// zero when it has signed none.
func readWitnessState(path string) (int64, tlog.Hash, error) {
	var root tlog.Hash
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, root, nil
	}
	if err != nil {
		return 0, root, fmt.Errorf("读取见证状态文件 %s 失败：%w", path, err)
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return 0, root, fmt.Errorf("见证状态文件 %s 格式无效", path)
	}
	size, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || size < 0 {
		return 0, root, fmt.Errorf("见证状态文件 %s 格式无效", path)
	}
	h, err := tlog.ParseHash(f[1])
	if err != nil {
		return 0, root, fmt.Errorf("见证状态文件 %s 格式无效", path)
	}
	return size, h, nil
}

func writeWitnessState(path string, cp *Checkpoint) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.FormatInt(cp.Size, 10)+" "+cp.Root.String()+"\n"), 0o600); err != nil {
		return fmt.Errorf("写入见证状态文件失败：%w", err)
	}
	return os.Rename(tmp, path)
}

// WitnessStatePath is where a witness keeps its state: beside its key.
func WitnessStatePath(keyPath string) string { return keyPath + ".state" }

// CheckWitnesses reports whether the signed note msg carries a valid
// signature of every witness verifier key in keys (name+hash+base64), besides
// the log's signature by logKey.
func CheckWitnesses(msg []byte, logKey string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	lv, err := NewVerifier(logKey)
	if err != nil {
		return fmt.Errorf("验证密钥无效：%w", err)
	}
	vs := []note.Verifier{lv}
	for _, k := range keys {
		v, err := NewVerifier(k)
		if err != nil {
			return fmt.Errorf("见证人验证密钥无效：%w", err)
		}
		vs = append(vs, v)
	}
	n, err := note.Open(msg, note.VerifierList(vs...))
	if err != nil {
		return fmt.Errorf("检查点签名无效：%w", err)
	}
	for _, v := range vs[1:] {
		found := false
		for _, s := range n.Sigs {
			found = found || (s.Name == v.Name() && s.Hash == v.KeyHash())
		}
		if !found {
			return fmt.Errorf("检查点没有见证人 %s 的副署签名", v.Name())
		}
	}
	return nil
}
