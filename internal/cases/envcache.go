package cases

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/law"
	"zfjd/internal/store"
)

// keyedTx is a transaction that names the service's database, so the
// calendar cached for that database serves judgements made inside a write
// (calendar.Keyed): the version is still read through the transaction.
type keyedTx struct {
	*sql.Tx
	db *store.DB
}

func (k keyedTx) CacheKey() any { return k.db }

// keyed wraps a transaction of s's database as a keyedTx; any other
// querier (a pool) is returned as it is.
func (s *Service) keyed(q store.Querier) store.Querier {
	if tx, ok := q.(*sql.Tx); ok {
		return keyedTx{Tx: tx, db: s.db}
	}
	return q
}

// envMemo shares what the judgements of one read have in common
// (loadEnvWith). Its methods work on a nil memo, reading every time.
type envMemo struct {
	agencies map[string]*agencyEnv
	matters  map[string]*matterEnv
	officers map[string]*OfficerCert // nil: not on the register
	ranges   map[fullRangeKey]*FineRange
	// rangeDays are the days the matter's benchmark versions take effect
	// (range_memo.go); ranges are then keyed by the stretch's first day.
	rangeDays map[string][]law.Date
	named     map[[2]string]map[string]OfficerCert // (agency, name) → the officers of that name, by certificate
	avLists   map[string][]string                  // agency → 音像记录清单
	stats     map[fineGroup][]fineCount            // fine_stats rows of a group (FineFen zero)
	page      *pageData                            // the due pass's page (due_prefetch.go); nil: read per case
	cal       *law.Calendar                        // the page's calendar; nil: read per judgement
	inForce   map[string]RulesInForce              // the page's rules in force by region
}

// size is how many registry rows the memo holds.
func (m *envMemo) size() int {
	return len(m.agencies) + len(m.matters) + len(m.officers) + len(m.ranges) + len(m.named) + len(m.avLists) + len(m.rangeDays)
}

func newEnvMemo() *envMemo {
	return &envMemo{agencies: map[string]*agencyEnv{}, matters: map[string]*matterEnv{},
		officers: map[string]*OfficerCert{}, ranges: map[fullRangeKey]*FineRange{}, rangeDays: map[string][]law.Date{},
		named: map[[2]string]map[string]OfficerCert{}, avLists: map[string][]string{}, stats: map[fineGroup][]fineCount{}}
}

// agencyEnv is what the rules read of the case's agency (agencies,
// agency_case_rules).
type agencyEnv struct {
	publicityDays, statementDays    int
	reviewFineFen                   int64
	hearingPersonFen, hearingOrgFen int64
	reviewMatters, hearingKinds     []string
	hearingKindsSet                 bool
}

// matterEnv is what the rules read of the case's matter.
type matterEnv struct {
	name        string
	criminalFen *int64
	statutory   *StatutoryRange
}

type fullRangeKey struct {
	matter, region, tier string
	on                   law.Date
}

func (m *envMemo) agency(ctx context.Context, q store.Querier, code string) (*agencyEnv, error) {
	if m != nil {
		if a, ok := m.agencies[code]; ok {
			return a, nil
		}
	}
	a := &agencyEnv{}
	err := q.QueryRowContext(ctx, `SELECT publicity_days FROM agencies WHERE code = $1`, code).Scan(&a.publicityDays)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	var matters string
	var kinds sql.NullString
	err = q.QueryRowContext(ctx, `SELECT review_fine_fen, review_matters, hearing_person_fen, hearing_org_fen, statement_days, hearing_kinds
		FROM agency_case_rules WHERE agency_code = $1`, code).
		Scan(&a.reviewFineFen, &matters, &a.hearingPersonFen, &a.hearingOrgFen, &a.statementDays, &kinds)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if kinds.Valid {
		a.hearingKinds, a.hearingKindsSet = splitCodes(kinds.String), true
	}
	a.reviewMatters = strings.Fields(strings.ReplaceAll(matters, ",", " "))
	if m != nil {
		m.agencies[code] = a
	}
	return a, nil
}

func (m *envMemo) matter(ctx context.Context, q store.Querier, code string) (*matterEnv, error) {
	if m != nil {
		if x, ok := m.matters[code]; ok {
			return x, nil
		}
	}
	x := &matterEnv{}
	var thr sql.NullInt64
	err := q.QueryRowContext(ctx, `SELECT criminal_threshold_fen, name FROM matters WHERE code = $1`, code).Scan(&thr, &x.name)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if thr.Valid {
		x.criminalFen = &thr.Int64
	}
	if x.statutory, err = loadStatutory(ctx, q, code); err != nil {
		return nil, err
	}
	if m != nil {
		m.matters[code] = x
	}
	return x, nil
}

// rangeOf is the benchmark range of tier on a day for c's matter and
// region, looked up once per memo (once per judgement without one); key
// is the day it is kept under: on, or the first day of on's stretch of
// the same versions (rangeDay).
func (m *envMemo) rangeOf(ctx context.Context, c *Case, tier string, key law.Date, load func() *FineRange) *FineRange {
	if m == nil {
		return load()
	}
	k := fullRangeKey{c.MatterCode, c.RegionCode, tier, key}
	if r, ok := m.ranges[k]; ok {
		return r
	}
	r := load()
	m.ranges[k] = r
	return r
}

// officersByCert fills env.Officers for certs, reading only those the
// memo has not seen (a nil env only fills the memo).
func (m *envMemo) officersByCert(ctx context.Context, q store.Querier, env *Env, certs []string) error {
	if m == nil {
		return loadOfficersWhere(ctx, q, env, "cert_no", "", certs)
	}
	var unseen []string
	for _, no := range certs {
		if o, ok := m.officers[no]; !ok {
			unseen = append(unseen, no)
		} else if o != nil && env != nil {
			env.Officers[no] = *o
		}
	}
	if len(unseen) == 0 {
		return nil
	}
	got := &Env{Officers: map[string]OfficerCert{}}
	if err := loadOfficersWhere(ctx, q, got, "cert_no", "", unseen); err != nil {
		return err
	}
	for _, no := range unseen {
		if o, ok := got.Officers[no]; ok {
			m.officers[no] = &o
			if env != nil {
				env.Officers[no] = o
			}
		} else {
			m.officers[no] = nil
		}
	}
	return nil
}
