package training

import (
	"context"
	"encoding/json"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// LedgerKind is the record-log kind of a published exam session; its ref
// is the session's id.
const LedgerKind = "training_exam"

// leafContent is a published session's canonical content: the session
// and its pass list (the certificates of the seats that sat and passed,
// in seat order), the same when it is published (Publish) and when it is
// read back for `zfjd log verify` (LedgerSource).
func leafContent(e *Exam, pass []string) []byte {
	b, _ := json.Marshal(map[string]any{"exam": e.ID, "kind": e.Kind, "title": e.Title, "sitting_on": e.SittingOn,
		"pass_score": e.PassScore, "pass_list": pass})
	return b
}

// passList is the pass list of seats (in seat order).
func passList(seats []*Attempt) []string {
	var pass []string
	for _, a := range seats {
		if a.Submitted() && a.Passed {
			pass = append(pass, a.CertNo)
		}
	}
	return pass
}

// LedgerSource reads a published session as stored now (its row and its
// seats), for `zfjd log verify` (ledger.Source).
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	e, err := getExam(ctx, q, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	seats, err := queryAttempts(ctx, q, `SELECT `+attemptCols+` FROM training_attempts WHERE exam_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, false, err
	}
	return leafContent(e, passList(seats)), true, nil
}
