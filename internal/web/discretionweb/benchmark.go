package discretionweb

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// Pages of C4: discretion benchmarks by matter (/discretion), one
// matter's versions with the new-version form and the decision aid
// (/discretion/{matter_code}), bulk import/export, and the four lists
// (/lists). Reading is open to every signed-in role; writing to the roles
// auth.KindBenchmark allows.

type discretionListData struct {
	Rows      []*discretion.MatterRow
	Filter    *discretion.MatterFilter
	CanChange bool
}

func (h *Handler) discretionList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := auth.From(r.Context())
	f := &discretion.MatterFilter{Q: q.Get("q"), Domain: q.Get("domain"), Kind: q.Get("kind"), Region: q.Get("region"),
		Show: q.Get("show"), Page: webkit.PageOf(q)}
	rows, err := discretion.ListMatters(r.Context(), h.DB, p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "discretion", &webkit.View{Title: "裁量基准", Active: "discretion",
		Data: discretionListData{rows, f, auth.MayChange(p, auth.KindBenchmark)}})
}

// tierForm is one tier row of the new-version form.
type tierForm struct {
	Tier, Label                                        string
	On                                                 bool
	Conditions, FineMin, FineMax, IncomeMin, IncomeMax string
	Other                                              []string
	FirstOffense, Corrected, Minor                     bool
	HarmMax, CorrectionDays                            string
	Errors                                             map[string]string // fine_min, fine_max, income, other, criteria, tier, conditions
}

type benchmarkForm struct {
	RegionCode, EffectiveFrom string
	Tiers                     []tierForm
	Note                      string // where the values come from
}

// checkData is the decision aid: a tier suggested from the facts (处罚法
// Art. 30–33), the tiers in force and the list items that meet the facts.
type checkData struct {
	Age, First, Harm, Corrected, Prior, Region, On string
	Circ                                           []string
	Suggestion                                     discretion.Suggestion
	Tiers                                          []discretion.ResolvedTier
	Items                                          []discretion.Match
}

type benchmarkShowData struct {
	Matter     *registry.Matter
	Bench      *discretion.Benchmark
	Region     string // the caller's region, for what applies there today
	Applicable []discretion.ResolvedTier
	CanChange  bool
	Form       benchmarkForm
	Check      *checkData
	Today      string
	Penalties  []registry.Option
	Harms      []registry.Option
	Mitigating []discretion.Circumstance
	Aggravate  []discretion.Circumstance
}

func emptyTierForms() []tierForm {
	out := make([]tierForm, len(discretion.TierValues))
	for i, t := range discretion.TierValues {
		out[i] = tierForm{Tier: t, Label: discretion.TierLabel(t), Errors: map[string]string{}}
	}
	return out
}

func yuanText(fen *int64) string {
	if fen == nil {
		return ""
	}
	return registry.FormatYuan(*fen)
}

