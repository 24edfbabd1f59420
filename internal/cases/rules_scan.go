package cases

import (
	"context"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// CasesAfter lists up to limit cases in region's subtree with an id above
// after, by id: the pages in which a custom rule's dry run and its
// application to existing cases walk the region (warning/rules).
func CasesAfter(ctx context.Context, q store.Querier, region string, after int64, limit int) ([]*Case, error) {
	w := &store.Where{}
	if p := ident.RegionPrefix(region); p != "" {
		w.Add("region_code >= ? AND region_code < ?", p, ident.PrefixEnd(p))
	}
	w.Add("id > ?", after)
	rows, err := q.QueryContext(ctx, `SELECT `+caseCols+` FROM cases`+w.SQL()+` ORDER BY id LIMIT `+w.Arg(limit), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
