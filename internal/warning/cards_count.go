package warning

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Counting cards is an indexed range per officer or agency, never a scan of
// the cases: an agency's red warnings are findings by (agency_code,
// first_seen); an officer's are finding_officers by (cert_no, first_seen),
// filled incrementally by CardIndex from the findings not yet attributed.

// cardBatch is how many findings one CardIndex transaction attributes.
const cardBatch = 1000

// cardSettle is how old (ms) a finding must be before the cursor moves past
// it. Findings younger than this are attributed again on every pass (the
// insert ignores what is there), so one committed late by a concurrent
// transaction with a lower id than one already seen is not skipped.
const cardSettle = 2 * 60 * 1000

// CardIndex attributes the findings after the cursor to the officers named
// on the events of their cases, and proposes 暂扣/离岗培训 for any of those
// officers now at a 红牌. It returns how many findings it looked at. It is
// cheap when there is nothing new (one indexed query), so the card pages
// call it before they count.
func CardIndex(ctx context.Context, db *store.DB) (int, error) {
	total, after := 0, int64(-1)
	for range 50 { // bounded per call; the next call continues
		var n int
		var touched []string
		err := db.Tx(ctx, func(tx *sql.Tx) error {
			var err error
			n, touched, err = cardIndexBatch(ctx, tx, &after)
			if err == nil && len(touched) > 0 {
				err = cardPropose(ctx, tx, touched, CardYearNow(ctx))
			}
			return err
		})
		if err != nil {
			return total, err
		}
		total += n
		if n < cardBatch {
			return total, nil
		}
	}
	return total, nil
}

