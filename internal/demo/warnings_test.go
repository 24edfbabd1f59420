package demo

import (
	"context"
	"testing"

	"zfjd/internal/store"
)

// checkHandlingStages checks that the loaded demo shows a warning at every
// handling stage of spec supervision-v1.md §1 (待签收, 整改中, 待核查,
// 已销号, 已消除, and one 退回 back to 整改中), and the 协调指挥 examples
// (《行政执法监督条例》第十三条: a dispute coordinated at a meeting; a joint
// action with a task reported and one open). TestLoad calls it.
func checkHandlingStages(t *testing.T, ctx context.Context, db *store.DB) {
	t.Helper()
	for _, c := range []struct{ stage, lastAction, what string }{
		{"issued", "", "待签收"},
		{"signed", "sign", "整改中"},
		{"answered", "explain", "待核查（已说明理由）"},
		{"closed", "verify", "已销号"},
		{"cured", "", "已消除"},
		{"signed", "return", "退回后整改中"},
	} {
		q := `SELECT COUNT(*) FROM findings WHERE stage = $1`
		args := []any{c.stage}
		if c.lastAction != "" {
			q += ` AND last_action = $2`
			args = append(args, c.lastAction)
		}
		var n int
		if err := db.R.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("no demo warning %s (stage %s, last act %q)", c.what, c.stage, c.lastAction)
		}
	}
	var returned int
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM finding_history WHERE action = 'return' AND note <> ''`).Scan(&returned)
	if returned == 0 {
		t.Error("the returned warning has no 退回原因 in its history")
	}

	var disputes, meetings, answers int
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM disputes WHERE status = 'meeting'`).Scan(&disputes)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM dispute_acts WHERE type = 'meeting'`).Scan(&meetings)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM dispute_acts WHERE type = 'answer'`).Scan(&answers)
	if disputes != 1 || meetings != 1 || answers != 2 {
		t.Errorf("disputes at a meeting %d, meetings %d, answers %d; want 1, 1, 2", disputes, meetings, answers)
	}
	var joint, members, tasks, reports int
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM joint_actions WHERE status = 'under_way'`).Scan(&joint)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM joint_action_members`).Scan(&members)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM joint_action_acts WHERE type = 'task'`).Scan(&tasks)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM joint_action_acts WHERE type = 'report'`).Scan(&reports)
	if joint != 1 || members != 3 || tasks != 2 || reports != 1 {
		t.Errorf("joint actions under way %d, members %d, tasks %d, reports %d; want 1, 3, 2, 1", joint, members, tasks, reports)
	}
	// The 联席会议: held with 公安、检察院 and 监察 sitting in, minutes, two
	// decisions with owners and deadlines, one reported and one open.
	var held, outside, decisions, withDue, reported int
	var agenda string
	db.R.QueryRowContext(ctx, `SELECT COUNT(*), MAX(agenda) FROM meetings WHERE status = 'held' AND minutes <> ''`).Scan(&held, &agenda)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings WHERE outside LIKE '%"police"%' AND outside LIKE '%"procuratorate"%'
		AND outside LIKE '%"supervisory_commission"%'`).Scan(&outside)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_acts WHERE type = 'decision'`).Scan(&decisions)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_acts WHERE type = 'decision' AND data LIKE '%"owner":"1%' AND data LIKE '%"due":"20%'`).Scan(&withDue)
	db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM meeting_acts WHERE type = 'report'`).Scan(&reported)
	if held != 1 || agenda == "" || outside != 1 || decisions != 2 || withDue != 2 || reported != 1 {
		t.Errorf("meetings held %d (agenda %q), with 公安/检察院/监察 %d, decisions %d (%d with owner and due), reported %d; want 1, 1, 2, 2, 1",
			held, agenda, outside, decisions, withDue, reported)
	}
}
