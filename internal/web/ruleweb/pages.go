package ruleweb

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/warning/rules"
	"zfjd/internal/web/webkit"
)

// regionOf is the region a page is about: ?region=, else the viewer's.
func regionOf(r *http.Request, p *auth.Principal) string {
	if s := strings.TrimSpace(r.FormValue("region")); s != "" {
		return s
	}
	if p != nil && p.Region != "" {
		return p.Region
	}
	return "370000"
}

type listData struct {
	Region  string
	Rules   []rules.Rule
	Custom  []rules.Rule
	CanSet  bool
	Missing []struct{ Name, Missing string }
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	region := regionOf(r, p)
	all, err := h.svc.List(r.Context(), p, region)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := listData{Region: region, CanSet: auth.CanSetRules(p, region), Missing: rules.NeedsData}
	for _, x := range all {
		if x.Kind == "custom" {
			d.Custom = append(d.Custom, x)
		} else {
			d.Rules = append(d.Rules, x)
		}
	}
	h.Render(w, r, http.StatusOK, "rules", &webkit.View{Title: "预警规则", Active: "rules", Data: d})
}

type settingData struct {
	Region string
	Rule   rules.Rule
	Values map[string]string // the form's parameter values
	On     bool
}

func (h *Handler) settingRule(r *http.Request, code, region string) (*rules.Rule, error) {
	all, err := h.svc.List(r.Context(), auth.From(r.Context()), region)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(all, func(x rules.Rule) bool { return x.Code == code && x.Kind == "builtin" })
	if i < 0 {
		return nil, apperr.NotFoundf("内置规则")
	}
	return &all[i], nil
}

func (h *Handler) settingForm(w http.ResponseWriter, r *http.Request) {
	region := regionOf(r, auth.From(r.Context()))
	rule, err := h.settingRule(r, r.PathValue("code"), region)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	// Only who may save sees the form (spec §2: supervision of the region or an admin).
	if !auth.CanSetRules(auth.From(r.Context()), region) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "只有本区划的监督机构或系统管理员可以设定规则"))
		return
	}
	d := settingData{Region: region, Rule: *rule, On: rule.Enabled, Values: map[string]string{}}
	for k, v := range rule.Params {
		d.Values[k] = strconv.FormatInt(v, 10)
	}
	h.Render(w, r, http.StatusOK, "rule_setting", &webkit.View{Title: "规则设定：" + rule.Name, Active: "rules", Data: d})
}

func (h *Handler) settingSave(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	code, region := r.PathValue("code"), strings.TrimSpace(r.FormValue("region"))
	on := r.FormValue("enabled") == "1"
	b := &rules.SettingBody{Enabled: &on, Params: map[string]int64{}}
	values := map[string]string{}
	bad := apperr.Fields{}
	for _, pi := range catalogueParams(code) {
		s := strings.TrimSpace(r.FormValue("param_" + pi.Name))
		values[pi.Name] = s
		if s == "" {
			continue
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			bad.Set("params."+pi.Name, pi.Label+"应为整数")
			continue
		}
		b.Params[pi.Name] = n
	}
	err := bad.Err()
	if err == nil {
		_, _, err = h.svc.PutSetting(r.Context(), p, code, region, b)
	}
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			rule, rerr := h.settingRule(r, code, region)
			if rerr != nil {
				h.UIError(w, r, rerr)
				return
			}
			e := apperr.As(err)
			h.Render(w, r, status, "rule_setting", &webkit.View{Title: "规则设定：" + rule.Name, Active: "rules", Errors: e.Fields,
				Message: e.Message, Data: settingData{Region: region, Rule: *rule, On: on, Values: values}})
		})
		return
	}
	h.Flash(r, "已保存"+region+"的规则设定")
	http.Redirect(w, r, "/rules?region="+url.QueryEscape(region), http.StatusSeeOther)
}

