package authzmatrix_test

// The matrix's world: who acts (role × scope, as a login and as an API
// token of the same role and jurisdiction) and where the objects are (one
// place per relation to the actors: the world's agency, a peer agency of
// the same county, an agency of another county of the city, an agency of
// another city).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/discretion"
	"zfjd/internal/evidence"
	"zfjd/internal/registry"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
	wrules "zfjd/internal/warning/rules"
	"zfjd/internal/web/webtest"
)

// who is one actor: a role at a scope.
type who struct {
	role           auth.Role
	scope          string // province, city, county, agency, other-county-agency, other-city, other-city-agency
	region, agency string
	cert           string
	user           string // login of the UI rows; "" = API only
	token          string // bearer token of the API rows (made per engine)
}

func (w *who) name() string { return string(w.role) + "@" + w.scope }

// actors are the matrix's role × scope combinations.
func actors() []*who {
	A, R := testworld.Agency, testworld.Region
	return []*who{
		{role: auth.RoleAdmin, scope: "province", region: "370000", user: "admin"},
		{role: auth.RoleSupervisor, scope: "province", region: "370000", user: "province"},
		{role: auth.RoleSupervisor, scope: "city", region: "370100", user: "city"},
		{role: auth.RoleSupervisor, scope: "county", region: R, user: "supervisor"},
		{role: auth.RoleSupervisor, scope: "other-city", region: "370200", user: "far_city"},
		{role: auth.RoleAgencyAdmin, scope: "agency", region: R, agency: A, user: "agency_admin"},
		{role: auth.RoleOfficer, scope: "agency", region: R, agency: A, cert: testworld.CertA, user: "officer"},
		{role: auth.RoleOfficer, scope: "other-county-agency", region: "370103", agency: testworld.Other, cert: testworld.CertOther, user: "other_officer"},
		{role: auth.RoleOfficer, scope: "other-city-agency", region: testworld.FarRegion, agency: testworld.FarAgency, cert: testworld.CertFar, user: "far_officer"},
		{role: auth.RoleReviewer, scope: "agency", region: R, agency: A, cert: testworld.CertReviewer, user: "reviewer"},
		{role: auth.RoleHead, scope: "agency", region: R, agency: A, cert: testworld.CertHead, user: "head"},
		{role: auth.RoleSocial, scope: "city", region: "370100", user: "social"},
		// An outside review expert the county body made (案卷评查): it reads
		// and scores the one file it is assigned ("here"), nothing else.
		{role: auth.RoleExpert, scope: "county", region: R, user: "expert"},
		{role: auth.RoleIntegration, scope: "province", region: "370000"},
		{role: auth.RoleIntegration, scope: "city", region: "370100"},
		{role: auth.RoleIntegration, scope: "county", region: R},
		{role: auth.RoleIntegration, scope: "agency", region: R, agency: A},
		{role: auth.RoleIntegration, scope: "other-city", region: "370200"},
	}
}

// place is where one set of objects lives.
type place struct {
	name           string // here, peer, sibling, far
	region, agency string
	officer        string // an officer of the agency no test changes but the matrix
	matter         string
	caseID         int64
	source         string // the case's source_system/source_id
	fileID         int64
	itemID         int64   // a list item (四张清单) of the place's matter
	spare          []int64 // more of them, for the rows that delete one
	account        int64   // an account of the place
	warning        int64   // an open warning (issued) on the place's case
	rule           string  // a custom rule of the place's region (disabled) the write rows may change
	recording      int64   // an audio recording of the case's first act
	firstAct       string  // "0|type": the case's first act, as the recording form names it
	proposal       int64   // a pending 红牌 proposal for an officer of the place's agency
}

// fixture is the world of one engine.
type fixture struct {
	*webtest.World
	places []*place
	seq    atomic.Int64
	// writing: the allowed writes run (one at a time); a row that destroys
	// its object (a deleted list item) takes a spare one.
	writing bool
}

// next is a fresh number for codes the write rows make.
func (f *fixture) next() int { return int(f.seq.Add(1)) }

