package cases

import (
	"database/sql"

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

// rangeMemo remembers the benchmark ranges looked up during one
// judgement: the statutory-range check alone asks for every tier of each
// decision day, and each lookup reads the matter's benchmark versions.
type rangeMemo map[rangeKey]*FineRange

type rangeKey struct {
	tier string
	on   law.Date
}

func (m rangeMemo) get(tier string, on law.Date, load func() *FineRange) *FineRange {
	k := rangeKey{tier, on}
	if r, ok := m[k]; ok {
		return r
	}
	r := load()
	m[k] = r
	return r
}
