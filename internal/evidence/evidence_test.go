package evidence_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/evidence"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// today is the tests' pinned day: the clock of ctx, never the wall clock.
const today = "2026-06-15"

var ctx = clock.With(context.Background(), clock.Pinned(today))

var admin = &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}

// fixture is one agency with two officers and a matter, one case on it,
// and a second agency with its own officer.
type fixture struct {
	agency, other string
	caseID        int64
	officer       *auth.Principal // an officer of agency
	certs         []string
}

func setup(t *testing.T, db *store.DB) fixture {
	t.Helper()
	var fx fixture
	for i, a := range []*string{&fx.agency, &fx.other} {
		code, err := ident.MakeUSCC('1', '1', "370102", fmt.Sprintf("%08d", 700+i))
		if err != nil {
			t.Fatal(err)
		}
		*a = code
		if _, err := registry.PutAgency(ctx, db, admin, &registry.Agency{Code: code, Name: fmt.Sprintf("测试执法局%d", i),
			Kind: "enforcement", RegionCode: "370102"}); err != nil {
			t.Fatal(err)
		}
	}
	for i, ag := range []string{fx.agency, fx.agency, fx.other} {
		cert := fmt.Sprintf("EV-TEST-%02d", i)
		if _, err := registry.PutOfficer(ctx, db, admin, &registry.Officer{CertNo: cert, Name: fmt.Sprintf("执法员%d", i),
			AgencyCode: ag, CertValidFrom: "2020-01-01", CertValidTo: "2099-12-31"}); err != nil {
			t.Fatal(err)
		}
		if ag == fx.agency {
			fx.certs = append(fx.certs, cert)
		}
	}
	if _, err := registry.PutMatter(ctx, db, admin, &registry.Matter{Code: "EV-M-001", Name: "对测试违法行为的行政处罚", Kind: "penalty",
		RegionCode: "370102", LegalBasis: "《测试法》第一条", AgencyCodes: []string{fx.agency}}); err != nil {
		t.Fatal(err)
	}
	fx.officer = &auth.Principal{ID: 2, Name: "执法员0", Username: "ev0", Role: auth.RoleOfficer, Region: "370102", Agency: fx.agency,
		CertNo: fx.certs[0]}
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	c, err := svc.Create(ctx, fx.officer, &cases.Case{Title: "测试案件", AgencyCode: fx.agency, RegionCode: "370102",
		MatterCode: "EV-M-001", Procedure: "general", Party: cases.Party{Kind: "org", Name: "某某商贸有限公司"},
		Facts: cases.Facts{ActDate: today}}, cases.Event{At: today, Officers: fx.certs}, nil)
	if err != nil {
		t.Fatalf("cases.Create: %v", err)
	}
	fx.caseID = c.ID
	return fx
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func counts(t *testing.T, db *store.DB) string {
	t.Helper()
	return fmt.Sprint(count(t, db, "evidence"), count(t, db, "evidence_files"), count(t, db, "blobs"), count(t, db, "audit_log"))
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestEvidenceAddListOpenDedup(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		photo := bytes.Repeat([]byte{0x89, 'P', 'N', 'G', 1, 2, 3}, 1000)
		record := []byte("现场检查笔录：经营场所货架上摆放超过保质期的食品12件。")
		auditBefore := count(t, db, "audit_log")

		it, err := evidence.Add(ctx, db, fx.officer, fx.caseID, &evidence.Item{Kind: "scene_record", Title: " 现场检查笔录 ",
			CollectedOn: "2026-01-05", Officers: []string{fx.certs[0], fx.certs[1], fx.certs[0]}, Note: "当事人签字确认"},
			[]evidence.Upload{
				{Name: `C:\Users\刘霞文\现场照片.png`, ContentType: "image/png", Data: photo},
				{Name: "笔录.txt", Data: record},
			})
		if err != nil {
			t.Fatalf("Add: %v", err)
		}
		if it.ID == 0 || it.Title != "现场检查笔录" || len(it.Officers) != 2 || len(it.Files) != 2 || it.CreatedBy != "执法员0" {
			t.Fatalf("added item %+v", it)
		}
		if f := it.Files[0]; f.Name != "现场照片.png" || f.ContentType != "image/png" || f.Hash != sum(photo) || f.Size != int64(len(photo)) {
			t.Errorf("file 0 = %+v", f)
		}
		if f := it.Files[1]; !strings.HasPrefix(f.ContentType, "text/plain") || f.Hash != sum(record) {
			t.Errorf("file 1 = %+v (content type from the extension)", f)
		}
		if n := count(t, db, "audit_log") - auditBefore; n != 1 {
			t.Errorf("%d audit rows for one upload, want 1", n)
		}
		var action, entity, key, after string
		if err := db.W.QueryRowContext(ctx, `SELECT action, entity, entity_key, after_json FROM audit_log ORDER BY id DESC LIMIT 1`).
			Scan(&action, &entity, &key, &after); err != nil {
			t.Fatal(err)
		}
		if action != "create" || entity != "evidence" || !strings.HasSuffix(key, fmt.Sprintf("#%d", it.ID)) || !strings.Contains(after, sum(photo)) {
			t.Errorf("audit: %s %s %s %s", action, entity, key, after)
		}

		// The same photo again, on a second item: stored once.
		it2, err := evidence.Add(ctx, db, fx.officer, fx.caseID, &evidence.Item{Kind: "audiovisual", Title: "现场照片（复制件）",
			CollectedOn: "2026-01-06", Officers: fx.certs}, []evidence.Upload{{Name: "photo-copy.png", Data: photo}})
		if err != nil {
			t.Fatalf("Add again: %v", err)
		}
		if got := counts(t, db); !strings.HasPrefix(got, "2 3 2 ") {
			t.Errorf("evidence, files, blobs, audit = %s; want 2 items, 3 files, 2 blobs", got)
		}
		if it2.Files[0].Hash != it.Files[0].Hash || it2.Files[0].ContentType != "image/png" {
			t.Errorf("duplicate file %+v (sniffed type should be image/png)", it2.Files[0])
		}

		// Listed oldest first with their files; supervisors read too.
		sup := &auth.Principal{Name: "历下区司法局", Role: auth.RoleSupervisor, Region: "370102"}
		for _, p := range []*auth.Principal{fx.officer, sup, admin} {
			list, err := evidence.List(ctx, db, p, fx.caseID)
			if err != nil || len(list) != 2 {
				t.Fatalf("List as %s: %d items, %v", p.Role, len(list), err)
			}
			if list[0].ID != it.ID || len(list[0].Files) != 2 || len(list[1].Files) != 1 || list[0].KindLabel() != "现场笔录" ||
				list[0].Note != "当事人签字确认" || strings.Join(list[0].Officers, ",") != strings.Join(fx.certs, ",") {
				t.Errorf("List as %s: %+v / %+v", p.Role, list[0], list[1])
			}
			f, data, err := evidence.Open(ctx, db, p, fx.caseID, it.Files[0].ID)
			if err != nil || !bytes.Equal(data, photo) || f.Name != "现场照片.png" || f.Hash != sum(photo) {
				t.Errorf("Open as %s: %v %+v", p.Role, err, f)
			}
		}
		// A file is only found through its own case.
		if _, _, err := evidence.Open(ctx, db, fx.officer, fx.caseID+1, it.Files[0].ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Open through another case id: %v, want not found", err)
		}
		if _, _, err := evidence.Open(ctx, db, fx.officer, fx.caseID, 999999); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Open of a missing file: %v", err)
		}
		// The audit entry is JSON of the item without the contents.
		var stored evidence.Item
		if err := json.Unmarshal([]byte(after), &stored); err != nil || len(stored.Files) != 2 {
			t.Errorf("audit after_json: %v %s", err, after)
		}
	})
}

func TestEvidenceRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		fx := setup(t, db)
		good := func() *evidence.Item {
			return &evidence.Item{Kind: "documentary", Title: "营业执照复印件", CollectedOn: "2026-01-05", Officers: fx.certs}
		}
		file := []evidence.Upload{{Name: "a.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 test")}}
		before := counts(t, db)

		// Too large: refused in Chinese, nothing written.
		big := make([]byte, evidence.MaxFileBytes+1)
		_, err := evidence.Add(ctx, db, fx.officer, fx.caseID, good(), []evidence.Upload{{Name: "录像.mp4", Data: big}})
		if e := apperr.As(err); e.Code != apperr.Invalid || !strings.Contains(e.Fields["files"], "超过20 MB") || !strings.Contains(e.Fields["files"], "录像.mp4") {
			t.Errorf("oversized file: %v %v", err, e.Fields)
		}
		// Exactly at the limit is fine for Check.
		if err := evidence.CheckContext(ctx, good(), []evidence.Upload{{Name: "ok.bin", Data: big[:evidence.MaxFileBytes]}}); err != nil {
			t.Errorf("file at the limit: %v", err)
		}
		// Bad fields, each named.
		_, err = evidence.Add(ctx, db, fx.officer, fx.caseID, &evidence.Item{Kind: "rumour", Title: " ", CollectedOn: "2026-02-30"}, nil)
		e := apperr.As(err)
		for _, k := range []string{"kind", "title", "collected_on"} {
			if e.Fields[k] == "" {
				t.Errorf("invalid item: no message for %s (%v)", k, e.Fields)
			}
		}
		_, err = evidence.Add(ctx, db, fx.officer, fx.caseID, good(), []evidence.Upload{{Name: "empty.txt"}})
		if !strings.Contains(apperr.As(err).Fields["files"], "空文件") {
			t.Errorf("empty file: %v", err)
		}

		// Who may add: not supervisors, not reviewers, not another agency (404).
		sup := &auth.Principal{Name: "监督", Role: auth.RoleSupervisor, Region: "370102"}
		rev := &auth.Principal{Name: "审核", Role: auth.RoleReviewer, Region: "370102", Agency: fx.agency}
		stranger := &auth.Principal{Name: "外单位", Role: auth.RoleOfficer, Region: "370102", Agency: fx.other}
		for _, c := range []struct {
			p    *auth.Principal
			code string
		}{{sup, apperr.Forbidden}, {rev, apperr.Forbidden}, {stranger, apperr.NotFound}} {
			if _, err := evidence.Add(ctx, db, c.p, fx.caseID, good(), file); !apperr.Is(err, c.code) {
				t.Errorf("Add as %s: %v, want %s", c.p.Name, err, c.code)
			}
		}
		if _, err := evidence.List(ctx, db, stranger, fx.caseID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("List by another agency: %v", err)
		}
		if _, err := evidence.Add(ctx, db, fx.officer, 424242, good(), file); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Add to a missing case: %v", err)
		}
		if got := counts(t, db); got != before {
			t.Errorf("refused uploads wrote: %s → %s", before, got)
		}

		// The head may add; once the case is archived nobody may.
		head := &auth.Principal{Name: "负责人", Role: auth.RoleHead, Region: "370102", Agency: fx.agency}
		if _, err := evidence.Add(ctx, db, head, fx.caseID, good(), file); err != nil {
			t.Errorf("Add as head: %v", err)
		}
		if _, err := db.W.ExecContext(ctx, `UPDATE cases SET status = 'archived' WHERE id = $1`, fx.caseID); err != nil {
			t.Fatal(err)
		}
		if _, err := evidence.Add(ctx, db, fx.officer, fx.caseID, good(), file); !apperr.Is(err, apperr.Conflict) ||
			!strings.Contains(apperr.As(err).Message, "归档") {
			t.Errorf("Add to an archived case: %v", err)
		}
	})
}
