package cases

import (
	"context"
	"encoding/json"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// ledgerContent is a case's canonical content in the record log (§6):
// what its source said — facts and events — not what the rules derive
// from them (status and warnings change as time passes, the record does not).
func (c *Case) ledgerContent() []byte {
	b, _ := json.Marshal(struct {
		SourceSystem string  `json:"source_system"`
		SourceID     string  `json:"source_id"`
		CaseNo       string  `json:"case_no"`
		Title        string  `json:"title"`
		AgencyCode   string  `json:"agency_code"`
		RegionCode   string  `json:"region_code"`
		MatterCode   string  `json:"matter_code"`
		Procedure    string  `json:"procedure"`
		Party        Party   `json:"party"`
		Facts        Facts   `json:"facts"`
		Events       []Event `json:"events"`
	}{c.SourceSystem, c.SourceID, c.CaseNo, c.Title, c.AgencyCode, c.RegionCode, c.MatterCode, c.Procedure, c.Party, c.Facts, c.Events})
	return b
}

// ledgerRef names a case in the log: source_system/source_id.
func (c *Case) ledgerRef() string { return c.SourceSystem + "/" + c.SourceID }

// LedgerSource reads a case's canonical content as stored now, for
// `zfjd log verify` (ledger.Source).
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	sys, id, ok := strings.Cut(ref, "/")
	if !ok {
		return nil, false, nil
	}
	c, err := getCase(ctx, q, `source_system = $1 AND source_id = $2`, sys, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return c.ledgerContent(), true, nil
}