func build(t *testing.T, w *webtest.World) *fixture {
	t.Helper()
	webtest.AddAdmin(t, w.DB)
	w.AddMatters(t)
	w.AddScopes(t)
	peer := w.AddStranger(t)
	f := &fixture{World: w}
	admin := w.Admin

	mk := func(name, region, agency, matter string, officers []string, registrar *auth.Principal) *place {
		p := &place{name: name, region: region, agency: agency, matter: matter}
		// An officer the write rows may change (never one who signs in).
		p.officer = fmt.Sprintf("%s%05d", region, 90+len(f.places))
		w.AddOfficer(t, registry.Officer{CertNo: p.officer, Name: "矩阵" + name, AgencyCode: agency})
		c := testworld.NewCase()
		c.AgencyCode, c.RegionCode, c.MatterCode = agency, region, matter
		c.Title = "矩阵测试案（" + name + "）"
		got, err := w.Cases.Create(w.Ctx, registrar, c, cases.Event{At: webtest.DaysAgo(20), Officers: officers, Note: "日常检查发现"}, nil)
		if err != nil {
			t.Fatalf("case of %s: %v", name, err)
		}
		p.caseID, p.source = got.ID, got.SourceSystem+"/"+got.SourceID
		// Filed by the agency's head (the second officer acting as one), so
		// that the 立案审批表 is reached.
		head := &auth.Principal{Name: "负责人", Username: "head_" + name, Role: auth.RoleHead, Region: region, Agency: agency, CertNo: officers[1]}
		if name == "here" {
			head = testworld.As("head")
		}
		if _, err := w.Cases.Append(w.Ctx, head, got.ID, cases.Event{Type: "filed", At: webtest.DaysAgo(19), Officers: officers,
			Note: "符合立案条件"}); err != nil {
			t.Fatalf("filing the case of %s: %v", name, err)
		}
		it, err := evidence.Add(w.Ctx, w.DB, registrar, got.ID, &evidence.Item{Kind: "documentary", Title: "营业执照复印件",
			CollectedOn: webtest.DaysAgo(20), Officers: officers},
			[]evidence.Upload{{Name: "执照.txt", ContentType: "text/plain", Data: []byte("营业执照 " + name)}})
		if err != nil {
			t.Fatalf("evidence of %s: %v", name, err)
		}
		p.fileID = it.Files[0].ID
		// An audio recording of the first act (执法全过程记录).
		audio := []byte("ID3矩阵录音" + name)
		sum := sha256.Sum256(audio)
		p.firstAct = "0|" + got.Events[0].Type
		rec, err := w.Cases.AddRecording(w.Ctx, registrar, got.ID, &cases.Recording{EventIndex: 0, EventType: got.Events[0].Type,
			Kind: "audio", Title: "现场检查录音"}, &cases.RecordingFile{Name: "现场.mp3", ContentType: "audio/mpeg", Size: int64(len(audio)),
			SHA256: hex.EncodeToString(sum[:]), Body: bytes.NewReader(audio)}, cases.DefaultMaxRecordingBytes)
		if err != nil {
			t.Fatalf("recording of %s: %v", name, err)
		}
		p.recording = rec.ID
		item := &discretion.Item{Kind: discretion.ListLighter, MatterCode: matter, RegionCode: region, EffectiveFrom: "2026-01-01",
			Title: "矩阵清单事项（" + name + "）", ViolationBasis: "《中华人民共和国食品安全法》第三十四条",
			PenaltyBasis: "《中华人民共和国食品安全法》第一百二十四条", Conditions: []string{"危害后果轻微"}, Measures: []string{"correct"}}
		if err := discretion.SaveItem(w.Ctx, w.DB, admin, item); err != nil {
			t.Fatalf("list item of %s: %v", name, err)
		}
		p.itemID = item.ID
		for range 6 {
			spare := *item
			spare.ID = 0
			if err := discretion.SaveItem(w.Ctx, w.DB, admin, &spare); err != nil {
				t.Fatal(err)
			}
			p.spare = append(p.spare, spare.ID)
		}
		id, err := auth.CreateAccount(w.Ctx, w.DB.W, auth.NewAccount{Username: "matrix_" + name, DisplayName: "矩阵" + name,
			Password: testworld.Password, Role: auth.RoleSupervisor, Region: region})
		if err != nil {
			t.Fatalf("account of %s: %v", name, err)
		}
		p.account = id
		f.places = append(f.places, p)
		return p
	}
	officer := func(region, agency, cert string) *auth.Principal {
		return &auth.Principal{Name: cert, Username: cert, Role: auth.RoleOfficer, Region: region, Agency: agency, CertNo: cert}
	}
	// A second officer of the peer and far agencies: registration is by two.
	w.AddOfficer(t, registry.Officer{CertNo: "37010299002", Name: "冯涛二", AgencyCode: peer})
	w.AddOfficer(t, registry.Officer{CertNo: "37020200002", Name: "陈青二", AgencyCode: testworld.FarAgency})
	peerMatter := "T-PEER-001"
	if _, err := registry.PutMatter(w.Ctx, w.DB, admin, &registry.Matter{Code: peerMatter, Name: "对无照经营的行政处罚（综合执法）",
		Kind: "penalty", RegionCode: testworld.Region, LegalBasis: "《无证无照经营查处办法》第十三条", AgencyCodes: []string{peer}}); err != nil {
		t.Fatal(err)
	}
	mk("here", testworld.Region, testworld.Agency, testworld.Matter, webtest.Team, testworld.As("officer"))
	mk("peer", testworld.Region, peer, peerMatter, []string{"37010299001", "37010299002"}, officer(testworld.Region, peer, "37010299001"))
	mk("sibling", "370103", testworld.Other, webtest.OtherMatter, []string{testworld.CertOther, testworld.CertOther2}, testworld.As("other_officer"))
	mk("far", testworld.FarRegion, testworld.FarAgency, testworld.FarMatter, []string{testworld.CertFar, "37020200002"},
		officer(testworld.FarRegion, testworld.FarAgency, testworld.CertFar))
	addWarnings(t, f)
	addComplaints(t, f)
	addOfficerCards(t, f)
	addSupervisionCases(t, f)
	addDisputes(t, f)
	addInspections(t, f)
	addTraining(t, f)
	addReports(t, f)
	return f
}

