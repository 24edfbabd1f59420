package inspectionweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/inspection"
	"zfjd/internal/web/webkit"
)

type listData struct {
	Rows      []*inspection.Inspection
	Filter    *inspection.Filter
	Errors    apperr.Fields
	CanCreate bool
	Rules     []struct{ Code, Label, Basis string }
	Statuses  map[string]string
}

func (h *Handler) listFilter(r *http.Request) *inspection.Filter {
	q := r.URL.Query()
	f := filterOf(r, q.Get("region"))
	f.Agency, f.Enterprise, f.Page = q.Get("agency"), q.Get("enterprise"), webkit.PageOf(q)
	return f
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	f := h.listFilter(r)
	d := listData{Filter: f, CanCreate: auth.MayWriteInspections(p), Rules: inspection.Rules, Statuses: inspection.StatusLabels}
	if err := f.Check(); err != nil {
		d.Errors = apperr.As(err).Fields
		*f = inspection.Filter{Page: f.Page}
	}
	rows, err := h.svc.List(r.Context(), h.ReadDB(), p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Rows = rows
	h.Render(w, r, http.StatusOK, "inspections", &webkit.View{Title: "涉企行政检查", Active: "inspections", Data: d})
}

func (h *Handler) export(w http.ResponseWriter, r *http.Request) {
	f := h.listFilter(r)
	if err := f.Check(); err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="inspections.xlsx"; filename*=UTF-8''`+url.PathEscape("涉企行政检查.xlsx"))
	if err := h.svc.Export(r.Context(), h.ReadDB(), auth.From(r.Context()), f, w); err != nil {
		h.Log.Error("inspection export", "err", err)
	}
}

type newData struct {
	In    *inspection.Inspection
	Items []*inspection.Item
	Kinds []struct{ Code, Label string }
}

func (h *Handler) renderNew(w http.ResponseWriter, r *http.Request, status int, in *inspection.Inspection, err error) {
	p := auth.From(r.Context())
	items, ierr := inspection.Items(r.Context(), h.ReadDB().R, inspection.ItemFilter{Agency: p.Agency, Region: p.Region})
	if ierr != nil {
		h.UIError(w, r, ierr)
		return
	}
	v := &webkit.View{Title: "登记涉企行政检查", Active: "inspections", Data: newData{In: in, Items: items, Kinds: inspection.Kinds}}
	withError(v, err)
	h.Render(w, r, status, "inspection_new", v)
}

func (h *Handler) newForm(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.MayWriteInspections(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "您的角色（%s）不能登记行政检查", p.Role.Label()))
		return
	}
	h.renderNew(w, r, http.StatusOK, &inspection.Inspection{AgencyCode: p.Agency, RegionCode: p.Region, Kind: "routine"}, nil)
}

func (h *Handler) create(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	r.ParseForm()
	fv := r.PostForm
	in := &inspection.Inspection{AgencyCode: p.Agency, RegionCode: strings.TrimSpace(fv.Get("region_code")), MatterCode: fv.Get("matter_code"),
		Kind: fv.Get("kind"), Directed: fv.Get("directed") == "1", Emergency: fv.Get("emergency") == "1",
		Enterprise: inspection.Enterprise{Name: fv.Get("enterprise_name"), IDNumber: fv.Get("enterprise_id")}}
	if in.AgencyCode == "" {
		in.AgencyCode = fv.Get("agency_code")
	}
	for _, c := range strings.FieldsFunc(fv.Get("joint_agency_codes"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\n' }) {
		in.JointAgency = append(in.JointAgency, c)
	}
	out, err := h.svc.Create(r.Context(), p, in)
	if err != nil {
		h.FormError(w, r, err, func(status int) { h.renderNew(w, r, status, in, err) })
		return
	}
	h.Flash(r, "已登记检查，请报负责人审批"+map[bool]string{true: "（紧急检查可先行报备入企，3个工作日内补办审批）"}[in.Emergency])
	http.Redirect(w, r, "/inspections/"+strconv.FormatInt(out.ID, 10), http.StatusSeeOther)
}

type showData struct {
	In         *inspection.Inspection
	Offered    []*flow.Act[*inspection.State]
	Next       webkit.Next
	Checklist  []string
	Officers   []inspection.PoolInspector
	PublicURL  string
	Docs       []string
	Today      string
	Recordings *recordingsData
	Joint      *jointData
	Photos     *photosData
}

func (h *Handler) show(w http.ResponseWriter, r *http.Request) {
	h.renderShow(w, r, http.StatusOK, nil)
}

func (h *Handler) renderShow(w http.ResponseWriter, r *http.Request, status int, actErr error) {
	h.renderPage(w, r, status, actErr, nil)
}

// renderPage renders the inspection's page, with an act's error or the
// recording form's state (nil: none).
func (h *Handler) renderPage(w http.ResponseWriter, r *http.Request, status int, actErr error, form *recordingForm) {
	h.renderFull(w, r, status, actErr, form, nil)
}

// renderFull renders the inspection's page with an act's error, the
// recording form's and the photo form's states (nil: none).
func (h *Handler) renderFull(w http.ResponseWriter, r *http.Request, status int, actErr error, form *recordingForm, pform *photoForm) {
	p := auth.From(r.Context())
	in, err := h.svc.Get(r.Context(), p, pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	st := inspection.StateOf(in)
	elsewhere := "须由" + in.AgencyName + "办理"
	d := showData{In: in, Today: clock.TodayString(r.Context())}
	if auth.CanWriteInspection(p, in.Target()) {
		d.Offered, elsewhere = inspection.Workflow.Offered(st, p.Role), ""
	}
	d.Next = webkit.NextOf(inspection.Workflow, st, p, webkit.Here[*inspection.State](elsewhere))
	d.Next.Done = "检查已结束，没有待办理的环节。"
	if in.Code != "" {
		d.PublicURL = h.publicURL(in.Code)
	}
	if it, err := inspection.GetItem(r.Context(), h.DB.R, in.MatterCode); err == nil {
		d.Checklist = it.Checklist
	}
	if d.Officers, err = inspection.CertifiedOfficers(r.Context(), h.DB.R, in.AgencyCode); err != nil {
		h.UIError(w, r, err)
		return
	}
	d.Docs = inspection.Workflow.Reaches(func(t string) bool {
		if t == inspection.ActChecklist {
			return len(in.Checklist) > 0
		}
		return in.Has(inspection.EventOf(t))
	})
	if d.Joint, err = h.jointForm(r, p, in); err != nil {
		h.UIError(w, r, err)
		return
	}
	if d.Recordings, err = h.loadRecordings(r, in, form); err != nil {
		h.UIError(w, r, err)
		return
	}
	if d.Photos, err = h.loadPhotos(r, in, d.Checklist, pform); err != nil {
		h.UIError(w, r, err)
		return
	}
	v := &webkit.View{Title: in.Enterprise.Name + " · " + inspection.KindLabel(in.Kind), Active: "inspections", Data: d}
	withError(v, actErr)
	h.Render(w, r, status, "inspection", v)
}

func (h *Handler) act(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	fv := r.PostForm
	a := inspection.ActInput{Code: fv.Get("code"), Note: fv.Get("note"), ProblemFound: fv.Get("problem_found") == "1"}
	a.Officers = append(a.Officers, fv["officers"]...)
	items := fv["item"]
	for i, it := range items {
		a.Items = append(a.Items, inspection.CheckItem{Item: it, Problem: fv.Get("problem_"+strconv.Itoa(i)) == "1",
			Note: fv.Get("item_note_" + strconv.Itoa(i))})
	}
	t := r.PathValue("type")
	if _, err := h.svc.Act(r.Context(), auth.From(r.Context()), pathID(r), t, a); err != nil {
		h.FormError(w, r, err, func(status int) { h.renderShow(w, r, status, err) })
		return
	}
	if act, ok := inspection.Workflow.Act(t); ok {
		h.Flash(r, "已办理："+act.Label)
	}
	http.Redirect(w, r, "/inspections/"+r.PathValue("id"), http.StatusSeeOther)
}

func (h *Handler) qr(w http.ResponseWriter, r *http.Request) {
	in, err := h.svc.Get(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if in.Code == "" {
		h.UIError(w, r, apperr.NotFoundf("检查码"))
		return
	}
	png, err := qrcode.Encode(h.publicURL(in.Code), qrcode.Medium, 320)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(png)
}

// doc is 行政检查审批表 or 现场检查笔录 as a print-ready A4 page, or .docx
// with ?format=docx (package docs lays out both from the same blocks).
func (h *Handler) doc(w http.ResponseWriter, r *http.Request) {
	id, kind := pathID(r), r.PathValue("kind")
	d, err := h.svc.Document(r.Context(), auth.From(r.Context()), id, kind, photoURL(id))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	back := "/inspections/" + strconv.FormatInt(id, 10)
	if r.URL.Query().Get("format") == "docx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="inspection-%d-%s.docx"; filename*=UTF-8''%s`,
			id, kind, url.PathEscape(d.Title+".docx")))
		if err := d.WriteDocx(w); err != nil {
			h.Log.Error("docx", "inspection", id, "err", err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := d.WriteHTML(w, back, back+"/docs/"+kind+"?format=docx"); err != nil {
		h.Log.Error("document", "inspection", id, "err", err)
	}
}

// msTime is a unix-ms instant as a time (Last-Modified of a served file).
func msTime(ms int64) time.Time { return time.UnixMilli(ms) }
