package caseweb

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// The case list: filters by agency, region (drill-down), domain, matter,
// procedure, status, 登记 date and warning severity; search of case
// numbers, titles, parties, matter names and 文号; the same list as xlsx.

type caseRow struct {
	Case        *cases.Case
	DocNo       string // the decision's formal 文号, when issued
	Next        *deadlineRow
	Red, Yellow int
}

type caseListData struct {
	Rows      []caseRow
	Filter    *cases.Filter
	Sort      string
	CanCreate bool
	Agencies  []*registry.Agency // the agency filter's choices (viewers of more than one agency)
	Drill     webkit.Drill       // the region drill-down
	Domains   []string
	Errors    map[string]string
	Social    bool // a social supervisor: case files are closed to the role, the page says so
}

// caseFilterOf reads the list's filters from its query.
func caseFilterOf(q url.Values) (*cases.Filter, string) {
	f := &cases.Filter{Q: strings.TrimSpace(q.Get("q")), Status: q.Get("status"), Matter: strings.TrimSpace(q.Get("matter")),
		Agency: q.Get("agency"), Region: strings.TrimSpace(q.Get("region")), Domain: q.Get("domain"), Severity: q.Get("severity"),
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Procedure: q.Get("procedure"), HasWarning: q.Get("warn") == "1", Sort: "deadline", Cursor: q.Get("after"), Page: webkit.PageOf(q)}
	// ?sort=: "" nearest deadline first, "new" newest 登记 first, "old"
	// oldest first (the column headers toggle new and old).
	sortKey := q.Get("sort")
	switch sortKey {
	case "new":
		f.Sort = ""
	case "old":
		f.Sort = "old"
	}
	return f, sortKey
}

func (h *Handler) caseList(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f, sortKey := caseFilterOf(r.URL.Query())
	d := caseListData{Filter: f, Sort: sortKey, Domains: registry.Domains, Social: p != nil && p.Role == auth.RoleSocial}
	// A list page reads the read replica when one is configured (--read-db).
	list, err := h.cases.ListOn(ctx, h.ReadDB().R, p, f)
	if err != nil {
		if e := asInvalid(err); e != nil {
			d.Errors = e // a filter that is not one: the form says which
		} else {
			h.UIError(w, r, err)
			return
		}
	}
	nos, err := cases.DecisionNumbers(ctx, h.ReadDB().R, list)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	for _, c := range list {
		row := caseRow{Case: c, DocNo: nos[c.ID], Next: nearestDeadline(ctx, c)}
		for _, w := range c.Warnings {
			if w.Severity == "red" {
				row.Red++
			} else {
				row.Yellow++
			}
		}
		d.Rows = append(d.Rows, row)
	}
	ags, err := h.caseAgencies(ctx, p)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.CanCreate = len(ags) > 0
	if p.Agency == "" {
		af := &registry.AgencyFilter{Region: f.Region, Kind: "enforcement", Page: registry.Page{Size: 200}}
		if d.Agencies, err = registry.ListAgencies(ctx, h.DB, p, af); err != nil {
			h.UIError(w, r, err)
			return
		}
		d.Drill = webkit.RegionDrill(ctx, h.DB, p, f.Region)
	}
	h.Render(w, r, http.StatusOK, "cases", &webkit.View{Title: "网上办案", Active: "cases", Data: d})
}

// caseExport is the case list of the same filters, all pages, as xlsx.
func (h *Handler) caseExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f, _ := caseFilterOf(r.URL.Query())
	f.Cursor, f.Page = "", registry.Page{Page: 1, Size: 200}
	h.SendXLSX(w, r, webkit.Sheet{Name: "案件", File: "cases.xlsx",
		Head: []string{"案号", "决定书文号", "案由", "处罚事项", "当事人", "执法主体", "程序", "状态", "登记时间", "最近期限", "红色预警", "黄色预警"},
		Rows: func(add func(...any) bool) error { return h.exportCases(ctx, p, f, add) }})
}

// exportCases walks the list a page at a time (the cursor of each page).
func (h *Handler) exportCases(ctx context.Context, p *auth.Principal, f *cases.Filter, add func(...any) bool) error {
	for {
		list, err := h.cases.ListOn(ctx, h.ReadDB().R, p, f)
		if err != nil {
			return err
		}
		nos, err := cases.DecisionNumbers(ctx, h.ReadDB().R, list)
		if err != nil {
			return err
		}
		for _, c := range list {
			no := c.CaseNo
			if no == "" {
				no = c.SourceSystem + "/" + c.SourceID
			}
			next := ""
			if d := nearestDeadline(ctx, c); d != nil {
				next = d.Date + " " + d.Label + "（" + d.Text + "）"
			}
			red, yellow := 0, 0
			for _, w := range c.Warnings {
				if w.Severity == "red" {
					red++
				} else {
					yellow++
				}
			}
			if !add(no, nos[c.ID], c.Title, c.MatterName, c.Party.Name, c.AgencyName, cases.ProcedureLabels[c.Procedure],
				caseStatusLabel(c.Status), webkit.Datetime(c.CreatedAt), next, red, yellow) {
				return nil
			}
		}
		if f.Next == "" {
			return nil
		}
		f.Cursor, f.Page.Page = f.Next, f.Page.Page+1
	}
}

func caseStatusLabel(s string) string { return orSelf(cases.StatusLabels, s) }

// asInvalid is the fields of an input error (a filter the list cannot
// apply), nil for any other error.
func asInvalid(err error) map[string]string {
	if e := apperr.As(err); e.Code == apperr.Invalid && len(e.Fields) > 0 {
		return e.Fields
	}
	return nil
}

func init() { funcs["warnTitle"] = warnTitle }

// warnTitle is the text of c's open warnings of one severity, for the
// list's 预警 tag (the supervisor reads what is wrong without opening the case).
func warnTitle(c *cases.Case, severity string) string {
	var out []string
	for _, w := range c.Warnings {
		if w.Severity == severity {
			out = append(out, w.Message)
		}
	}
	return strings.Join(out, "\n")
}
