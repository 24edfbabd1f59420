package dashweb_test

import (
	"net/http"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

type statsBody struct {
	RegionCode string `json:"region_code"`
	Totals     struct {
		Warnings          int     `json:"warnings"`
		Red               int     `json:"red"`
		Open              int     `json:"open"`
		Closed            int     `json:"closed"`
		Overdue           int     `json:"overdue"`
		Cases             int     `json:"cases"`
		CasesWithWarnings int     `json:"cases_with_warnings"`
		WarningRate       float64 `json:"warning_rate"`
		SignedRate        float64 `json:"signed_rate"`
		RectifiedRate     float64 `json:"rectified_rate"`
		AvgDaysToClose    float64 `json:"avg_days_to_close"`
	} `json:"totals"`
	Groups []struct {
		Key   string `json:"key"`
		Label string `json:"label"`
		Total int    `json:"total"`
		Drill string `json:"drill"`
	} `json:"groups"`
}

func TestAPIWarningStats(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, _ := world(t, db)
		e := w.Env
		county := e.Token(auth.RoleSupervisor, testworld.Region, "")
		city := e.Token(auth.RoleSupervisor, "370100", "")

		var s statsBody
		e.Get("/api/v1/warnings/stats", county, http.StatusOK).Decode(t, &s)
		tt := s.Totals
		if tt.Warnings != 6 || tt.Red != 2 || tt.Open != 3 || tt.Closed != 2 || tt.Overdue != 2 || tt.Cases != 2 ||
			tt.CasesWithWarnings != 1 || tt.WarningRate != 0.5 || tt.SignedRate != 0.8 || tt.RectifiedRate != 0.6 || tt.AvgDaysToClose != 3 {
			t.Errorf("county totals %+v", tt)
		}
		e.Get("/api/v1/warnings/stats?group_by=region", city, http.StatusOK).Decode(t, &s)
		if len(s.Groups) != 2 || s.Groups[0].Key != "370102" || s.Groups[0].Total != 6 || s.Groups[0].Drill != "370102" ||
			s.Groups[1].Key != "370103" || s.Groups[1].Total != 2 || s.Totals.Warnings != 8 {
			t.Errorf("city by region %+v", s)
		}
		e.Get("/api/v1/warnings/stats?region_code=370103&group_by=month&from=2026-05-01&to=2026-05-31", city, http.StatusOK).Decode(t, &s)
		if s.RegionCode != "370103" || len(s.Groups) != 1 || s.Groups[0].Key != "2026-05" || s.Groups[0].Total != 1 {
			t.Errorf("city drilled into 370103, May: %+v", s)
		}

		// Out of the county's jurisdiction: not found, as for any object.
		e.Get("/api/v1/warnings/stats?region_code=370103", county, http.StatusNotFound)
		e.Get("/api/v1/warnings/stats?region_code=370100", county, http.StatusNotFound)
		if f := e.Get("/api/v1/warnings/stats?group_by=party", county, http.StatusBadRequest).APIErr(t).Fields; f["group_by"] == "" {
			t.Errorf("bad group_by fields %v", f)
		}
		if f := e.Get("/api/v1/warnings/stats?from=2026-06-10&to=2026-06-01", county, http.StatusBadRequest).APIErr(t).Fields; f["to"] == "" {
			t.Errorf("to before from: fields %v", f)
		}
		officer := e.Token(auth.RoleOfficer, testworld.Region, testworld.Agency)
		e.Get("/api/v1/warnings/stats", officer, http.StatusForbidden)
		e.Get("/api/v1/warnings/stats", "", http.StatusUnauthorized)
	})
}

