// Package reviewweb serves case-file review (案卷评查, DOMAIN.md C12): the
// campaigns a viewer may see and the form that sets one up, the campaign
// page (its seed and pool digest, the draw, the files with their
// reviewers and scores, the results per agency, publication) and the file
// page where a reviewer scores on the standard (pre-filled by the
// platform) and supervision reconciles. What may be done is package review's.
package reviewweb

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/registry"
	"zfjd/internal/review"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the review pages.
type Handler struct {
	*webkit.Pages
	svc *review.Service
}

var funcs = template.FuncMap{
	"i64": func(n int64) string { return strconv.FormatInt(n, 10) },
	"layerLabel": func(l string) string {
		return map[string]string{review.LayerVeto: "基本标准（否决项）", review.LayerForm: "卷面标准（20分）", review.LayerContent: "内容标准（80分）"}[l]
	},
	"statusLabel": func(s string) string {
		return map[string]string{review.CampaignDraft: "待抽取", review.CampaignDrawn: "评查中", review.CampaignPublished: "已公布",
			review.FileUnassigned: "待分配", review.FileScoring: "评分中", review.FileReconcile: "待合议", review.FileFinal: "已评定"}[s]
	},
	"veto": func(sh review.Sheet, code string) bool {
		for _, v := range sh.Vetoes {
			if v == code {
				return true
			}
		}
		return false
	},
	"ded": func(sh review.Sheet, code string) int { return sh.Deductions[code] },
	"machineFound": func(sh review.Sheet) int {
		n := 0
		for _, found := range sh.Machine {
			if len(found) > 0 {
				n++
			}
		}
		return n
	},
	"machine": func(sh review.Sheet, code string) machineMark {
		found, ok := sh.Machine[code]
		return machineMark{Checked: ok, Found: found}
	},
	"caseKindLabel": review.CaseKindLabel,
	"eventLabel":    cases.EventLabel,
	"drawable":      func() []string { return review.DrawableKinds },
}

// machineMark is what the platform's pre-scoring says of one item.
type machineMark struct {
	Checked bool     // the platform judges the item
	Found   []string // what it found (the findings' messages)
}

// New builds the handler.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, svc: review.NewService(k.DB)}, nil
}

// Routes registers the pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /reviews", h.list)
	r.UI("POST /reviews", h.create)
	r.UI("GET /reviews/experts", h.experts)
	r.UI("POST /reviews/experts", h.createExpert)
	r.UI("GET /reviews/standards", h.standards)
	r.UI("GET /reviews/standards/template.xlsx", h.standardTemplate)
	r.UI("GET /reviews/standards/{id}/export.xlsx", h.standardExport)
	r.UI("POST /reviews/standards/import", h.standardImport)
	r.UI("GET /reviews/{id}", h.show)
	r.UI("POST /reviews/{id}/draw", h.draw)
	r.UI("POST /reviews/{id}/publish", h.publish)
	r.UI("GET /reviews/files/{id}", h.file)
	r.UI("GET /reviews/files/{id}/case", h.fileCase)
	r.UI("POST /reviews/files/{id}/assign", h.assign)
	r.UI("POST /reviews/files/{id}/score", h.score)
	r.UI("POST /reviews/files/{id}/reconcile", h.reconcile)
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}

type listData struct {
	Rows     []*review.Campaign
	CanOpen  bool
	Agencies []*registry.Agency
	Year     int
	Choices  map[string][]review.StandardChoice // the standards offered per case kind
	Errors   apperr.Fields
	Msg      string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	h.renderList(w, r, http.StatusOK, nil)
}

func (h *Handler) renderList(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	ctx, p := r.Context(), auth.From(r.Context())
	rows, err := h.svc.List(ctx, p)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &listData{Rows: rows, Year: clock.Today(ctx).Y, CanOpen: auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) && p.Region != ""}
	if ferr != nil {
		e := apperr.As(ferr)
		d.Errors, d.Msg = e.Fields, e.Message
	}
	if d.CanOpen {
		d.Agencies, _ = registry.ListAgencies(ctx, h.DB, p, &registry.AgencyFilter{Kind: "enforcement", Page: registry.Page{Size: 200}})
		if d.Choices, err = h.svc.StandardChoices(ctx, p); err != nil {
			h.UIError(w, r, err)
			return
		}
	}
	h.Render(w, r, status, "reviews", &webkit.View{Title: "案卷评查", Active: "reviews", Data: d})
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	f, p := r.PostForm, auth.From(r.Context())
	in := review.CampaignInput{Region: p.Region, Name: f.Get("name"), Year: webkit.Atoi(f.Get("year")), AgencyCodes: f["agency"],
		PerAgency: webkit.Atoi(f.Get("per_agency")), RatioPct: webkit.Atoi(f.Get("ratio_pct")), Weighted: f.Get("weighted") == "1",
		Threshold: webkit.Atoi(f.Get("threshold")), Seed: f.Get("seed"), Kinds: f["kind"], Standards: map[string]int64{}}
	if in.Kinds == nil && f.Get("kinds_shown") != "" {
		in.Kinds = []string{} // the form's kinds all unticked: refused, not penalty files by default
	}
	for _, k := range in.Kinds { // a standard only for the kinds ticked
		n, _ := strconv.ParseInt(f.Get("standard_"+k), 10, 64)
		in.Standards[k] = n
	}
	c, err := h.svc.Create(r.Context(), p, in)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderList(w, r, status, err) })
		return
	}
	h.Flash(r, "已创建评查活动，下一步：抽取样本。")
	http.Redirect(w, r, fmt.Sprintf("/reviews/%d", c.ID), http.StatusSeeOther)
}

func (h *Handler) done(w http.ResponseWriter, r *http.Request, to, msg string, err error) {
	if err != nil {
		switch apperr.As(err).Code {
		case apperr.Invalid, apperr.Conflict:
			h.Flash(r, "未办理："+apperr.As(err).Message+fieldText(apperr.As(err).Fields))
			http.Redirect(w, r, to, http.StatusSeeOther)
		default:
			h.UIError(w, r, err)
		}
		return
	}
	h.Flash(r, msg)
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func fieldText(f apperr.Fields) string {
	var out []string
	for _, v := range f {
		out = append(out, v)
	}
	if len(out) == 0 {
		return ""
	}
	return "（" + strings.Join(out, "；") + "）"
}

func (h *Handler) draw(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	_, err := h.svc.Draw(r.Context(), auth.From(r.Context()), id)
	h.done(w, r, fmt.Sprintf("/reviews/%d", id), "已按公开的随机种子抽取样本，样本已固定。", err)
}

func (h *Handler) publish(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	err := h.svc.Publish(r.Context(), auth.From(r.Context()), id)
	h.done(w, r, fmt.Sprintf("/reviews/%d", id), "评查结果已公布；不合格案卷已立监督案件督促整改。", err)
}
