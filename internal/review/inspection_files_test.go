package review_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/calendar"
	"zfjd/internal/inspection"
	"zfjd/internal/officercard"
	"zfjd/internal/registry"
	"zfjd/internal/review"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

const inspMatter = "J-FOOD-001"

// pushInspection pushes a closed inspection of the world's agency visited
// on day; edit changes it before the push.
func pushInspection(t *testing.T, w *webtest.World, id, day string, edit func(in *inspection.Inspection)) *inspection.Inspection {
	t.Helper()
	no := true
	in := &inspection.Inspection{SourceSystem: "sc-insp", SourceID: id, AgencyCode: testworld.Agency, RegionCode: testworld.Region,
		MatterCode: inspMatter, Kind: "routine", Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: "91370102MA3C5R2K0M"},
		Events: []inspection.Event{{Type: "approved", At: day, Actor: "孙立"}, {Type: "reported", At: day},
			{Type: "checked_in", At: day + "T10:00:00+08:00", Officers: []string{testworld.CertA, testworld.CertB}},
			{Type: "result", At: day + "T11:00:00+08:00", ProblemFound: &no, Summary: "经营场所卫生、进货查验记录符合要求"},
			{Type: "checked_out", At: day + "T11:10:00+08:00"}}}
	if edit != nil {
		edit(in)
	}
	_, out, err := inspection.NewService(w.DB, calendar.RulesCalendar).Put(w.Ctx, testworld.Robot, in)
	ok(t, "push inspection "+id, err)
	if out.Status != inspection.StClosed {
		t.Fatalf("inspection %s is %s, want closed", id, out.Status)
	}
	return out
}

func addInspectionMatter(t *testing.T, w *webtest.World) {
	t.Helper()
	if _, err := registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: inspMatter, Name: "食品经营者日常监督检查", Kind: "inspection",
		LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}}); err != nil {
		t.Fatal(err)
	}
}