func TestAPIInaction(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		if _, err := registry.PutMatter(w.Ctx, db, w.Admin, &registry.Matter{Code: "T-FOOD-002", Name: "对未按规定公示许可的行政处罚",
			Kind: "penalty", LegalBasis: "《中华人民共和国食品安全法》", AgencyCodes: []string{testworld.Agency, testworld.Other}}); err != nil {
			t.Fatal(err)
		}
		w.Register(t, testworld.Today) // the agency used T-FOOD-001 this year
		e := w.Env
		city := e.Token(auth.RoleSupervisor, "370100", "")
		var b struct {
			Year  int `json:"year"`
			Total int `json:"total"`
			Items []struct {
				AgencyCode string `json:"agency_code"`
				MatterCode string `json:"matter_code"`
				MatterKind string `json:"matter_kind"`
			} `json:"items"`
		}
		e.Get("/api/v1/inaction?year=2026", city, http.StatusOK).Decode(t, &b)
		if b.Total != 2 || len(b.Items) != 2 || b.Items[0].MatterCode != "T-FOOD-002" || b.Items[1].MatterCode != "T-FOOD-002" {
			t.Errorf("2026: %+v, want both agencies' T-FOOD-002 and not the agency's T-FOOD-001", b)
		}
		e.Get("/api/v1/inaction?year=2025", city, http.StatusOK).Decode(t, &b)
		if b.Total != 3 {
			t.Errorf("2025 (no case that year): %+v, want 3", b)
		}
		county := e.Token(auth.RoleSupervisor, testworld.Region, "")
		e.Get("/api/v1/inaction?region_code=370103", county, http.StatusNotFound)
		e.Get("/api/v1/inaction", county, http.StatusOK).Decode(t, &b)
		if b.Total != 1 || b.Items[0].AgencyCode != testworld.Agency || b.Year != 2026 {
			t.Errorf("county: %+v", b)
		}
		e.Get("/api/v1/inaction?year=2031", city, http.StatusBadRequest)
	})
}

func TestAPICardProposalDecision(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w, c1 := world(t, db)
		for _, day := range []string{"2026-04-10", "2026-04-11", "2026-04-12", "2026-04-13"} {
			addFinding(t, db, finding{caseID: c1, region: testworld.Region, agency: testworld.Agency, sev: "red", stage: "issued", day: day})
		}
		e := w.Env
		county := e.Token(auth.RoleSupervisor, testworld.Region, "")
		var list struct {
			Items []struct {
				ID       int64  `json:"id"`
				CertNo   string `json:"cert_no"`
				Status   string `json:"status"`
				Warnings int    `json:"warnings"`
			} `json:"items"`
		}
		e.Get("/api/v1/card-proposals", county, http.StatusOK).Decode(t, &list)
		if len(list.Items) != 2 || list.Items[0].Warnings != 6 || list.Items[0].Status != "pending" {
			t.Fatalf("proposals %+v, want officers A and B at 6", list)
		}
		id := list.Items[0].ID
		path := "/api/v1/card-proposals/" + itoa(id) + "/decision"
		if f := e.Call("POST", path, county, map[string]any{"decision": "accept"}, http.StatusBadRequest).APIErr(t).Fields; f["reason"] == "" {
			t.Errorf("no reason: fields %v, want reason", f)
		}
		agency := e.Token(auth.RoleAgencyAdmin, testworld.Region, testworld.Agency)
		e.Call("POST", path, agency, map[string]any{"decision": "accept", "reason": "理由"}, http.StatusForbidden)
		far := e.Token(auth.RoleSupervisor, "370103", "")
		e.Call("POST", path, far, map[string]any{"decision": "accept", "reason": "理由"}, http.StatusNotFound)
		e.Call("POST", "/api/v1/card-proposals/999999/decision", county, map[string]any{"decision": "accept", "reason": "理由"}, http.StatusNotFound)

		var got struct {
			Status string `json:"status"`
			Reason string `json:"reason"`
			CertNo string `json:"cert_no"`
		}
		e.Call("POST", path, county, map[string]any{"decision": "accept", "reason": "一年内六次红色预警"}, http.StatusOK).Decode(t, &got)
		if got.Status != "accepted" || got.Reason != "一年内六次红色预警" {
			t.Errorf("decided %+v", got)
		}
		o, err := registry.GetOfficer(w.Ctx, db, w.Admin, got.CertNo)
		if err != nil || o.CertStatus != "suspended" {
			t.Errorf("certificate after accept: %v %v", o, err)
		}
		e.Call("POST", path, county, map[string]any{"decision": "reject", "reason": "再次"}, http.StatusConflict)
		e.Get("/api/v1/card-proposals?status=accepted", county, http.StatusOK).Decode(t, &list)
		if len(list.Items) != 1 || list.Items[0].ID != id {
			t.Errorf("accepted list %+v", list)
		}
		e.Get("/api/v1/card-proposals", e.Token(auth.RoleOfficer, testworld.Region, testworld.Agency), http.StatusForbidden)
	})
}
