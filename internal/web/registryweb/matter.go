package registryweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

type matterListData struct {
	Matters  []*registry.Matter
	Filter   *registry.MatterFilter
	Agencies map[string]string
}

// agencyNames maps codes to names for display.
func (h *Handler) agencyNames(r *http.Request) (map[string]string, []*registry.Agency, error) {
	ags, err := registry.AgencyChoices(r.Context(), h.DB, auth.From(r.Context()))
	names := map[string]string{}
	for _, a := range ags {
		names[a.Code] = a.Name
	}
	return names, ags, err
}

func (h *Handler) matterList(w http.ResponseWriter, r *http.Request) {
	f := matterFilterOf(r.URL.Query())
	list, err := registry.ListMatters(r.Context(), h.DB, auth.From(r.Context()), f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	names, _, err := h.agencyNames(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "matters", &webkit.View{Title: "权责清单", Active: "matters", Data: matterListData{list, f, names}})
}

type matterShowData struct {
	Matter    *registry.Matter
	Agencies  map[string]string
	CanChange bool
}

func (h *Handler) matterShow(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	m, err := registry.GetMatter(r.Context(), h.DB, p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	names, _, err := h.agencyNames(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "matter", &webkit.View{Title: m.Name, Active: "matters",
		Data: matterShowData{m, names, auth.CanChange(p, auth.KindMatter, m.Target())}})
}

type matterFormData struct {
	Matter    *registry.Matter
	New       bool
	Agencies  []*registry.Agency
	Domains   []string
	Bases     []registry.Option
	Threshold string
	Statutory statutoryForm
}

// statutoryForm is the statutory fine range as typed (元 and multiples), so
// that a rejected form shows what was entered.
type statutoryForm struct {
	Min, Max, MultipleMin, MultipleMax, From string
}

func (s *statutoryForm) empty() bool { return *s == statutoryForm{} }

func statutoryFormOf(st registry.StatutoryFine) statutoryForm {
	y := func(p *int64) string {
		if p == nil {
			return ""
		}
		return registry.FormatYuan(*p)
	}
	x := func(p *float64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatFloat(*p, 'f', -1, 64)
	}
	return statutoryForm{y(st.StatutoryFineMinFen), y(st.StatutoryFineMaxFen), x(st.StatutoryMultipleMin), x(st.StatutoryMultipleMax),
		y(st.StatutoryMultipleFromFen)}
}

// matterRaw is what the form holds as typed.
type matterRaw struct {
	threshold string
	statutory statutoryForm
}

func matterFromForm(f url.Values, m *registry.Matter) (raw matterRaw, fields apperr.Fields) {
	m.Name, m.Kind, m.Domain = f.Get("name"), f.Get("kind"), f.Get("domain")
	m.LegalBasis, m.BasisEffective = f.Get("legal_basis"), strings.TrimSpace(f.Get("basis_effective"))
	m.AgencyCodes = f["agency_codes"]
	raw.threshold = strings.TrimSpace(f.Get("criminal_threshold"))
	m.CriminalThresholdFen = nil
	fields = apperr.Fields{}
	yuan := func(v, field string) *int64 {
		if v == "" {
			return nil
		}
		fen, ok := registry.ParseYuan(v)
		if !ok {
			fields.Set(field, "金额应为元，最多两位小数")
		}
		return &fen
	}
	times := func(v, field string) *float64 {
		if v == "" {
			return nil
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			fields.Set(field, "倍数应为数字，如 10 或 0.5")
		}
		return &x
	}
	m.CriminalThresholdFen = yuan(raw.threshold, "criminal_threshold_fen")
	sf := statutoryForm{strings.TrimSpace(f.Get("statutory_fine_min")), strings.TrimSpace(f.Get("statutory_fine_max")),
		strings.TrimSpace(f.Get("statutory_multiple_min")), strings.TrimSpace(f.Get("statutory_multiple_max")),
		strings.TrimSpace(f.Get("statutory_multiple_from"))}
	raw.statutory = sf
	m.StatutoryFine = registry.StatutoryFine{
		StatutoryFineMinFen: yuan(sf.Min, "statutory_fine_min_fen"), StatutoryFineMaxFen: yuan(sf.Max, "statutory_fine_max_fen"),
		StatutoryMultipleMin: times(sf.MultipleMin, "statutory_multiple_min"), StatutoryMultipleMax: times(sf.MultipleMax, "statutory_multiple_max"),
		StatutoryMultipleOf: f.Get("statutory_multiple_of"), StatutoryMultipleFromFen: yuan(sf.From, "statutory_multiple_from_fen"),
		StatutoryBasis: f.Get("statutory_basis")}
	if strings.TrimSpace(m.LegalBasis) == "" {
		fields.Set("legal_basis", "请填写法律依据，写明法律名称和条款，如《中华人民共和国食品安全法》第一百二十二条")
	}
	return raw, fields
}

func (h *Handler) matterForm(w http.ResponseWriter, r *http.Request, status int, d matterFormData, err error) {
	_, ags, aerr := h.agencyNames(r)
	if aerr != nil {
		h.UIError(w, r, aerr)
		return
	}
	for _, a := range ags {
		if a.Kind == "enforcement" {
			d.Agencies = append(d.Agencies, a)
		}
	}
	d.Domains = registry.Domains
	d.Bases = registry.MultipleBases
	if d.Threshold == "" && d.Matter.CriminalThresholdFen != nil {
		d.Threshold = registry.FormatYuan(*d.Matter.CriminalThresholdFen)
	}
	if d.Statutory.empty() {
		d.Statutory = statutoryFormOf(d.Matter.StatutoryFine)
	}
	v := &webkit.View{Title: "新增事项", Active: "matters", Data: d}
	if !d.New {
		v.Title = "修改：" + d.Matter.Name
	}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "matter_form", v)
}

func (h *Handler) matterNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindMatter) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能新增事项"))
		return
	}
	m := &registry.Matter{Kind: "penalty"}
	if p.Agency != "" {
		m.AgencyCodes = []string{p.Agency}
	}
	h.matterForm(w, r, http.StatusOK, matterFormData{Matter: m, New: true}, nil)
}