func floatText(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

// fillTierForms puts tiers into the form rows.
func fillTierForms(rows []tierForm, tiers []discretion.Tier) {
	for _, t := range tiers {
		for i := range rows {
			if rows[i].Tier != t.Tier {
				continue
			}
			f := &rows[i]
			f.On, f.Conditions = true, t.Conditions
			f.FineMin, f.FineMax = yuanText(t.FineMinFen), yuanText(t.FineMaxFen)
			f.IncomeMin, f.IncomeMax = floatText(t.IncomeMultipleMin), floatText(t.IncomeMultipleMax)
			f.Other = t.OtherPenalties
			if c := t.Criteria; c != nil {
				f.FirstOffense, f.Corrected, f.Minor = c.FirstOffense != nil, c.Corrected != nil, c.Minor != nil
				f.HarmMax = c.HarmMax
				if c.CorrectionDays > 0 {
					f.CorrectionDays = strconv.Itoa(c.CorrectionDays)
				}
			}
		}
	}
}

// defaultForm prefills the new-version form: the caller's own latest
// version, else what applies in its region today (to refine inside it).
func (h *Handler) defaultForm(r *http.Request, p *auth.Principal, b *discretion.Benchmark) benchmarkForm {
	f := benchmarkForm{RegionCode: discretion.SettingRegion(p.Region), EffectiveFrom: clock.TodayString(r.Context()), Tiers: emptyTierForms()}
	var own *discretion.Version
	for _, v := range b.Versions {
		if v.RegionCode == f.RegionCode && (own == nil || v.EffectiveFrom > own.EffectiveFrom) {
			own = v
		}
	}
	if own != nil {
		fillTierForms(f.Tiers, own.Tiers)
		f.Note = "已按本级" + own.EffectiveFrom + "起施行的版本预填，请修改后以新的生效日期保存。"
		return f
	}
	if ident.ValidateRegionCode(p.Region) == nil {
		if ts, err := discretion.Tiers(r.Context(), h.DB.R, b.MatterCode, p.Region, clock.TodayString(r.Context())); err == nil && len(ts) > 0 {
			tiers := make([]discretion.Tier, len(ts))
			for i, t := range ts {
				tiers[i] = t.Tier
			}
			fillTierForms(f.Tiers, tiers)
			f.Note = "已按上级现行基准预填；本级基准只能在上级幅度内细化。"
		}
	}
	return f
}

func (h *Handler) benchmarkPage(w http.ResponseWriter, r *http.Request, status int, code string, form *benchmarkForm, err error) {
	p := auth.From(r.Context())
	ctx := r.Context()
	m, gerr := registry.GetMatter(ctx, h.DB, p, code)
	if gerr != nil {
		h.UIError(w, r, gerr)
		return
	}
	b, gerr := discretion.Get(ctx, h.DB, p, code)
	if gerr != nil {
		h.UIError(w, r, gerr)
		return
	}
	d := benchmarkShowData{Matter: m, Bench: b, Today: clock.TodayString(r.Context()), Penalties: discretion.OtherPenaltyOptions,
		Harms: discretion.HarmOptions, Mitigating: append(discretion.CircumstancesOf(discretion.KindExempt),
			append(discretion.CircumstancesOf(discretion.KindMitigating), discretion.CircumstancesOf(discretion.KindMayMitigate)...)...),
		Aggravate: discretion.CircumstancesOf(discretion.KindAggravating)}
	d.CanChange = auth.MayChange(p, auth.KindBenchmark) &&
		(p.Region == "" || auth.CanChange(p, auth.KindBenchmark, auth.Target{Region: discretion.SettingRegion(p.Region), Agencies: m.AgencyCodes}))
	if ident.ValidateRegionCode(p.Region) == nil {
		d.Region = p.Region
		if d.Applicable, gerr = discretion.Tiers(ctx, h.DB.R, m.Code, p.Region, d.Today); gerr != nil {
			h.UIError(w, r, gerr)
			return
		}
	}
	if form != nil {
		d.Form = *form
	} else {
		d.Form = h.defaultForm(r, p, b)
	}
	v := &webkit.View{Title: m.Name, Active: "discretion", Data: &d}
	if q := r.URL.Query(); q.Get("check") != "" {
		d.Check = h.runCheck(r, m, q)
		if d.Check == nil {
			v.Message = "裁量辅助：请填写有效的行政区划代码和日期（YYYY-MM-DD）"
		}
	}
	if err != nil {
		e := apperr.As(err)
		v.Message = e.Message
		v.Errors = e.Fields
	}
	h.Render(w, r, status, "benchmark", v)
}

func (h *Handler) discretionShow(w http.ResponseWriter, r *http.Request) {
	h.benchmarkPage(w, r, http.StatusOK, r.PathValue("matter_code"), nil, nil)
}

func boolParam(v string) *bool {
	switch v {
	case "yes":
		t := true
		return &t
	case "no":
		f := false
		return &f
	}
	return nil
}

// runCheck answers the decision aid from the query; nil when the region
// or the date is not valid.
func (h *Handler) runCheck(r *http.Request, m *registry.Matter, q url.Values) *checkData {
	c := &checkData{Age: strings.TrimSpace(q.Get("age")), First: q.Get("first"), Harm: q.Get("harm"), Corrected: q.Get("corrected"),
		Prior: strings.TrimSpace(q.Get("prior")), Region: strings.TrimSpace(q.Get("region")), On: strings.TrimSpace(q.Get("on")), Circ: q["circ"]}
	if c.Region == "" {
		c.Region = m.RegionCode
	}
	if c.On == "" {
		c.On = clock.TodayString(r.Context())
	}
	fv := discretion.FactsView{FirstOffense: boolParam(c.First), Harm: c.Harm, Corrected: boolParam(c.Corrected), Mitigating: c.Circ}
	if n, err := strconv.Atoi(c.Age); err == nil && n >= 0 && n < 150 {
		fv.PartyAge = &n
	}
	c.Suggestion = discretion.Suggest(fv, webkit.Atoi(c.Prior))
	var err error
	if c.Tiers, err = discretion.Tiers(r.Context(), h.DB.R, m.Code, c.Region, c.On); err != nil {
		return nil
	}
	if c.Items, err = discretion.ApplicableItems(r.Context(), h.DB.R, m.Code, c.Region, c.On, fv); err != nil {
		return nil
	}
	return c
}

// tierFormsFrom reads the tier rows of the form; problems of amounts go to
// each row's Errors.
func tierFormsFrom(f url.Values) ([]tierForm, []discretion.Tier, bool) {
	rows := emptyTierForms()
	var tiers []discretion.Tier
	ok := true
	for i := range rows {
		t := &rows[i]
		get := func(k string) string { return strings.TrimSpace(f.Get("t." + t.Tier + "." + k)) }
		t.On = get("on") != ""
		t.Conditions, t.FineMin, t.FineMax, t.IncomeMin, t.IncomeMax = get("conditions"), get("fine_min"), get("fine_max"), get("income_min"), get("income_max")
		t.Other = f["t."+t.Tier+".other"]
		t.FirstOffense, t.Corrected, t.Minor = get("first_offense") != "", get("corrected") != "", get("minor") != ""
		t.HarmMax, t.CorrectionDays = get("harm_max"), get("correction_days")
		if !t.On {
			continue
		}
		dt := discretion.Tier{Tier: t.Tier, Conditions: t.Conditions, OtherPenalties: t.Other}
		for _, a := range []struct {
			key, text string
			dst       **int64
		}{{"fine_min", t.FineMin, &dt.FineMinFen}, {"fine_max", t.FineMax, &dt.FineMaxFen}} {
			if a.text == "" {
				continue
			}
			if fen, good := registry.ParseYuan(a.text); good {
				*a.dst = &fen
			} else {
				t.Errors[a.key], ok = "金额应为元，最多两位小数，如5000或5000.50", false
			}
		}
		for _, a := range []struct {
			text string
			dst  **float64
		}{{t.IncomeMin, &dt.IncomeMultipleMin}, {t.IncomeMax, &dt.IncomeMultipleMax}} {
			if a.text == "" {
				continue
			}
			if x, err := strconv.ParseFloat(a.text, 64); err == nil {
				*a.dst = &x
			} else {
				t.Errors["income"], ok = "倍数应为数字，如1或2.5", false
			}
		}
		if t.FirstOffense || t.Corrected || t.Minor || t.HarmMax != "" || t.CorrectionDays != "" {
			c := &discretion.Criteria{HarmMax: t.HarmMax}
			yes := true
			if t.FirstOffense {
				c.FirstOffense = &yes
			}
			if t.Corrected {
				c.Corrected = &yes
			}
			if t.Minor {
				c.Minor = &yes
			}
			if t.CorrectionDays != "" {
				n, err := strconv.Atoi(t.CorrectionDays)
				if err != nil {
					t.Errors["criteria"], ok = "改正期限应为天数", false
				}
				c.CorrectionDays = n
			}
			dt.Criteria = c
		}
		tiers = append(tiers, dt)
	}
	return rows, tiers, ok
}

// tierErrors moves the API's "tiers[i].field" problems to the form rows
// (tiers holds the rows switched on, in form order).
func tierErrors(rows []tierForm, tiers []discretion.Tier, fields apperr.Fields) {
	short := map[string]string{"tier": "tier", "conditions": "conditions", "fine_min_fen": "fine_min", "fine_max_fen": "fine_max",
		"income_multiple_min": "income", "income_multiple_max": "income", "other_penalties": "other", "criteria": "criteria"}
	for k, msg := range fields {
		i, field, ok := parseTierPath(k)
		if !ok || i >= len(tiers) {
			continue
		}
		for r := range rows {
			if rows[r].Tier == tiers[i].Tier {
				if _, dup := rows[r].Errors[short[field]]; !dup {
					rows[r].Errors[short[field]] = msg
				}
			}
		}
	}
}

// parseTierPath splits "tiers[3].fine_min_fen" (or "tiers[3].criteria.harm_max",
// "tiers[3].other_penalties[1]") into 3 and "fine_min_fen".
func parseTierPath(k string) (int, string, bool) {
	rest, ok := strings.CutPrefix(k, "tiers[")
	end := strings.IndexByte(rest, ']')
	if !ok || end < 0 {
		return 0, "", false
	}
	i, err := strconv.Atoi(rest[:end])
	field := strings.TrimPrefix(rest[end+1:], ".")
	if j := strings.IndexAny(field, ".["); j >= 0 {
		field = field[:j]
	}
	return i, field, err == nil && i >= 0
}

func (h *Handler) discretionSave(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	code := r.PathValue("matter_code")
	r.ParseForm()
	rows, tiers, ok := tierFormsFrom(r.PostForm)
	form := &benchmarkForm{RegionCode: strings.TrimSpace(r.PostForm.Get("region_code")), EffectiveFrom: strings.TrimSpace(r.PostForm.Get("effective_from")), Tiers: rows}
	var err error
	if !ok {
		err = &apperr.Error{Code: apperr.Invalid, Message: "提交的数据有误，请按提示修改"}
	} else {
		in := &discretion.Input{MatterCode: code, RegionCode: form.RegionCode, EffectiveFrom: form.EffectiveFrom, Tiers: tiers}
		var created bool
		created, err = discretion.Put(r.Context(), h.DB, p, in)
		if err == nil {
			msg := "已保存裁量基准：" + in.RegionCode + " " + in.EffectiveFrom + "起施行"
			if !created {
				msg = "已更新" + in.EffectiveFrom + "起施行的版本（内容相同的不作变更）"
			}
			h.Flash(r, msg)
			http.Redirect(w, r, "/discretion/"+url.PathEscape(code), http.StatusSeeOther)
			return
		}
	}
	e := apperr.As(err)
	tierErrors(form.Tiers, tiers, e.Fields)
	h.FormError(w, r, err, func(status int) { h.benchmarkPage(w, r, status, code, form, err) })
}

type discretionImportData struct {
	Result *registry.ImportResult
}

func (h *Handler) discretionImportForm(w http.ResponseWriter, r *http.Request) {
	if !auth.MayChange(auth.From(r.Context()), auth.KindBenchmark) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能导入裁量基准"))
		return
	}
	h.Render(w, r, http.StatusOK, "benchmark_import", &webkit.View{Title: "批量导入裁量基准", Active: "discretion", Data: discretionImportData{}})
}

