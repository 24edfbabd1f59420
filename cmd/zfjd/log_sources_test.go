package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/coordination"
	"zfjd/internal/demo"
	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/ledger"
	"zfjd/internal/license"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// leafWriters are the files that append to the record log, with the
// number of flow.Record / ledger.Append calls in each, and loggedKinds
// every kind they append. A new call fails TestLogSourcesCoverEveryKind
// until its kind is listed here and has a Source in logSources.
var leafWriters = map[string]int{
	"internal/flow/record.go":           1, // the wrapper the others call
	"internal/cases/store.go":           1, // case
	"internal/cases/recordings.go":      1, // recording
	"internal/evidence/evidence.go":     1, // evidence
	"internal/warning/handling.go":      1, // warning_step
	"internal/complaint/act.go":         1, // complaint
	"internal/promise/store.go":         1, // promise
	"internal/training/publish.go":      1, // training_exam
	"internal/inspection/store.go":      1, // inspection
	"internal/inspection/public.go":     1, // inspection_rating
	"internal/inspection/draw_store.go": 1, // inspection_draw
	"internal/inspection/recordings.go": 1, // inspection_recording
	"internal/inspection/photos.go":     1, // inspection_photo
	"internal/supervision/store.go":     1, // supervision_case (record, called by Open and save)
	"internal/coordination/store.go":    1, // dispute, transfer, joint_action, meeting, assist (recordAs)
	"internal/report/act.go":            1, // annual_report (at publication)
	"internal/license/store.go":         1, // license (the exchange's licence decisions)
}

var loggedKinds = []string{"case", "recording", "evidence", "warning_step", "complaint", "promise", "training_exam", "inspection",
	"inspection_rating", "inspection_draw", "inspection_recording", "inspection_photo", "supervision_case", "dispute", "transfer", "joint_action", "meeting", "assist", "annual_report", "license"}

var appendCall = regexp.MustCompile(`\b(flow\.Record|ledger\.Append)\(`)

