package docs

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// The portal's lists show twenty decisions a page, and building each one's
// public view (decoding the case's party, facts and events, then masking
// every free text, mask.go) costs far more than finding it. views keeps the
// views already built, per database, and checks each against a fingerprint
// read with the page: every column the view is built from except the three
// JSON bodies, plus the case's version, updated_at and body hash, which
// change whenever a body does (cases/store.go). A changed case, a renamed
// agency or matter, a newly issued document number or a withdrawal therefore
// always rebuilds the view; nothing is served stale, on any instance.

// publicPrint is the fingerprint of a public view: the cheap columns of
// publicCols, in the same joins.
const publicPrint = `c.id, c.version, c.updated_at, c.body_hash, c.agency_code, COALESCE(a.name, ''), c.region_code,
	COALESCE(r.name, ''), COALESCE(m.name, ''), COALESCE(m.legal_basis, ''), c.title, c.decided_on, c.published_on,
	c.withdrawn_on, c.fine_fen, c.tier, COALESCE(d.doc_no, '')`

// maxViews bounds the views kept per database (about 2 KB each); when full
// the cache starts afresh rather than tracking use.
const maxViews = 20000

type viewCache struct {
	mu sync.Mutex
	m  map[int64]cachedView
}

type cachedView struct {
	print string
	d     *PublicDecision // never changed once cached: callers get copies
}

var views sync.Map // *store.DB → *viewCache

func viewsOf(db *store.DB) *viewCache {
	if c, ok := views.Load(db); ok {
		return c.(*viewCache)
	}
	c, _ := views.LoadOrStore(db, &viewCache{m: map[int64]cachedView{}})
	return c.(*viewCache)
}

// printCount is the number of columns of publicPrint; viewCols adds the
// three JSON bodies, so that one row gives both a view and its fingerprint.
const (
	printCount = 17
	viewCols   = publicPrint + `, c.party_json, c.facts_json, c.events_json`
)

