package cases

import (
	"context"
	"fmt"

	"zfjd/internal/store"
)

// PublishedColumns are the columns of the rows BulkPublished hands out.
var (
	PublishedDecisionCols = []string{"case_id", "published_on", "decided_on", "region_code", "province", "city", "county",
		"agency_code", "party_kind", "terms_hash"}
	PublishedTermCols = []string{"term", "published_on", "decided_on", "case_id"}
)

// bulkPage is how many cases BulkPublished reads at a time.
const bulkPage = 2000

// BulkPublished is ReindexPublished for a bulk load (the scale generator):
// for the cases with id above after, which must have no published_decisions
// row yet, it reads those on display a page at a time and hands their
// published_decisions rows and search terms to put, which writes them in
// bulk (COPY on PostgreSQL) — no statement per case; the agency and matter
// names are read once and the decision numbers once per page. It then adds
// them to published_counts in one grouped statement per scope. The rows
// are the ones syncPublished writes (TestBulkPublishedSameAsReindex).
func BulkPublished(ctx context.Context, db *store.DB, after int64, put func(table string, cols []string, rows [][]any) error) error {
	agencies, err := nameMap(ctx, db, `SELECT code, name FROM agencies`)
	if err != nil {
		return err
	}
	matters, err := nameMap(ctx, db, `SELECT code, name FROM matters`)
	if err != nil {
		return err
	}
	last := after
	for {
		list, err := publicPage(ctx, db, last)
		if err != nil || len(list) == 0 {
			if err != nil {
				return err
			}
			break
		}
		first := list[0].ID
		last = list[len(list)-1].ID
		docNos, err := nameMap(ctx, db, `SELECT case_id, doc_no FROM case_documents WHERE kind = 'decision' AND case_id >= $1 AND case_id <= $2`, first, last)
		if err != nil {
			return err
		}
		var decisions, terms [][]any
		for _, c := range list {
			d := c.derived()
			if !d.isPublic() {
				continue
			}
			text := searchText(c, agencies[c.AgencyCode], matters[c.MatterCode], docNos[fmt.Sprint(c.ID)])
			ts, fp := publishedPrint(c, d, text)
			r := c.RegionCode
			decisions = append(decisions, []any{c.ID, d.published, d.decided, r, cut(r, 2), cut(r, 4), cut(r, 6), c.AgencyCode, c.Party.Kind, fp})
			for _, t := range ts {
				terms = append(terms, []any{t, d.published, d.decided, c.ID})
			}
		}
		if err := put("published_decisions", PublishedDecisionCols, decisions); err != nil {
			return err
		}
		if err := put("published_terms", PublishedTermCols, terms); err != nil {
			return err
		}
	}
	for _, sc := range []struct{ scope, code, group string }{{"''", "''", ""}, {"'p'", "province", "province, "},
		{"'c'", "city", "city, "}, {"'k'", "county", "county, "}} {
		if _, err := db.W.ExecContext(ctx, `INSERT INTO published_counts (scope, code, published_on, n)
			SELECT `+sc.scope+`, `+sc.code+`, published_on, COUNT(*) FROM published_decisions WHERE case_id > $1
			GROUP BY `+sc.group+`published_on
			ON CONFLICT (scope, code, published_on) DO UPDATE SET n = published_counts.n + excluded.n`, after); err != nil {
			return err
		}
	}
	return nil
}

// publicPage reads the next page of cases after id whose stored columns
// say they are on display (as ReindexPublished selects them).
func publicPage(ctx context.Context, db *store.DB, after int64) ([]*Case, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id > $1 AND outcome = 'penalty'
		AND decided_on <> '' AND published_on <> '' AND withdrawn_on = '' ORDER BY id LIMIT `+fmt.Sprint(bulkPage), after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []*Case
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// nameMap reads (key, name) rows into a map.
func nameMap(ctx context.Context, db *store.DB, q string, args ...any) (map[string]string, error) {
	rows, err := db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		m[k] = v
	}
	return m, rows.Err()
}
