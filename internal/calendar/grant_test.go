package calendar_test

import (
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// The national calendar (probe H3): a county token bound to one agency
// rewrote 2027 and replayed 2026. Only administrators and a province-level
// integration token without an agency may change it (auth.CanChangeCalendar);
// every refusal leaves the tables, the version and the audit trail alone,
// and every change is audited with the schedule before and after.
func TestPutOnlyGrantedPrincipals(t *testing.T) {
	const agency = "11370102MB2874895E"
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		y2026, err := calendar.Get(ctx, db, 2026)
		if err != nil {
			t.Fatal(err)
		}
		var hol2026, work2026 []string
		for _, d := range y2026.Holidays {
			hol2026 = append(hol2026, d.String())
		}
		for _, d := range y2026.Workdays {
			work2026 = append(work2026, d.String())
		}
		before := counts(t, db)
		for _, p := range []*auth.Principal{
			{Name: "历下区市场监管系统", Role: auth.RoleIntegration, Region: "370102", Agency: agency}, // the probe's intag
			{Name: "历下区对接", Role: auth.RoleIntegration, Region: "370102"},
			{Name: "济南市对接", Role: auth.RoleIntegration, Region: "370100"},
			{Name: "省局业务系统", Role: auth.RoleIntegration, Region: "370000", Agency: agency},
			{Name: "未指定区划的令牌", Role: auth.RoleIntegration},
			{Name: "省司法厅监督", Role: auth.RoleSupervisor, Region: "370000"},
		} {
			if _, _, err := calendar.Put(ctx, db, p, 2027, []string{"2027-01-01"}, nil, "sec-test by county token"); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("%s (%s %s %s): new year err = %v, want forbidden", p.Name, p.Role, p.Region, p.Agency, err)
			}
			// An identical replay of a stored year passed authz before; it is refused too.
			if _, _, err := calendar.Put(ctx, db, p, 2026, hol2026, work2026, y2026.Source); !apperr.Is(err, apperr.Forbidden) {
				t.Errorf("%s: replay of 2026 err = %v, want forbidden", p.Name, err)
			}
		}
		sameCounts(t, db, before, "refused calendar writes")
		if _, err := calendar.Get(ctx, db, 2027); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("2027 stored by a refused write: %v", err)
		}

		// The province-level grant: created, then changed, each audited with before and after.
		province := &auth.Principal{Name: "省政府办公厅通知同步", Username: "gov-notice", Role: auth.RoleIntegration, Region: "370000"}
		if _, created, err := calendar.Put(ctx, db, province, 2027, []string{"2027-01-01"}, nil, "国办发明电〔2026〕X号"); err != nil || !created {
			t.Fatalf("province token: %v, created %v", err, created)
		}
		if _, _, err := calendar.Put(ctx, db, admin, 2027, []string{"2027-01-01", "2027-05-01"}, nil, "国办发明电〔2026〕X号（更正）"); err != nil {
			t.Fatalf("admin: %v", err)
		}
		rows, err := db.R.QueryContext(ctx, `SELECT action, actor, actor_role, actor_account, region_code, before_json, after_json
			FROM audit_log WHERE entity = 'calendar' AND entity_key = '2027' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		type entry struct{ action, actor, role, account, region, before, after string }
		var got []entry
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.action, &e.actor, &e.role, &e.account, &e.region, &e.before, &e.after); err != nil {
				t.Fatal(err)
			}
			got = append(got, e)
		}
		if len(got) != 2 {
			t.Fatalf("audit rows for 2027: %+v, want 2", got)
		}
		c, u := got[0], got[1]
		if c.action != "create" || c.before != "" || !strings.Contains(c.after, `"holidays":["2027-01-01"]`) ||
			c.actor != province.Name || c.role != "integration" || c.account != "gov-notice" || c.region != "370000" {
			t.Errorf("create audited as %+v", c)
		}
		if u.action != "update" || !strings.Contains(u.before, `"holidays":["2027-01-01"]`) ||
			!strings.Contains(u.after, `"holidays":["2027-01-01","2027-05-01"]`) || !strings.Contains(u.after, "更正") || u.role != "admin" {
			t.Errorf("update audited as %+v", u)
		}
	})
}

// The notice text is a text field like any other (textcheck).
func TestPutSourceText(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		before := counts(t, db)
		for _, src := range []string{"国办发明电\x00", "国办发明电\u202E〔2026〕", "a\nb"} {
			_, _, err := calendar.Put(ctx, db, admin, 2027, []string{"2027-01-01"}, nil, src)
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["source"] == "" {
				t.Errorf("source %q: %v %v, want invalid source", src, err, e.Fields)
			}
		}
		sameCounts(t, db, before, "refused sources")
	})
}