// TestLogSourcesCoverEveryKind: every call appending to the record log is
// known, and every kind appended has a Source for `zfjd log verify`
// (spec §6: a tampered row of any kind is named).
func TestLogSourcesCoverEveryKind(t *testing.T) {
	found := map[string]int{}
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := len(appendCall.FindAll(b, -1)); n > 0 {
			rel, _ := filepath.Rel(root, path)
			found[filepath.ToSlash(rel)] = n
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f, n := range found {
		if leafWriters[f] != n {
			t.Errorf("%s appends to the record log %d time(s), leafWriters says %d: list its kind in loggedKinds and give it a Source in logSources",
				f, n, leafWriters[f])
		}
	}
	for f := range leafWriters {
		if found[f] == 0 {
			t.Errorf("%s no longer appends to the record log: update leafWriters", f)
		}
	}
	for _, k := range loggedKinds {
		if logSources[k] == nil {
			t.Errorf("kind %s has no Source in logSources", k)
		}
	}
	if len(logSources) != len(loggedKinds) {
		t.Errorf("logSources has %d kinds, loggedKinds %d", len(logSources), len(loggedKinds))
	}
}

// A tampering is one record of a kind changed and then deleted behind
// the platform's back; pick chooses it among the records of the world.
type tampering struct {
	kind           string
	pick           string // SQL: the ref, from log_leaves
	change, delete string // SQL with $1 the record's key
	key            func(ref string) any
}

func byID(ref string) any  { n, _ := strconv.ParseInt(ref, 10, 64); return n }
func byRef(ref string) any { return ref }

// The record of the kind written last, and the one written first.
const (
	latestRef = `SELECT ref FROM log_leaves WHERE kind = $1 ORDER BY idx DESC LIMIT 1`
	firstRef  = `SELECT ref FROM log_leaves WHERE kind = $1 ORDER BY idx LIMIT 1`
)

// demoTamperings are on the kinds the demo world writes (its services
// opening, acting on and closing them).
var demoTamperings = []tampering{
	{"case", latestRef, `UPDATE cases SET title = title || '改' WHERE source_system || '/' || source_id = $1`,
		`DELETE FROM cases WHERE source_system || '/' || source_id = $1`, byRef},
	{"recording", latestRef, `UPDATE act_recordings SET title = title || '改' WHERE id = $1`,
		`DELETE FROM act_recordings WHERE id = $1`, func(ref string) any { return byID(ref[strings.LastIndexByte(ref, '#')+1:]) }},
	{"complaint", latestRef, `UPDATE complaints SET answer = answer || '改' WHERE id = $1`, `DELETE FROM complaints WHERE id = $1`, byID},
	{"promise", latestRef, `UPDATE promises SET application = application || '改' WHERE id = $1`, `DELETE FROM promises WHERE id = $1`, byID},
	{"training_exam", latestRef, `UPDATE training_exams SET title = title || '改' WHERE id = $1`, `DELETE FROM training_exams WHERE id = $1`, byID},
	{"inspection", latestRef, `UPDATE inspections SET enterprise_name = enterprise_name || '改' WHERE source_system || '/' || source_id = $1`,
		`DELETE FROM inspections WHERE source_system || '/' || source_id = $1`, byRef},
	// The demo's latest supervision case is the rectification a 不合格 review file opened: no acts yet.
	{"supervision_case", latestRef, `UPDATE supervision_cases SET summary = summary || '改' WHERE id = $1`,
		`DELETE FROM supervision_cases WHERE id = $1`, byID},
}

// worldTamperings are on the kinds worldRecords writes (the first
// dispute, transfer and supervision case as opened, the second dispute
// and transfer after an act, the second supervision case refused at its
// opening: Art. 33 ¶3), and a complaint filed by the public whose contact
// was read since (a read is no step of its own).
var worldTamperings = []tampering{
	{"dispute", firstRef, `UPDATE disputes SET title = title || '改' WHERE id = $1`, `DELETE FROM disputes WHERE id = $1`, byID},
	{"dispute", latestRef, `UPDATE dispute_acts SET data = REPLACE(data, 'not_ours', 'ours') WHERE dispute_id = $1`,
		`DELETE FROM disputes WHERE id = $1`, byID},
	{"transfer", firstRef, `UPDATE transfers SET summary = summary || '改' WHERE id = $1`, `DELETE FROM transfers WHERE id = $1`, byID},
	{"transfer", latestRef, `UPDATE transfers SET status = status || '改' WHERE id = $1`, `DELETE FROM transfers WHERE id = $1`, byID},
	{"joint_action", latestRef, `UPDATE joint_action_acts SET note = note || '改' WHERE id = (SELECT MAX(id) FROM joint_action_acts WHERE action_id = $1)`,
		`DELETE FROM joint_actions WHERE id = $1`, byID},
	{"meeting", latestRef, `UPDATE meeting_acts SET note = note || '改' WHERE id = (SELECT MAX(id) FROM meeting_acts WHERE meeting_id = $1)`,
		`DELETE FROM meetings WHERE id = $1`, byID},
	{"assist", firstRef, `UPDATE assists SET summary = summary || '改' WHERE id = $1`, `DELETE FROM assists WHERE id = $1`, byID},
	{"inspection_rating", latestRef,
		`UPDATE inspection_ratings SET comment = comment || '改' WHERE inspection_id = (SELECT id FROM inspections WHERE source_system || '/' || source_id = $1)`,
		`DELETE FROM inspection_ratings WHERE inspection_id = (SELECT id FROM inspections WHERE source_system || '/' || source_id = $1)`, byRef},
	{"supervision_case", firstRef, `UPDATE supervision_cases SET summary = summary || '改' WHERE id = $1`,
		`DELETE FROM supervision_cases WHERE id = $1`, byID},
	{"supervision_case", latestRef, `UPDATE supervision_cases SET dispute = 'litigation' WHERE id = $1`,
		`DELETE FROM supervision_cases WHERE id = $1`, byID},
	{"complaint", latestRef, `UPDATE complaints SET description = description || '改' WHERE id = $1`,
		`DELETE FROM complaints WHERE id = $1`, byID},
	{"inspection_draw", latestRef, `UPDATE inspection_draws SET title = title || '改' WHERE id = $1`, `DELETE FROM inspection_draws WHERE id = $1`, byID},
	{"license", latestRef, `UPDATE licenses SET status = 'revoked' WHERE id = $1`, `DELETE FROM licenses WHERE id = $1`, byID},
}

// TestLogSourcesNameTamperedRecords: on worlds written through the real
// services, `zfjd log verify` finds every record as its latest leaf says;
// a changed row of each kind is named (and nothing else), and so is a
// deleted one.
func TestLogSourcesNameTamperedRecords(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Run("demo", func(t *testing.T) {
			ctx := clock.With(context.Background(), clock.Pinned(testworld.Today))
			if _, err := demo.Load(ctx, db); err != nil {
				t.Fatal(err)
			}
			checkTamperings(t, ctx, db, demoTamperings)
		})
		t.Run("world", func(t *testing.T) {
			wdb := testdb.Open(t, dialectOf(t, db))
			w := testworld.Build(t, wdb)
			worldRecords(t, w)
			checkTamperings(t, w.Ctx, wdb, worldTamperings)
		})
	})
}

