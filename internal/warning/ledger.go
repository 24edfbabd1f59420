package warning

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"zfjd/internal/store"
)

// StepKind is the record-log kind of a warning's handling step (spec §6:
// every warning step is a leaf); its ref is the warning's id.
const StepKind = "warning_step"

// stepContent is a step's canonical content, the same when the step is
// taken (step) and when it is read back for `zfjd log verify` (LedgerSource).
func stepContent(id int64, rule, subjectKind string, subjectID int64, action, from string, at int64, actor, note string) []byte {
	b, _ := json.Marshal(map[string]any{"warning": id, "rule": rule, "subject": subjectKind + "/" + strconv.FormatInt(subjectID, 10),
		"action": action, "from": from, "to": next[action], "at": millisRFC3339(at), "actor": actor, "note": note})
	return b
}

// LedgerSource gives a warning's last handling step as it is stored now
// (the finding and its handling history), for `zfjd log verify`
// (ledger.Source): a changed note, actor or time, a removed step or a
// deleted warning no longer matches the step's leaf.
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	var rule, kind string
	var subject int64
	err = q.QueryRowContext(ctx, `SELECT rule, subject_kind, subject_id FROM findings WHERE id = $1`, id).Scan(&rule, &kind, &subject)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	rows, err := q.QueryContext(ctx, `SELECT action, at, actor, note FROM finding_history WHERE finding_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	from, last := StageIssued, []byte(nil)
	for rows.Next() {
		var action, actor, note string
		var at int64
		if err := rows.Scan(&action, &at, &actor, &note); err != nil {
			return nil, false, err
		}
		to, ok := next[action]
		switch {
		case action == "issued" || action == "cured": // the rules (re)opened or cured it
			from = map[string]string{"issued": StageIssued, "cured": StageCured}[action]
			continue
		case !ok: // an escalation: no stage change, no leaf of its own
			continue
		}
		last = stepContent(id, rule, kind, subject, action, from, at, actor, note)
		from = to
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	return last, last != nil, nil
}
