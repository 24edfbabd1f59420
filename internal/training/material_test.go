package training_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/recording"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/training"
)

// A tiny PDF and the first box of an MP4 (ftyp isom), as a phone records.
var (
	pdfBytes = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
	mp4Bytes = append([]byte{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4', '1'}, make([]byte, 4000)...)
)

func file(name, claimed string, b []byte) *recording.File {
	sum := sha256.Sum256(b)
	return &recording.File{Name: name, ContentType: claimed, Size: int64(len(b)), SHA256: hex.EncodeToString(sum[:]), Body: bytes.NewReader(b)}
}

// TestMaterials: a course's PDF and video are sniffed (not taken from the
// name or the browser's claim), stored once per content and read back in
// ranges by the officers it is offered to and its keepers only; who may
// not keep the course may not add to it.
func TestMaterials(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		s := training.NewService(db)
		sup := testworld.As("supervisor")
		c := &training.Course{RegionCode: testworld.Region, AgencyCode: testworld.Agency, Track: "rotation", Title: "行政强制法", Body: "第二十五条", Minutes: 45}
		if err := s.AddCourse(w.Ctx, sup, c); err != nil {
			t.Fatal(err)
		}
		pdf, err := s.AddMaterial(w.Ctx, sup, c.ID, "", file("行政强制法讲义.pdf", "application/octet-stream", pdfBytes))
		if err != nil || pdf.Kind != "pdf" || pdf.ContentType != "application/pdf" || pdf.Title != "行政强制法讲义" {
			t.Fatalf("pdf: %+v %v", pdf, err)
		}
		vid, err := s.AddMaterial(w.Ctx, sup, c.ID, "第二十五条解读", file("lesson.bin", "", mp4Bytes))
		if err != nil || vid.Kind != "video" || vid.ContentType != "video/mp4" {
			t.Fatalf("video: %+v %v", vid, err)
		}
		// The same video on another course is stored once.
		c2 := &training.Course{RegionCode: testworld.Region, Track: "general", Title: "公共课", Body: "内容", Minutes: 45}
		if err := s.AddCourse(w.Ctx, sup, c2); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMaterial(w.Ctx, sup, c2.ID, "同一视频", file("again.mp4", "video/mp4", mp4Bytes)); err != nil {
			t.Fatal(err)
		}
		var n int
		db.R.QueryRowContext(w.Ctx, `SELECT COUNT(*) FROM media WHERE hash = $1`, vid.SHA256).Scan(&n)
		if n != 1 {
			t.Errorf("the video is stored %d times", n)
		}
		for _, bad := range []struct {
			name, field string
			p           *recording.File
			who         string
		}{
			{"an HTML page named .pdf", "file", file("x.pdf", "application/pdf", []byte("<html><script>alert(1)</script></html>")), "supervisor"},
			{"an empty file", "file", file("x.pdf", "application/pdf", nil), "supervisor"},
			{"no file", "file", nil, "supervisor"},
		} {
			_, err := s.AddMaterial(w.Ctx, testworld.As(bad.who), c.ID, "资料", bad.p)
			if e := apperr.As(err); e == nil || e.Fields[bad.field] == "" {
				t.Errorf("%s: %v", bad.name, err)
			}
		}
		if _, err := s.AddMaterial(w.Ctx, testworld.As("officer"), c.ID, "资料", file("a.pdf", "", pdfBytes)); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("an officer added a material: %v", err)
		}

		// The officer it is offered to reads it, its text and the range asked.
		off := testworld.As("officer")
		got, err := s.CourseFor(w.Ctx, off, c.ID)
		if err != nil || len(got.Materials) != 2 {
			t.Fatalf("course with materials %+v %v", got, err)
		}
		m, r, err := s.OpenMaterial(w.Ctx, off, pdf.ID)
		if err != nil || m.Size != int64(len(pdfBytes)) {
			t.Fatalf("open %v", err)
		}
		r.Seek(5, io.SeekStart)
		head := make([]byte, 3)
		io.ReadFull(r, head)
		if string(head) != "1.4" {
			t.Errorf("range read %q", head)
		}
		if _, _, err := s.OpenMaterial(w.Ctx, sup, vid.ID); err != nil {
			t.Errorf("the keeper cannot open it: %v", err)
		}
		// Another agency's officer and an outside supervisor find nothing.
		for _, p := range []*auth.Principal{testworld.As("other_officer"), testworld.AsScope("far_city")} {
			if _, _, err := s.OpenMaterial(w.Ctx, p, pdf.ID); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s opened the material: %v", p.Username, err)
			}
		}

		// A 业务轮训 course for supervisors is not assigned to an officer in
		// post without the 执法监督 qualification.
		sc := &training.Course{RegionCode: testworld.Region, Track: "rotation", Audience: "supervisor", Title: "执法监督业务轮训", Body: "内容", Minutes: 45}
		if err := s.AddCourse(w.Ctx, sup, sc); err != nil {
			t.Fatal(err)
		}
		list, err := s.CoursesFor(w.Ctx, off, c.Year)
		if err != nil || len(list) != 2 {
			t.Errorf("the officer's courses: %d %v", len(list), err)
		}
		if _, err := s.CourseFor(w.Ctx, off, sc.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("the supervisors' course opened for an officer: %v", err)
		}
		if err := s.AddCourse(w.Ctx, sup, &training.Course{RegionCode: testworld.Region, Track: "general", Audience: "all", Title: "x", Body: "y",
			Minutes: 45}); apperr.As(err) == nil || apperr.As(err).Fields["audience"] == "" {
			t.Errorf("an unknown audience: %v", err)
		}
	})
}

// TestAudiencesOf: to whom a course is assigned (岗前培训 for new
// officers, 业务轮训 for those holding the 执法监督 qualification).
func TestAudiencesOf(t *testing.T) {
	const today = "2026-06-15"
	for _, c := range []struct {
		name string
		o    registry.Officer
		want string
	}{
		{"an officer in post", registry.Officer{CertStatus: "valid", CertValidFrom: "2022-01-01", CertValidTo: "2026-12-31", ExamDate: "2021-11-01"}, ""},
		{"a certificate not yet in force (行政执法监督条例 Art. 17)", registry.Officer{CertStatus: "valid", CertValidFrom: "2026-07-01", CertValidTo: "2031-06-30"}, ",new"},
		{"the 资格考试 sat this year", registry.Officer{CertStatus: "valid", CertValidFrom: "2026-03-01", CertValidTo: "2031-02-28", ExamDate: "2026-02-10"}, ",new"},
		{"a supervisor", registry.Officer{CertStatus: "valid", CertValidFrom: "2022-01-01", CertValidTo: "2026-12-31", Qualifications: []string{"supervision"}}, ",supervisor"},
	} {
		if got := strings.Join(training.AudiencesOf(&c.o, 2026, today), ","); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// FuzzSniffMaterial: any bytes are judged without a panic, and what is
// taken is one of the three kinds served inline.
func FuzzSniffMaterial(f *testing.F) {
	f.Add(pdfBytes)
	f.Add(mp4Bytes[:64])
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x84, 'w', 'e', 'b', 'm'})
	f.Add([]byte{0x1A, 0x45, 0xDF, 0xA3, 0x42, 0x82})
	f.Add([]byte{0, 0, 0, 0xFF, 'f', 't', 'y', 'p'})
	f.Fuzz(func(t *testing.T, b []byte) {
		kind, ct := training.SniffMaterial(b)
		switch kind + " " + ct {
		case " ", "pdf application/pdf", "video video/mp4", "video video/webm":
		default:
			t.Fatalf("%q → %q %q", b, kind, ct)
		}
	})
}
