package inspectionweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/inspection"
	"zfjd/internal/web/webkit"
)

type itemsData struct {
	Items   []*inspection.Item
	CanKeep map[string]bool
	Q       string
}

func (h *Handler) items(w http.ResponseWriter, r *http.Request) {
	h.renderItems(w, r, http.StatusOK, nil)
}

func (h *Handler) renderItems(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := auth.From(r.Context())
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	items, lerr := inspection.Items(r.Context(), h.ReadDB().R, inspection.ItemFilter{Region: p.Region, Agency: p.Agency, Q: q})
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	d := itemsData{Items: items, CanKeep: map[string]bool{}, Q: q}
	for _, it := range items {
		d.CanKeep[it.Code] = auth.CanKeepInspectionLists(p, it.Target())
	}
	v := &webkit.View{Title: "涉企行政检查事项清单", Active: "inspections", Data: d}
	withError(v, err)
	h.Render(w, r, status, "items", v)
}

func (h *Handler) itemSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	lines := strings.Split(strings.ReplaceAll(r.PostForm.Get("checklist"), "\r", ""), "\n")
	err := h.svc.PutItem(r.Context(), auth.From(r.Context()), r.PathValue("code"), r.PostForm.Get("object_types"), lines)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderItems(w, r, status, err) })
		return
	}
	h.Flash(r, "已保存检查事项“"+r.PathValue("code")+"”的检查表单")
	http.Redirect(w, r, "/inspections/items", http.StatusSeeOther)
}

type plansData struct {
	Year    int
	Plans   []*inspection.Plan
	CanFile bool
	Agency  string
	Items   []*inspection.Item
	// Unfiled: the subjects of the region with no plan of the year, for
	// those outside an agency (supervision); Overdue once March is over.
	Unfiled      []inspection.UnfiledAgency
	UnfiledTotal int
	Overdue      bool
}

func yearParam(r *http.Request) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 2000 && y < 2100 {
		return y
	}
	return clock.Today(r.Context()).Y
}

func (h *Handler) plans(w http.ResponseWriter, r *http.Request) {
	h.renderPlans(w, r, http.StatusOK, nil)
}

func (h *Handler) renderPlans(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := auth.From(r.Context())
	year := yearParam(r)
	pls, lerr := inspection.Plans(r.Context(), h.ReadDB().R, p.Region, year)
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	if p.Agency != "" {
		var mine []*inspection.Plan
		for _, pl := range pls {
			if pl.AgencyCode == p.Agency {
				mine = append(mine, pl)
			}
		}
		pls = mine
	}
	d := plansData{Year: year, Plans: pls, Agency: p.Agency,
		CanFile: p.Agency != "" && auth.CanKeepInspectionLists(p, auth.Target{Region: p.Region, Agencies: []string{p.Agency}})}
	if d.CanFile {
		d.Items, _ = inspection.Items(r.Context(), h.ReadDB().R, inspection.ItemFilter{Agency: p.Agency})
	}
	if p.Agency == "" {
		if d.Unfiled, d.UnfiledTotal, lerr = inspection.Unfiled(r.Context(), h.ReadDB().R, p.Region, year); lerr != nil {
			h.UIError(w, r, lerr)
			return
		}
		d.Overdue = clock.TodayString(r.Context()) > fmt.Sprintf("%04d-%s", year, inspection.PlanDeadline)
	}
	v := &webkit.View{Title: "年度涉企行政检查计划", Active: "inspections", Data: d}
	withError(v, err)
	h.Render(w, r, status, "plans", v)
}

