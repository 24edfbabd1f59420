package openweb_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"zfjd/internal/opendata"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

type row interface{ CSVRow() []string }

// agree reads path as JSON and as CSV, both validated against openapi.yaml,
// checks that they hold the same rows, total and as_of, and returns the page.
func agree[T row](t *testing.T, e *webtest.Env, path string, header []string) *opendata.Set[T] {
	t.Helper()
	var set opendata.Set[T]
	e.Call(http.MethodGet, path, "", nil, http.StatusOK).Decode(t, &set)
	if set.AsOf == "" || set.PageSize == 0 || set.Page == 0 {
		t.Fatalf("%s: page fields %+v", path, set)
	}
	i := strings.IndexByte(path, '?')
	if i < 0 {
		i = len(path)
	}
	r := e.Call(http.MethodGet, path[:i]+".csv"+path[i:], "", nil, http.StatusOK)
	if !bytes.HasPrefix(r.Body, []byte("\ufeff")) || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%s: not a UTF-8 CSV with BOM: %q", path, r.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(r.Body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) == 0 || !slices.Equal(rows[0], header) {
		t.Fatalf("%s.csv: %v %q", path, err, r.Body)
	}
	if len(rows)-1 != len(set.Items) || r.Header.Get("X-Total-Count") != itoa(set.Total) || r.Header.Get("X-As-Of") != set.AsOf {
		t.Fatalf("%s: CSV %d rows total %s, JSON %d items total %d", path, len(rows)-1, r.Header.Get("X-Total-Count"), len(set.Items), set.Total)
	}
	for k, it := range set.Items {
		if !slices.Equal(rows[k+1], it.CSVRow()) {
			t.Errorf("%s: row %d CSV %q, JSON %q", path, k, rows[k+1], it.CSVRow())
		}
	}
	return &set
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// bad asks path and wants 400 naming param with a Chinese message.
func bad(t *testing.T, e *webtest.Env, path, param string) {
	t.Helper()
	er := e.Call(http.MethodGet, path, "", nil, http.StatusBadRequest).APIErr(t)
	if msg := er.Fields[param]; msg == "" || !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
		t.Errorf("%s: fields %v, want %s named in Chinese", path, er.Fields, param)
	}
}

func codes[T any](items []T, f func(T) string) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, f(it))
	}
	return out
}

// TestOpenAgencies: the subjects and supervision bodies of the 事前公示,
// JSON and CSV alike, with the region subtree, kind, status and paging.
func TestOpenAgencies(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		e := w.Env
		code := func(a *opendata.Agency) string { return a.Code }
		all := agree[*opendata.Agency](t, e, "/open/v1/agencies", opendata.AgencyHeader)
		if got := codes(all.Items, code); all.Total != 3 || !slices.Equal(got, []string{testworld.Supervisor, testworld.Agency, testworld.Other}) {
			t.Fatalf("agencies %d %v", all.Total, got)
		}
		if a := all.Items[1]; a.Name != "济南市历下区市场监督管理局" || a.Kind != "enforcement" || a.RegionName == "" || a.Status != "active" || a.SubjectType != "statutory" {
			t.Errorf("agency %+v", a)
		}
		if s := agree[*opendata.Agency](t, e, "/open/v1/agencies?kind=supervision", opendata.AgencyHeader); s.Total != 1 || s.Items[0].Code != testworld.Supervisor {
			t.Errorf("kind=supervision %v", codes(s.Items, code))
		}
		if s := agree[*opendata.Agency](t, e, "/open/v1/agencies?region_code=370103", opendata.AgencyHeader); s.Total != 1 || s.Items[0].Code != testworld.Other {
			t.Errorf("region 370103 %v", codes(s.Items, code))
		}
		if s := agree[*opendata.Agency](t, e, "/open/v1/agencies?region_code=370100&kind=enforcement", opendata.AgencyHeader); s.Total != 2 {
			t.Errorf("city subtree %v", codes(s.Items, code))
		}
		if s := agree[*opendata.Agency](t, e, "/open/v1/agencies?page=2&page_size=2", opendata.AgencyHeader); s.Total != 3 || len(s.Items) != 1 || s.Items[0].Code != testworld.Other {
			t.Errorf("page 2 %v", codes(s.Items, code))
		}
		if s := agree[*opendata.Agency](t, e, "/open/v1/agencies?status=revoked", opendata.AgencyHeader); s.Total != 0 || len(s.Items) != 0 {
			t.Errorf("revoked %v", codes(s.Items, code))
		}
		bad(t, e, "/open/v1/agencies?kind=court", "kind")
		bad(t, e, "/open/v1/agencies?status=gone", "status")
		bad(t, e, "/open/v1/agencies?region_code=37x", "region_code")
		bad(t, e, "/open/v1/agencies.csv?page_size=1001", "page_size")
	})
}

