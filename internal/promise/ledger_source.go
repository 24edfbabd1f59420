package promise

import (
	"context"
	"encoding/json"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// LedgerKind is the record-log kind of a promise; its ref is the id.
const LedgerKind = "promise"

// leafContent is a promise's canonical content in the record log: the
// promise as written (Record) or after an act (Act), the same bytes when
// it is read back for `zfjd log verify` (LedgerSource).
func leafContent(pr *Promise) []byte {
	b, _ := json.Marshal(pr)
	return b
}

// LedgerSource reads a promise as stored now, for `zfjd log verify`
// (ledger.Source). The names of its item and agencies are labels the
// write copied from the registry (one renamed since is no change of the
// promise), so they are taken from the leaf; every other field is the
// promise's row.
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	pr, err := getPromise(ctx, q, id)
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	leaf, err := ledger.LatestFields(ctx, q, LedgerKind, ref)
	if err != nil {
		return nil, false, err
	}
	ledger.Take(leaf, "item_name", &pr.ItemName)
	ledger.Take(leaf, "agency_name", &pr.AgencyName)
	ledger.Take(leaf, "verify_agency_name", &pr.VerifyAgencyName)
	return leafContent(pr), true, nil
}
