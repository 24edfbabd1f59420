package inspection_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/inspection"
	"zfjd/internal/recording"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// audioFile is a small "mp3" as a browser uploads it.
func audioFile(name string, b []byte) *recording.File {
	sum := sha256.Sum256(b)
	return &recording.File{Name: name, ContentType: "audio/mpeg", Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:]), Body: bytes.NewReader(b)}
}

// checkedIn is an inspection handled in zfjd, approved, reported and
// checked in by two officers (its events: 0 approved, 1 reported, 2 checked_in).
func checkedIn(t *testing.T, f *fixture, joint ...string) *inspection.Inspection {
	t.Helper()
	officer, head := testworld.As("officer"), testworld.As("head")
	in, err := f.svc.Create(f.Ctx, officer, &inspection.Inspection{AgencyCode: testworld.Agency, RegionCode: testworld.Region,
		MatterCode: Matter, Kind: "routine", JointAgency: joint, Enterprise: inspection.Enterprise{Name: "济南某某便利店有限公司", IDNumber: Enterprise}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		p   *auth.Principal
		typ string
		a   func() inspection.ActInput
	}{
		{head, inspection.ActApprove, func() inspection.ActInput { return inspection.ActInput{Note: "同意"} }},
		{officer, inspection.ActReport, func() inspection.ActInput { return inspection.ActInput{} }},
		{officer, inspection.ActCheckIn, func() inspection.ActInput {
			return inspection.ActInput{Code: in.Code, Officers: []string{testworld.CertB}}
		}},
	} {
		if in, err = f.svc.Act(f.Ctx, s.p, in.ID, s.typ, s.a()); err != nil {
			t.Fatalf("%s: %v", s.typ, err)
		}
	}
	return in
}

func count(t *testing.T, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRecordingsOfAnInspection: the check-in of an inspection handled in
// zfjd without an audio or video record raises INSPECTION_AV_RECORD_MISSING
// (国办发〔2018〕118号（九）); a text record of the approval does not settle
// it, an audio record of the check-in does, each with its leaf in the log.
func TestRecordingsOfAnInspection(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		in := checkedIn(t, f)
		i := slices.IndexFunc(in.Warnings, func(w inspection.Warning) bool { return w.Rule == inspection.RuleAVMissing })
		if i < 0 {
			t.Fatalf("no %s after the check-in: %v", inspection.RuleAVMissing, rules(in))
		}
		if w := in.Warnings[i]; w.Severity != "yellow" || !strings.Contains(w.Message, "扫码入企") ||
			!strings.Contains(w.Message, in.Events[2].At[:10]) || w.Basis != "国办发〔2018〕118号（九）推行音像记录" {
			t.Errorf("the finding: %+v", w)
		}
		officer := testworld.As("officer")
		max := int64(recording.DefaultMaxBytes)
		text, err := f.svc.AddRecording(f.Ctx, officer, in.ID, &inspection.Recording{EventIndex: 0, EventType: "approved", Kind: "text",
			Title: "审批情况记录", Text: "负责人同意检查"}, nil, max)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := f.svc.Get(f.Ctx, officer, in.ID)
		if !slices.Contains(rules(got), inspection.RuleAVMissing) {
			t.Errorf("a text record of the approval settled the check-in's finding: %v", rules(got))
		}
		audio := []byte("ID3 入企现场录音")
		rec, err := f.svc.AddRecording(f.Ctx, testworld.As("head"), in.ID, &inspection.Recording{EventIndex: 2, EventType: "checked_in",
			Kind: "audio", Title: "入企检查录音"}, audioFile("入企.mp3", audio), max)
		if err != nil {
			t.Fatal(err)
		}
		if rec.SHA256 == "" || rec.EventAt != in.Events[2].At || rec.ContentType != "audio/mpeg" || rec.CreatedBy != "孙立" {
			t.Errorf("the recording: %+v", rec)
		}
		got, _ = f.svc.Get(f.Ctx, officer, in.ID)
		if slices.Contains(rules(got), inspection.RuleAVMissing) {
			t.Errorf("the audio record did not settle the finding: %v", rules(got))
		}
		if n := count(t, db, `SELECT COUNT(*) FROM findings WHERE subject_kind = 'inspection' AND subject_id = $1 AND rule = $2 AND status = 'open'`,
			in.ID, inspection.RuleAVMissing); n != 0 {
			t.Errorf("%d open findings left", n)
		}

		list, err := f.svc.Recordings(f.Ctx, testworld.As("supervisor"), in.ID)
		if err != nil || len(list) != 2 || list[0].ID != text.ID || list[1].ID != rec.ID || list[1].Size != int64(len(audio)) {
			t.Fatalf("list: %v %+v", err, list)
		}
		r, m, err := f.svc.OpenRecording(f.Ctx, testworld.As("supervisor"), in.ID, rec.ID)
		if err != nil || m == nil {
			t.Fatalf("open: %v", err)
		}
		if b, _ := io.ReadAll(m); !bytes.Equal(b, audio) || r.FileName != "入企.mp3" {
			t.Errorf("the file read back: %q %q", b, r.FileName)
		}
		if _, m, err := f.svc.OpenRecording(f.Ctx, officer, in.ID, text.ID); err != nil || m != nil {
			t.Errorf("a text record has no file: %v %v", m, err)
		}
		if _, _, err := f.svc.OpenRecording(f.Ctx, testworld.As("other_officer"), in.ID, rec.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another county's officer opens it: %v", err)
		}

		// Each recording is a leaf naming the file's digest; the source reads it back as stored.
		if n := count(t, db, `SELECT COUNT(*) FROM log_leaves WHERE kind = $1`, inspection.RecordingKind); n != 2 {
			t.Errorf("%d recording leaves, want 2", n)
		}
		refs, err := inspection.RecordingRefs(f.Ctx, db.R, got)
		if err != nil || len(refs) != 2 {
			t.Fatalf("refs %v %v", refs, err)
		}
		content, found, err := inspection.RecordingSource(f.Ctx, db.R, refs[1])
		if err != nil || !found || !strings.Contains(string(content), rec.SHA256) {
			t.Fatalf("source: %s %v %v", content, found, err)
		}
		if !leafMatches(t, f.Ctx, db, refs[1], content) {
			t.Error("the stored leaf is not the source's content")
		}
		if _, err := db.W.Exec(`UPDATE inspection_recordings SET title = '补录' WHERE id = $1`, rec.ID); err != nil {
			t.Fatal(err)
		}
		if changed, _, _ := inspection.RecordingSource(f.Ctx, db.R, refs[1]); leafMatches(t, f.Ctx, db, refs[1], changed) {
			t.Error("a changed row still matches its leaf")
		}
		if _, found, _ := inspection.RecordingSource(f.Ctx, db.R, "zfjd/none#999"); found {
			t.Error("an unknown recording is found")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity = $1`, inspection.RecordingKind); n != 2 {
			t.Errorf("%d audit rows, want 2", n)
		}
	})
}

// leafMatches reports whether the leaf of ref holds content.
func leafMatches(t *testing.T, ctx context.Context, db *store.DB, ref string, content []byte) bool {
	t.Helper()
	var stored string
	if err := db.R.QueryRowContext(ctx, `SELECT content FROM log_leaves WHERE kind = $1 AND ref = $2`, inspection.RecordingKind, ref).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	return stored == string(content)
}

// TestRecordingRefusals: only the inspecting agency's officers and head
// add recordings; the form's faults are named by field; the size limit
// holds; a refusal writes nothing.
func TestRecordingRefusals(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		in := checkedIn(t, f, testworld.Other)
		rec := func() *inspection.Recording {
			return &inspection.Recording{EventIndex: 2, EventType: "checked_in", Kind: "audio", Title: "入企检查录音"}
		}
		max := int64(1 << 20)
		for _, c := range []struct {
			name  string
			p     *auth.Principal
			r     func() *inspection.Recording
			f     *recording.File
			code  string
			field string
		}{
			{"the joint agency's officer (another county: out of reach)", testworld.As("other_officer"), rec, audioFile("a.mp3", []byte("x")), apperr.NotFound, ""},
			{"the agency's administrator (no writer role)", testworld.As("agency_admin"), rec, audioFile("a.mp3", []byte("x")), apperr.Forbidden, ""},
			{"supervision", testworld.As("supervisor"), rec, audioFile("a.mp3", []byte("x")), apperr.Forbidden, ""},
			{"a social supervisor", testworld.As("social"), rec, audioFile("a.mp3", []byte("x")), apperr.NotFound, ""},
			{"an integration token", testworld.Robot, rec, audioFile("a.mp3", []byte("x")), apperr.Forbidden, ""},
			{"an act the inspection does not have", testworld.As("officer"), func() *inspection.Recording {
				r := rec()
				r.EventIndex = 7
				return r
			}, audioFile("a.mp3", []byte("x")), apperr.Invalid, "act"},
			{"an act index of another type", testworld.As("officer"), func() *inspection.Recording {
				r := rec()
				r.EventIndex = 1
				return r
			}, audioFile("a.mp3", []byte("x")), apperr.Invalid, "act"},
			{"no title", testworld.As("officer"), func() *inspection.Recording { r := rec(); r.Title = " "; return r },
				audioFile("a.mp3", []byte("x")), apperr.Invalid, "title"},
			{"audio without a file", testworld.As("officer"), rec, nil, apperr.Invalid, "file"},
			{"a text file as audio", testworld.As("officer"), rec,
				&recording.File{Name: "a.txt", ContentType: "text/plain", Size: 1, SHA256: "00", Body: bytes.NewReader([]byte("x"))}, apperr.Invalid, "file"},
			{"over the size limit", testworld.As("officer"), rec, audioFile("big.mp3", make([]byte, max+1)), apperr.Invalid, "file"},
			{"an unknown kind", testworld.As("officer"), func() *inspection.Recording { r := rec(); r.Kind = "photo"; return r }, nil, apperr.Invalid, "kind"},
		} {
			_, err := f.svc.AddRecording(f.Ctx, c.p, in.ID, c.r(), c.f, max)
			e := apperr.As(err)
			if err == nil || e.Code != c.code || (c.field != "" && e.Fields[c.field] == "") {
				t.Errorf("%s: %v, want %s on %q", c.name, err, c.code, c.field)
			}
		}
		if _, err := f.svc.CanRecord(f.Ctx, testworld.As("agency_admin"), in.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("CanRecord of the agency's administrator: %v", err)
		}
		if _, err := f.svc.CanRecord(f.Ctx, testworld.As("officer"), in.ID); err != nil {
			t.Errorf("CanRecord of the agency's officer: %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM inspection_recordings`); n != 0 {
			t.Errorf("refusals wrote %d recordings", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM media`); n != 0 {
			t.Errorf("refusals stored %d files", n)
		}
		// Exactly at the limit is accepted.
		if _, err := f.svc.AddRecording(f.Ctx, testworld.As("officer"), in.ID, rec(), audioFile("max.mp3", make([]byte, max)), max); err != nil {
			t.Errorf("a file of exactly the limit: %v", err)
		}
	})
}

// TestPushedInspectionNotJudgedForRecordings: an inspection pushed by
// another system carries its system's recordings, not zfjd's: no
// INSPECTION_AV_RECORD_MISSING (spec §4: a clean push answers no warnings).
func TestPushedInspectionNotJudgedForRecordings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		_, out, err := f.svc.Put(f.Ctx, robot, pushed("1", "2026-06-15"))
		if err != nil || len(out.Warnings) != 0 {
			t.Fatalf("push: %v %v", err, rules(out))
		}
	})
}