func dialectOf(t *testing.T, db *store.DB) store.Dialect {
	if strings.HasPrefix(db.DSN, "postgres") {
		return store.Postgres
	}
	return store.SQLite
}

func checkTamperings(t *testing.T, ctx context.Context, db *store.DB, ts []tampering) {
	t.Helper()
	keys, err := ledger.LoadOrCreateKeys(filepath.Join(t.TempDir(), "log.key"), "test")
	if err != nil {
		t.Fatal(err)
	}
	verify := func() []ledger.Problem {
		t.Helper()
		rep, err := ledger.VerifyWith(ctx, db, keys, ledger.Sources{One: logSources, Batch: logBatches})
		if err != nil {
			t.Fatal(err)
		}
		one, err := ledger.Verify(ctx, db, keys, logSources)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rep.Problems, one.Problems) || rep.Records != one.Records {
			t.Fatalf("batched verify %d records %v, one by one %d %v", rep.Records, rep.Problems, one.Records, one.Problems)
		}
		return rep.Problems
	}
	kinds := map[string]bool{}
	rows, err := db.R.QueryContext(ctx, `SELECT DISTINCT kind FROM log_leaves`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		rows.Scan(&k)
		kinds[k] = true
	}
	rows.Close()
	for k := range kinds {
		if !slices.Contains(loggedKinds, k) {
			t.Errorf("kind %s is in the record log but not in loggedKinds", k)
		}
	}
	if ps := verify(); len(ps) != 0 {
		t.Fatalf("verify on an untouched world: %v", ps)
	}
	refs := make([]string, len(ts))
	for i, x := range ts {
		if err := db.R.QueryRowContext(ctx, x.pick, x.kind).Scan(&refs[i]); err != nil {
			t.Fatalf("%s: no record in the world: %v", x.kind, err)
		}
		if res, err := db.W.ExecContext(ctx, x.change, x.key(refs[i])); err != nil {
			t.Fatalf("%s: %v", x.kind, err)
		} else if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("%s %s: the change touched %d rows", x.kind, refs[i], n)
		}
	}
	got := map[string]string{}
	for _, p := range verify() {
		got[p.Kind+" "+p.Ref] = p.What
	}
	for i, x := range ts {
		k := x.kind + " " + refs[i]
		if got[k] != "记录现存内容与最后一次存证不符（被改动）" {
			t.Errorf("%s changed: verify says %q", k, got[k])
		}
		delete(got, k)
	}
	for k, what := range got {
		t.Errorf("verify names %s (%s), which was not changed", k, what)
	}
	for i, x := range ts {
		if _, err := db.W.ExecContext(ctx, x.delete, x.key(refs[i])); err != nil {
			t.Fatalf("%s delete: %v", x.kind, err)
		}
	}
	got = map[string]string{}
	for _, p := range verify() {
		got[p.Kind+" "+p.Ref] = p.What
	}
	for i, x := range ts {
		if k := x.kind + " " + refs[i]; got[k] != "记录已被删除" {
			t.Errorf("%s deleted: verify says %q", k, got[k])
		}
	}
	for k, what := range got {
		if what != "记录已被删除" {
			t.Errorf("after the deletions verify names %s: %s", k, what)
		}
	}
}

