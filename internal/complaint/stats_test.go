package complaint_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestComplaintStats: the statistics by category, agency and officer count
// only what the viewer may see (supervision its region, the agency what
// was forwarded to it, a social supervisor its clues), in the period; a
// 不亮证 complaint found true counts against the officer (found true, and
// the yellow card it issued), an open overdue warning is counted, and the
// workbook has a sheet per breakdown.
func TestComplaintStats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := service(t, db)
		ctx := w.Ctx
		sup, agency, social := testworld.As("supervisor"), testworld.As("agency_admin"), testworld.As("social")
		db.R.QueryRow(`SELECT id FROM accounts WHERE username = 'social'`).Scan(&social.ID)

		// A: 不亮证 about officer A, answered 属实 (a yellow card).
		a := file(t, ctx, s, db, "203.0.113.21", true)
		if _, err := s.Act(ctx, sup, a.ID, complaint.Action{Action: "accept"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, sup, a.ID, complaint.Action{Action: "answer", Note: "经调查核实，执法人员未主动出示执法证件，已责令整改。",
			Verdict: complaint.VerdictTrue}); err != nil {
			t.Fatal(err)
		}
		// B: 态度粗暴 about the agency, forwarded to it, with an open overdue warning.
		no := false
		b, err := s.File(ctx, sup, &complaint.Filing{Category: "rude", RegionCode: testworld.Region, AgencyCode: testworld.Agency,
			Description: "窗口执法人员态度粗暴", Anonymous: &no, Contact: &complaint.Contact{Name: "李女士", Phone: "13900000001"},
			Source: complaint.SourceHotline, SourceRef: "GD-S1"}, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, sup, b.ID, complaint.Action{Action: "accept"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Act(ctx, sup, b.ID, complaint.Action{Action: "forward", AgencyCode: testworld.Agency}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.W.ExecContext(ctx, `INSERT INTO findings (subject_kind, subject_id, rule, severity, message, basis, region_code,
			agency_code, first_seen) VALUES ('complaint', $1, 'COMPLAINT_ANSWER_OVERDUE', 'warning', '超期', '规范', $2, $3, 0)`,
			b.ID, testworld.Region, testworld.Agency); err != nil {
			t.Fatal(err)
		}
		// C: the social supervisor's clue.
		if _, err := s.Appoint(ctx, testworld.As("city"), complaint.Appointment{Username: "social", Name: "刘监督", Region: "370100",
			TermFrom: "2026-01-01", TermTo: "2026-12-31"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Clue(ctx, social, &complaint.Filing{Category: "no_certificate", RegionCode: testworld.Region,
			AgencyCode: testworld.Agency, Description: "旁站时发现执法人员未出示证件。"}, nil); err != nil {
			t.Fatal(err)
		}

		st, err := s.Stats(ctx, db, sup, complaint.StatsFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if st.Filter.From != "2026-01-01" || st.Filter.To != testworld.Today {
			t.Errorf("default period %s–%s", st.Filter.From, st.Filter.To)
		}
		if tot := st.Total; tot.Received != 3 || tot.Finished != 1 || tot.FoundTrue != 1 || tot.Cards != 1 || tot.Overdue != 1 {
			t.Errorf("supervision's total %+v", tot)
		}
		row := func(rows []complaint.StatRow, key string) complaint.StatRow {
			for _, r := range rows {
				if r.Key == key {
					return r
				}
			}
			return complaint.StatRow{}
		}
		if r := row(st.ByCategory, "no_certificate"); r.Received != 2 || r.FoundTrue != 1 || r.Label != "不亮证" {
			t.Errorf("不亮证 %+v", r)
		}
		if r := row(st.ByOfficer, testworld.CertA); r.Label != "张明" || r.Received != 1 || r.FoundTrue != 1 || r.Cards != 1 {
			t.Errorf("officer A counts against him as %+v", r)
		}
		if r := row(st.ByAgency, testworld.Agency); r.Received != 3 || r.Overdue != 1 || r.Label != "济南市历下区市场监督管理局" {
			t.Errorf("by agency %+v", r)
		}
		for who, c := range map[string]struct {
			p    *auth.Principal
			want int
		}{"the agency (forwarded to it)": {agency, 1}, "the social supervisor (own clue)": {social, 1},
			"another county's supervision": {&auth.Principal{Role: auth.RoleSupervisor, Region: "370103"}, 0},
			"an officer":                   {testworld.As("officer"), 0}} {
			st, err := s.Stats(ctx, db, c.p, complaint.StatsFilter{})
			if err != nil || st.Total.Received != c.want {
				t.Errorf("%s counts %d, want %d (%v)", who, st.Total.Received, c.want, err)
			}
		}
		if st, _ := s.Stats(ctx, db, sup, complaint.StatsFilter{From: "2025-01-01", To: "2025-12-31"}); st.Total.Received != 0 || len(st.ByCategory) != 0 {
			t.Errorf("last year: %+v", st.Total)
		}
		for _, f := range []complaint.StatsFilter{{From: "2026-13-01"}, {From: "2026-06-10", To: "2026-06-01"}, {Region: "37x"}} {
			if _, err := s.Stats(ctx, db, sup, f); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("filter %+v: %v", f, err)
			}
		}
		var buf bytes.Buffer
		if err := s.ExportStats(ctx, db, sup, complaint.StatsFilter{}, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(x.GetSheetList(), ","); got != "按类别,按被投诉部门,按执法人员" {
			t.Errorf("sheets %s", got)
		}
		rows, _ := x.GetRows("按执法人员")
		if text := strings.Join(flatten(rows), "|"); !strings.Contains(text, "张明|"+testworld.CertA+"|1|1|1|1|0") || !strings.Contains(text, "合计") ||
			strings.Contains(text, "李女士") || strings.Contains(text, "13900000001") {
			t.Errorf("officer sheet %q", text)
		}
	})
}

func flatten(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r...)
	}
	return out
}