// TestInspectionFiles: a campaign covering 行政检查 files as well as
// penalty files (issue 13: a standard per case kind) draws n files per
// agency of each kind from one seed — replayable from the published pool
// digest — pre-scores an inspection file on the inspection standard from
// its findings and data (未经审批, 检查人员少于2人, 无现场检查笔录: 国办发
// 〔2024〕54号; 行政处罚法 Art. 42), scores it on that standard (a penalty
// item code is refused), a veto item makes it 不合格 (条例 Art. 18), and
// publication opens its rectification case and gives its officer the card
// of his region's rules (条例 Art. 34; 鲁条例 Arts. 14, 38(3)).
func TestInspectionFiles(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := &webtest.World{World: testworld.Build(t, db)}
		addInspectionMatter(t, w)
		for range 3 {
			w.Case(t, "", nil)
		}
		clean := pushInspection(t, w, "1", "2026-05-11", nil)
		bad := pushInspection(t, w, "2", "2026-05-20", func(in *inspection.Inspection) {
			in.Events = slices.Delete(in.Events, 0, 1) // no 审批
			in.Events[1].Officers = []string{testworld.CertA}
			in.Events[2].Summary = "" // the result records nothing
		})
		pushInspection(t, w, "3", "2025-12-30", nil) // another year: not in the pool
		svc := review.NewService(db)
		sup, city, ag := testworld.As("supervisor"), testworld.As("city"), testworld.As("agency_admin")
		in := review.CampaignInput{Region: testworld.Region, Name: "2026年度行政执法案卷评查", Year: 2026,
			AgencyCodes: []string{testworld.Agency}, PerAgency: 2, Seed: "历下-2026-检查", Kinds: []string{"penalty", "inspection"}}
		in.Kinds = []string{"license"}
		_, err := svc.Create(w.Ctx, sup, in)
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["case_kinds"] == "" {
			t.Fatalf("a kind the platform does not draw: %v", err)
		}
		in.Kinds = []string{}
		_, err = svc.Create(w.Ctx, sup, in)
		if !apperr.Is(err, apperr.Invalid) || apperr.As(err).Fields["case_kinds"] == "" {
			t.Fatalf("no kind: %v", err)
		}
		in.Kinds = []string{"penalty", "inspection"}
		c, err := svc.Create(w.Ctx, sup, in)
		ok(t, "create", err)
		if !slices.Equal(c.Kinds, []string{"penalty", "inspection"}) || c.Standards["inspection"] == 0 || c.StandardID != c.Standards["penalty"] {
			t.Fatalf("campaign kinds %v standards %v (standard_id %d)", c.Kinds, c.Standards, c.StandardID)
		}
		stds, err := svc.CampaignStandards(w.Ctx, c)
		ok(t, "standards", err)
		if len(stds) != 2 || stds[1].CaseKind != "inspection" || stds[1].Name != "行政检查案卷评查标准" {
			t.Fatalf("campaign standards %+v", stds)
		}
		ok(t, "the default inspection standard", stds[1].Check())
		c, err = svc.Draw(w.Ctx, sup, c.ID)
		ok(t, "draw", err)
		files, err := svc.Files(w.Ctx, sup, c)
		ok(t, "files", err)
		var kinds []string
		for _, f := range files {
			kinds = append(kinds, f.Kind)
		}
		if !slices.Equal(kinds, []string{"penalty", "penalty", "inspection", "inspection"}) {
			t.Fatalf("drawn kinds %v: want 2 penalty and 2 inspection files (per agency, per kind)", kinds)
		}

		// The replay: the pool of both kinds, its digest and the draw.
		var pool []review.Candidate
		rows, _ := db.R.QueryContext(w.Ctx, `SELECT id, agency_code, EXISTS (SELECT 1 FROM findings f
			WHERE f.subject_kind = 'case' AND f.subject_id = cases.id) FROM cases ORDER BY id`)
		for rows.Next() {
			var x review.Candidate
			rows.Scan(&x.CaseID, &x.Agency, &x.Warning)
			pool = append(pool, x)
		}
		rows.Close()
		for _, x := range []*inspection.Inspection{clean, bad} {
			pool = append(pool, review.Candidate{CaseID: x.ID, Agency: x.AgencyCode, Warning: len(x.Warnings) > 0, Kind: "inspection"})
		}
		if review.PoolDigest(pool) != c.PoolSHA256 {
			t.Fatal("the published pool digest does not match the pool of both kinds")
		}
		replay := review.Draw(c.Seed, pool, review.Plan{PerAgency: 2})
		for i, f := range files {
			id := f.CaseID
			if f.Kind == "inspection" {
				id = f.InspectionID
			}
			if replay[i].CaseID != id || (replay[i].Kind == "inspection") != (f.Kind == "inspection") {
				t.Fatalf("replay %v, drawn %+v", replay, files[i])
			}
		}

		var fClean, fBad *review.File
		for _, f := range files {
			switch f.InspectionID {
			case clean.ID:
				fClean = f
			case bad.ID:
				fBad = f
			}
		}
		if fClean == nil || fBad == nil || fBad.CaseNo != bad.Code || fBad.CaseID != 0 {
			t.Fatalf("inspection files %+v %+v", fClean, fBad)
		}
		// Machine pre-scoring from the inspection's findings and data.
		pre := fBad.Prefill
		for _, code := range []string{"V2", "V3"} {
			if !slices.Contains(pre.Vetoes, code) || len(pre.Machine[code]) == 0 {
				t.Errorf("bad file %s: vetoes %v machine %v", code, pre.Vetoes, pre.Machine[code])
			}
		}
		if pre.Deductions["F1"] != 6 || len(pre.Machine["F1"]) != 1 || !strings.Contains(pre.Machine["F1"][0], "检查情况") {
			t.Errorf("bad file 无现场检查笔录: deduction %d machine %v", pre.Deductions["F1"], pre.Machine["F1"])
		}
		for _, code := range []string{"V1", "V2", "V3", "F1", "C1"} {
			if m, checked := fClean.Prefill.Machine[code]; !checked || len(m) != 0 {
				t.Errorf("clean file %s: machine %v (checked %v)", code, m, checked)
			}
		}
		if _, checked := fClean.Prefill.Machine["C5"]; checked {
			t.Error("C5 (检查内容超出事项) needs a person, yet the machine judged it")
		}

		// The reviewers read the inspection, not a case.
		for _, f := range files {
			ok(t, "assign", svc.Assign(w.Ctx, sup, f.ID, []string{"supervisor", "city"}))
		}
		_, cf, err := svc.FileCase(w.Ctx, city, fBad.ID)
		ok(t, "the inspection file as read", err)
		if cf.Kind != "inspection" || cf.CaseNo != bad.Code || len(cf.Events) != 4 || cf.Events[0].Label != "事前报备" {
			t.Fatalf("inspection file read %+v", cf)
		}

		// Scored on the inspection standard.
		err = svc.Submit(w.Ctx, sup, fClean.ID, review.Sheet{Deductions: map[string]int{"C9": 5}}, "")
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("a penalty item (C9) on an inspection file: %v", err)
		}
		for _, who := range []string{"supervisor", "city"} {
			ok(t, "clean", svc.Submit(w.Ctx, testworld.As(who), fClean.ID, review.Sheet{Deductions: map[string]int{"F4": 3}}, "未签字"))
			ok(t, "bad", svc.Submit(w.Ctx, testworld.As(who), fBad.ID, review.Sheet{Vetoes: []string{"V2", "V3"}}, "未经审批、仅1名检查人员"))
		}
		for _, f := range files[:2] {
			for _, who := range []string{"supervisor", "city"} {
				ok(t, "penalty", svc.Submit(w.Ctx, testworld.As(who), f.ID, review.Sheet{}, ""))
			}
		}
		got, _, _ := svc.File(w.Ctx, sup, fClean.ID)
		if got.Status != review.FileFinal || got.FinalScore != 97 || got.Verdict != review.VerdictExcellent {
			t.Fatalf("clean inspection file: %+v", got)
		}
		got, _, _ = svc.File(w.Ctx, sup, fBad.ID)
		if got.FinalScore != 0 || got.Verdict != review.VerdictFail {
			t.Fatalf("veto inspection file: %+v", got)
		}
		ok(t, "publish", svc.Publish(w.Ctx, sup, c.ID))

		got, _, _ = svc.File(w.Ctx, ag, fBad.ID)
		sc, err := supervision.NewService(db).Get(w.Ctx, sup, got.SupervisionCaseID)
		ok(t, "rectification case", err)
		if sc.Source != "review" || !strings.Contains(sc.Summary, "行政检查案卷"+bad.Code) {
			t.Fatalf("rectification case %+v", sc)
		}
		// The item deducted on the clean file is a warning on it.
		var warned int
		db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM findings WHERE subject_kind = 'review_file' AND subject_id = $1 AND fkey = 'F4'`,
			fClean.ID).Scan(&warned)
		if warned != 1 {
			t.Errorf("item warnings on the clean file: %d", warned)
		}
		// The officer named on the veto-failed file gets his card, once.
		cards, err := officercard.Of(w.Ctx, db.R, sup, testworld.CertA)
		ok(t, "cards", err)
		var review1 []*officercard.Card
		for _, k := range cards {
			if k.SourceKind == officercard.SourceReview {
				review1 = append(review1, k)
			}
		}
		if len(review1) != 1 || review1[0].Colour != officercard.Yellow || review1[0].Rule != officercard.RuleReviewVeto ||
			review1[0].SourceURL() != "/reviews/files/"+strconv.FormatInt(fBad.ID, 10) {
			t.Fatalf("review cards of %s: %+v", testworld.CertA, review1)
		}
		cardsB, _ := officercard.Of(w.Ctx, db.R, sup, testworld.CertB)
		for _, k := range cardsB {
			if k.SourceKind == officercard.SourceReview {
				t.Errorf("CertB was not on the failed file, yet has a review card %+v", k)
			}
		}
	})
}
