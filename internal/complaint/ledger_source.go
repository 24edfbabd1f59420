package complaint

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// LedgerKind is the record-log kind of a complaint; its ref is the id.
const LedgerKind = "complaint"

// leafContent is the canonical content of the leaf of a complaint's step
// (spec §6): the step (action, time, actor) and where the complaint stands
// after it, with a digest of its text, never the text or the complainant.
// The same when the step is taken (save) and when it is read back for
// `zfjd log verify` (LedgerSource), from the complaint's row and the
// step's event row.
func leafContent(c *Complaint, action string, at int64, eventActor string) []byte {
	sum := sha256.Sum256([]byte(c.Description))
	b, _ := json.Marshal(map[string]any{"complaint": c.TrackingCode, "action": action, "status": c.Status,
		"forwarded_to": c.ForwardedTo, "reply_due": c.ReplyDue, "at": rfc3339(at), "actor": leafActor(eventActor),
		"description_sha256": hex.EncodeToString(sum[:]), "answer": c.Answer})
	return b
}

// leafActor is the leaf's actor of a step whose event row names actor:
// the complainant's own steps (no principal) read "system" in the leaf.
func leafActor(actor string) string {
	if actor == "public" {
		return "system"
	}
	return actor
}

// LedgerSource reads a complaint's last logged step as stored now (its
// row and the step's event), for `zfjd log verify` (ledger.Source). A
// contact read is an event with no leaf of its own.
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	c, err := load(ctx, q, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	var action, actor string
	var at int64
	err = q.QueryRowContext(ctx, `SELECT action, at, actor FROM complaint_events WHERE complaint_id = $1 AND action <> 'contact_read'
		ORDER BY id DESC LIMIT 1`, id).Scan(&action, &at, &actor)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return leafContent(c, action, at, actor), true, nil
}
