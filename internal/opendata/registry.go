package opendata

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// The registry's open data (spec/supervision-v1.md §7, issue 11): the
// enforcement subjects and supervision bodies, the officers and the 权责清单
// matters, as the 事前公示 pages of /public show them (三项制度; 行政处罚法
// Art. 39) — never an officer's identity number, exam result or any other
// personal datum beyond the name and certificate the 亮证 page shows.

// Set is one page of a registry dataset.
type Set[T any] struct {
	Items    []T    `json:"items"`
	Total    int    `json:"total"`
	Page     int    `json:"page"`
	PageSize int    `json:"page_size"`
	AsOf     string `json:"as_of"`
	// ETag identifies the data of this page (see stamp); Modified is the
	// latest change of a record in the filtered set (Last-Modified).
	ETag        string    `json:"-"`
	Modified    time.Time `json:"-"`
	NotModified bool      `json:"-"`
}

// RegistryFilter selects registry records: region (its subtree), agency,
// kind and status, each only where the dataset has it.
type RegistryFilter struct {
	Region, Agency, Kind, Status string
	Page, PageSize               int
	// Fresh, when set, is asked after the cheap stamp whether the client
	// has this data already (a conditional GET): then the rows are not
	// read and the Set comes back with NotModified.
	Fresh func(etag string, modified time.Time) bool
}

// check validates f, naming the parameter; kinds and statuses are the
// dataset's allowed values (nil: the parameter is not taken).
func (f *RegistryFilter) check(kinds, statuses []registry.Option) error {
	bad := apperr.Fields{}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region_code", "行政区划代码无效")
	}
	if f.Agency != "" {
		if f.Agency = ident.NormalizeUSCC(f.Agency); ident.ValidateUSCC(f.Agency) != nil {
			bad.Set("agency_code", "统一社会信用代码无效")
		}
	}
	if f.Kind != "" && !hasOption(kinds, f.Kind) {
		bad.Set("kind", "类型应为"+values(kinds))
	}
	if f.Status != "" && !hasOption(statuses, f.Status) {
		bad.Set("status", "状态应为"+values(statuses))
	}
	checkPaging(bad, &f.Page, &f.PageSize)
	return bad.Err()
}

func hasOption(opts []registry.Option, v string) bool {
	for _, o := range opts {
		if o.Value == v {
			return true
		}
	}
	return false
}

// values lists opts as "a（甲）、b（乙）".
func values(opts []registry.Option) string {
	s := make([]string, len(opts))
	for i, o := range opts {
		s[i] = o.Value + "（" + o.Label + "）"
	}
	return strings.Join(s, "、")
}

// checkPaging sets the paging defaults and names a bad page or size.
func checkPaging(bad apperr.Fields, page, size *int) {
	switch {
	case *size == 0:
		*size = 100
	case *size < 0 || *size > MaxPageSize:
		bad.Set("page_size", "应为1到1000")
	}
	switch {
	case *page == 0:
		*page = 1
	case *page < 0 || *page > 1_000_000:
		bad.Set("page", "应为1到1000000")
	}
}

// regionRange adds the subtree of region on column col.
func regionRange(w *store.Where, col, region string) {
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add(col+" >= ? AND "+col+" < ?", prefix, ident.PrefixEnd(prefix))
	}
}

// stamp reads the total of the filtered set, the latest change of the
// dataset's tables and the record log's head (the largest audit_log id, a
// primary-key lookup), and from them the ETag and Last-Modified.
//
// Last-Modified is max(updated_at) over the whole of the tables the
// answer reads (modSQL), not over the filtered set: a record that leaves
// a filtered set (an agency revoked, a matter's holder changed) was
// written, so its own updated_at moves the stamp. Where the answer
// depends on the date (an officer's certificate expires), the start of
// today in Shanghai is a floor (byDay).
//
// The ETag hashes the dataset, the filter, the page, the day, the
// total, Last-Modified and the record log's head. Every registry write is
// audited in its transaction (ARCHITECTURE convention 2), so the head
// moves on each one even when the clock does not; the total catches a
// record leaving the set. Cheap (two aggregates and a key lookup, read
// before any row) and it changes whenever the answer can.
func stamp[T any](ctx context.Context, db *store.DB, set *Set[T], dataset, countSQL, modSQL string, byDay bool, w *store.Where, f *RegistryFilter) error {
	var modified, head int64
	if err := db.R.QueryRowContext(ctx, countSQL+w.SQL(), w.Args...).Scan(&set.Total); err != nil {
		return err
	}
	if err := db.R.QueryRowContext(ctx, modSQL).Scan(&modified); err != nil {
		return err
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM audit_log`).Scan(&head); err != nil {
		return err
	}
	today := clock.Today(ctx)
	if day := time.Date(today.Y, today.M, today.D, 0, 0, 0, 0, clock.Shanghai).UnixMilli(); byDay && day > modified {
		modified = day
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%s|%s|%s|%d|%d|%s|%d|%d|%d", dataset, f.Region, f.Agency, f.Kind, f.Status,
		f.Page, f.PageSize, today, set.Total, modified, head))
	set.ETag = `"` + hex.EncodeToString(sum[:16]) + `"`
	if modified > 0 {
		set.Modified = time.UnixMilli(modified).UTC()
	}
	set.NotModified = f.Fresh != nil && f.Fresh(set.ETag, set.Modified)
	return nil
}

func newSet[T any](ctx context.Context, f *RegistryFilter) *Set[T] {
	return &Set[T]{Items: []T{}, Page: f.Page, PageSize: f.PageSize, AsOf: clock.Now(ctx).UTC().Format(time.RFC3339)}
}

// limit renders the page's LIMIT and OFFSET.
func limit(w *store.Where, f *RegistryFilter) string {
	return ` LIMIT ` + w.Arg(f.PageSize) + ` OFFSET ` + w.Arg((f.Page-1)*f.PageSize)
}
