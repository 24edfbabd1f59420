package webtest

// The API's wire shapes as the tests read them, request bodies, and the
// two-district world written through the API.

import (
	"fmt"
	"net/http"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/ident"
)

// APIWorld is two districts of 济南, each with agencies, officers and
// matters, written through the API by a city-wide token.
type APIWorld struct {
	City              string // token for 370100
	A102, A102b, A103 string // agency codes: two in 历下区 (370102), one in 市中区 (370103)
	Off102, Off102b   string // officers of a102 and a102b
	Off103            string // officer of a103
	M102, M102b, M103 string // matters held by a102, a102b, a103
	MShared           string // held by a102 and a103 (region 370100)
}

// SetupAPIWorld writes the APIWorld through e (every PUT answers 201).
func SetupAPIWorld(t *testing.T, e *Env) *APIWorld {
	t.Helper()
	w := &APIWorld{City: e.Token(auth.RoleIntegration, "370100", "")}
	w.A102, w.A102b, w.A103 = USCC(t, "370102", 1), USCC(t, "370102", 2), USCC(t, "370103", 3)
	e.Put("/api/v1/agencies/"+w.A102, w.City, AgencyBody("历下区市场监管局", "370102"), http.StatusCreated)
	e.Put("/api/v1/agencies/"+w.A102b, w.City, AgencyBody("历下区综合行政执法局", "370102"), http.StatusCreated)
	e.Put("/api/v1/agencies/"+w.A103, w.City, AgencyBody("市中区市场监管局", "370103"), http.StatusCreated)
	w.Off102, w.Off102b, w.Off103 = "LX-0001", "LX-0002", "SZ-0001"
	e.Put("/api/v1/officers/"+w.Off102, w.City, OfficerBody("王一", w.A102), http.StatusCreated)
	e.Put("/api/v1/officers/"+w.Off102b, w.City, OfficerBody("王二", w.A102b), http.StatusCreated)
	e.Put("/api/v1/officers/"+w.Off103, w.City, OfficerBody("赵三", w.A103), http.StatusCreated)
	w.M102, w.M102b, w.M103, w.MShared = "M-102", "M-102B", "M-103", "M-SHARED"
	for code, holders := range map[string][]string{w.M102: {w.A102}, w.M102b: {w.A102b}, w.M103: {w.A103}, w.MShared: {w.A102, w.A103}} {
		e.Put("/api/v1/matters/"+code, w.City, map[string]any{"name": "事项" + code, "kind": "penalty", "agency_codes": holders}, http.StatusCreated)
	}
	return w
}

// Tier is one benchmark tier of a PUT /api/v1/benchmarks body, fines in 分.
func Tier(tier string, lo, hi int64) map[string]any {
	return map[string]any{"tier": tier, "conditions": tier + "情形", "fine_min_fen": lo, "fine_max_fen": hi}
}

// BenchBody is a PUT /api/v1/benchmarks body in force from from.
func BenchBody(from string, tiers ...map[string]any) map[string]any {
	return map[string]any{"effective_from": from, "tiers": tiers}
}

// CaseBody is the spec's example case (spec/exchange-v1.md) for an
// agency, region and matter, acted on by officers.
func CaseBody(agency, region, matter string, officers []string) map[string]any {
	return map[string]any{
		"agency_code": agency, "region_code": region, "matter_code": matter, "procedure": "general",
		"party": map[string]any{"kind": "org", "name": "某某餐饮有限公司", "id_number": "91370102MA3C5R2K0M"},
		"facts": map[string]any{"act_date": "2024-03-01", "act_end_date": nil, "party_age": nil, "first_offense": true,
			"harm": "slight", "corrected": true, "life_health_or_financial": false, "major": false, "complex": false,
			"illegal_income_fen": 0, "case_amount_fen": 0, "suspected_crime": false},
		"events": []map[string]any{
			{"type": "filed", "at": "2024-03-05", "officers": officers},
			{"type": "notified", "at": "2024-05-20", "hearing_right": true, "officers": officers},
			{"type": "decided", "at": "2024-06-01", "outcome": "penalty", "tier": "ordinary",
				"penalties": []map[string]any{{"kind": "fine", "amount_fen": 500000}}, "deviation_reason": nil},
			{"type": "delivered", "at": "2024-06-03", "officers": officers},
			{"type": "published", "at": "2024-06-06"},
		},
	}
}

// List is a list answer.
type List[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// Agency, Officer, Matter are the wire shapes the tests read.
type Agency struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	SubjectType   string `json:"subject_type"`
	RegionCode    string `json:"region_code"`
	RegionName    string `json:"region_name"`
	Domain        string `json:"domain"`
	ParentCode    string `json:"parent_code"`
	LegalBasis    string `json:"legal_basis"`
	Status        string `json:"status"`
	AnnouncedOn   string `json:"announced_on"`
	PublicityDays int    `json:"publicity_days"`
}

// Officer is an officer on the wire.
type Officer struct {
	CertNo         string   `json:"cert_no"`
	Name           string   `json:"name"`
	AgencyCode     string   `json:"agency_code"`
	AgencyName     string   `json:"agency_name"`
	RegionCode     string   `json:"region_code"`
	Domain         string   `json:"domain"`
	CertValidFrom  string   `json:"cert_valid_from"`
	CertValidTo    string   `json:"cert_valid_to"`
	CertStatus     string   `json:"cert_status"`
	StatusReason   string   `json:"status_reason"`
	ExamScore      *int     `json:"exam_score"`
	Qualifications []string `json:"qualifications"`
	Years          []struct {
		Year          int    `json:"year"`
		TrainingHours int    `json:"training_hours"`
		ReviewResult  string `json:"review_result"`
	} `json:"years"`
	State     string `json:"state"`
	VerifyURL string `json:"verify_url"`
}

// Matter is a matter on the wire.
type Matter struct {
	Code                 string   `json:"code"`
	Name                 string   `json:"name"`
	Kind                 string   `json:"kind"`
	RegionCode           string   `json:"region_code"`
	LegalBasis           string   `json:"legal_basis"`
	AgencyCodes          []string `json:"agency_codes"`
	CriminalThresholdFen *int64   `json:"criminal_threshold_fen"`
	Version              int      `json:"version"`
}

// USCC returns a valid 统一社会信用代码 registered in region; n tells codes apart.
func USCC(t testing.TB, region string, n int) string {
	t.Helper()
	c, err := ident.MakeUSCC('1', '1', region, fmt.Sprintf("%08d", n))
	if err != nil {
		t.Fatal(err)
	}
	if err := ident.ValidateUSCC(c); err != nil {
		t.Fatalf("MakeUSCC made an invalid code %s: %v", c, err)
	}
	return c
}

// BadCheck returns code with a wrong final check character.
func BadCheck(code string) string {
	for _, c := range []byte("0123456789") {
		if c != code[17] {
			return code[:17] + string(c)
		}
	}
	panic("unreachable")
}

// AgencyBody is a minimal valid PUT /api/v1/agencies body.
func AgencyBody(name, region string) map[string]any {
	return map[string]any{"name": name, "kind": "enforcement", "region_code": region, "domain": "市场监管"}
}

// OfficerBody is a minimal valid PUT /api/v1/officers body, valid 2020–2099.
func OfficerBody(name, agency string) map[string]any {
	return map[string]any{"name": name, "agency_code": agency, "cert_valid_from": "2020-01-01", "cert_valid_to": "2099-12-31"}
}
