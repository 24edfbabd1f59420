package web

import (
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
)

type agencyBody struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	Kind          string `json:"kind"`
	SubjectType   string `json:"subject_type"`
	RegionCode    string `json:"region_code"`
	Domain        string `json:"domain"`
	ParentCode    string `json:"parent_code"`
	LegalBasis    string `json:"legal_basis"`
	Status        string `json:"status"`
	AnnouncedOn   string `json:"announced_on"`
	PublicityDays int    `json:"publicity_days"`
}

func (s *Server) apiAgencyPut(w http.ResponseWriter, r *http.Request) {
	code := ident.NormalizeUSCC(r.PathValue("code"))
	var b agencyBody
	if err := decode(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	f := apperr.Fields{}
	required(f, "name", b.Name, "kind", b.Kind, "region_code", b.RegionCode)
	if b.Code != "" && ident.NormalizeUSCC(b.Code) != code {
		f.Set("code", "与路径中的统一社会信用代码不一致")
	}
	if err := f.Err(); err != nil {
		s.apiError(w, r, err)
		return
	}
	a := &registry.Agency{Code: code, Name: b.Name, Kind: b.Kind, SubjectType: b.SubjectType, RegionCode: b.RegionCode,
		Domain: b.Domain, ParentCode: b.ParentCode, LegalBasis: b.LegalBasis, Status: b.Status, AnnouncedOn: b.AnnouncedOn,
		PublicityDays: b.PublicityDays}
	created, err := registry.PutAgency(r.Context(), s.db, auth.From(r.Context()), a)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiAgencyWrite(w, r, code, putStatus(created))
}

func (s *Server) apiAgencyWrite(w http.ResponseWriter, r *http.Request, code string, status int) {
	a, err := registry.GetAgency(r.Context(), s.db, auth.From(r.Context()), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, status, a)
}

func (s *Server) apiAgencyGet(w http.ResponseWriter, r *http.Request) {
	s.apiAgencyWrite(w, r, ident.NormalizeUSCC(r.PathValue("code")), http.StatusOK)
}

func (s *Server) apiAgencyList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.AgencyFilter{Q: q.Get("q"), Kind: q.Get("kind"), Domain: q.Get("domain"), Region: regionParam(r), Status: q.Get("status"),
		Sort: q.Get("sort"), Page: apiPage(r)}
	list, err := registry.ListAgencies(r.Context(), s.db, auth.From(r.Context()), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if list == nil {
		list = []*registry.Agency{}
	}
	writeJSON(w, http.StatusOK, listBody[*registry.Agency]{list, f.Total, f.Page.Page, f.Size})
}

type officerBody struct {
	CertNo         string   `json:"cert_no"`
	Name           string   `json:"name"`
	AgencyCode     string   `json:"agency_code"`
	IDNumber       string   `json:"id_number"`
	Domain         string   `json:"domain"`
	CertValidFrom  string   `json:"cert_valid_from"`
	CertValidTo    string   `json:"cert_valid_to"`
	CertStatus     string   `json:"cert_status"`
	StatusReason   string   `json:"status_reason"`
	StatusSince    string   `json:"status_since"`
	ExamScore      *int     `json:"exam_score"`
	ExamDate       string   `json:"exam_date"`
	OathDate       string   `json:"oath_date"`
	Qualifications []string `json:"qualifications"`
}

// officerView is an officer on the wire, with the address its QR code opens.
type officerView struct {
	*registry.Officer
	VerifyURL string `json:"verify_url"`
}

func (s *Server) apiOfficerPut(w http.ResponseWriter, r *http.Request) {
	cert := strings.TrimSpace(r.PathValue("cert"))
	var b officerBody
	if err := decode(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	f := apperr.Fields{}
	required(f, "name", b.Name, "agency_code", b.AgencyCode, "cert_valid_from", b.CertValidFrom, "cert_valid_to", b.CertValidTo)
	if b.CertNo != "" && b.CertNo != cert {
		f.Set("cert_no", "与路径中的执法证号不一致")
	}
	if err := f.Err(); err != nil {
		s.apiError(w, r, err)
		return
	}
	o := &registry.Officer{CertNo: cert, Name: b.Name, AgencyCode: b.AgencyCode, IDNumber: b.IDNumber, Domain: b.Domain,
		CertValidFrom: b.CertValidFrom, CertValidTo: b.CertValidTo, CertStatus: b.CertStatus, StatusReason: b.StatusReason, StatusSince: b.StatusSince,
		ExamScore: b.ExamScore, ExamDate: b.ExamDate, OathDate: b.OathDate, Qualifications: b.Qualifications}
	created, err := registry.PutOfficer(r.Context(), s.db, auth.From(r.Context()), o)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiOfficerWrite(w, r, cert, putStatus(created))
}

func (s *Server) apiOfficerWrite(w http.ResponseWriter, r *http.Request, cert string, status int) {
	o, err := registry.GetOfficer(r.Context(), s.db, auth.From(r.Context()), cert)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, status, officerView{o, s.verifyURL(r, o)})
}

func (s *Server) apiOfficerGet(w http.ResponseWriter, r *http.Request) {
	s.apiOfficerWrite(w, r, strings.TrimSpace(r.PathValue("cert")), http.StatusOK)
}

func (s *Server) apiOfficerList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.OfficerFilter{Q: q.Get("q"), Agency: q.Get("agency_code"), Domain: q.Get("domain"), State: q.Get("state"),
		Qualification: q.Get("qualification"), Region: regionParam(r), Sort: q.Get("sort"), Page: apiPage(r)}
	list, err := registry.ListOfficers(r.Context(), s.db, auth.From(r.Context()), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	out := make([]officerView, len(list))
	for i, o := range list {
		out[i] = officerView{o, s.verifyURL(r, o)}
	}
	writeJSON(w, http.StatusOK, listBody[officerView]{out, f.Total, f.Page.Page, f.Size})
}

type matterBody struct {
	Code                 string   `json:"code"`
	Name                 string   `json:"name"`
	Kind                 string   `json:"kind"`
	RegionCode           string   `json:"region_code"`
	Domain               string   `json:"domain"`
	LegalBasis           string   `json:"legal_basis"`
	BasisEffective       string   `json:"basis_effective"`
	AgencyCodes          []string `json:"agency_codes"`
	CriminalThresholdFen *int64   `json:"criminal_threshold_fen"`

	registry.StatutoryFine // optional statutory_* fields; absent means not set
}

func (s *Server) apiMatterPut(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("code"))
	var b matterBody
	if err := decode(r, &b); err != nil {
		s.apiError(w, r, err)
		return
	}
	f := apperr.Fields{}
	required(f, "name", b.Name, "kind", b.Kind)
	if b.Code != "" && b.Code != code {
		f.Set("code", "与路径中的事项编码不一致")
	}
	if err := f.Err(); err != nil {
		s.apiError(w, r, err)
		return
	}
	m := &registry.Matter{Code: code, Name: b.Name, Kind: b.Kind, RegionCode: b.RegionCode, Domain: b.Domain, LegalBasis: b.LegalBasis,
		BasisEffective: b.BasisEffective, AgencyCodes: b.AgencyCodes, CriminalThresholdFen: b.CriminalThresholdFen,
		StatutoryFine: b.StatutoryFine}
	created, err := registry.PutMatter(r.Context(), s.db, auth.From(r.Context()), m)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	s.apiMatterWrite(w, r, code, putStatus(created))
}

func (s *Server) apiMatterWrite(w http.ResponseWriter, r *http.Request, code string, status int) {
	m, err := registry.GetMatter(r.Context(), s.db, auth.From(r.Context()), code)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, status, m)
}

func (s *Server) apiMatterGet(w http.ResponseWriter, r *http.Request) {
	s.apiMatterWrite(w, r, strings.TrimSpace(r.PathValue("code")), http.StatusOK)
}

func (s *Server) apiMatterList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.MatterFilter{Q: q.Get("q"), Kind: q.Get("kind"), Domain: q.Get("domain"), Agency: q.Get("agency_code"),
		Region: regionParam(r), Sort: q.Get("sort"), Page: apiPage(r)}
	list, err := registry.ListMatters(r.Context(), s.db, auth.From(r.Context()), f)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	if list == nil {
		list = []*registry.Matter{}
	}
	writeJSON(w, http.StatusOK, listBody[*registry.Matter]{list, f.Total, f.Page.Page, f.Size})
}
