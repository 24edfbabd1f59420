package cases

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Reading the portal's published decisions: filters, pages, capped counts and search candidates in publication order.

// PublishedFilter selects decisions on public display.
type PublishedFilter struct {
	Since  string // earliest publication date still shown
	Region string // region code of any level: its subtree
	Agency string // 统一社会信用代码
}

// where adds f's conditions on the published_decisions alias p.
func (f PublishedFilter) where(w *store.Where) {
	w.Add("p.published_on >= ?", f.Since)
	if f.Region != "" {
		prefix := ident.RegionPrefix(f.Region)
		switch {
		case ident.ValidateRegionCode(f.Region) != nil || prefix == "":
			w.Add("1 = 0")
		case len(prefix) == 2:
			w.Add("p.province = ?", prefix)
		case len(prefix) == 4:
			w.Add("p.city = ?", prefix)
		case len(prefix) == 6 && len(f.Region) == 6:
			w.Add("p.county = ?", prefix)
		default:
			w.Add("p.region_code >= ? AND p.region_code < ?", prefix, ident.PrefixEnd(prefix))
		}
	}
	if f.Agency != "" {
		w.Add("p.agency_code = ?", ident.NormalizeUSCC(f.Agency))
	}
}

const publishedOrder = ` ORDER BY p.published_on DESC, p.decided_on DESC, p.case_id DESC`

// PublishedPage lists the ids of the decisions f selects, newest
// publication first, from offset on: an index-only walk in that order.
func PublishedPage(ctx context.Context, q store.Querier, f PublishedFilter, offset, limit int) ([]int64, error) {
	w := &store.Where{}
	f.where(w)
	lim, off := w.Arg(limit), w.Arg(offset)
	rows, err := q.QueryContext(ctx, `SELECT p.case_id FROM published_decisions p`+w.SQL()+publishedOrder+
		` LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// CountPublished counts the decisions f selects: exactly from the kept
// counts for the platform, a province, a city or a county; otherwise (an
// agency, a township) by counting rows up to limit, more reporting that
// there are more (the page says "limit 条以上").
func CountPublished(ctx context.Context, q store.Querier, f PublishedFilter, limit int) (n int, more bool, err error) {
	if n, ok, err := countPublishedExact(ctx, q, f); ok || err != nil {
		return n, false, err // the whole platform, a province, a city, a county: exact from published_counts
	}
	w := &store.Where{}
	f.where(w)
	lim := w.Arg(limit + 1)
	err = q.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM published_decisions p`+w.SQL()+publishedOrder+` LIMIT `+lim+`) x`,
		w.Args...).Scan(&n)
	if n > limit {
		return limit, true, err
	}
	return n, false, err
}

// PublishedKey is a decision's place in publication order: the keyset
// cursor of PublishedCandidates.
type PublishedKey struct {
	PublishedOn, DecidedOn string
	ID                     int64
}

func (k PublishedKey) less(o PublishedKey) bool {
	if k.PublishedOn != o.PublishedOn {
		return k.PublishedOn < o.PublishedOn
	}
	if k.DecidedOn != o.DecidedOn {
		return k.DecidedOn < o.DecidedOn
	}
	return k.ID < o.ID
}

// PublishedCandidates lists, newest publication first and after the key
// after (nil: from the start), up to limit decisions f selects that may
// contain q in their public text: those with every query term, those whose
// issued decision number starts with q (numbered after publication, so not
// among the terms), and — when q is one character or holds what masking
// writes (某某, 已隐去) — every person decision or every decision. The
// caller matches each against the masked text and asks for more after
// the last key while it needs more.
func PublishedCandidates(ctx context.Context, q store.Querier, f PublishedFilter, term string, after *PublishedKey, limit int) ([]PublishedKey, error) {
	var parts []string
	var args []any
	branch := func(sel, from string, conds func(w *store.Where), order string) {
		w := &store.Where{Args: args}
		conds(w)
		args = w.Args
		lim := w.Arg(limit)
		args = w.Args
		parts = append(parts, `SELECT * FROM (SELECT `+sel+from+w.SQL()+order+` LIMIT `+lim+`) b`+strconv.Itoa(len(parts)))
	}
	keyset := func(w *store.Where, a string) {
		if after != nil {
			w.Add("("+a+".published_on, "+a+".decided_on, "+a+".case_id) < (?, ?, ?)", after.PublishedOn, after.DecidedOn, after.ID)
		}
	}
	filtered := f.Region != "" || f.Agency != ""
	masked := strings.Contains(term, "某") || strings.Contains(term, "隐去")
	if qt := queryTerms(term); len(qt) > 0 {
		from := ` FROM published_terms t`
		if filtered {
			from += ` JOIN published_decisions p ON p.case_id = t.case_id`
		}
		branch(`t.published_on, t.decided_on, t.case_id`, from, func(w *store.Where) {
			w.Add("t.term = ?", qt[0])
			if filtered {
				f.where(w)
			} else {
				w.Add("t.published_on >= ?", f.Since)
			}
			for _, x := range qt[1:] {
				w.Add(`EXISTS (SELECT 1 FROM published_terms t2 WHERE t2.term = ? AND t2.published_on = t.published_on
					AND t2.decided_on = t.decided_on AND t2.case_id = t.case_id)`, x)
			}
			keyset(w, "t")
		}, ` ORDER BY t.published_on DESC, t.decided_on DESC, t.case_id DESC`)
	}
	if !masked && utf8.RuneCountInString(term) >= 2 {
		// Driven by the document numbers (CROSS JOIN keeps that order on
		// SQLite): walking the decisions in publication order instead reads
		// every one of them when, as for most queries, no number starts
		// with q. The few numbers that do are then sorted.
		branch(`p.published_on, p.decided_on, p.case_id`, ` FROM case_documents d CROSS JOIN published_decisions p`,
			func(w *store.Where) {
				w.Add("p.case_id = d.case_id AND d.kind = 'decision' AND d.doc_no >= ? AND d.doc_no < ?", term, term+"\U0010FFFF")
				f.where(w)
				keyset(w, "p")
			}, publishedOrder)
	}
	if masked || utf8.RuneCountInString(term) < 2 {
		branch(`p.published_on, p.decided_on, p.case_id`, ` FROM published_decisions p`, func(w *store.Where) {
			if masked {
				w.Add("p.party_kind = 'person'")
			}
			f.where(w)
			keyset(w, "p")
		}, publishedOrder)
	}
	rows, err := q.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	var out []PublishedKey
	for rows.Next() {
		var k PublishedKey
		if err := rows.Scan(&k.PublishedOn, &k.DecidedOn, &k.ID); err != nil {
			return nil, err
		}
		if !seen[k.ID] {
			seen[k.ID] = true
			out = append(out, k)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b PublishedKey) int {
		switch {
		case b.less(a):
			return -1
		case a.less(b):
			return 1
		}
		return 0
	})
	return out[:min(len(out), limit)], nil
}
