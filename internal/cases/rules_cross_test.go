package cases

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// TestCrossRules runs crossTable (settings, register and other cases in
// the knobs) through the pure engine.
func TestCrossRules(t *testing.T) {
	for _, r := range crossTable {
		t.Run(r.name, func(t *testing.T) {
			c, k := prepareRow(t, r)
			checkRow(t, r, asRead(Judge(c, rowEnv(k)).Warnings, k.today))
		})
	}
}

// setRule stores a region's setting of a rule as package warning/rules
// writes it (with the epoch bump that invalidates the cached settings).
func setRule(t *testing.T, db *store.DB, rule, region string, on bool, params string) {
	t.Helper()
	n := 0
	if on {
		n = 1
	}
	exec(t, db, `DELETE FROM rule_settings WHERE rule = $1 AND region_code = $2`, rule, region)
	exec(t, db, `INSERT INTO rule_settings (rule, region_code, enabled, params_json, version, updated_at) VALUES ($1, $2, $3, $4, 1, 0)`,
		rule, region, n, params)
	exec(t, db, `UPDATE rule_epoch SET epoch = epoch + 1 WHERE id = 1`)
}

func putCase(t *testing.T, svc *Service, c *Case) *Case {
	t.Helper()
	_, out, err := svc.Put(tctx(), robot, c)
	if err != nil {
		t.Fatalf("Put %s: %v", c.SourceID, err)
	}
	return out
}

// A city's lead time reaches the judgement of its counties' cases, a
// switch turns a rule off there (and its open warning goes), and one
// service sees a changed setting at once (the epoch).
func TestRuleSettingsStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-05-30")
		svc := svcOf(db)
		c := baseCase()
		drop(c, "decided", "delivered", "published", "paid")
		c.SourceID = "lead"
		if out := putCase(t, svc, c); len(out.Warnings) != 0 {
			t.Fatalf("no lead time set: %v", messages(out.Warnings))
		}
		setRule(t, db, "DECISION_OVERDUE", "370100", true, `{"lead_workdays":3}`)
		if ch, err := svc.Refresh(tctx(), mustID(t, db, "lead")); err != nil || !ch {
			t.Fatalf("refresh: %v %v", ch, err)
		}
		got, _ := svc.GetBySource(tctx(), robot, "t", "lead")
		if codes(got.Warnings)[0] != "DECISION_OVERDUE" || got.Warnings[0].Severity != "yellow" || !strings.Contains(got.Warnings[0].Message, "临期预警") {
			t.Fatalf("lead warning: %v", messages(got.Warnings))
		}
		setRule(t, db, "DECISION_OVERDUE", "370102", false, `{}`)
		setRule(t, db, "DECISION_OVERDUE", "370100", false, `{}`)
		setClock(t, "2024-06-10") // red were it on
		svc.Refresh(tctx(), mustID(t, db, "lead"))
		got, _ = svc.GetBySource(tctx(), robot, "t", "lead")
		if len(got.Warnings) != 0 {
			t.Fatalf("switched off, still: %v", messages(got.Warnings))
		}
	})
}

func mustID(t *testing.T, db *store.DB, src string) int64 {
	t.Helper()
	return int64(count(t, db, `SELECT id FROM cases WHERE source_id = $1`, src))
}

// 处罚法 Art. 17: a matter on the register that the agency does not hold.
func TestMatterNotHeldStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		code, err := ident.MakeUSCC('1', '1', "370102", "MB284494")
		if err != nil {
			t.Fatal(err)
		}
		other := &registry.Agency{Code: code, Name: "历下区交通运输局", Kind: "enforcement", RegionCode: "370102"}
		if _, err := registry.PutAgency(bg, db, admin, other); err != nil {
			t.Fatalf("second agency: %v", err)
		}
		m := &registry.Matter{Code: "T-OTHER", Name: "他局事项", Kind: "penalty", AgencyCodes: []string{other.Code}}
		if _, err := registry.PutMatter(bg, db, admin, m); err != nil {
			t.Fatal(err)
		}
		c := baseCase()
		c.MatterCode, c.SourceID = "T-OTHER", "not-held"
		out := putCase(t, svcOf(db), c)
		if !slices.Contains(codes(out.Warnings), "MATTER_NOT_HELD") {
			t.Fatalf("want MATTER_NOT_HELD: %v", messages(out.Warnings))
		}
	})
}

// 处罚法 Art. 29 in storage: the later of two fines of one act is marked,
// and annulling the earlier one clears it.
func TestDoubleFineStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setRule(t, db, "DOUBLE_FINE", "370102", true, `{}`) // the county tightens the province's switch
		svc := svcOf(db)
		a := baseCase()
		a.SourceID = "first"
		if out := putCase(t, svc, a); len(out.Warnings) != 0 {
			t.Fatalf("first fine: %v", messages(out.Warnings))
		}
		b := baseCase()
		b.SourceID = "second"
		ev(b, "decided").At = "2024-06-03"
		ev(b, "delivered").At = "2024-06-04"
		ev(b, "published").At = "2024-06-06"
		ev(b, "paid").At = "2024-06-10"
		out := putCase(t, svc, b)
		if !slices.Equal(codes(out.Warnings), []string{"DOUBLE_FINE"}) || !strings.Contains(out.Warnings[0].Message, "t/first") {
			t.Fatalf("second fine: %v", messages(out.Warnings))
		}
		if out := putCase(t, svc, a); len(out.Warnings) != 0 { // the earlier one stays clean
			t.Fatalf("first fine again: %v", messages(out.Warnings))
		}
		add(a, Event{Type: "annulled", At: "2024-06-20", Kind: "revoke"}, Event{Type: "publication_withdrawn", At: "2024-06-21"})
		putCase(t, svc, a)
		if _, err := svc.Refresh(tctx(), out.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := svc.GetBySource(tctx(), robot, "t", "second")
		if len(got.Warnings) != 0 {
			t.Fatalf("after annulment: %v", messages(got.Warnings))
		}
	})
}

