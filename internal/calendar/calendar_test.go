package calendar_test

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

var ctx = context.Background()

var (
	admin       = &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}
	integration = &auth.Principal{ID: 2, Name: "国务院办公厅通知同步", Role: auth.RoleIntegration, Region: "370000"}
)

func seed(t *testing.T, db *store.DB) {
	t.Helper()
	if err := calendar.Seed(ctx, db); err != nil {
		t.Fatalf("Seed: %v", err)
	}
}

// counts returns the rows of the calendar tables and the audit trail, and the version.
func counts(t *testing.T, db *store.DB) map[string]any {
	t.Helper()
	out := map[string]any{}
	for _, tbl := range []string{"calendar_years", "calendar_days", "audit_log"} {
		var n int
		if err := db.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+tbl).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[tbl] = n
	}
	var v string
	db.W.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'calendar_version'`).Scan(&v)
	out["version"] = v
	return out
}

func sameCounts(t *testing.T, db *store.DB, before map[string]any, what string) {
	t.Helper()
	after := counts(t, db)
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed %s: %v → %v", what, k, v, after[k])
		}
	}
}

func dates(ds []law.Date) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.String())
	}
	return out
}

func TestSeedLoadList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		if _, err := calendar.Get(ctx, db, 2024); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("Get before Seed: %v, want not found", err)
		}
		seed(t, db)
		def := law.Default()
		list, err := calendar.List(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		var years []int
		for _, s := range list {
			years = append(years, s.Year)
			hol, work, _ := def.Schedule(s.Year)
			if s.Holidays != len(hol) || s.Workdays != len(work) || s.Source != law.Source(s.Year) || s.UpdatedBy != "系统" || s.UpdatedAt == 0 {
				t.Errorf("List %d = %+v; want %d holidays, %d workdays", s.Year, s, len(hol), len(work))
			}
		}
		if !slices.Equal(years, []int{2026, 2025, 2024, 2023, 2022, 2021, 2020}) {
			t.Errorf("List years = %v, want 2026..2020", years)
		}

		y, err := calendar.Get(ctx, db, 2020)
		if err != nil {
			t.Fatal(err)
		}
		hol, work, _ := def.Schedule(2020)
		if !slices.Equal(y.Holidays, hol) || !slices.Equal(y.Workdays, work) || !strings.Contains(y.Source, "国办发明电〔2020〕1号") {
			t.Errorf("Get(2020) = %+v", y)
		}

		// Load gives the same answers as law.Default() on every day of the seeded years.
		cal, err := calendar.Load(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(cal.Years(), def.Years()) {
			t.Errorf("Load years %v, want %v", cal.Years(), def.Years())
		}
		for d := law.MustParseDate("2020-01-01"); d.Y <= 2026; d = d.AddDays(1) {
			got, err1 := cal.IsWorkday(d)
			want, err2 := def.IsWorkday(d)
			if got != want || err1 != nil || err2 != nil {
				t.Fatalf("IsWorkday(%s): loaded %v %v, default %v %v", d, got, err1, want, err2)
			}
		}

		// Seed again: nothing changes, not even the version.
		before := counts(t, db)
		seed(t, db)
		sameCounts(t, db, before, "second Seed")

		// A corrected year survives Seed.
		if _, _, err := calendar.Put(ctx, db, admin, 2025, []string{"2025-01-01"}, nil, "更正"); err != nil {
			t.Fatal(err)
		}
		seed(t, db)
		if y, _ := calendar.Get(ctx, db, 2025); len(y.Holidays) != 1 || y.Source != "更正" {
			t.Errorf("Seed overwrote a corrected year: %+v", y)
		}
	})
}

func TestPutCreateReplaceReplay(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		before := counts(t, db)
		// 2027 in any order, with blanks.
		hol := []string{"2027-02-06", " 2027-01-01", "2027-02-05", "2027-02-07"}
		work := []string{"2027-01-31"}
		y, created, err := calendar.Put(ctx, db, integration, 2027, hol, work, " 国办发明电〔2026〕X号 ")
		if err != nil || !created {
			t.Fatalf("create: %v, created %v", err, created)
		}
		want := []string{"2027-01-01", "2027-02-05", "2027-02-06", "2027-02-07"}
		if !slices.Equal(dates(y.Holidays), want) || !slices.Equal(dates(y.Workdays), []string{"2027-01-31"}) || y.Source != "国办发明电〔2026〕X号" {
			t.Errorf("stored %+v", y)
		}
		after := counts(t, db)
		if after["calendar_years"] != before["calendar_years"].(int)+1 || after["calendar_days"] != before["calendar_days"].(int)+5 ||
			after["audit_log"] != before["audit_log"].(int)+1 || after["version"] == before["version"] {
			t.Errorf("create: %v → %v", before, after)
		}
		got, err := calendar.Get(ctx, db, 2027)
		if err != nil || !slices.Equal(dates(got.Holidays), want) || got.UpdatedBy != integration.Name {
			t.Errorf("Get = %+v, %v", got, err)
		}

		// Replay in another order: nothing written, not even the version.
		rev := slices.Clone(hol)
		slices.Reverse(rev)
		y2, created, err := calendar.Put(ctx, db, admin, 2027, rev, work, "国办发明电〔2026〕X号")
		if err != nil || created || !slices.Equal(dates(y2.Holidays), want) || y2.UpdatedBy != integration.Name {
			t.Errorf("replay: %+v created %v err %v", y2, created, err)
		}
		sameCounts(t, db, after, "replay")

		// Replace: fewer days, empty workdays, audited as an update.
		y3, created, err := calendar.Put(ctx, db, admin, 2027, []string{"2027-10-01"}, []string{}, "")
		if err != nil || created || !slices.Equal(dates(y3.Holidays), []string{"2027-10-01"}) || len(y3.Workdays) != 0 {
			t.Fatalf("replace: %+v created %v err %v", y3, created, err)
		}
		c := counts(t, db)
		if c["calendar_days"] != before["calendar_days"].(int)+1 || c["audit_log"] != after["audit_log"].(int)+1 {
			t.Errorf("replace counts %v", c)
		}
		var action, beforeJSON, afterJSON string
		if err := db.R.QueryRowContext(ctx, `SELECT action, before_json, after_json FROM audit_log WHERE entity = 'calendar' AND entity_key = '2027'
			ORDER BY id DESC LIMIT 1`).Scan(&action, &beforeJSON, &afterJSON); err != nil {
			t.Fatal(err)
		}
		if action != "update" || !strings.Contains(beforeJSON, "2027-02-05") || !strings.Contains(afterJSON, `"holidays":["2027-10-01"]`) {
			t.Errorf("audit %s %s → %s", action, beforeJSON, afterJSON)
		}
		// A year with no days at all is still known: weekends only.
		if _, _, err := calendar.Put(ctx, db, admin, 2030, []string{}, nil, ""); err != nil {
			t.Fatal(err)
		}
		cal, err := calendar.Current(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := cal.IsWorkday(law.MustParseDate("2030-01-01")); !ok || err != nil {
			t.Errorf("2030-01-01 = %v, %v; want a workday of a known year", ok, err)
		}
	})
}

func TestPutValidation(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		before := counts(t, db)
		for _, c := range []struct {
			name               string
			year               int
			holidays, workdays []string
			source             string
			field, msg         string
		}{
			{"bad format", 2025, []string{"2025-1-1"}, nil, "", "holidays[0]", "“2025-1-1”不是有效日期"},
			{"no such day", 2025, []string{"2025-01-01", "2025-02-30"}, nil, "", "holidays[1]", "不是有效日期"},
			{"holiday outside the year", 2025, []string{"2026-01-01"}, nil, "", "holidays[0]", "2026-01-01不在2025年内"},
			{"duplicate holiday", 2025, []string{"2025-05-01", "2025-05-01"}, nil, "", "holidays[1]", "2025-05-01重复填写"},
			{"workday outside the year", 2025, nil, []string{"2024-12-28"}, "", "workdays[0]", "不在2025年内"},
			{"workday on a weekday", 2025, nil, []string{"2025-02-05"}, "", "workdays[0]", "2025-02-05是星期三：调休上班日只能是周六或周日"},
			{"both", 2025, []string{"2025-01-26"}, []string{"2025-01-26"}, "", "workdays[0]", "2025-01-26不能既是节假日又是调休上班日"},
			{"duplicate workday", 2025, nil, []string{"2025-01-26", "2025-01-26"}, "", "workdays[1]", "重复填写"},
			{"year too early", 1900, nil, nil, "", "year", "年份应在1949至9999之间"},
			{"source too long", 2025, nil, nil, strings.Repeat("通", 201), "source", "来源不能超过200个字"},
			{"too many", 2025, slices.Repeat([]string{"2025-01-01"}, 367), nil, "", "holidays", "一年最多366天"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, _, err := calendar.Put(ctx, db, admin, c.year, c.holidays, c.workdays, c.source)
				var e *apperr.Error
				if !errors.As(err, &e) || e.Code != apperr.Invalid {
					t.Fatalf("err = %v, want invalid", err)
				}
				if !strings.Contains(e.Fields[c.field], c.msg) {
					t.Errorf("fields = %v, want %s: …%s…", e.Fields, c.field, c.msg)
				}
				if _, err := calendar.Check(c.year, c.holidays, c.workdays, c.source); err == nil {
					t.Error("Check accepted what Put refused")
				}
			})
		}
		// Every problem is reported at once.
		_, _, err := calendar.Put(ctx, db, admin, 2025, []string{"x", "2024-01-01"}, []string{"2025-02-05"}, "")
		if e := apperr.As(err); len(e.Fields) != 3 {
			t.Errorf("fields %v, want 3 problems", e.Fields)
		}
		sameCounts(t, db, before, "invalid Put")
		if y, _ := calendar.Get(ctx, db, 2025); len(y.Holidays) != 28 {
			t.Errorf("2025 changed by an invalid Put: %d holidays", len(y.Holidays))
		}
	})
}

func TestPutRoles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		before := counts(t, db)
		for _, p := range []*auth.Principal{
			nil,
			{Name: "监督", Role: auth.RoleSupervisor},
			{Name: "部门管理员", Role: auth.RoleAgencyAdmin, Region: "370102"},
			{Name: "执法人员", Role: auth.RoleOfficer, Region: "370102"},
			{Name: "法制审核", Role: auth.RoleReviewer},
			{Name: "负责人", Role: auth.RoleHead},
			{Name: "社会监督员", Role: auth.RoleSocial},
		} {
			// Even invalid input answers forbidden: the role is checked first.
			for _, hol := range [][]string{{"2027-01-01"}, {"bad"}} {
				if _, _, err := calendar.Put(ctx, db, p, 2027, hol, nil, ""); !apperr.Is(err, apperr.Forbidden) {
					t.Errorf("%v: err = %v, want forbidden", p, err)
				}
			}
		}
		sameCounts(t, db, before, "forbidden Put")
		for i, p := range []*auth.Principal{admin, integration} {
			if _, _, err := calendar.Put(ctx, db, p, 2027, []string{"2027-01-0" + string(rune('1'+i))}, nil, ""); err != nil {
				t.Errorf("%s: %v", p.Role, err)
			}
		}
	})
}

// TestCurrentFollowsChanges: the cache reloads after a Put in this process
// and after one by another process (a second connection pool on the same
// database), and serves the cached calendar while nothing changed.
func TestCurrentFollowsChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		other, err := store.Open(ctx, db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { other.Close() })

		c1, err := calendar.Current(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if c2, _ := calendar.Current(ctx, db); c2 != c1 {
			t.Error("Current reloaded although nothing changed")
		}
		if _, err := c1.IsWorkday(law.MustParseDate("2027-01-01")); !errors.Is(err, law.ErrYearUnknown) {
			t.Fatalf("2027 before Put: %v", err)
		}
		lenient, err := calendar.CurrentLenient(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := lenient.IsWorkday(law.MustParseDate("2027-01-01")); !ok || err != nil {
			t.Errorf("lenient 2027-01-01 = %v, %v; want a weekday workday", ok, err)
		}
		if got, err := lenient.AddWorkdays(law.MustParseDate("2024-09-30"), 1); err != nil || got.String() != "2024-10-08" {
			t.Errorf("lenient keeps stored years: %v, %v", got, err)
		}
		// The other process caches too.
		o1, err := calendar.Current(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		if o1.Known(2027) {
			t.Fatal("other knows 2027 already")
		}

		if _, _, err := calendar.Put(ctx, db, admin, 2027, []string{"2027-01-01"}, nil, ""); err != nil {
			t.Fatal(err)
		}
		for name, d := range map[string]*store.DB{"this process": db, "other process": other} {
			cal, err := calendar.Current(ctx, d)
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := cal.IsWorkday(law.MustParseDate("2027-01-01")); ok || err != nil {
				t.Errorf("%s after Put: 2027-01-01 = %v, %v; want a holiday", name, ok, err)
			}
			lc, _ := calendar.CurrentLenient(ctx, d)
			if ok, _ := lc.IsWorkday(law.MustParseDate("2027-01-01")); ok {
				t.Errorf("%s: lenient calendar did not reload", name)
			}
		}
		// A change by the other process reaches this one.
		if _, _, err := calendar.Put(ctx, other, admin, 2024, []string{"2024-10-01"}, nil, "测试"); err != nil {
			t.Fatal(err)
		}
		cal, _ := calendar.Current(ctx, db)
		if ok, _ := cal.IsWorkday(law.MustParseDate("2024-10-02")); !ok {
			t.Error("this process still has the old 2024 schedule")
		}

		// RulesCalendar (cases.CalendarSource): lenient, cached on a pool, read through a transaction.
		r1, err := calendar.RulesCalendar(ctx, db.R)
		if err != nil {
			t.Fatal(err)
		}
		if r2, _ := calendar.RulesCalendar(ctx, db.R); r2 != r1 {
			t.Error("RulesCalendar on a pool reloaded although nothing changed")
		}
		if ok, err := r1.IsWorkday(law.MustParseDate("2031-01-01")); !ok || err != nil {
			t.Errorf("RulesCalendar is not lenient: %v, %v", ok, err)
		}
		if ok, _ := r1.IsWorkday(law.MustParseDate("2024-10-02")); !ok {
			t.Error("RulesCalendar has the old 2024 schedule")
		}
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, updated_at) VALUES (2031, 0)`); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_days (day, year, kind) VALUES ('2031-01-01', 2031, 'holiday')`); err != nil {
				return err
			}
			cal, err := calendar.RulesCalendar(ctx, tx)
			if err != nil {
				return err
			}
			if ok, _ := cal.IsWorkday(law.MustParseDate("2031-01-01")); ok {
				t.Error("RulesCalendar inside a transaction does not see the transaction's rows")
			}
			return errors.New("roll back")
		})
		if err == nil || err.Error() != "roll back" {
			t.Fatal(err)
		}
	})
}

// TestPutConcurrent: parallel writers of one new year create it once; the
// others replace or replay it, and nothing fails.
func TestPutConcurrent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		const n = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		created := 0
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				hol := []string{"2028-01-01"}
				if i%2 == 1 {
					hol = append(hol, "2028-01-03")
				}
				_, c, err := calendar.Put(ctx, db, admin, 2028, hol, nil, "")
				if err != nil {
					t.Errorf("writer %d: %v", i, err)
				}
				mu.Lock()
				if c {
					created++
				}
				mu.Unlock()
			}()
		}
		wg.Wait()
		if created != 1 {
			t.Errorf("%d writers created 2028, want 1", created)
		}
		var rows int
		db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_years WHERE year = 2028`).Scan(&rows)
		if rows != 1 {
			t.Errorf("%d rows for 2028", rows)
		}
		if _, err := calendar.Load(ctx, db); err != nil {
			t.Errorf("Load after concurrent writes: %v", err)
		}
	})
}
