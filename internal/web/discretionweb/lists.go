package discretionweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// The four lists (不予处罚、减轻处罚、从轻处罚、免予行政强制清单) of C4.

type listsData struct {
	Items     []*discretion.Item
	Filter    *discretion.ItemFilter
	Kinds     []registry.Option
	CanCreate bool
	Editable  map[int64]bool
	Today     string
	// Linked are the matters whose benchmark page the viewer may open: an
	// item of a matter placed above his jurisdiction is listed (it applies
	// there) but its matter page is out of his scope, so it is not a link.
	Linked map[string]bool
}

func (h *Handler) listsPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := auth.From(r.Context())
	f := &discretion.ItemFilter{Kind: q.Get("kind"), MatterCode: q.Get("matter_code"), Q: q.Get("q"), Region: q.Get("region"), Page: webkit.PageOf(q)}
	if q.Get("in_force") != "" {
		f.On = clock.TodayString(r.Context())
	}
	items, err := discretion.ListItems(r.Context(), h.DB, p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := listsData{Items: items, Filter: f, Kinds: discretion.ListOptions, CanCreate: auth.MayChange(p, auth.KindBenchmark),
		Editable: map[int64]bool{}, Today: clock.TodayString(r.Context()), Linked: map[string]bool{}}
	for _, it := range items {
		if _, seen := d.Linked[it.MatterCode]; !seen {
			_, err := registry.GetMatter(r.Context(), h.DB, p, it.MatterCode)
			if err != nil && !apperr.Is(err, apperr.NotFound) {
				h.UIError(w, r, err)
				return
			}
			d.Linked[it.MatterCode] = err == nil
		}
	}
	if d.CanCreate {
		for _, it := range items {
			d.Editable[it.ID] = discretion.CanChangeItem(r.Context(), h.DB, p, it)
		}
	}
	h.Render(w, r, http.StatusOK, "lists", &webkit.View{Title: "四张清单", Active: "lists", Data: d})
}

type matterChoice struct{ Code, Name string }

type itemFormData struct {
	Item       *discretion.Item
	New        bool
	Conditions string
	Matters    []matterChoice
	Kinds      []registry.Option
	Measures   []registry.Option
	Harms      []registry.Option
}

func (h *Handler) itemForm(w http.ResponseWriter, r *http.Request, status int, d itemFormData, err error) {
	list, lerr := registry.ListMatters(r.Context(), h.DB, auth.From(r.Context()), &registry.MatterFilter{Page: registry.Page{Size: 200}})
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	for _, m := range list {
		d.Matters = append(d.Matters, matterChoice{m.Code, m.Name})
	}
	d.Kinds, d.Measures, d.Harms = discretion.ListOptions, discretion.MeasureOptions, discretion.HarmOptions
	if d.Conditions == "" {
		d.Conditions = strings.Join(d.Item.Conditions, "\n")
	}
	v := &webkit.View{Title: "新增清单事项", Active: "lists", Data: d}
	if !d.New {
		v.Title = "修改清单事项：" + d.Item.Title
	}
	if err != nil {
		e := apperr.As(err)
		v.Errors, v.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "lists_form", v)
}

func itemFromForm(f url.Values, it *discretion.Item) string {
	it.Kind, it.MatterCode, it.RegionCode = f.Get("kind"), strings.TrimSpace(f.Get("matter_code")), strings.TrimSpace(f.Get("region_code"))
	it.Title, it.ViolationBasis, it.PenaltyBasis = f.Get("title"), f.Get("violation_basis"), f.Get("penalty_basis")
	conds := f.Get("conditions")
	it.Conditions = strings.Split(strings.ReplaceAll(conds, "\r\n", "\n"), "\n")
	yes := true
	it.Criteria = discretion.Criteria{HarmMax: f.Get("harm_max"), CorrectionDays: webkit.Atoi(f.Get("correction_days"))}
	if f.Get("first_offense") != "" {
		it.Criteria.FirstOffense = &yes
	}
	if f.Get("corrected") != "" {
		it.Criteria.Corrected = &yes
	}
	if f.Get("minor") != "" {
		it.Criteria.Minor = &yes
	}
	it.Measures = f["measures"]
	it.EffectiveFrom, it.EffectiveTo = f.Get("effective_from"), f.Get("effective_to")
	return conds
}

func (h *Handler) listNew(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayChange(p, auth.KindBenchmark) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色不能维护四张清单"))
		return
	}
	it := &discretion.Item{Kind: r.URL.Query().Get("kind"), MatterCode: r.URL.Query().Get("matter_code"),
		RegionCode: discretion.SettingRegion(p.Region), EffectiveFrom: clock.TodayString(r.Context()), Measures: []string{"correct", "educate"}}
	if it.Kind == "" {
		it.Kind = discretion.ListNoPenalty
	}
	h.itemForm(w, r, http.StatusOK, itemFormData{Item: it, New: true}, nil)
}

func (h *Handler) listCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	it := &discretion.Item{}
	conds := itemFromForm(r.PostForm, it)
	if err := discretion.SaveItem(r.Context(), h.DB, auth.From(r.Context()), it); err != nil {
		h.FormError(w, r, err, func(status int) { h.itemForm(w, r, status, itemFormData{Item: it, New: true, Conditions: conds}, err) })
		return
	}
	h.Flash(r, "已新增"+it.KindLabel()+"事项："+it.Title)
	http.Redirect(w, r, "/lists?kind="+url.QueryEscape(it.Kind), http.StatusSeeOther)
}

func (h *Handler) loadItem(w http.ResponseWriter, r *http.Request) *discretion.Item {
	p := auth.From(r.Context())
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	it, err := discretion.GetItem(r.Context(), h.DB, p, id)
	if err == nil && !discretion.CanChangeItem(r.Context(), h.DB, p, it) {
		err = apperr.New(apperr.Forbidden, "您无权修改该清单事项")
	}
	if err != nil {
		h.UIError(w, r, err)
		return nil
	}
	return it
}

func (h *Handler) listEdit(w http.ResponseWriter, r *http.Request) {
	if it := h.loadItem(w, r); it != nil {
		h.itemForm(w, r, http.StatusOK, itemFormData{Item: it}, nil)
	}
}

func (h *Handler) listUpdate(w http.ResponseWriter, r *http.Request) {
	it := h.loadItem(w, r)
	if it == nil {
		return
	}
	r.ParseForm()
	conds := itemFromForm(r.PostForm, it)
	if err := discretion.SaveItem(r.Context(), h.DB, auth.From(r.Context()), it); err != nil {
		h.FormError(w, r, err, func(status int) { h.itemForm(w, r, status, itemFormData{Item: it, Conditions: conds}, err) })
		return
	}
	h.Flash(r, "已保存清单事项："+it.Title)
	http.Redirect(w, r, "/lists?kind="+url.QueryEscape(it.Kind), http.StatusSeeOther)
}

func (h *Handler) listDelete(w http.ResponseWriter, r *http.Request) {
	it := h.loadItem(w, r)
	if it == nil {
		return
	}
	if err := discretion.DeleteItem(r.Context(), h.DB, auth.From(r.Context()), it.ID); err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已删除清单事项："+it.Title)
	http.Redirect(w, r, "/lists?kind="+url.QueryEscape(it.Kind), http.StatusSeeOther)
}
