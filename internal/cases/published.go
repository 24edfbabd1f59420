package cases

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/store"
)

// 处罚决定公示 at province scale: the portal lists and searches the compact
// table published_decisions (migration 00013) instead of every case. A
// case has a row there exactly while its penalty decision is on public
// display — published and not withdrawn, as derived() reads the events —
// and syncPublished keeps the row and the decision's search terms in the
// transaction that saves the case, so the list can never disagree with the
// case. The three-year period (docs.PublicYears) is a date filter at read
// time, not a row change.
//
// The terms are the distinct bigrams of what the public page shows of the
// decision, taken from the stored text before masking: they only find
// candidates, and docs.ListPublic keeps a candidate only when its masked
// public text contains the query. A term that masking inserts (某某, 已隐去)
// is found through the person decisions instead (PublishedCandidates).

// maxTermText bounds the text a decision is indexed by, in characters.
const maxTermText = 4000

// isPublic reports whether d is a decision on public display.
func (d derivedCols) isPublic() bool {
	return d.outcome == "penalty" && d.decided != "" && d.published != "" && d.withdrawn == ""
}

// syncPublished writes c's published_decisions row and terms as c now
// stands, inside tx; nothing is rewritten when neither changed (the daily
// pass saves cases that did not change).
func syncPublished(ctx context.Context, tx store.Querier, c *Case) error {
	d := c.derived()
	if !d.isPublic() {
		if _, err := tx.ExecContext(ctx, `DELETE FROM published_terms WHERE case_id = $1`, c.ID); err != nil {
			return err
		}
		return unpublish(ctx, tx, c.ID)
	}
	text, err := publicSearchText(ctx, tx, c)
	if err != nil {
		return err
	}
	terms, fp := publishedPrint(c, d, text)
	var old string
	err = tx.QueryRowContext(ctx, `SELECT terms_hash FROM published_decisions WHERE case_id = $1`, c.ID).Scan(&old)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if err == nil && old == fp {
		return nil
	}
	if err == nil {
		if _, err := tx.ExecContext(ctx, `DELETE FROM published_terms WHERE case_id = $1`, c.ID); err != nil {
			return err
		}
		if err := unpublish(ctx, tx, c.ID); err != nil {
			return err
		}
	}
	r := c.RegionCode
	if _, err := tx.ExecContext(ctx, `INSERT INTO published_decisions (case_id, published_on, decided_on, region_code, province,
		city, county, agency_code, party_kind, terms_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		c.ID, d.published, d.decided, r, cut(r, 2), cut(r, 4), cut(r, 6), c.AgencyCode, c.Party.Kind, fp); err != nil {
		return err
	}
	if err := addPublishedCount(ctx, tx, d.published, r, 1); err != nil {
		return err
	}
	return insertTerms(ctx, tx, c.ID, d.published, d.decided, terms)
}

func cut(s string, n int) string { return s[:min(n, len(s))] }

// publishedPrint is the search terms of c's public text and the
// fingerprint of its published_decisions row (terms_hash).
func publishedPrint(c *Case, d derivedCols, text string) (terms []string, fp string) {
	terms = bigrams(text)
	h := sha256.New()
	for _, s := range []string{d.published, d.decided, c.RegionCode, c.AgencyCode, c.Party.Kind} {
		h.Write([]byte(s + "\x00"))
	}
	for _, t := range terms {
		h.Write([]byte(t + "\x00"))
	}
	return terms, hex.EncodeToString(h.Sum(nil))
}

// insertTerms writes the terms in multi-row statements (one round trip per
// 200 terms rather than per term).
func insertTerms(ctx context.Context, tx store.Querier, id int64, published, decided string, terms []string) error {
	const per = 200
	for len(terms) > 0 {
		n := min(per, len(terms))
		var b strings.Builder
		b.WriteString(`INSERT INTO published_terms (term, published_on, decided_on, case_id) VALUES `)
		args := []any{published, decided, id}
		for i, t := range terms[:n] {
			if i > 0 {
				b.WriteString(",")
			}
			args = append(args, t)
			b.WriteString("($" + strconv.Itoa(len(args)) + ", $1, $2, $3)")
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return err
		}
		terms = terms[n:]
	}
	return nil
}

// publicSearchText is what docs.PublicDecision.matches searches, before
// masking: document number, party name and code, agency and matter
// names, 案由 and the facts. Fields are separated by a newline so that no
// bigram spans two of them.
func publicSearchText(ctx context.Context, q store.Querier, c *Case) (string, error) {
	var agency, matter, docNo string
	if err := q.QueryRowContext(ctx, `SELECT COALESCE((SELECT name FROM agencies WHERE code = $1), ''),
		COALESCE((SELECT name FROM matters WHERE code = $2), ''),
		COALESCE((SELECT doc_no FROM case_documents WHERE case_id = $3 AND kind = 'decision'), '')`,
		c.AgencyCode, c.MatterCode, c.ID).Scan(&agency, &matter, &docNo); err != nil {
		return "", err
	}
	return searchText(c, agency, matter, docNo), nil
}

// searchText is publicSearchText with the names and number given.
func searchText(c *Case, agency, matter, docNo string) string {
	parts := []string{docNo, c.Party.Name, c.Party.IDNumber, agency, matter, c.Title, c.Facts.Description}
	for _, e := range c.Events {
		if e.Type == "decided" {
			parts = append(parts, e.DocNo)
		}
	}
	s := strings.Join(parts, "\n")
	if utf8.RuneCountInString(s) > maxTermText {
		s = string([]rune(s)[:maxTermText])
	}
	return s
}

// bigrams are the distinct two-character tokens of s, sorted; no token
// spans a line break. The same function cuts a query (queryTerms).
func bigrams(s string) []string {
	seen := map[string]bool{}
	for _, line := range strings.Split(s, "\n") {
		rs := []rune(line)
		for i := 0; i+1 < len(rs); i++ {
			seen[string(rs[i:i+2])] = true
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

// queryTerms are the bigrams a decision must have to contain q: at most
// four of them, spread over q (the first, the last and two between),
// which narrows as well as all of them would in practice.
func queryTerms(q string) []string {
	rs := []rune(q)
	if len(rs) < 2 {
		return nil
	}
	n := len(rs) - 1 // bigrams
	picks := []int{0, n - 1, n / 3, 2 * n / 3}
	var out []string
	for _, i := range picks {
		t := string(rs[i : i+2])
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// publishedIndexKey marks, in settings, a database whose decisions were
// all indexed by ReindexPublished (databases from before migration 00013).
const publishedIndexKey = "published_decisions_v1"

// EnsurePublished fills published_decisions and its terms from the cases
// once, for a database whose decisions were published before the table
// existed; afterwards every save keeps them. It returns at once when that
// was done.
func EnsurePublished(ctx context.Context, db *store.DB) error {
	var v string
	err := db.R.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, publishedIndexKey).Scan(&v)
	if err == nil {
		return nil
	}
	if err != sql.ErrNoRows {
		return err
	}
	if err := ReindexPublished(ctx, db); err != nil {
		return err
	}
	_, err = db.W.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, '1') ON CONFLICT (key) DO NOTHING`, publishedIndexKey)
	return err
}

// ReindexPublished rewrites published_decisions and its terms for every
// case whose stored columns say it is on display, 500 cases to a
// transaction (also after a bulk load that wrote cases directly).
func ReindexPublished(ctx context.Context, db *store.DB) error {
	var last int64
	for {
		var ids []int64
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			ids = ids[:0]
			rows, err := tx.QueryContext(ctx, `SELECT `+caseCols+` FROM cases WHERE id > $1 AND outcome = 'penalty'
				AND decided_on <> '' AND published_on <> '' AND withdrawn_on = '' ORDER BY id LIMIT 500`, last)
			if err != nil {
				return err
			}
			var list []*Case
			for rows.Next() {
				c, err := scanCase(rows)
				if err != nil {
					rows.Close()
					return err
				}
				list = append(list, c)
			}
			if err := rows.Close(); err != nil {
				return err
			}
			for _, c := range list {
				ids = append(ids, c.ID)
				if err := syncPublished(ctx, tx, c); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil || len(ids) < 500 {
			return err
		}
		last = ids[len(ids)-1]
	}
}