// addWarnings gives every place a custom rule of its region that raises a
// warning on the place's case (issued, to be signed by the case's agency),
// and a disabled custom rule the write rows may change — through the rule
// service, as supervision would set them.
func addWarnings(t *testing.T, f *fixture) {
	t.Helper()
	rs := wrules.New(f.DB, f.Cases, calendar.RulesCalendar)
	str := func(s string) *string { return &s }
	on, off := true, false
	for _, p := range f.places {
		_, sourceID, _ := strings.Cut(p.source, "/")
		// Two red warnings: at the thresholds below, a 红牌 for the case's
		// officers, and so a proposal to decide.
		for _, code := range []string{"MATRIX_W_" + strings.ToUpper(p.name), "MATRIX_R_" + strings.ToUpper(p.name)} {
			if _, _, err := rs.PutCustom(f.Ctx, f.Admin, code, &wrules.CustomBody{Name: str("矩阵预警（" + p.name + "）"),
				RegionCode: str(p.region), Severity: str("red"), Expression: str(`case.source_id == "` + sourceID + `"`), Enabled: &on}); err != nil {
				t.Fatalf("custom rule of %s: %v", p.name, err)
			}
		}
		p.rule = "MATRIX_" + strings.ToUpper(p.name)
		if _, _, err := rs.PutCustom(f.Ctx, f.Admin, p.rule, &wrules.CustomBody{Name: str("矩阵规则（" + p.name + "）"),
			RegionCode: str(p.region), Severity: str("yellow"), Expression: str("false"), Enabled: &off}); err != nil {
			t.Fatalf("custom rule of %s: %v", p.name, err)
		}
	}
	if _, err := rs.ApplyPending(f.Ctx, time.Minute); err != nil {
		t.Fatal(err)
	}
	// The card pages attribute new findings to officers before they count
	// (warning.CardIndex): bring the index up to date, so that a read of
	// them writes nothing.
	if err := warning.SetCardThresholds(f.Ctx, f.DB, f.Admin, "370000", 1, 2); err != nil {
		t.Fatal(err)
	}
	if _, err := warning.CardIndex(f.Ctx, f.DB); err != nil {
		t.Fatal(err)
	}
	props, err := warning.CardProposals(f.Ctx, f.DB, f.Admin, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range f.places {
		for _, c := range props {
			if c.AgencyCode == p.agency && c.Status == warning.ProposalPending {
				p.proposal = c.ID
			}
		}
		if p.proposal == 0 {
			t.Fatalf("no 红牌 proposal for the officers of %s (%d proposals)", p.name, len(props))
		}
	}
	for _, p := range f.places {
		err := f.DB.R.QueryRowContext(f.Ctx, `SELECT id FROM findings WHERE rule = $1 AND subject_kind = 'case' AND subject_id = $2
			AND status = 'open' AND stage = 'issued'`, "MATRIX_W_"+strings.ToUpper(p.name), p.caseID).Scan(&p.warning)
		if err != nil {
			t.Fatalf("the warning of %s: %v", p.name, err)
		}
	}
}

// item is the list item a row asks about: a spare one for a write.
func (f *fixture) item(p *place) int64 {
	if !f.writing || len(p.spare) == 0 {
		return p.itemID
	}
	id := p.spare[0]
	p.spare = p.spare[1:]
	return id
}

// placeOf returns the fixture's place by name.
func (f *fixture) placeOf(name string) *place {
	for _, p := range f.places {
		if p.name == name {
			return p
		}
	}
	panic("no place " + name)
}

// prefix is the region subtree a code stands for, stated here on its own
// (not ident.RegionPrefix): 370000 → 37, 370100 → 3701, 370102 → 370102.
func prefix(code string) string {
	switch {
	case code == "":
		return ""
	case strings.HasSuffix(code, "0000"):
		return code[:2]
	case strings.HasSuffix(code, "00"):
		return code[:4]
	}
	return code
}

// reaches says whether w's jurisdiction holds an object of region and
// agency (agency "" for objects of a region itself).
func reaches(w *who, region, agency string) bool {
	if w.role == auth.RoleExpert || !strings.HasPrefix(region, prefix(w.region)) {
		return false
	}
	return w.agency == "" || w.agency == agency
}