func catalogueParams(code string) []cases.Param {
	for _, r := range cases.Catalogue() {
		if r.Code == code {
			return r.Params
		}
	}
	return nil
}

// editorData is the custom-rule editor: the form, the examples, a dry
// run's answer and the versions.
type editorData struct {
	Form     editorForm
	Existing bool
	Examples []rules.Example
	DryRun   *rules.DryRun
	Versions []*rules.Custom
	Applied  bool
}

type editorForm struct {
	Code, Name, Region, Severity, Basis, Expression string
	Enabled                                         bool
	Version                                         int64
}

func (h *Handler) renderEditor(w http.ResponseWriter, r *http.Request, status int, d *editorData, err error) {
	d.Examples = rules.Examples
	v := &webkit.View{Title: "自定义监督规则", Active: "rules", Data: d}
	if d.Existing {
		v.Title = "自定义监督规则 " + d.Form.Code
	}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "rule_editor", v)
}

func (h *Handler) editorNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	f := editorForm{Region: regionOf(r, p), Severity: "yellow"}
	if !auth.CanSetRules(p, f.Region) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "只有本区划的监督机构或系统管理员可以编写自定义规则"))
		return
	}
	if code := r.URL.Query().Get("example"); code != "" {
		for _, x := range rules.Examples {
			if x.Code == code {
				f.Code, f.Name, f.Severity, f.Basis, f.Expression = x.Code, x.Name, x.Severity, x.Basis, x.Expression
			}
		}
	}
	h.renderEditor(w, r, http.StatusOK, &editorData{Form: f}, nil)
}

func (h *Handler) editor(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	c, err := h.svc.GetCustom(r.Context(), p, r.PathValue("code"))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	vs, err := h.svc.Versions(r.Context(), p, c.Code)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.renderEditor(w, r, http.StatusOK, &editorData{Existing: true, Versions: vs, Applied: c.Applied,
		Form: editorForm{c.Code, c.Name, c.RegionCode, c.Severity, c.Basis, c.Expression, c.Enabled, c.Version}}, nil)
}

// formOf parses the editor's form.
func formOf(r *http.Request) editorForm {
	t := func(k string) string { return strings.TrimSpace(r.FormValue(k)) }
	return editorForm{Code: t("code"), Name: t("name"), Region: t("region"), Severity: t("severity"), Basis: t("basis"),
		Expression: r.FormValue("expression"), Enabled: r.FormValue("enabled") == "1"}
}

func (h *Handler) customSave(w http.ResponseWriter, r *http.Request) {
	f := formOf(r)
	kind := "case"
	b := &rules.CustomBody{Name: &f.Name, RegionCode: &f.Region, Severity: &f.Severity, Expression: &f.Expression, Basis: &f.Basis,
		Enabled: &f.Enabled, Kind: &kind}
	_, c, err := h.svc.PutCustom(r.Context(), auth.From(r.Context()), f.Code, b)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			h.renderEditor(w, r, status, &editorData{Form: f, Existing: r.FormValue("existing") == "1"}, err)
		})
		return
	}
	msg := fmt.Sprintf("已保存第%d版", c.Version)
	if c.Enabled && !c.Applied {
		msg += "；本区划的存量案件将在一分钟内完成重新判断"
	}
	h.Flash(r, msg)
	http.Redirect(w, r, "/rules/custom/"+url.PathEscape(c.Code), http.StatusSeeOther)
}

func (h *Handler) customDryRun(w http.ResponseWriter, r *http.Request) {
	f := formOf(r)
	out, err := h.svc.DryRun(r.Context(), auth.From(r.Context()), &rules.DryRunBody{RegionCode: &f.Region, Expression: &f.Expression})
	d := &editorData{Form: f, Existing: r.FormValue("existing") == "1", DryRun: out}
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderEditor(w, r, status, d, err) })
		return
	}
	h.renderEditor(w, r, http.StatusOK, d, nil)
}