// planSave files the plan; tasks are lines "事项编码|检查对象|月份|统一社会信用代码|企业名称".
func (h *Handler) planSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fv := r.PostForm
	p := auth.From(r.Context())
	if p.Agency == "" {
		h.renderPlans(w, r, http.StatusForbidden, apperr.New(apperr.Forbidden, "年度检查计划由执法主体报备"))
		return
	}
	year, _ := strconv.Atoi(fv.Get("year"))
	pl := &inspection.Plan{AgencyCode: p.Agency, Year: year, Title: fv.Get("title")}
	for _, line := range strings.Split(strings.ReplaceAll(fv.Get("tasks"), "\r", ""), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		c := append(strings.Split(line, "|"), "", "", "", "", "")
		pl.Tasks = append(pl.Tasks, inspection.Task{MatterCode: c[0], Objects: c[1], Month: c[2], EnterpriseID: c[3], EnterpriseName: strings.TrimSpace(c[4])})
	}
	if _, err := h.svc.PutPlan(r.Context(), p, pl); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderPlans(w, r, status, err) })
		return
	}
	h.Flash(r, "已报备"+fv.Get("year")+"年度检查计划")
	http.Redirect(w, r, "/inspections/plans?year="+fv.Get("year"), http.StatusSeeOther)
}

func (h *Handler) joint(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	year := yearParam(r)
	props, err := inspection.JointProposals(r.Context(), h.ReadDB().R, p.Region, strconv.Itoa(year)+"-01", strconv.Itoa(year)+"-12")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "joint", &webkit.View{Title: "综合查一次", Active: "inspections",
		Data: map[string]any{"Year": year, "Proposals": props, "Agency": p.Agency, "CanCreate": auth.MayWriteInspections(p) && p.Agency != ""}})
}

type drawsData struct {
	Draws   []*inspection.Drawing
	Last    *inspection.Drawing
	CanDraw bool
	Tiers   any
	// Officers and Conflicts: the agency's certified officers and their
	// declared conflicts of interest (回避), for who may draw.
	Officers  []inspection.PoolInspector
	Conflicts []inspection.Conflict
}

func (h *Handler) draws(w http.ResponseWriter, r *http.Request) {
	h.renderDraws(w, r, http.StatusOK, nil, nil)
}

func (h *Handler) renderDraws(w http.ResponseWriter, r *http.Request, status int, last *inspection.Drawing, err error) {
	p := auth.From(r.Context())
	list, lerr := inspection.Draws(r.Context(), h.ReadDB().R, p.Region)
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	d := drawsData{Draws: list, Last: last, Tiers: inspection.Tiers,
		CanDraw: p.Agency != "" && auth.CanDraw(p, auth.Target{Region: p.Region, Agencies: []string{p.Agency}})}
	if d.CanDraw {
		if lerr = h.conflictsOf(r, &d); lerr != nil {
			h.UIError(w, r, lerr)
			return
		}
	}
	v := &webkit.View{Title: "双随机一公开", Active: "inspections", Data: d}
	withError(v, err)
	h.Render(w, r, status, "draws", v)
}

func (h *Handler) drawRun(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fv := r.PostForm
	p := auth.From(r.Context())
	if p.Agency == "" {
		h.renderDraws(w, r, http.StatusForbidden, nil, apperr.New(apperr.Forbidden, "双随机抽查由执法主体组织"))
		return
	}
	ratios := map[string]int{}
	for _, t := range inspection.Tiers {
		if v := strings.TrimSpace(fv.Get("ratio_" + t.Code)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				n = -1
			}
			ratios[t.Code] = n
		}
	}
	d, err := h.svc.RunDraw(r.Context(), p, p.Agency, fv.Get("title"), fv.Get("type"), fv.Get("field"), ratios)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderDraws(w, r, status, nil, err) })
		return
	}
	h.Flash(r, "已完成抽取并公开结果，随机种子："+d.Seed)
	http.Redirect(w, r, "/public/draws/"+strconv.FormatInt(d.ID, 10), http.StatusSeeOther)
}

func (h *Handler) poolImport(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	region := r.URL.Query().Get("region")
	if region == "" {
		region = p.Region
	}
	if !auth.CanKeepObjectPool(p, region) {
		h.renderDraws(w, r, http.StatusForbidden, nil, apperr.New(apperr.Forbidden, "您的角色（%s）不能维护检查对象名录", p.Role.Label()))
		return
	}
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		h.renderDraws(w, r, http.StatusBadRequest, nil, apperr.New(apperr.Invalid, "请选择不超过8MB的xlsx文件"))
		return
	}
	file, _, err := r.FormFile("file")
	if err != nil {
		h.renderDraws(w, r, http.StatusBadRequest, nil, apperr.New(apperr.Invalid, "请选择要导入的xlsx文件"))
		return
	}
	defer file.Close()
	objs, err := inspection.ReadObjects(file)
	if err == nil {
		_, err = h.svc.ImportObjects(r.Context(), p, region, objs)
	}
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderDraws(w, r, status, nil, err) })
		return
	}
	h.Flash(r, "已导入检查对象"+strconv.Itoa(len(objs))+"户")
	http.Redirect(w, r, "/inspections/draws", http.StatusSeeOther)
}

