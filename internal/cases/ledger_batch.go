package cases

import (
	"context"
	"strconv"
	"strings"

	"zfjd/internal/store"
)

// LedgerBatch reads many cases' canonical content as stored now, one
// query per source system and ledger.BatchSize refs, for `zfjd log
// verify` (ledger.BatchSource; LedgerSource reads one).
func LedgerBatch(ctx context.Context, q store.Querier, refs []string) (map[string][]byte, error) {
	bySystem := map[string][]any{}
	for _, ref := range refs {
		if sys, id, ok := strings.Cut(ref, "/"); ok {
			bySystem[sys] = append(bySystem[sys], id)
		}
	}
	out := make(map[string][]byte, len(refs))
	for sys, ids := range bySystem {
		var in strings.Builder
		for i := range ids {
			if i > 0 {
				in.WriteByte(',')
			}
			in.WriteString("$" + strconv.Itoa(i+2))
		}
		rows, err := q.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE source_system = $1 AND source_id IN (`+in.String()+`)`,
			append([]any{sys}, ids...)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			c, err := scanCase(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[c.ledgerRef()] = c.ledgerContent()
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
