package cases

import (
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// dueRows is what a write of the due pass would change, case by case: the
// case row's version, update time, judged columns, and its findings.
func dueRows(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	rows, err := db.R.Query(`SELECT source_id, version, updated_at, status, deadlines_json, next_check FROM cases`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id, st, dl, next string
		var v, at int64
		if err := rows.Scan(&id, &v, &at, &st, &dl, &next); err != nil {
			t.Fatal(err)
		}
		out[id] = fmt.Sprint(v, at, st, dl, next)
	}
	rows.Close()
	rows, err = db.R.Query(`SELECT c.source_id, f.id, f.rule, f.fkey, f.severity, f.message, f.due, f.status, f.stage
		FROM findings f JOIN cases c ON c.id = f.subject_id AND f.subject_kind = 'case' ORDER BY f.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var fid int64
		var rule, key, sev, msg, due, st, stage string
		if err := rows.Scan(&id, &fid, &rule, &key, &sev, &msg, &due, &st, &stage); err != nil {
			t.Fatal(err)
		}
		out[id] += fmt.Sprint("|", fid, rule, key, sev, msg, due, st, stage)
	}
	return out
}

// readMessage is the message of the case's open warning of rule, as the
// warnings list (GET /api/v1/warnings) and the case view show it today.
func readMessage(t *testing.T, db *store.DB, sourceID, rule string) string {
	t.Helper()
	c, err := GetBySource(bg, db, robot, baseCase().SourceSystem, sourceID)
	if err != nil {
		t.Fatal(err)
	}
	var view string
	for _, w := range c.Warnings {
		if w.Rule == rule {
			view = w.Message
		}
	}
	ws, err := ListWarnings(bg, db, robot, &WarningFilter{SourceSystem: baseCase().SourceSystem, SourceID: sourceID, Rule: rule})
	if err != nil || len(ws) != 1 {
		t.Fatalf("%s %s: %d warnings listed, %v", sourceID, rule, len(ws), err)
	}
	if ws[0].Message != view {
		t.Errorf("%s %s: the list says %q, the case view %q", sourceID, rule, ws[0].Message, view)
	}
	return view
}

var daysIn = regexp.MustCompile(`已(?:超|逾)期(\d+)日`)

func daysOf(t *testing.T, msg string) int {
	t.Helper()
	m := daysIn.FindStringSubmatch(msg)
	if m == nil {
		t.Fatalf("no days overdue in %q", msg)
	}
	var n int
	fmt.Sscan(m[1], &n)
	return n
}

// The days overdue are not stored: a second due pass a day later writes no
// finding of an overdue case whose judgement did not move (its case row
// only moves its next check, the list's deadline key), while the message a
// reader gets counts one day more. A fine still gathering its late fee is written (the fee is a
// real change); one whose fee reached its cap is not.
func TestDuePassNextDayWritesNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-06-01")
		undecided := baseCase()
		undecided.SourceID = "days-undecided"
		drop(undecided, "decided", "delivered", "published", "paid")
		if _, _, err := Put(bg, db, robot, undecided); err != nil {
			t.Fatal(err)
		}
		setClock(t, "2024-08-20")
		capped := baseCase()
		capped.SourceID = "days-capped"
		drop(capped, "paid")
		if _, _, err := Put(bg, db, robot, capped); err != nil {
			t.Fatal(err)
		}
		accruing := baseCase()
		accruing.SourceID = "days-accruing"
		drop(accruing, "paid")
		ev(accruing, "decided").At = "2024-08-05"
		ev(accruing, "delivered").At = "2024-08-10" // 15 days to pay: to 2024-08-25
		ev(accruing, "published").At = "2024-08-12"
		if _, _, err := Put(bg, db, robot, accruing); err != nil {
			t.Fatalf("%v %v", err, err.(*apperr.Error).Fields)
		}

		setClock(t, "2024-09-01")
		if _, err := DailyPass(bg, db, nil); err != nil {
			t.Fatal(err)
		}
		before := dueRows(t, db)
		dec1 := readMessage(t, db, "days-undecided", "DECISION_OVERDUE")
		pay1 := readMessage(t, db, "days-capped", "PAYMENT_OVERDUE")
		acc1 := readMessage(t, db, "days-accruing", "PAYMENT_OVERDUE")
		if !strings.Contains(before["days-undecided"], flow.OverdueMark) || !strings.Contains(before["days-capped"], flow.LateMark) {
			t.Errorf("the stored messages should hold the marks, not a count:\n%v", before)
		}
		if daysIn.MatchString(before["days-undecided"] + before["days-capped"] + before["days-accruing"]) {
			t.Errorf("a stored message holds the days overdue:\n%v", before)
		}
		history := count(t, db, `SELECT COUNT(*) FROM finding_history`)

		setClock(t, "2024-09-02")
		n, err := DailyPass(bg, db, nil)
		// The overdue undecided case is judged again (its check moves to the
		// next day: the list's nearest-deadline key) but its findings are
		// not written; the capped fine is not judged at all.
		if err != nil || n != 2 {
			t.Fatalf("the next day's pass judged %d, %v; want 2 (the undecided case and the fee still accruing)", n, err)
		}
		after := dueRows(t, db)
		if after["days-capped"] != before["days-capped"] {
			t.Errorf("days-capped was written on the next day:\n%s\n→\n%s", before["days-capped"], after["days-capped"])
		}
		findings := func(s string) string { _, f, _ := strings.Cut(s, "|"); return f }
		if findings(after["days-undecided"]) != findings(before["days-undecided"]) || findings(before["days-undecided"]) == "" {
			t.Errorf("days-undecided's findings were written on the next day:\n%s\n→\n%s", before["days-undecided"], after["days-undecided"])
		}
		if after["days-accruing"] == before["days-accruing"] {
			t.Errorf("the case whose late fee grew was not written")
		}
		if got := count(t, db, `SELECT COUNT(*) FROM finding_history`); got != history {
			t.Errorf("history steps %d → %d", history, got)
		}
		dec2 := readMessage(t, db, "days-undecided", "DECISION_OVERDUE")
		pay2 := readMessage(t, db, "days-capped", "PAYMENT_OVERDUE")
		acc2 := readMessage(t, db, "days-accruing", "PAYMENT_OVERDUE")
		for _, m := range [][2]string{{dec1, dec2}, {pay1, pay2}, {acc1, acc2}} {
			if d1, d2 := daysOf(t, m[0]), daysOf(t, m[1]); d2 != d1+1 {
				t.Errorf("days overdue read %d then %d the next day:\n%s\n%s", d1, d2, m[0], m[1])
			}
		}
		// The count is from the warning's due date to the day it is read.
		ws, _ := ListWarnings(bg, db, robot, &WarningFilter{SourceSystem: baseCase().SourceSystem, SourceID: "days-undecided", Rule: "DECISION_OVERDUE"})
		due := law.MustParseDate(ws[0].Due)
		if want := daysBetween(due, law.MustParseDate("2024-09-02")); daysOf(t, dec2) != want {
			t.Errorf("read %q, want %d days after %s", dec2, want, due)
		}
		if !strings.Contains(acc2, "可加处罚款累计") || acc1 == acc2 {
			t.Errorf("the accruing fee: %q then %q", acc1, acc2)
		}
	})
}

// migration00070 runs the Up statements of migration 00070 on db, as an
// upgrade from an earlier release does to the findings it stored.
func migration00070(t *testing.T, db *store.DB) {
	t.Helper()
	b, err := fs.ReadFile(store.MigrationFS(), "00070_findings_days_overdue.sql")
	if err != nil {
		t.Fatal(err)
	}
	up := strings.SplitN(strings.SplitN(string(b), "-- +goose Up", 2)[1], "-- +goose Down", 2)[0]
	for _, q := range strings.Split(up, ";") {
		if strings.TrimSpace(q) != "" {
			exec(t, db, q)
		}
	}
}

// Findings stored by an earlier release say 已超期N日 (已逾期N日); after
// migration 00070 they are what the engine stores now, so the next due
// pass and a replay of the same body write nothing, and a reader sees the
// count of the day.
func TestOldOverdueMessagesMigrated(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		seed(t, db)
		setClock(t, "2024-09-01")
		c := baseCase()
		c.SourceID = "days-old"
		drop(c, "paid")
		add(c, Event{Type: "evidence_preserved", At: "2024-08-01"}) // PRESERVATION_OVERDUE, 7 working days
		if _, _, err := Put(bg, db, robot, c); err != nil {
			t.Fatal(err)
		}
		stored := dueRows(t, db)["days-old"]
		// As the earlier release wrote them: the count of 2024-08-20 in
		// the deadline rules' messages, a three-digit one in the fine's.
		exec(t, db, `UPDATE findings SET message = replace(message, $1, '已超期12日') WHERE rule <> 'PAYMENT_OVERDUE'`, flow.OverdueMark)
		exec(t, db, `UPDATE findings SET message = replace(message, $1, '已逾期105日') WHERE rule = 'PAYMENT_OVERDUE'`, flow.LateMark)
		if old := dueRows(t, db)["days-old"]; old == stored || !strings.Contains(old, "已超期12日") || !strings.Contains(old, "已逾期105日") {
			t.Fatalf("the old messages were not set up:\n%s", old)
		}
		migration00070(t, db)
		if got := dueRows(t, db)["days-old"]; got != stored {
			t.Fatalf("after the migration:\n%s\nwant\n%s", got, stored)
		}
		migration00070(t, db) // a second run changes nothing
		if got := dueRows(t, db)["days-old"]; got != stored {
			t.Fatalf("after running the migration twice:\n%s", got)
		}
		snap := func() [4]int {
			return [4]int{count(t, db, `SELECT version FROM cases WHERE source_id = 'days-old'`), count(t, db, `SELECT COUNT(*) FROM audit_log`),
				count(t, db, `SELECT COUNT(*) FROM log_leaves`), count(t, db, `SELECT COUNT(*) FROM findings`)}
		}
		before := snap()
		again := baseCase()
		again.SourceID = "days-old"
		drop(again, "paid")
		add(again, Event{Type: "evidence_preserved", At: "2024-08-01"})
		if created, _, err := Put(bg, db, robot, again); err != nil || created {
			t.Fatalf("replay: created=%v err=%v", created, err)
		}
		if after := snap(); after != before {
			t.Errorf("the replay wrote: version/audit/leaves/findings %v → %v", before, after)
		}
		if got := dueRows(t, db)["days-old"]; got != stored {
			t.Errorf("the replay changed the findings:\n%s", got)
		}
		if m := readMessage(t, db, "days-old", "PRESERVATION_OVERDUE"); daysOf(t, m) < 1 {
			t.Errorf("read %q", m)
		}
	})
}
