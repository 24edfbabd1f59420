// Package officercardweb serves the 红黄牌 records of officers (package
// officercard): the list of a jurisdiction's cards with filters, pages and
// an xlsx export, the rules in force with the form that sets a region's
// own, and the lifting (撤销) of a card. The officer's own cards are on his
// page in the registry (registryweb).
package officercardweb

import (
	"embed"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/officercard"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the pages.
type Handler struct{ *webkit.Pages }

// New builds the handler on k's database.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, template.FuncMap{
		"colours": func() any { return officercard.Colours },
		"rules":   func() []officercard.Rule { return officercard.Rules },
	})
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

// Routes registers the pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /officer-cards", h.list)
	r.UI("GET /officer-cards/export.xlsx", h.export)
	r.UI("POST /officer-cards/{id}/lift", h.lift)
	r.UI("POST /officer-cards/rules", h.setRule)
}

func filterOf(q url.Values) *officercard.Filter {
	return &officercard.Filter{Region: q.Get("region"), Agency: q.Get("agency"), Colour: q.Get("colour"), Status: q.Get("status"),
		CertNo: q.Get("cert_no"), Year: webkit.Atoi(q.Get("year")), Page: webkit.PageOf(q)}
}

// ruleRow is one rule as it applies in the viewer's region.
type ruleRow struct {
	officercard.Rule
	In officercard.Setting
}

type listData struct {
	Cards    []*officercard.Card
	Filter   *officercard.Filter
	Errors   apperr.Fields
	Region   string
	Rules    []ruleRow
	CanSet   bool
	CanLift  map[int64]bool
	FormID   int64 // the card or rule form the errors belong to (-1: a rule form)
	FormRule string
	Reason   string
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	h.page(w, r, http.StatusOK, &listData{})
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request, status int, d *listData) {
	ctx, p := r.Context(), auth.From(r.Context())
	d.Filter = filterOf(r.URL.Query())
	if err := d.Filter.Check(); err != nil && d.Errors == nil {
		d.Errors = apperr.As(err).Fields
		*d.Filter = officercard.Filter{Page: d.Filter.Page}
	}
	var err error
	if d.Cards, err = officercard.List(ctx, h.ReadDB().R, p, d.Filter); err != nil {
		h.UIError(w, r, err)
		return
	}
	d.CanLift = map[int64]bool{}
	for _, c := range d.Cards {
		d.CanLift[c.ID] = c.Status == officercard.InForce && auth.CanLiftOfficerCard(p, c.Target())
	}
	if auth.IsSupervisionOf(p, auth.Target{Region: p.Region}) && p.Region != "" {
		s, err := officercard.LoadSettings(ctx, h.DB.R)
		if err != nil {
			h.UIError(w, r, err)
			return
		}
		d.Region, d.CanSet = p.Region, auth.CanSetOfficerCardRules(p, p.Region)
		for _, rule := range officercard.Rules {
			d.Rules = append(d.Rules, ruleRow{Rule: rule, In: s.For(rule.Key, p.Region)})
		}
	}
	h.Render(w, r, status, "officer_cards", &webkit.View{Title: "执法人员红黄牌记录", Active: "cards", Data: d, Errors: d.Errors})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	f := filterOf(r.URL.Query())
	if !auth.CanListOfficerCards(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "无权查看执法人员红黄牌"))
		return
	}
	if err := f.Check(); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	webkit.Attachment(w, "officer-cards-"+clock.TodayString(r.Context())+".xlsx", "执法人员红黄牌"+clock.TodayString(r.Context())+".xlsx")
	if err := officercard.Export(r.Context(), h.ReadDB().R, p, f, w); err != nil {
		h.Log.Error("officer card export", "err", err)
	}
}

func (h *Handler) lift(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	reason := r.PostFormValue("reason")
	c, err := officercard.Lift(r.Context(), h.DB, auth.From(r.Context()), id, reason)
	if err != nil {
		h.FormError(w, r, err, func(status int) {
			h.page(w, r, status, &listData{Errors: fieldsOf(err, "reason"), FormID: id, Reason: reason})
		})
		return
	}
	h.Flash(r, "已撤销"+c.OfficerName+"的"+c.ColourLabel()+"。")
	http.Redirect(w, r, "/officer-cards", http.StatusSeeOther)
}

func (h *Handler) setRule(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	p := auth.From(r.Context())
	key := r.PostFormValue("rule")
	st := officercard.Setting{Colour: r.PostFormValue("colour"), Points: webkit.Atoi(r.PostFormValue("points")),
		Months: webkit.Atoi(r.PostFormValue("months"))}
	if err := officercard.SetRule(r.Context(), h.DB, p, p.Region, key, st); err != nil {
		h.FormError(w, r, err, func(status int) {
			h.page(w, r, status, &listData{Errors: fieldsOf(err, "colour"), FormID: -1, FormRule: key})
		})
		return
	}
	h.Flash(r, fmt.Sprintf("已设置本辖区红黄牌规则“%s”。", officercard.RuleLabel(key)))
	http.Redirect(w, r, "/officer-cards", http.StatusSeeOther)
}

// fieldsOf are err's fields, or its message under field.
func fieldsOf(err error, field string) apperr.Fields {
	e := apperr.As(err)
	if len(e.Fields) > 0 {
		return e.Fields
	}
	return apperr.Fields{field: e.Message}
}
