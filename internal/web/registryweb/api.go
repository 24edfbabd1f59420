package registryweb

import (
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
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

func (h *Handler) apiAgencyPut(w http.ResponseWriter, r *http.Request) {
	code := ident.NormalizeUSCC(r.PathValue("code"))
	var b agencyBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	f := apperr.Fields{}
	webkit.Required(f, "name", b.Name, "kind", b.Kind, "region_code", b.RegionCode)
	if b.Code != "" && ident.NormalizeUSCC(b.Code) != code {
		f.Set("code", "与路径中的统一社会信用代码不一致")
	}
	if err := f.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	a := &registry.Agency{Code: code, Name: b.Name, Kind: b.Kind, SubjectType: b.SubjectType, RegionCode: b.RegionCode,
		Domain: b.Domain, ParentCode: b.ParentCode, LegalBasis: b.LegalBasis, Status: b.Status, AnnouncedOn: b.AnnouncedOn,
		PublicityDays: b.PublicityDays}
	created, err := registry.PutAgency(r.Context(), h.DB, auth.From(r.Context()), a)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	h.apiAgencyWrite(w, r, code, webkit.PutStatus(created))
}

func (h *Handler) apiAgencyWrite(w http.ResponseWriter, r *http.Request, code string, status int) {
	a, err := registry.GetAgency(r.Context(), h.DB, auth.From(r.Context()), code)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, status, a)
}

func (h *Handler) apiAgencyGet(w http.ResponseWriter, r *http.Request) {
	h.apiAgencyWrite(w, r, ident.NormalizeUSCC(r.PathValue("code")), http.StatusOK)
}

func (h *Handler) apiAgencyList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.AgencyFilter{Q: q.Get("q"), Kind: q.Get("kind"), Domain: q.Get("domain"), Region: webkit.RegionParam(r), Status: q.Get("status"),
		Sort: q.Get("sort"), Page: webkit.APIPage(r)}
	list, err := registry.ListAgencies(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	if list == nil {
		list = []*registry.Agency{}
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, f.Page))
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

func (h *Handler) apiOfficerPut(w http.ResponseWriter, r *http.Request) {
	cert := strings.TrimSpace(r.PathValue("cert"))
	var b officerBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	f := apperr.Fields{}
	webkit.Required(f, "name", b.Name, "agency_code", b.AgencyCode, "cert_valid_from", b.CertValidFrom, "cert_valid_to", b.CertValidTo)
	if b.CertNo != "" && b.CertNo != cert {
		f.Set("cert_no", "与路径中的执法证号不一致")
	}
	if err := f.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	o := &registry.Officer{CertNo: cert, Name: b.Name, AgencyCode: b.AgencyCode, IDNumber: b.IDNumber, Domain: b.Domain,
		CertValidFrom: b.CertValidFrom, CertValidTo: b.CertValidTo, CertStatus: b.CertStatus, StatusReason: b.StatusReason, StatusSince: b.StatusSince,
		ExamScore: b.ExamScore, ExamDate: b.ExamDate, OathDate: b.OathDate, Qualifications: b.Qualifications}
	created, err := registry.PutOfficer(r.Context(), h.DB, auth.From(r.Context()), o)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	h.apiOfficerWrite(w, r, cert, webkit.PutStatus(created))
}

func (h *Handler) apiOfficerWrite(w http.ResponseWriter, r *http.Request, cert string, status int) {
	o, err := registry.GetOfficer(r.Context(), h.DB, auth.From(r.Context()), cert)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, status, officerView{o, h.verifyURL(r, o)})
}

func (h *Handler) apiOfficerGet(w http.ResponseWriter, r *http.Request) {
	h.apiOfficerWrite(w, r, strings.TrimSpace(r.PathValue("cert")), http.StatusOK)
}

func (h *Handler) apiOfficerList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.OfficerFilter{Q: q.Get("q"), Agency: q.Get("agency_code"), Domain: q.Get("domain"), State: q.Get("state"),
		Qualification: q.Get("qualification"), Region: webkit.RegionParam(r), Sort: q.Get("sort"), Page: webkit.APIPage(r)}
	list, err := registry.ListOfficers(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	out := make([]officerView, len(list))
	for i, o := range list {
		out[i] = officerView{o, h.verifyURL(r, o)}
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(out, f.Page))
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

func (h *Handler) apiMatterPut(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PathValue("code"))
	var b matterBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	f := apperr.Fields{}
	webkit.Required(f, "name", b.Name, "kind", b.Kind)
	if b.Code != "" && b.Code != code {
		f.Set("code", "与路径中的事项编码不一致")
	}
	if err := f.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	m := &registry.Matter{Code: code, Name: b.Name, Kind: b.Kind, RegionCode: b.RegionCode, Domain: b.Domain, LegalBasis: b.LegalBasis,
		BasisEffective: b.BasisEffective, AgencyCodes: b.AgencyCodes, CriminalThresholdFen: b.CriminalThresholdFen,
		StatutoryFine: b.StatutoryFine}
	created, err := registry.PutMatter(r.Context(), h.DB, auth.From(r.Context()), m)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	h.apiMatterWrite(w, r, code, webkit.PutStatus(created))
}

func (h *Handler) apiMatterWrite(w http.ResponseWriter, r *http.Request, code string, status int) {
	m, err := registry.GetMatter(r.Context(), h.DB, auth.From(r.Context()), code)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, status, m)
}

func (h *Handler) apiMatterGet(w http.ResponseWriter, r *http.Request) {
	h.apiMatterWrite(w, r, strings.TrimSpace(r.PathValue("code")), http.StatusOK)
}

func (h *Handler) apiMatterList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &registry.MatterFilter{Q: q.Get("q"), Kind: q.Get("kind"), Domain: q.Get("domain"), Agency: q.Get("agency_code"),
		Region: webkit.RegionParam(r), Sort: q.Get("sort"), Page: webkit.APIPage(r)}
	list, err := registry.ListMatters(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	if list == nil {
		list = []*registry.Matter{}
	}
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, f.Page))
}
