package supervision

import (
	"context"
	"encoding/json"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// LedgerKind is the record-log kind of a supervision case; its ref is the id.
const LedgerKind = "supervision_case"

// openContent is the canonical content of a case's first leaf (受理):
// what opened it, its status then, the day and who.
func openContent(in Opening, status, at, actor string) map[string]any {
	return map[string]any{"open": in, "status": status, "at": at, "actor": actor}
}

// actContent is the canonical content of the leaf of act a (with its
// actor and document number) and the status after it.
func actContent(a Act, status string) map[string]any {
	return map[string]any{"act": a.Type, "at": a.At, "actor": a.Actor, "note": a.Note, "data": a.Data, "doc_no": a.DocNo, "status": status}
}

// openingOf is what opened c, as its row keeps it.
func openingOf(c *Case) Opening {
	return Opening{RegionCode: c.RegionCode, AgencyCode: c.AgencyCode, Source: c.Source, SourceRef: c.SourceRef, Summary: c.Summary,
		Listed: c.Listed, Escalated: c.Escalated, Dispute: c.Dispute, WarningID: c.WarningID, PenaltyCaseID: c.PenaltyCaseID}
}

// LedgerSource reads a case's last logged step as stored now — its
// opening, or its last act with the status after it — for `zfjd log
// verify` (ledger.Source). The refusal recorded with the opening of a
// dispute already in 复议 or 诉讼 is part of the opening's leaf.
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	c, err := loadCase(ctx, q, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	acts, err := loadActs(ctx, q, id)
	if err != nil {
		return nil, false, err
	}
	if c.Dispute != "" && len(acts) > 0 && acts[0].Type == "refuse" {
		acts = acts[1:]
	}
	content := openContent(openingOf(c), c.Status, c.OpenedOn, c.CreatedBy)
	if n := len(acts); n > 0 {
		content = actContent(acts[n-1], c.Status)
	}
	b, err := json.Marshal(content)
	return b, true, err
}
