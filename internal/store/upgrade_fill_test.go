package store_test

import (
	"context"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

const (
	oldAgency = "11370102MB2850412R"
	oldCert   = "37010200001"
)

// fill writes what an early release held, in that release's columns only:
// the foundation (00001) everywhere, a penalty case where 00003 shipped.
func fill(t *testing.T, db *store.DB) {
	t.Helper()
	stmts := []string{
		`INSERT INTO agencies (code, name, kind, region_code, created_at, updated_at)
			VALUES ('` + oldAgency + `', '济南市历下区市场监督管理局', 'enforcement', '370102', 1, 1)`,
		`INSERT INTO officers (cert_no, name, agency_code, region_code, cert_valid_from, cert_valid_to, verify_id, created_at, updated_at)
			VALUES ('` + oldCert + `', '张明', '` + oldAgency + `', '370102', '2024-01-01', '2029-12-31', 'v-old-1', 1, 1)`,
		`INSERT INTO matters (code, name, kind, region_code, legal_basis, created_at, updated_at)
			VALUES ('T-FOOD-001', '对经营超过保质期的食品的行政处罚', 'penalty', '370102', '《中华人民共和国食品安全法》第一百二十四条', 1, 1)`,
		`INSERT INTO matter_agencies (matter_id, agency_code) SELECT id, '` + oldAgency + `' FROM matters WHERE code = 'T-FOOD-001'`,
		`INSERT INTO accounts (username, display_name, role, region_code, agency_code, created_at)
			VALUES ('officer', '张明', 'officer', '370102', '` + oldAgency + `', 1)`,
		`INSERT INTO audit_log (at, actor, actor_role, action, entity, entity_key, region_code)
			VALUES (1, '系统管理员', 'admin', 'create', 'agency', '` + oldAgency + `', '370102')`,
	}
	if hasTable(t, db, "cases") {
		stmts = append(stmts, `INSERT INTO cases (source_system, source_id, agency_code, region_code, matter_code, procedure_kind,
			party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, created_at, updated_at)
			VALUES ('old-system', 'A-1', '`+oldAgency+`', '370102', 'T-FOOD-001', 'general', 'org', '济南某某便利店有限公司',
			'91370102MA3C5R2K0M', '{"kind":"org","name":"济南某某便利店有限公司","id_number":"91370102MA3C5R2K0M"}',
			'{"act_date":"2025-02-20","harm":"slight"}',
			'[{"type":"discovered","at":"2025-02-24","officers":["`+oldCert+`"]}]', 'old', 'discovered', 1, 1)`)
	}
	for _, s := range stmts {
		if _, err := db.W.Exec(s); err != nil {
			t.Fatalf("fill: %v\n%s", err, s)
		}
	}
}

func hasTable(t *testing.T, db *store.DB, name string) bool {
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1`
	if db.Dialect == store.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1`
	}
	var n int
	if err := db.R.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// checkFilled reads the old rows through today's code and writes them
// again: the upgraded schema is one the program works on, not only one
// that holds the rows.
func checkFilled(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := clock.With(context.Background(), clock.Pinned("2025-03-03"))
	admin := &auth.Principal{ID: 1, Name: "系统管理员", Username: "admin", Role: auth.RoleAdmin}
	a, err := registry.GetAgency(ctx, db, admin, oldAgency)
	if err != nil || a.Name != "济南市历下区市场监督管理局" {
		t.Fatalf("agency after upgrade: %+v, %v", a, err)
	}
	if o, err := registry.GetOfficer(ctx, db, admin, oldCert); err != nil || o.Name != "张明" || o.AgencyCode != oldAgency {
		t.Fatalf("officer after upgrade: %+v, %v", o, err)
	}
	a.Domain = "市场监管"
	if _, err := registry.PutAgency(ctx, db, admin, a); err != nil {
		t.Fatalf("write an agency after upgrade: %v", err)
	}
	var accounts, audits int
	db.R.QueryRow(`SELECT COUNT(*) FROM accounts WHERE username = 'officer'`).Scan(&accounts)
	db.R.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE entity_key = $1`, oldAgency).Scan(&audits)
	if accounts != 1 || audits < 2 {
		t.Fatalf("after upgrade: %d accounts, %d audit rows of the agency; want 1 and the old one plus the new", accounts, audits)
	}
	var id int64
	if err := db.R.QueryRow(`SELECT id FROM cases WHERE source_system = 'old-system'`).Scan(&id); err != nil {
		return // the release had no cases
	}
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	if _, err := svc.Refresh(ctx, id); err != nil {
		t.Fatalf("re-judge and save an old case after upgrade: %v", err)
	}
	c, err := svc.Get(ctx, admin, id)
	if err != nil || c.Party.Name != "济南某某便利店有限公司" || len(c.Events) != 1 || c.SourceID != "A-1" {
		t.Fatalf("case after upgrade: %+v, %v", c, err)
	}
}
