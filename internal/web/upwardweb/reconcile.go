package upwardweb

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/upward"
	"zfjd/internal/web/webkit"
)

// dayChoices are the periods offered; ?days= may be any of 1..maxDays.
var dayChoices = []int{7, 14, 30, 90}

const (
	defaultDays = 7
	maxDays     = 366
	pageSize    = 20
)

// filter is the page's query: the last Days days (ending today, China
// time, on the server's clock), one target or all, the rejections' page.
type filter struct {
	Days   int
	Target string
	Page   int
}

func filterOf(q url.Values, names []string) (filter, map[string]string) {
	f := filter{Days: defaultDays, Target: q.Get("target"), Page: max(webkit.Atoi(q.Get("page")), 1)}
	errs := map[string]string{}
	if s := q.Get("days"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxDays {
			errs["days"] = "天数应为 1–366 的整数，已按近7天显示"
		} else {
			f.Days = n
		}
	}
	if f.Target != "" && !slices.Contains(names, f.Target) {
		errs["target"] = "没有名为 " + f.Target + " 的推送目标，已显示全部目标"
		f.Target = ""
	}
	return f, errs
}

type pageData struct {
	F          filter
	Choices    []int
	From, To   string
	Targets    []targetView
	Names      []string
	Days       []upward.Day // every day × target of the period, newest first
	Total      upward.Day
	Quiet      bool // nothing was queued in the period
	Rejected   []upward.Rejection
	Pager      registry.Page
	Errors     map[string]string
	AddCommand string
}

// period is the reconciliation of the filter: every day × target, zero
// where nothing was queued, and the sums.
func period(ctx context.Context, h *Handler, f filter, names []string) (from, to law.Date, days []upward.Day, total upward.Day, err error) {
	to = clock.Today(ctx)
	from = to.AddDays(-(f.Days - 1))
	rows, err := upward.Daily(ctx, h.ReadDB().R, from, to)
	if err != nil {
		return from, to, nil, total, err
	}
	got := map[[2]string]upward.Day{}
	for _, d := range rows {
		got[[2]string{d.Day, d.Target}] = d
	}
	for d := to; !d.Before(from); d = d.AddDays(-1) {
		for _, n := range names {
			if f.Target != "" && n != f.Target {
				continue
			}
			row, ok := got[[2]string{d.String(), n}]
			if !ok {
				row = upward.Day{Target: n, Day: d.String()}
			}
			days = append(days, row)
			total.Queued, total.Acked, total.Rejected = total.Queued+row.Queued, total.Acked+row.Acked, total.Rejected+row.Rejected
			total.Pending, total.Retrying = total.Pending+row.Pending, total.Retrying+row.Retrying
		}
	}
	return from, to, days, total, nil
}

func (h *Handler) allowed(w http.ResponseWriter, r *http.Request) bool {
	if !auth.CanReconcileUpward(auth.From(r.Context())) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅系统管理员可查看向上推送对账"))
		return false
	}
	return true
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	if !h.allowed(w, r) {
		return
	}
	ctx, q := r.Context(), h.ReadDB().R
	bs, err := upward.Backlogs(ctx, q)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &pageData{Choices: dayChoices, AddCommand: "zfjd upward add --name 名称 --url 地址 --mapping records"}
	for _, b := range bs {
		d.Names = append(d.Names, b.Name)
	}
	d.F, d.Errors = filterOf(r.URL.Query(), d.Names)
	from, to, days, total, err := period(ctx, h, d.F, d.Names)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.From, d.To, d.Days, d.Total, d.Quiet = from.String(), to.String(), days, total, total.Queued == 0
	rejected := map[string]int64{}
	for _, row := range days {
		rejected[row.Target] += row.Rejected
	}
	for _, b := range bs {
		if d.F.Target == "" || b.Name == d.F.Target {
			d.Targets = append(d.Targets, viewOf(b, rejected[b.Name]))
		}
	}
	d.Pager = registry.Page{Page: d.F.Page, Size: pageSize}
	d.Pager.Normalize()
	if len(bs) > 0 {
		if d.Rejected, d.Pager.Total, err = upward.RejectedPage(ctx, q, d.F.Target, d.Pager.Offset(), pageSize); err != nil {
			h.UIError(w, r, err)
			return
		}
	}
	h.Render(w, r, http.StatusOK, "upward", &webkit.View{Title: "向上推送对账", Active: "upward", Data: d})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	if !h.allowed(w, r) {
		return
	}
	ctx := r.Context()
	ts, err := upward.Targets(ctx, h.ReadDB().R)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	var names []string
	for _, t := range ts {
		names = append(names, t.Name)
	}
	f, _ := filterOf(r.URL.Query(), names)
	from, to, days, total, err := period(ctx, h, f, names)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	name := "向上推送对账" + from.String() + "至" + to.String()
	h.SendXLSX(w, r, webkit.Sheet{Name: name, File: "upward-reconciliation.xlsx",
		Head: []string{"日期", "推送目标", "排队", "已回执", "被拒收", "待发送", "其中重试中"},
		Rows: func(add func(...any) bool) error {
			for _, d := range days {
				if !add(d.Day, d.Target, d.Queued, d.Acked, d.Rejected, d.Pending, d.Retrying) {
					return nil
				}
			}
			add(from.String()+"至"+to.String(), "合计", total.Queued, total.Acked, total.Rejected, total.Pending, total.Retrying)
			return nil
		}})
}
