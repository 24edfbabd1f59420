package registryweb

// The registry's lists as xlsx (issue 16): each export reads the list of
// the same filters, all pages, through the same scope as the page. No
// personal data beyond what the list shows (no 身份证号, no exam scores).

import (
	"net/http"
	"net/url"
	"strings"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

func officerFilterOf(q url.Values) *registry.OfficerFilter {
	return &registry.OfficerFilter{Q: strings.TrimSpace(q.Get("q")), Agency: q.Get("agency"), Domain: q.Get("domain"), State: q.Get("state"),
		Qualification: q.Get("qualification"), Region: q.Get("region"), Sort: q.Get("sort"), Page: webkit.PageOf(q)}
}

func matterFilterOf(q url.Values) *registry.MatterFilter {
	return &registry.MatterFilter{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), Domain: q.Get("domain"), Agency: q.Get("agency"),
		Region: q.Get("region"), Sort: q.Get("sort"), Page: webkit.PageOf(q)}
}

func agencyFilterOf(q url.Values) *registry.AgencyFilter {
	return &registry.AgencyFilter{Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), SubjectType: q.Get("subject_type"), Domain: q.Get("domain"),
		Region: q.Get("region"), Status: q.Get("status"), Sort: q.Get("sort"), Page: webkit.PageOf(q)}
}

// allPages calls list for pages 1, 2, ... of page until the last, or
// until add is full.
func allPages(page *registry.Page, list func() (int, error)) error {
	page.Page, page.Size = 1, 200
	for {
		n, err := list()
		if err != nil || n == 0 || page.Page >= page.Pages() {
			return err
		}
		page.Page++
	}
}

func (h *Handler) officerExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := officerFilterOf(r.URL.Query())
	h.SendXLSX(w, r, webkit.Sheet{Name: "执法人员", File: "officers.xlsx",
		Head: []string{"执法证号", "姓名", "执法主体", "区划", "执法领域", "证件状态", "有效期起", "有效期止", "资格"},
		Rows: func(add func(...any) bool) error {
			return allPages(&f.Page, func() (int, error) {
				list, err := registry.ListOfficers(ctx, h.DB, p, f)
				for _, o := range list {
					if !add(o.CertNo, o.Name, o.AgencyName, o.RegionCode, o.Domain, registry.LabelOf(registry.CertStates, o.State),
						o.CertValidFrom, o.CertValidTo, strings.Join(o.QualificationLabels(), "、")) {
						return 0, nil
					}
				}
				return len(list), err
			})
		}})
}

func (h *Handler) matterExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := matterFilterOf(r.URL.Query())
	names, _, err := h.agencyNames(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.SendXLSX(w, r, webkit.Sheet{Name: "权责清单", File: "matters.xlsx",
		Head: []string{"事项编码", "事项名称", "类型", "执法领域", "区划", "法律依据", "实施主体", "版本"},
		Rows: func(add func(...any) bool) error {
			return allPages(&f.Page, func() (int, error) {
				list, err := registry.ListMatters(ctx, h.DB, p, f)
				for _, m := range list {
					var ags []string
					for _, c := range m.AgencyCodes {
						ags = append(ags, orCode(names[c], c))
					}
					if !add(m.Code, m.Name, m.KindLabel(), m.Domain, m.RegionCode, m.LegalBasis, strings.Join(ags, "、"), m.Version) {
						return 0, nil
					}
				}
				return len(list), err
			})
		}})
}

func (h *Handler) agencyExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f := agencyFilterOf(r.URL.Query())
	h.SendXLSX(w, r, webkit.Sheet{Name: "执法主体", File: "agencies.xlsx",
		Head: []string{"名称", "统一社会信用代码", "类型", "主体性质", "区划", "执法领域", "状态", "公告日期"},
		Rows: func(add func(...any) bool) error {
			return allPages(&f.Page, func() (int, error) {
				list, err := registry.ListAgencies(ctx, h.DB, p, f)
				for _, a := range list {
					if !add(a.Name, a.Code, a.KindLabel(), a.SubjectTypeLabel(), orCode(a.RegionName, a.RegionCode), a.Domain,
						a.StatusLabel(), a.AnnouncedOn) {
						return 0, nil
					}
				}
				return len(list), err
			})
		}})
}

func orCode(name, code string) string {
	if name == "" {
		return code
	}
	return name
}