// TestOpenOfficers: names and certificates only — an officer's identity
// number, exam score and status reason never leave — with the agency,
// region and certificate-state filters.
func TestOpenOfficers(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		e := w.Env
		idNo, score := webtest.PartyID("071"), 87
		for _, o := range []*registry.Officer{
			{CertNo: "37010200008", Name: "冯雪", IDNumber: idNo, AgencyCode: testworld.Agency, CertValidFrom: "2024-01-01",
				CertValidTo: "2029-12-31", CertStatus: "valid", ExamScore: &score, ExamDate: "2023-11-20"},
			{CertNo: "37010200009", Name: "陈斌", AgencyCode: testworld.Agency, CertValidFrom: "2020-01-01", CertValidTo: "2029-12-31",
				CertStatus: "revoked", StatusReason: "因违法执法被吊销"},
			{CertNo: "37010200010", Name: "韩梅", AgencyCode: testworld.Agency, CertValidFrom: "2020-01-01", CertValidTo: "2025-12-31", CertStatus: "valid"},
		} {
			if _, err := registry.PutOfficer(w.Ctx, db, w.Admin, o); err != nil {
				t.Fatalf("officer %s: %v", o.CertNo, err)
			}
		}
		cert := func(o *opendata.Officer) string { return o.CertNo }
		all := agree[*opendata.Officer](t, e, "/open/v1/officers?page_size=1000", opendata.OfficerHeader)
		if all.Total != 12 || len(all.Items) != 12 {
			t.Fatalf("officers %d %v", all.Total, codes(all.Items, cert))
		}
		for _, p := range []string{"/open/v1/officers?page_size=1000", "/open/v1/officers.csv?page_size=1000"} {
			body := string(e.Call(http.MethodGet, p, "", nil, http.StatusOK).Body)
			for _, private := range []string{idNo, idNo[:6] + "********" + idNo[14:], "id_number", "exam", "87", "因违法执法", "status_reason", "verify"} {
				if strings.Contains(body, private) {
					t.Errorf("%s carries %q", p, private)
				}
			}
		}
		if s := agree[*opendata.Officer](t, e, "/open/v1/officers?agency_code="+testworld.Other, opendata.OfficerHeader); s.Total != 2 ||
			!slices.Equal(codes(s.Items, cert), []string{testworld.CertOther, testworld.CertOther2}) || s.Items[0].AgencyName != "济南市市中区市场监督管理局" {
			t.Errorf("agency filter %+v", s.Items)
		}
		if s := agree[*opendata.Officer](t, e, "/open/v1/officers?region_code=370103", opendata.OfficerHeader); s.Total != 2 {
			t.Errorf("region filter %v", codes(s.Items, cert))
		}
		for status, want := range map[string][]string{"revoked": {"37010200009"}, "expired": {"37010200010"}, "suspended": {}} {
			s := agree[*opendata.Officer](t, e, "/open/v1/officers?status="+status, opendata.OfficerHeader)
			if got := codes(s.Items, cert); !slices.Equal(got, want) {
				t.Errorf("status %s: %v, want %v", status, got, want)
			}
			for _, o := range s.Items {
				if o.CertStatus != status {
					t.Errorf("status %s: %+v", status, o)
				}
			}
		}
		if s := agree[*opendata.Officer](t, e, "/open/v1/officers?status=valid&page=2&page_size=4", opendata.OfficerHeader); s.Total != 10 ||
			!slices.Equal(codes(s.Items, cert), []string{testworld.CertReview2, testworld.CertHead, testworld.CertHost, "37010200008"}) {
			t.Errorf("valid page 2: %d %v", s.Total, codes(s.Items, cert))
		}
		bad(t, e, "/open/v1/officers?status=lost", "status")
		bad(t, e, "/open/v1/officers?agency_code=123", "agency_code")
		bad(t, e, "/open/v1/officers.csv?page=-1", "page")
	})
}

// TestOpenMatters: the 权责清单 with each matter's basis to the article and
// its agencies, filtered by region, holder and kind.
func TestOpenMatters(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		w.AddMatters(t)
		e := w.Env
		code := func(m *opendata.Matter) string { return m.Code }
		all := agree[*opendata.Matter](t, e, "/open/v1/matters", opendata.MatterHeader)
		if got := codes(all.Items, code); all.Total != 3 || !slices.Equal(got, []string{testworld.Matter, webtest.OtherMatter, webtest.PlainMatter}) {
			t.Fatalf("matters %d %v", all.Total, got)
		}
		for _, m := range all.Items {
			if !strings.Contains(m.LegalBasis, "第") || len(m.AgencyCodes) != 1 || m.Kind != "penalty" {
				t.Errorf("matter %+v", m)
			}
		}
		if s := agree[*opendata.Matter](t, e, "/open/v1/matters?agency_code="+testworld.Other, opendata.MatterHeader); s.Total != 1 ||
			s.Items[0].Code != webtest.OtherMatter || !slices.Equal(s.Items[0].AgencyCodes, []string{testworld.Other}) {
			t.Errorf("agency filter %+v", s.Items)
		}
		if s := agree[*opendata.Matter](t, e, "/open/v1/matters?region_code=370102", opendata.MatterHeader); s.Total != 2 {
			t.Errorf("region filter %v", codes(s.Items, code))
		}
		if s := agree[*opendata.Matter](t, e, "/open/v1/matters?kind=inspection", opendata.MatterHeader); s.Total != 0 {
			t.Errorf("kind filter %v", codes(s.Items, code))
		}
		if s := agree[*opendata.Matter](t, e, "/open/v1/matters?kind=penalty&page=3&page_size=1", opendata.MatterHeader); s.Total != 3 ||
			!slices.Equal(codes(s.Items, code), []string{webtest.PlainMatter}) {
			t.Errorf("page 3 %v", codes(s.Items, code))
		}
		bad(t, e, "/open/v1/matters?kind=fine", "kind")
		bad(t, e, "/open/v1/matters.csv?region_code=99", "region_code")
	})
}
