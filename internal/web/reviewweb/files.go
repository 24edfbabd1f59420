package reviewweb

import (
	"fmt"
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/review"
	"zfjd/internal/web/webkit"
)

type showData struct {
	C       *review.Campaign
	Files   []*review.File
	Results []review.Result
	Body    bool
	Stds    []*review.Standard // the standard chosen per case kind
	Next    webkit.Next        // 下一步 (next.go)
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	c, err := h.svc.Campaign(ctx, p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &showData{C: c, Body: review.IsBody(p, c)}
	if d.Stds, err = h.svc.CampaignStandards(ctx, c); err != nil {
		h.UIError(w, r, err)
		return
	}
	if d.Files, err = h.svc.Files(ctx, p, c); err == nil && (d.Body || c.Status == review.CampaignPublished) {
		d.Results, err = h.svc.Results(ctx, p, c)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Next = campaignNext(c, d.Body)
	h.Render(w, r, http.StatusOK, "campaign", &webkit.View{Title: c.Name, Active: "reviews", Data: d})
}

type fileData struct {
	F        *review.File
	C        *review.Campaign
	Std      *review.Standard
	Mine     *review.Mark // the viewer's own sheet, while scoring
	Body     bool
	Reconcil bool
	SeesCase bool // the case page is in the viewer's jurisdiction
	Next     webkit.Next
}

func (h *Handler) file(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	f, c, err := h.svc.File(ctx, p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	std, err := review.LoadStandard(ctx, h.DB.R, c.StandardFor(f.Kind))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := &fileData{F: f, C: c, Std: std, Body: review.IsBody(p, c),
		SeesCase: auth.CanSeeCase(p, auth.Target{Region: f.RegionCode, Agencies: []string{f.AgencyCode}})}
	for i := range f.Scores {
		if f.Scores[i].Reviewer == p.Username && f.Status == review.FileScoring {
			d.Mine = &f.Scores[i]
		}
	}
	d.Reconcil = d.Body && f.Status == review.FileReconcile
	d.Next = fileNext(f, p, d.Body)
	h.Render(w, r, http.StatusOK, "file", &webkit.View{Title: "评查案卷 " + f.Label(), Active: "reviews", Data: d})
}

func (h *Handler) assign(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	id := pathID(r)
	err := h.svc.Assign(r.Context(), auth.From(r.Context()), id, r.PostForm["reviewer"])
	h.done(w, r, fmt.Sprintf("/reviews/files/%d", id), "已分配评查人员，各自独立评分。", err)
}

// sheetOf reads the score form: veto checkboxes and deduction fields d.CODE.
func sheetOf(r *http.Request) review.Sheet {
	sh := review.Sheet{Vetoes: r.PostForm["veto"], Deductions: map[string]int{}}
	for k, v := range r.PostForm {
		if code, ok := strings.CutPrefix(k, "d."); ok && len(v) > 0 && strings.TrimSpace(v[0]) != "" {
			sh.Deductions[code] = webkit.Atoi(v[0])
		}
	}
	return sh
}

func (h *Handler) score(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	id := pathID(r)
	err := h.svc.Submit(r.Context(), auth.From(r.Context()), id, sheetOf(r), r.PostFormValue("note"))
	h.done(w, r, fmt.Sprintf("/reviews/files/%d", id), "已提交评分。", err)
}

func (h *Handler) reconcile(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.UIError(w, r, apperr.New(apperr.Invalid, "表单无效"))
		return
	}
	id := pathID(r)
	err := h.svc.Reconcile(r.Context(), auth.From(r.Context()), id, sheetOf(r), r.PostFormValue("note"))
	h.done(w, r, fmt.Sprintf("/reviews/files/%d", id), "合议完成，案卷已评定。", err)
}

type fileCaseData struct {
	F    *review.File
	Case *review.CaseFile
}

// fileCase is the case of a drawn file as its reviewers read it (an
// outside reviewer reaches no other case page).
func (h *Handler) fileCase(w http.ResponseWriter, r *http.Request) {
	f, cf, err := h.svc.FileCase(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "file_case", &webkit.View{Title: "评查阅卷 " + cf.CaseNo, Active: "reviews", Data: &fileCaseData{F: f, Case: cf}})
}