func (h *Handler) ratings(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.CanSeeRatings(p, auth.Target{Region: p.Region}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "企业评价仅监督机构可以查看，不向被评价的执法部门公开"))
		return
	}
	q := r.URL.Query()
	f := &inspection.RatingFilter{Agency: strings.TrimSpace(q.Get("agency")), Page: webkit.PageOf(q)}
	f.MaxScore, _ = strconv.Atoi(q.Get("max_score"))
	if q.Get("format") == "xlsx" {
		if err := f.Check(); err != nil {
			h.UIError(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="ratings.xlsx"; filename*=UTF-8''`+url.PathEscape("企业评价.xlsx"))
		if err := h.svc.ExportRatings(r.Context(), h.ReadDB(), p, f, w); err != nil {
			h.Log.Error("ratings export", "err", err)
		}
		return
	}
	d := ratingsData{Filter: f}
	if err := f.Check(); err != nil {
		d.Errors = apperr.As(err).Fields
		*f = inspection.RatingFilter{Page: f.Page}
	}
	var err error
	if d.Rows, err = h.svc.Ratings(r.Context(), h.ReadDB(), p, f); err == nil {
		d.Agencies, err = inspection.RatedAgencies(r.Context(), h.ReadDB().R, p)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "ratings", &webkit.View{Title: "企业评价", Active: "inspections", Data: d})
}

// ratingsData is the ratings page: the filter, its choices and one page.
type ratingsData struct {
	Filter   *inspection.RatingFilter
	Rows     []inspection.RatingRow
	Agencies []inspection.RatedAgency
	Errors   map[string]string
}

// stats is supervision's view: the heat map by region and month, the
// enterprises inspected most, the agencies with their fruitless visits,
// warnings and (for supervision) ratings.
func (h *Handler) stats(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.CanViewSupervision(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "检查统计由监督机构和执法部门负责人查看"))
		return
	}
	st, err := h.svc.Year(r.Context(), h.ReadDB(), p, yearParam(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	caps, err := inspection.CapsOf(r.Context(), h.ReadDB().R, p.Region)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "stats", &webkit.View{Title: "涉企检查统计", Active: "inspections", Data: map[string]any{"S": st,
		"Caps": caps, "CanSetCaps": auth.IsSupervisionOf(p, auth.Target{Region: p.Region}), "Region": p.Region}})
}

// withError puts err's message and fields on v (nil: nothing).
func withError(v *webkit.View, err error) {
	if err != nil {
		e := apperr.As(err)
		v.Message, v.Errors = e.Message, e.Fields
	}
}

// capsSave publishes a region's frequency caps (supervision of the region).
func (h *Handler) capsSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fv := r.PostForm
	c := inspection.Caps{}
	for _, x := range []struct {
		k string
		v *int
	}{{"per_day", &c.Day}, {"per_week", &c.Week}, {"per_month", &c.Month}} {
		if n, err := strconv.Atoi(strings.TrimSpace(fv.Get(x.k))); err == nil {
			*x.v = n
		}
	}
	if n, err := h.svc.SetCaps(r.Context(), auth.From(r.Context()), fv.Get("region"), c); err != nil {
		if apperr.Is(err, apperr.NotFound) || apperr.Is(err, apperr.Forbidden) {
			h.UIError(w, r, err)
			return
		}
		h.Flash(r, "未保存："+apperr.As(err).Message)
	} else {
		h.Flash(r, fmt.Sprintf("已公布检查频次上限：%s；已按新上限重新研判%d次入企检查", c.String(), n))
	}
	http.Redirect(w, r, "/inspections/stats", http.StatusSeeOther)
}
