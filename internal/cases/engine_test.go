package cases

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/law"
)

// rowEnv builds the pure engine's environment for a table row.
func rowEnv(k *knobs) *Env {
	officers := maps.Clone(baseOfficers)
	maps.Copy(officers, k.extraOfficers)
	env := &Env{Cal: law.Default(), Today: law.MustParseDate(k.today), Officers: officers, PublicityDays: k.publicityDays,
		StatementDays: k.statementDays, ReviewMatter: k.reviewMatter, CriminalFen: k.criminalFen, Range: k.rangeFunc(),
		Statutory: k.statutory, HearingPersonFen: k.hearingPersonFen, HearingOrgFen: k.hearingOrgFen, Rules: k.rules, Data: k.data}
	if k.hearingKinds != nil {
		env.HearingKinds, env.HearingKindsSet = *k.hearingKinds, true
	}
	return env
}

func prepareRow(t *testing.T, r ruleRow) (*Case, *knobs) {
	t.Helper()
	c := baseCase()
	k := newKnobs()
	r.mut(c, k)
	if err := c.normalize(law.MustParseDate(k.today)); err != nil {
		t.Fatalf("row case is invalid: %v %v", err, err.(*apperr.Error).Fields)
	}
	return c, k
}

// asRead are ws as a reader sees them on today: the days overdue put in
// (flow.Message), as every read of a case does.
func asRead(ws []Warning, today string) []Warning {
	return shown(clock.With(context.Background(), clock.Pinned(today)), ws)
}

func checkRow(t *testing.T, r ruleRow, ws []Warning) {
	t.Helper()
	want := slices.Clone(r.want)
	slices.Sort(want)
	if got := codes(ws); !slices.Equal(got, want) {
		t.Fatalf("fired %v, want %v\n%s", got, want, messages(ws))
	}
	if r.contains != "" && !strings.Contains(messages(ws), r.contains) {
		t.Errorf("messages lack %q:\n%s", r.contains, messages(ws))
	}
	for _, w := range ws {
		if !strings.Contains(w.Message, w.Basis) || w.Basis == "" {
			t.Errorf("%s: message does not cite its basis %q: %s", w.Rule, w.Basis, w.Message)
		}
		if w.Severity != "yellow" && w.Severity != "red" {
			t.Errorf("%s: severity %q", w.Rule, w.Severity)
		}
	}
}

// TestRules runs the rule table (one row per legal rule, with its article)
// through the pure engine. TestRulesStored runs it through storage.
func TestRules(t *testing.T) {
	for _, r := range ruleTable {
		t.Run(r.name, func(t *testing.T) {
			c, k := prepareRow(t, r)
			checkRow(t, r, asRead(Judge(c, rowEnv(k)).Warnings, k.today))
		})
	}
}

// Every rule code of the spec has a row that fires it (the cross-case and
// settings rows are crossTable's).
func TestRuleTableCoversSpec(t *testing.T) {
	fired := map[string]bool{}
	for _, r := range slices.Concat(ruleTable, crossTable, avRows()) {
		for _, w := range r.want {
			fired[w] = true
		}
	}
	for _, r := range rules {
		if !fired[r.Code] {
			t.Errorf("no row fires %s", r.Code)
		}
	}
	if len(rules) != 31 {
		t.Errorf("%d rules; exchange v1.1 has 27, supervision-v1 adds COLLECTIVE_DISCUSSION_MISSING, MATTER_NOT_HELD and DOUBLE_FINE, and C6 AV_RECORD_MISSING (rules_av.go)", len(rules))
	}
}

func TestDeadlinesOfBaseCase(t *testing.T) {
	c, k := prepareRow(t, ruleTable[0])
	jd := Judge(c, rowEnv(k))
	want := map[string]string{
		"limitation":      "2026-03-01", // a Sunday, but the bar is not moved (exchange v1.1)
		"decision":        "2024-06-03",
		"statement":       "2024-05-27", // 陈述申辩: 5 working days (default)
		"hearing_request": "2024-05-27",
		"delivery":        "2024-06-12",
		"publicity":       "2024-06-12",
		"payment":         "2024-06-18",
	}
	if !maps.Equal(jd.Deadlines, want) {
		t.Errorf("deadlines %v, want %v", jd.Deadlines, want)
	}
	if jd.Status != "executed" {
		t.Errorf("status %q", jd.Status)
	}
}

func TestLateFee(t *testing.T) {
	for _, c := range []struct {
		fine int64
		days int
		want int64
	}{{100000, 0, 0}, {100000, 1, 3000}, {100000, 10, 30000}, {100000, 33, 99000}, {100000, 34, 100000}, {100000, 400, 100000}} {
		if got := LateFee(c.fine, c.days); got != c.want {
			t.Errorf("LateFee(%d, %d) = %d, want %d (处罚法 Art. 72)", c.fine, c.days, got, c.want)
		}
	}
}

// The daily pass needs to know when time alone changes the judgement.
func TestNextCheck(t *testing.T) {
	c := baseCase()
	drop(c, "notified", "decided", "delivered", "published", "paid")
	if err := c.normalize(law.MustParseDate("2024-04-01")); err != nil {
		t.Fatal(err)
	}
	jd := Judge(c, &Env{Cal: law.Default(), Today: law.MustParseDate("2024-04-01"), Officers: baseOfficers})
	if jd.NextCheck != "2024-06-04" {
		t.Errorf("next check %q, want the day after the decision deadline", jd.NextCheck)
	}
}
