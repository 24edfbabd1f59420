// Package inspectionweb serves 涉企执法阳光监督 (C9): the inspection list
// and page with its next step, the 检查码 QR the officer shows, the
// enterprise's phone page reached by scanning it and its rating form, the
// 检查事项清单, yearly plans, 综合查一次 proposals, 双随机 draws, ratings for
// supervision, the published list on the portal, and the §4 API.
package inspectionweb

import (
	"context"
	"database/sql"
	"embed"
	"html/template"
	"net/http"
	"strconv"

	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/inspection"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the inspection pages and API.
type Handler struct {
	*webkit.Pages
	svc *inspection.Service
	// Spend checks and uses up a rating's proof-of-work challenge (spec
	// §3's GET /api/v1/public/challenge, §4's rating body): New sets it to
	// complaint.SpendTx, in the rating's transaction, so a rating without a
	// valid unspent proof is refused with 400 and only a stored one spends it.
	Spend func(ctx context.Context, tx *sql.Tx, challenge, nonce string) error
}

// New builds the handler on the inspection service of k's database (its
// deadlines on the stored working-day calendar) and parses its templates.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, funcs)
	if err != nil {
		return nil, err
	}
	h := &Handler{Pages: pg, svc: inspection.NewService(k.DB, calendar.RulesCalendar)}
	h.Spend = complaint.SpendTx
	return h, nil
}

var funcs = template.FuncMap{
	"kindLabel":   inspection.KindLabel,
	"statusLabel": inspection.StatusLabel,
	"ruleLabel":   inspection.RuleLabel,
	"eventLabel":  inspection.EventLabel,
	"tierLabel":   inspection.TierLabel,
	"docLabel":    func(d string) string { return inspection.DocLabels[d] },
	"certLabel":   certLabel,
	"deref":       func(b *bool) bool { return b != nil && *b },
	// heatLevel buckets a month's visits for the heat map's shading.
	"heatLevel": func(n int) int { return min(n, 4) },
}

func certLabel(s string) string {
	if l, ok := map[string]string{"valid": "有效", "expired": "已过期", "pending": "未生效", "suspended": "已暂扣", "revoked": "已吊销",
		"cancelled": "已注销", "unknown": "未登记"}[s]; ok {
		return l
	}
	return s
}

// Routes registers the inspection pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /inspections", h.list)
	r.UI("GET /inspections/export.xlsx", h.export)
	r.UI("GET /inspections/new", h.newForm)
	r.UI("POST /inspections/new", h.create)
	r.UI("GET /inspections/{id}", h.show)
	r.UI("POST /inspections/{id}/act/{type}", h.act)
	r.UI("POST /inspections/{id}/joint/new", h.jointAdd) // not /joint: /inspections/items/{code} holds that shape
	r.UI("GET /inspections/{id}/qr.png", h.qr)
	r.UI("GET /inspections/{id}/docs/{kind}", h.doc)
	r.UI("POST /inspections/{id}/recordings/new", h.recordingAdd) // not /recordings: /inspections/items/{code} holds that shape
	r.UI("GET /inspections/{id}/recordings/{rid}", h.recordingFile)
	r.UI("POST /inspections/{id}/photos/new", h.photoAdd) // not /photos: /inspections/items/{code} holds that shape
	r.UI("GET /inspections/{id}/photos/{hash}", h.photoFile)
	r.UI("GET /inspections/items", h.items)
	r.UI("POST /inspections/items/{code}", h.itemSave)
	r.UI("GET /inspections/plans", h.plans)
	r.UI("POST /inspections/plans", h.planSave)
	r.UI("GET /inspections/joint", h.joint)
	r.UI("POST /inspections/joint/new", h.jointVisit)
	r.UI("GET /inspections/draws", h.draws)
	r.UI("POST /inspections/draws", h.drawRun)
	r.UI("POST /inspections/pool", h.poolImport)
	r.UI("POST /inspections/conflicts", h.conflictSave)
	r.UI("GET /inspections/ratings", h.ratings)
	r.UI("GET /inspections/stats", h.stats)
	r.UI("POST /inspections/caps", h.capsSave)

	r.Public("GET /public/inspections/{code}", h.phone)
	r.Public("POST /public/inspections/{code}/rating", h.phoneRate)
	r.Public("GET /public/inspection-items", h.publicItems)
	r.Public("GET /public/inspection-plans", h.publicPlans)
	r.Public("GET /public/draws/{id}", h.publicDraw)

	r.API("GET /api/v1/inspections", h.apiList)
	r.API("GET /api/v1/inspections/{source_system}/{source_id}", h.apiGet)
	r.API("PUT /api/v1/inspections/{source_system}/{source_id}", h.apiPut)
	r.Public("GET /api/v1/public/inspections/{code}", h.apiPublic)
	r.Public("POST /api/v1/public/inspections/{code}/rating", h.apiRate)
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}

// publicURL is what the 检查码's QR encodes: the enterprise's phone page.
func (h *Handler) publicURL(code string) string {
	return h.Opts.BaseURL + "/public/inspections/" + code
}
