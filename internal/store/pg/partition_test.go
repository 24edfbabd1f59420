package pg_test

import (
	"context"
	"slices"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/docs"
	"zfjd/internal/store"
	"zfjd/internal/store/pg"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// published is a decided and published case pushed by the city's system.
func published(id string) *cases.Case {
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID = "sc-market", id
	two := []string{testworld.CertA, testworld.CertB}
	yes := true
	c.Facts.Description = "当事人在店内销售超过保质期的牛奶。"
	c.Events = []cases.Event{
		{Type: "filed", At: "2026-05-25", Officers: two},
		{Type: "notified", At: "2026-05-27", Officers: two, HearingRight: &yes},
		{Type: "decided", At: "2026-06-10", Outcome: "penalty", Tier: "ordinary", Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 300000}}},
		{Type: "delivered", At: "2026-06-11", Officers: two},
		{Type: "published", At: "2026-06-12"},
	}
	return c
}

// PostgreSQL only (partitioning is the PostgreSQL variant of the schema):
// Partition turns cases and the audit log into tables partitioned by
// year with the rows in the right year, is idempotent, adds years later,
// and the application's writes, lists, portal and migrations work on it.
func TestPartitionByYear(t *testing.T) {
	db := testdb.Open(t, store.Postgres)
	w := testworld.Build(t, db)
	ctx := w.Ctx
	_, before, err := w.Cases.Put(ctx, testworld.Robot, published("PT-1"))
	if err != nil {
		t.Fatal(err)
	}
	if err := pg.Partition(context.Background(), db, 2024, 2027); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"cases", "audit_log"} {
		parts, err := pg.Partitions(ctx, db.R, table)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{table + "_default", table + "_y2024", table + "_y2025", table + "_y2026", table + "_y2027"}
		if !slices.Equal(parts, want) {
			t.Errorf("%s partitions %v, want %v", table, parts, want)
		}
	}
	var part string
	if err := db.R.QueryRow(`SELECT tableoid::regclass::text FROM cases WHERE id = $1`, before.ID).Scan(&part); err != nil || part != "cases_y2026" {
		t.Errorf("the case moved to %q (%v), want cases_y2026", part, err)
	}
	var audits int
	db.R.QueryRow(`SELECT COUNT(*) FROM audit_log_y2026`).Scan(&audits)
	if audits == 0 {
		t.Error("no audit rows in audit_log_y2026")
	}

	// Again: nothing changes; later years are added.
	if err := pg.Partition(context.Background(), db, 2024, 2027); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if err := pg.EnsureYears(context.Background(), db, 2028, 2028); err != nil {
		t.Fatal(err)
	}
	if parts, _ := pg.Partitions(ctx, db.R, "cases"); !slices.Contains(parts, "cases_y2028") {
		t.Errorf("after EnsureYears: %v", parts)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate on the partitioned schema: %v", err)
	}

	// The application on the partitioned tables: a new case, an update,
	// the case list, the warnings list, the portal and its search.
	_, after, err := w.Cases.Put(ctx, testworld.Robot, published("PT-2"))
	if err != nil {
		t.Fatalf("insert into the partitioned cases: %v", err)
	}
	upd := published("PT-1")
	upd.Title = "销售过期牛奶"
	if _, _, err := w.Cases.Put(ctx, testworld.Robot, upd); err != nil {
		t.Fatalf("update a partitioned case: %v", err)
	}
	city := testworld.As("city")
	for _, sort := range []string{"", "deadline"} {
		f := &cases.Filter{Sort: sort}
		list, err := w.Cases.List(ctx, city, f)
		if err != nil || len(list) != 2 || f.Total != 2 {
			t.Errorf("list %q on partitions: %d cases, total %d, %v", sort, len(list), f.Total, err)
		}
	}
	if _, err := w.Cases.ListWarnings(ctx, city, &cases.WarningFilter{Status: "all"}); err != nil {
		t.Errorf("warnings on partitions: %v", err)
	}
	if c, err := w.Cases.Get(ctx, city, after.ID); err != nil || c.Title != "销售超过保质期的食品" {
		t.Errorf("get: %v %v", c, err)
	}
	pf := &docs.PublicFilter{}
	if list, err := docs.ListPublic(ctx, db, pf); err != nil || len(list) != 2 {
		t.Errorf("portal on partitions: %d, %v", len(list), err)
	}
	if list, err := docs.ListPublic(ctx, db, &docs.PublicFilter{Q: "过期牛奶"}); err != nil || len(list) != 1 || list[0].ID != before.ID {
		t.Errorf("portal search on partitions: %v, %v", list, err)
	}
}
