package coordweb

import (
	"net/http"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/coordination"
	"zfjd/internal/web/webkit"
)

type overlapData struct {
	Rows      []*coordination.Overlap
	Selective []*coordination.Selective
	NotHeld   []*coordination.NotHeld
	Filter    coordination.OverlapFilter
	Errors    apperr.Fields
	// Settings is the form of the viewer's region's parameters (nil for
	// who sets none); SettingsErr the refused form's fields.
	Settings    *coordination.OverlapSettings
	SettingsIn  string // the region that set those in force ("" = defaults)
	SettingsErr apperr.Fields
	SettingsMsg string
	Region      string
}

func (h *Handler) overlaps(w http.ResponseWriter, r *http.Request) {
	h.overlapsWith(w, r, http.StatusOK, nil, nil)
}

// overlapsWith renders the list; set, when not nil, is a refused settings
// form with its error.
func (h *Handler) overlapsWith(w http.ResponseWriter, r *http.Request, status int, set *coordination.OverlapSettings, serr error) {
	ctx, p, q := r.Context(), auth.From(r.Context()), r.URL.Query()
	n, _ := strconv.Atoi(q.Get("min_agencies"))
	d := &overlapData{Filter: coordination.OverlapFilter{Region: strings.TrimSpace(q.Get("region")), From: q.Get("from"),
		To: q.Get("to"), MinAgencies: n}}
	list, err := coordination.Overlaps(ctx, h.DB, p, &d.Filter)
	if apperr.Is(err, apperr.Invalid) {
		d.Errors = apperr.As(err).Fields
		d.Filter = coordination.OverlapFilter{}
		list, err = coordination.Overlaps(ctx, h.DB, p, &d.Filter)
	}
	if err == nil {
		d.Selective, err = coordination.SelectiveEnforcement(ctx, h.DB, p, &d.Filter)
	}
	if err == nil {
		d.NotHeld, err = coordination.NotHeldMatters(ctx, h.DB, p, &d.Filter)
	}
	if err == nil && p.Region != "" && auth.CanCoordinate(p, p.Region) {
		var s coordination.OverlapSettings
		s, d.SettingsIn, err = coordination.OverlapSettingsOf(ctx, h.DB.R, p.Region)
		d.Settings, d.Region = &s, p.Region
		if set != nil {
			e := apperr.As(serr)
			d.Settings, d.SettingsErr, d.SettingsMsg = set, e.Fields, e.Message
		}
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = list
	h.Render(w, r, status, "overlaps", &webkit.View{Title: "重复执法发现", Active: "coordination", Data: d})
}

// overlapSettings saves the viewer's region's parameters; a refusal
// shows the list again with the form open and each field's error.
func (h *Handler) overlapSettings(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		h.UIError(w, r, err)
		return
	}
	p := auth.From(r.Context())
	s := coordination.OverlapSettings{WindowDays: webkit.Atoi(r.PostFormValue("window_days")),
		MinAgencies: webkit.Atoi(r.PostFormValue("min_agencies")), SelectiveCases: webkit.Atoi(r.PostFormValue("selective_cases")),
		SelectiveRatio: webkit.Atoi(r.PostFormValue("selective_ratio"))}
	err := coordination.PutOverlapSettings(r.Context(), h.DB, p, r.PostFormValue("region"), s)
	if apperr.Is(err, apperr.Invalid) {
		h.overlapsWith(w, r, http.StatusBadRequest, &s, err)
		return
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Flash(r, "已保存本区划重复执法发现参数，下级区划未自行设置的沿用本设置。")
	http.Redirect(w, r, "/coordination/overlaps", http.StatusSeeOther)
}

func (h *Handler) board(w http.ResponseWriter, r *http.Request) {
	b, err := coordination.GetBoard(r.Context(), h.DB, auth.From(r.Context()), strings.TrimSpace(r.URL.Query().Get("region")))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Refresh", "60") // the board refreshes itself, without script
	h.Render(w, r, http.StatusOK, "board", &webkit.View{Title: "指挥看板", Active: "coordination", Data: b})
}

func caseStatus(s string) string {
	if l, ok := cases.StatusLabels[s]; ok {
		return l
	}
	return s
}

// yuan is an amount in fen as yuan.
func yuan(fen int64) string {
	s := strconv.FormatInt(fen/100, 10)
	if c := fen % 100; c != 0 {
		s += "." + strconv.FormatInt(c/10, 10)
		if c%10 != 0 {
			s += strconv.FormatInt(c%10, 10)
		}
	}
	return s
}

func tierLabel(t string) string {
	if l, ok := cases.TierLabels[t]; ok {
		return l
	}
	return t
}