// publicViews returns the public views of ids in the order given (ids not
// found are left out), building only those not cached or changed.
//
// When gen is not nil and not yet known, the same read also gives the
// registry's generation (registry.Generation), which the page's filter
// options are checked against (cachedChoicesIn): one round trip less.
func publicViews(ctx context.Context, db *store.DB, ids []int64, gen *registryGen) ([]*PublicDecision, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	in, args := idList(ids)
	cols := publicPrint
	withGen := gen != nil && !gen.known
	if withGen {
		cols += `, (SELECT g.n FROM registry_generation g WHERE g.id = 1)`
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+cols+publicFrom+` WHERE c.id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	prints := make(map[int64]string, len(ids))
	vals := make([]string, printCount)
	ptrs := make([]any, len(vals), len(vals)+1)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	if withGen {
		ptrs = append(ptrs, &n)
	}
	for rows.Next() {
		var id int64
		ptrs[0] = &id
		if err := rows.Scan(ptrs...); err != nil {
			rows.Close()
			return nil, err
		}
		prints[id] = strings.Join(vals[1:], "\x00")
		if withGen {
			gen.n, gen.known = n, true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	c := viewsOf(db)
	found := make(map[int64]*PublicDecision, len(ids))
	var miss []int64
	c.mu.Lock()
	for id, p := range prints {
		if v, ok := c.m[id]; ok && v.print == p {
			found[id] = v.d
		} else {
			miss = append(miss, id)
		}
	}
	c.mu.Unlock()
	if len(miss) > 0 {
		// The views are built with the fingerprints read with them (a case
		// changed since the read above is kept with its new fingerprint).
		in, args := idList(miss)
		built, err := queryViews(ctx, db.R, `SELECT `+viewCols+publicFrom+` WHERE c.id IN (`+in+`)`, args...)
		if err != nil {
			return nil, err
		}
		c.keep(built)
		for _, v := range built {
			found[v.d.ID] = v.d
		}
	}
	out := make([]*PublicDecision, 0, len(ids))
	for _, id := range ids {
		if d := found[id]; d != nil {
			cp := *d
			out = append(out, &cp)
		}
	}
	return out, nil
}

// publicView returns the public view of decision id if the case matches
// cond (SQL on cases c), nil if not, in one read: the row carries the
// fingerprint and the bodies, which are decoded and masked only when the
// view kept for id has another fingerprint.
func publicView(ctx context.Context, db *store.DB, id int64, cond string) (*PublicDecision, error) {
	rows, err := db.R.QueryContext(ctx, `SELECT `+viewCols+publicFrom+` WHERE c.id = $1 AND `+cond, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if !rows.Next() {
		return nil, rows.Err()
	}
	vals, party, facts, events, err := scanView(rows)
	if err != nil {
		return nil, err
	}
	print := strings.Join(vals[1:], "\x00")
	c := viewsOf(db)
	c.mu.Lock()
	v, ok := c.m[id]
	c.mu.Unlock()
	if !ok || v.print != print {
		d, err := viewOf(vals, party, facts, events)
		if err != nil {
			return nil, err
		}
		v = cachedView{print: print, d: d}
		c.keep([]cachedView{v})
	}
	cp := *v.d
	return &cp, nil
}

// keep caches views.
func (c *viewCache) keep(views []cachedView) {
	c.mu.Lock()
	if len(c.m)+len(views) > maxViews {
		c.m = map[int64]cachedView{}
	}
	for _, v := range views {
		c.m[v.d.ID] = v
	}
	c.mu.Unlock()
}

// queryViews builds the views of the rows of query, which selects viewCols.
func queryViews(ctx context.Context, q store.Querier, query string, args ...any) ([]cachedView, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cachedView
	for rows.Next() {
		vals, party, facts, events, err := scanView(rows)
		if err != nil {
			return nil, err
		}
		d, err := viewOf(vals, party, facts, events)
		if err != nil {
			return nil, err
		}
		out = append(out, cachedView{print: strings.Join(vals[1:], "\x00"), d: d})
	}
	return out, rows.Err()
}

// scanView reads a row of viewCols: the fingerprint's columns as text
// (vals[0] is the id) and the three bodies.
func scanView(rows *sql.Rows) (vals []string, party, facts, events string, err error) {
	vals = make([]string, printCount)
	ptrs := make([]any, printCount+3)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	ptrs[printCount], ptrs[printCount+1], ptrs[printCount+2] = &party, &facts, &events
	err = rows.Scan(ptrs...)
	return
}

// viewOf builds the public view from a row of viewCols (scanView).
func viewOf(vals []string, party, facts, events string) (*PublicDecision, error) {
	id, err := strconv.ParseInt(vals[0], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("public decision %q: %w", vals[0], err)
	}
	fine, err := strconv.ParseInt(vals[14], 10, 64)
	if err != nil {
		return nil, fmt.Errorf("public decision %d: fine %q: %w", id, vals[14], err)
	}
	// vals[1:4] are the version, updated_at and body hash: fingerprint only.
	d := &PublicDecision{ID: id, AgencyCode: vals[4], AgencyName: vals[5], RegionCode: vals[6], RegionName: vals[7],
		Matter: vals[8], Basis: vals[9], DecidedOn: vals[11], PublishedOn: vals[12], WithdrawnOn: vals[13], FineFen: fine}
	if err := d.fill(vals[10], party, facts, events, vals[15], vals[16]); err != nil {
		return nil, fmt.Errorf("public decision %d: %w", id, err)
	}
	return d, nil
}

func idList(ids []int64) (string, []any) {
	w := &store.Where{}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = w.Arg(id)
	}
	return strings.Join(marks, ","), w.Args
}

type cachedChoices struct {
	print             string
	regions, agencies []PublicChoice
}

var choices sync.Map // *store.DB → *sync.Map of region → cachedChoices

// registryGen is registry.Generation as read during a request, when known.
type registryGen struct {
	n     int64
	known bool
}

// cachedChoicesIn answers PublicChoicesIn from the options built last for
// region while the registry's fingerprint is unchanged. gen is the
// generation already read during this request, if any.
func cachedChoicesIn(ctx context.Context, db *store.DB, region string, gen registryGen) (regions, agencies []PublicChoice, err error) {
	// The options come from the registry's agencies and regions only, and
	// every write of either bumps its generation (registry.BumpGeneration).
	if !gen.known {
		if gen.n, err = registry.Generation(ctx, db.R); err != nil {
			return nil, nil, err
		}
	}
	print := itoa(gen.n)
	m, _ := choices.LoadOrStore(db, &sync.Map{})
	per := m.(*sync.Map)
	if v, ok := per.Load(region); ok && v.(cachedChoices).print == print {
		c := v.(cachedChoices)
		return c.regions, c.agencies, nil
	}
	if regions, agencies, err = buildChoicesIn(ctx, db, region); err != nil {
		return nil, nil, err
	}
	if region == "" || ident.ValidateRegionCode(region) == nil { // anything else is not kept
		per.Store(region, cachedChoices{print: print, regions: regions, agencies: agencies})
	}
	return regions, agencies, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