// SIMILAR_CASE_DISPARITY in storage: the counts move with each decision
// write, and an outlier among 24 similar fines is marked until its fine
// comes back into line.
func TestDisparityStored(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setRule(t, db, "SIMILAR_CASE_DISPARITY", "370102", true, `{}`)
		svc := svcOf(db)
		for i := range 24 {
			c := baseCase()
			c.SourceID = fmt.Sprint("s", i)
			c.Party.IDNumber = ""
			c.Party.Name = fmt.Sprint("某某餐饮", i)
			fine(c, []int64{400_000, 500_000, 600_000}[i%3])
			if out := putCase(t, svc, c); len(out.Warnings) != 0 {
				t.Fatalf("%s: %v", c.SourceID, messages(out.Warnings))
			}
		}
		if n := count(t, db, `SELECT SUM(n) FROM fine_stats`); n != 24 {
			t.Fatalf("fine_stats counts %d", n)
		}
		c := baseCase()
		c.SourceID = "outlier"
		fine(c, 2_000_000)
		out := putCase(t, svc, c)
		if !slices.Equal(codes(out.Warnings), []string{"SIMILAR_CASE_DISPARITY"}) || !strings.Contains(out.Warnings[0].Message, "其他24件") {
			t.Fatalf("outlier: %v", messages(out.Warnings))
		}
		putCase(t, svc, c) // a replay moves nothing
		fine(c, 500_000)
		if out := putCase(t, svc, c); len(out.Warnings) != 0 {
			t.Fatalf("back in line: %v", messages(out.Warnings))
		}
		if n := count(t, db, `SELECT SUM(n) FROM fine_stats`); n != 25 {
			t.Fatalf("fine_stats counts %d after the change, want 25", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM fine_stats WHERE fine_fen = 2000000`); n != 0 {
			t.Fatalf("the outlier's old fine still counted")
		}
		var rebuilt int
		err := flowTx(db, func(tx *sql.Tx) error {
			var err error
			rebuilt, err = RebuildFineStats(tctx(), tx)
			return err
		})
		if err != nil || rebuilt != 25 || count(t, db, `SELECT SUM(n) FROM fine_stats`) != 25 {
			t.Fatalf("rebuild: %d %v", rebuilt, err)
		}
	})
}

func flowTx(db *store.DB, fn func(*sql.Tx) error) error {
	tx, err := db.W.BeginTx(bg, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Resolve: the first setting down the chain replaces the default (a
// province may switch a rule off or shorten a lead time); below it only
// the tightest counts — also when the higher setting came later than a
// looser lower one.
func TestResolveTightest(t *testing.T) {
	lead := func(region string, on bool, n int64) RuleSetting {
		return RuleSetting{Rule: "DECISION_OVERDUE", Region: region, Enabled: on, Params: map[string]int64{"lead_workdays": n}, Version: 1}
	}
	for _, c := range []struct {
		name  string
		chain []RuleSetting
		on    bool
		lead  int64
		setIn string
	}{
		{"defaults", nil, true, 0, ""},
		{"the province switches it off", []RuleSetting{lead("370000", false, 0)}, false, 0, "370000"},
		{"a city switches it back on below", []RuleSetting{lead("370100", true, 0), lead("370000", false, 0)}, true, 0, "370100"},
		{"the county's earlier, looser lead yields to the city's", []RuleSetting{lead("370102", true, 1), lead("370100", true, 3)}, true, 3, "370100"},
		{"the county warns earlier than the city", []RuleSetting{lead("370100", true, 3), lead("370102", true, 5)}, true, 5, "370102"},
	} {
		in := Resolve("DECISION_OVERDUE", c.chain)
		if in.Enabled != c.on || in.Params["lead_workdays"] != c.lead || in.SetIn != c.setIn {
			t.Errorf("%s: %+v", c.name, in)
		}
	}
	if f, by := Looser(lead("370102", true, 1), []RuleSetting{lead("370100", true, 3)}); f != "params.lead_workdays" || by.Region != "370100" {
		t.Errorf("looser lead: %q %v", f, by)
	}
	if f, _ := Looser(lead("370102", false, 5), []RuleSetting{lead("370100", true, 3)}); f != "enabled" {
		t.Errorf("looser switch: %q", f)
	}
	if f, _ := Looser(lead("370102", true, 5), []RuleSetting{lead("370100", false, 3)}); f != "" {
		t.Errorf("tighter refused: %q", f)
	}
}