// cardIndexBatch attributes the findings after *after (the stored cursor
// when negative) and sets *after to the last one it looked at.
func cardIndexBatch(ctx context.Context, tx *sql.Tx, after *int64) (int, []string, error) {
	var cursor int64
	if err := tx.QueryRowContext(ctx, `SELECT last_finding FROM card_cursor WHERE id = 1`).Scan(&cursor); err != nil {
		return 0, nil, err
	}
	if *after < cursor {
		*after = cursor
	}
	rows, err := tx.QueryContext(ctx, `SELECT f.id, f.region_code, f.first_seen, COALESCE(c.events_json, '')
		FROM findings f LEFT JOIN cases c ON f.subject_kind = 'case' AND c.id = f.subject_id
		WHERE f.id > $1 ORDER BY f.id LIMIT $2`, *after, cardBatch)
	if err != nil {
		return 0, nil, err
	}
	type item struct {
		id, seen int64
		region   string
		certs    []string
	}
	var items []item
	for rows.Next() {
		var it item
		var events string
		if err := rows.Scan(&it.id, &it.region, &it.seen, &events); err != nil {
			rows.Close()
			return 0, nil, err
		}
		it.certs = cardOfficersOf(events)
		items = append(items, it)
	}
	if err := rows.Close(); err != nil {
		return 0, nil, err
	}
	settled := clock.Millis(ctx) - cardSettle
	next, moving := cursor, *after == cursor // an earlier batch may have stopped it
	seen := map[string]bool{}
	var touched []string
	var vals []string
	var args []any
	flush := func() error {
		if len(vals) == 0 {
			return nil
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO finding_officers (finding_id, cert_no, region_code, first_seen) VALUES `+
			strings.Join(vals, ",")+` ON CONFLICT (finding_id, cert_no) DO NOTHING`, args...)
		vals, args = vals[:0], args[:0]
		return err
	}
	for _, it := range items {
		for _, c := range it.certs {
			n := len(args)
			vals = append(vals, "($"+strconv.Itoa(n+1)+",$"+strconv.Itoa(n+2)+",$"+strconv.Itoa(n+3)+",$"+strconv.Itoa(n+4)+")")
			args = append(args, it.id, c, it.region, it.seen)
			if len(vals) == 500 {
				if err := flush(); err != nil {
					return 0, nil, err
				}
			}
			// Every officer of the batch is checked for a 红牌 (cardPropose
			// inserts a proposal only once), so re-attributed findings cost
			// one grouped count, not a row-by-row insert.
			if !seen[c] {
				seen[c] = true
				touched = append(touched, c)
			}
		}
		// The cursor moves over a settled prefix only.
		if moving = moving && it.seen <= settled; moving {
			next = it.id
		}
		*after = it.id
	}
	if err := flush(); err != nil {
		return 0, nil, err
	}
	if next > cursor {
		if _, err := tx.ExecContext(ctx, `UPDATE card_cursor SET last_finding = $1 WHERE id = 1 AND last_finding < $1`, next); err != nil {
			return 0, nil, err
		}
	}
	return len(items), touched, nil
}

// cardOfficersOf lists the certificate numbers named on a case's events.
func cardOfficersOf(events string) []string {
	if events == "" {
		return nil
	}
	var evs []struct {
		Officers []string `json:"officers"`
	}
	if json.Unmarshal([]byte(events), &evs) != nil {
		return nil
	}
	var out []string
	for _, e := range evs {
		for _, c := range e.Officers {
			if c = strings.TrimSpace(c); c != "" && !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// CardRef names one officer (certificate number) or agency (code) and the
// region whose thresholds apply to it.
type CardRef struct{ Key, Region string }

// OfficerCards are the cards of officers in year, by certificate number
// (officers without red warnings get a card of level "").
func OfficerCards(ctx context.Context, db *store.DB, refs []CardRef, year int) (map[string]Card, error) {
	if _, err := CardIndex(ctx, db); err != nil {
		return nil, err
	}
	return cardsFor(ctx, db.R, refs, year, cardOfficerCounts)
}

const cardOfficerCounts = `SELECT fo.cert_no, COUNT(*) FROM finding_officers fo JOIN findings f ON f.id = fo.finding_id
	WHERE fo.first_seen >= $1 AND fo.first_seen < $2 AND f.severity = 'red' AND fo.cert_no IN (%s) GROUP BY fo.cert_no`

// AgencyCards are the cards of agencies in year, by agency code.
func AgencyCards(ctx context.Context, db *store.DB, refs []CardRef, year int) (map[string]Card, error) {
	return cardsFor(ctx, db.R, refs, year, `SELECT agency_code, COUNT(*) FROM findings
		WHERE first_seen >= $1 AND first_seen < $2 AND severity = 'red' AND agency_code IN (%s) GROUP BY agency_code`)
}

func cardsFor(ctx context.Context, q store.Querier, refs []CardRef, year int, query string) (map[string]Card, error) {
	out := map[string]Card{}
	if len(refs) == 0 {
		return out, nil
	}
	settings, err := LoadCardSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	from, to := cardYear(year)
	args := []any{from, to}
	marks := make([]string, len(refs))
	for i, r := range refs {
		args = append(args, r.Key)
		marks[i] = "$" + strconv.Itoa(len(args))
	}
	rows, err := q.QueryContext(ctx, strings.Replace(query, "%s", strings.Join(marks, ","), 1), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	counts := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		counts[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range refs {
		t := settings.For(r.Region)
		n := counts[r.Key]
		out[r.Key] = Card{Year: year, Warnings: n, Level: CardLevelFor(n, t), Thresholds: t}
	}
	return out, nil
}

// CardHolder is an officer or agency holding a card, for the 红黄牌 page.
type CardHolder struct {
	Key, Name, Region  string
	AgencyCode, Agency string // officers: their agency
	Card               Card
}

// CardHolders lists the officers (kind "officer") or agencies ("agency") in
// p's scope holding a yellow or red card in year, red first, then by count.
func CardHolders(ctx context.Context, db *store.DB, p *auth.Principal, kind string, year int) ([]CardHolder, error) {
	if kind == "officer" {
		if _, err := CardIndex(ctx, db); err != nil {
			return nil, err
		}
	}
	settings, err := LoadCardSettings(ctx, db.R)
	if err != nil {
		return nil, err
	}
	least := CardDefaultYellow
	for _, t := range settings {
		least = min(least, t.Yellow)
	}
	from, to := cardYear(year)
	w := &store.Where{}
	var q string
	if kind == "officer" {
		w.Add("fo.first_seen >= ? AND fo.first_seen < ?", from, to)
		w.Add("f.severity = 'red'")
		auth.FilterRegion(p, w, "fo.region_code")
		auth.FilterOfficers(p, w, "o.region_code", "o.agency_code")
		q = `SELECT fo.cert_no, o.name, o.region_code, o.agency_code, a.name, COUNT(*) FROM finding_officers fo
			JOIN findings f ON f.id = fo.finding_id JOIN officers o ON o.cert_no = fo.cert_no JOIN agencies a ON a.code = o.agency_code` +
			w.SQL() + ` GROUP BY fo.cert_no, o.name, o.region_code, o.agency_code, a.name HAVING COUNT(*) >= ` + w.Arg(least)
	} else {
		w.Add("f.first_seen >= ? AND f.first_seen < ?", from, to)
		w.Add("f.severity = 'red'")
		auth.FilterAgencies(p, w, "f.region_code", "f.agency_code")
		q = `SELECT f.agency_code, a.name, a.region_code, '', '', COUNT(*) FROM findings f JOIN agencies a ON a.code = f.agency_code` +
			w.SQL() + ` GROUP BY f.agency_code, a.name, a.region_code HAVING COUNT(*) >= ` + w.Arg(least)
	}
	rows, err := db.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CardHolder
	for rows.Next() {
		var h CardHolder
		var n int
		if err := rows.Scan(&h.Key, &h.Name, &h.Region, &h.AgencyCode, &h.Agency, &n); err != nil {
			return nil, err
		}
		t := settings.For(h.Region)
		h.Card = Card{Year: year, Warnings: n, Level: CardLevelFor(n, t), Thresholds: t}
		if h.Card.Level != CardNone {
			out = append(out, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b CardHolder) int {
		if a.Card.Level != b.Card.Level {
			if a.Card.Level == CardRed {
				return -1
			}
			return 1
		}
		if a.Card.Warnings != b.Card.Warnings {
			return b.Card.Warnings - a.Card.Warnings
		}
		return strings.Compare(a.Key, b.Key)
	})
	return out, nil
}