func (h *Handler) discretionImportRun(w http.ResponseWriter, r *http.Request) {
	v := &webkit.View{Title: "批量导入裁量基准", Active: "discretion", Data: discretionImportData{}}
	// Permission before the body is read; the body through a hard limit,
	// all in memory (no temporary file), the multipart form removed at the end.
	if !auth.MayChange(auth.From(r.Context()), auth.KindBenchmark) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能导入裁量基准"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 11<<20)
	err := r.ParseMultipartForm(12 << 20)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	var file multipart.File
	var hdr *multipart.FileHeader
	if err == nil {
		file, hdr, err = r.FormFile("file")
	}
	if err != nil {
		v.Message = "请选择要导入的xlsx文件（不超过10MB）"
		h.Render(w, r, http.StatusBadRequest, "benchmark_import", v)
		return
	}
	defer file.Close()
	res, err := discretion.ImportBenchmarks(r.Context(), h.DB, auth.From(r.Context()), file, hdr.Filename)
	status := http.StatusOK
	if err != nil {
		e := apperr.As(err)
		if e.Code == apperr.Internal {
			h.UIError(w, r, err)
			return
		}
		v.Message, status = e.Message, webkit.HTTPStatus(e.Code)
	} else if !res.OK() {
		status = http.StatusUnprocessableEntity
	}
	v.Data = discretionImportData{Result: res}
	h.Render(w, r, status, "benchmark_import", v)
}

func (h *Handler) discretionTemplate(w http.ResponseWriter, r *http.Request) {
	b, err := discretion.Template()
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", discretion.ContentTypeXLSX)
	webkit.Attachment(w, "benchmarks-template.xlsx", "裁量基准导入模板.xlsx")
	w.Write(b)
}

func (h *Handler) discretionExport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	b, err := discretion.Export(r.Context(), h.DB, auth.From(r.Context()), discretion.VersionFilter{MatterCode: q.Get("matter_code"), Region: q.Get("region")})
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", discretion.ContentTypeXLSX)
	webkit.Attachment(w, "benchmarks.xlsx", "裁量基准.xlsx")
	w.Write(b)
}