// worldRecords writes, through the services, a record of each kind the
// demo does not: a dispute and a transfer as opened, a joint action with
// a task, an inspection rated by its enterprise, and a 双随机 draw.
func worldRecords(t *testing.T, w *testworld.World) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	agency, city := testworld.As("agency_admin"), testworld.As("city")
	co := coordination.NewService(w.DB)
	_, err := co.Open(w.Ctx, agency, coordination.Opening{Kind: "matter_holder", Title: "超过保质期食品的处罚由哪个机关实施",
		Summary: "本局认为该事项应由市中区市场监管局实施。", Agencies: []string{testworld.Other}, MatterCode: testworld.Matter})
	must(err)
	d, err := co.Open(w.Ctx, agency, coordination.Opening{Kind: "competence", Title: "食品经营许可的核查由哪个机关负责",
		Summary: "两局均认为不属本机关职责。", Agencies: []string{testworld.Other}})
	must(err)
	other := &auth.Principal{ID: 900, Name: "市中区市场监管局管理员", Username: "other_admin", Role: auth.RoleAgencyAdmin,
		Region: "370103", Agency: testworld.Other}
	_, err = co.Act(w.Ctx, other, d.ID, coordination.ActInput{Action: "answer", At: testworld.Today, Note: "不属本局职责", Position: "not_ours"})
	must(err)
	for i, days := range []int{7, 0} {
		tr, err := co.Send(w.Ctx, agency, coordination.TransferOpening{Kind: "case_transfer", RecipientKind: "police",
			Recipient: "济南市公安局历下区分局", Subject: "销售假冒注册商标的商品案", Summary: "涉案金额超过追诉标准，移送案卷一宗", AnswerDays: days})
		must(err)
		if i == 1 {
			_, err = co.ActTransfer(w.Ctx, agency, tr.ID, coordination.TransferInput{Action: "receipt", At: testworld.Today})
			must(err)
		}
	}
	j, err := co.OpenJoint(w.Ctx, city, coordination.JointOpening{Title: "联合检查", Summary: "进一次门、查多项事", Lead: testworld.Agency,
		Members: []string{testworld.Other, testworld.Agency}, StartsOn: testworld.Today, EndsOn: "2026-06-30"})
	must(err)
	_, err = co.ActJoint(w.Ctx, agency, j.ID, coordination.JointInput{Action: "task", At: testworld.Today, Note: "核查食品经营许可",
		Owner: testworld.Other, Due: "2026-06-18"})
	must(err)
	m, err := co.OpenMeeting(w.Ctx, city, coordination.MeetingOpening{Title: "食品安全执法联席会议", Agenda: "跨区执法协作",
		HeldOn: testworld.Today, Members: []string{testworld.Agency, testworld.Other}, Outside: []coordination.Outside{{Kind: "police", Name: "济南市公安局"}}})
	must(err)
	_, err = co.ActMeeting(w.Ctx, city, m.ID, coordination.MeetingInput{Action: "minutes", At: testworld.Today, Note: "会议纪要",
		Attended: []string{"历下区市场监管局", "市中区市场监管局"}})
	must(err)
	townCode, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285049")
	_, err = registry.PutAgency(w.Ctx, w.DB, w.Admin, &registry.Agency{Code: townCode, Name: "历下区解放路街道综合行政执法办公室",
		Kind: "enforcement", RegionCode: "370102001"})
	must(err)
	town := &auth.Principal{ID: 901, Name: "解放路街道执法办", Username: "town_admin", Role: auth.RoleAgencyAdmin, Region: "370102001", Agency: townCode}
	_, err = co.SendAssist(w.Ctx, town, coordination.AssistOpening{Kind: "township", Recipient: testworld.Agency, Subject: "无证经营食品",
		Summary: "超出街道综合执法事项，请依法查处"})
	must(err)

	keys, err := complaint.ParseKeys("k1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")
	must(err)
	cs := complaint.NewService(w.DB, calendar.RulesCalendar, keys)
	ch, err := complaint.NewChallenge(w.Ctx, w.DB)
	must(err)
	anonymous := false
	r, err := cs.File(w.Ctx, nil, &complaint.Filing{Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty),
		Category: "no_certificate", RegionCode: testworld.Region, Description: "执法人员在检查时未出示执法证件。", OfficerCertNo: testworld.CertA,
		Place: "历下区某某路12号", HappenedOn: "2026-06-12", Anonymous: &anonymous, Contact: &complaint.Contact{Name: "王先生", Phone: "13800138000"}},
		"203.0.113.5", nil)
	must(err)
	_, err = cs.Contact(w.Ctx, testworld.As("supervisor"), r.ID)
	must(err)

	sup := supervision.NewService(w.DB)
	for _, dispute := range []string{"", "reconsideration"} {
		_, err = sup.Open(w.Ctx, testworld.As("supervisor"), supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency,
			Source: "other", Summary: "群众反映执法人员未出示执法证件", Dispute: dispute})
		must(err)
	}

	const matter, ent = "J-FOOD-001", "91370102MA3C5R2K0M"
	_, err = registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: matter, Name: "食品经营者日常监督检查", Kind: "inspection",
		LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}})
	must(err)
	svc := inspection.NewService(w.DB, calendar.RulesCalendar)
	day := testworld.Today
	_, in, err := svc.Put(w.Ctx, testworld.Robot, &inspection.Inspection{SourceSystem: "sc-insp", SourceID: "1", AgencyCode: testworld.Agency,
		RegionCode: testworld.Region, MatterCode: matter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: ent},
		Events: []inspection.Event{{Type: "approved", At: day, Actor: "孙立"}, {Type: "reported", At: day},
			{Type: "checked_in", At: day + "T10:00:00+08:00", Officers: []string{testworld.CertA, testworld.CertB}}}})
	must(err)
	must(svc.Rate(w.Ctx, in.Code, inspection.Rating{Score: 4, Comment: "规范"}))
	_, err = svc.ImportObjects(w.Ctx, agency, testworld.Region, []inspection.PoolObject{{ID: ent, Name: "济南某某便利店有限公司", Type: "企业",
		Field: "食品", Tier: "high"}})
	must(err)
	_, err = svc.RunDraw(w.Ctx, testworld.As("head"), testworld.Agency, "2026年食品经营双随机抽查", "", "", map[string]int{"high": 100})
	must(err)

	// A licence granted by the county's approval bureau, supervised by the
	// market regulator (its notice is an assist written by the platform).
	bureau, _ := ident.MakeUSCC('1', '1', testworld.Region, "MB285047")
	_, err = registry.PutAgency(w.Ctx, w.DB, w.Admin, &registry.Agency{Code: bureau, Name: "历下区行政审批服务局", Kind: "enforcement",
		RegionCode: testworld.Region})
	must(err)
	_, err = registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: "XK-FOOD-001", Name: "食品经营许可", Kind: "license",
		LegalBasis: "《中华人民共和国食品安全法》第三十五条第一款", AgencyCodes: []string{bureau}})
	must(err)
	robot := &auth.Principal{ID: 902, Name: "行政审批系统", Username: "xzsp", Role: auth.RoleIntegration, Region: testworld.Region, Agency: bureau}
	_, _, err = license.NewService(w.DB).Put(w.Ctx, robot, "xzsp", "SP-1", &license.Body{AgencyCode: bureau, SupervisorCode: testworld.Agency,
		RegionCode: testworld.Region, MatterCode: "XK-FOOD-001", Party: license.Party{Kind: "org", Name: "济南某某便利店有限公司", IDNumber: ent},
		Events: []license.Event{{Type: "applied", At: "2026-06-01"}, {Type: "accepted", At: "2026-06-02"}, {Type: "granted", At: "2026-06-10"}}})
	must(err)
}