// saveMatter validates the form-only fields, then stores through the registry.
func (h *Handler) saveMatter(r *http.Request, m *registry.Matter, fields apperr.Fields, isNew bool) error {
	if isNew {
		if ok, err := registry.Exists(r.Context(), h.DB, "matter", m.Code); err != nil {
			return err
		} else if ok {
			fields.Set("code", "该事项编码已存在")
		}
	}
	if err := fields.Err(); err != nil {
		return err
	}
	_, err := registry.PutMatter(r.Context(), h.DB, auth.From(r.Context()), m)
	return err
}

func (h *Handler) matterCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	m := &registry.Matter{Code: strings.TrimSpace(r.PostForm.Get("code"))}
	raw, fields := matterFromForm(r.PostForm, m)
	if err := h.saveMatter(r, m, fields, true); err != nil {
		h.FormError(w, r, err, func(status int) {
			h.matterForm(w, r, status, matterFormData{Matter: m, New: true, Threshold: raw.threshold, Statutory: raw.statutory}, err)
		})
		return
	}
	h.Flash(r, "已新增事项："+m.Name)
	http.Redirect(w, r, "/matters/"+url.PathEscape(m.Code), http.StatusSeeOther)
}

func (h *Handler) matterEdit(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	m, err := registry.GetMatter(r.Context(), h.DB, p, r.PathValue("code"))
	if err == nil && !auth.CanChange(p, auth.KindMatter, m.Target()) {
		err = apperr.New(apperr.Forbidden, "您无权修改该事项")
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.matterForm(w, r, http.StatusOK, matterFormData{Matter: m}, nil)
}

func (h *Handler) matterUpdate(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	m, err := registry.GetMatter(r.Context(), h.DB, p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	r.ParseForm()
	raw, fields := matterFromForm(r.PostForm, m)
	if err := h.saveMatter(r, m, fields, false); err != nil {
		h.FormError(w, r, err, func(status int) {
			h.matterForm(w, r, status, matterFormData{Matter: m, Threshold: raw.threshold, Statutory: raw.statutory}, err)
		})
		return
	}
	h.Flash(r, "已保存事项："+m.Name)
	http.Redirect(w, r, "/matters/"+url.PathEscape(m.Code), http.StatusSeeOther)
}
