package registryweb_test

import (
	"net/http"
	"strings"
	"testing"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// An officer's 身份证号 and exam score are for the certificate authority and
// the officer's own agency admin (auth.CanSeeOfficerPrivate); the registry
// masks them for everyone else and the officer page says so instead of
// "无记录". An officer of another agency does not see the officer at all.
func TestUIOfficerPrivateMasked(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		id := webtest.PartyID("019")
		score := 88
		o, err := registry.GetOfficer(w.Ctx, db, w.Admin, testworld.CertA)
		if err != nil {
			t.Fatal(err)
		}
		o.IDNumber, o.ExamScore, o.ExamDate = id, &score, "2024-03-16"
		if _, err := registry.PutOfficer(w.Ctx, db, w.Admin, o); err != nil {
			t.Fatal(err)
		}
		const hidden = "（仅发证机关和本单位管理员可见）"
		path := "/officers/" + testworld.CertA
		for _, x := range []struct {
			who  string
			sees bool
		}{
			{"agency_admin", true}, // the officer's own agency admin
			{"supervisor", true},   // 历下区司法局: the certificate authority
			{"city", true},
			{"social", false},   // 社会监督员
			{"officer2", false}, // a colleague, not the admin
			{"head", false},
		} {
			p := w.Login(t, x.who).Get(path)
			webtest.PageOK(t, x.who+" "+path, p)
			idText, exam := webtest.Text(p.Doc.Find("#officer-id-number")), webtest.Text(p.Doc.Find("#officer-exam"))
			if x.sees {
				if idText != id || !strings.Contains(exam, "88 分") || !strings.Contains(exam, "2024-03-16") || strings.Contains(p.Body, hidden) {
					t.Errorf("%s: 身份证号 %q, 考试 %q; want the full record", x.who, idText, exam)
				}
				continue
			}
			if strings.Contains(p.Body, id) || strings.Contains(p.Body, id[2:16]) || strings.Contains(exam, "88") ||
				strings.Contains(exam, "无记录") || strings.Contains(exam, "2024-03-16") {
				t.Errorf("%s sees the private data: 身份证号 %q, 考试 %q", x.who, idText, exam)
			}
			if !strings.Contains(idText, hidden) || !strings.Contains(exam, hidden) || !strings.HasPrefix(idText, id[:2]+"**") {
				t.Errorf("%s: 身份证号 %q, 考试 %q; want the masked number and %s for both", x.who, idText, exam, hidden)
			}
		}
		// Another agency's officer: the officer is not in his reach at all.
		if p := w.Login(t, "other_officer").Get(path); p.Status != http.StatusNotFound || strings.Contains(p.Body, id) {
			t.Errorf("other agency's officer: %d", p.Status)
		}
		// An officer without a record on file still reads 无记录 to those who may see it.
		p := w.Login(t, "agency_admin").Get("/officers/" + testworld.CertB)
		if exam := webtest.Text(p.Doc.Find("#officer-exam")); exam != "无记录" {
			t.Errorf("officer without an exam record: %q", exam)
		}
	})
}
