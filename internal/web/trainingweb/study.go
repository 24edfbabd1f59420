package trainingweb

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/training"
	"zfjd/internal/web/webkit"
)

type homeData struct {
	Year        int
	Studies     bool
	Courses     []*training.Course
	YearSeconds int
	Attempts    []*training.Attempt
	Exams       []*training.Exam
	Laws        []string
	Keeps       bool // may keep the bank and the sessions of its region
	KeepsCourse bool
	Views       bool
}

// home is the officer's study desk (courses, mock exam, papers) and, for
// who keeps or reads training, the links to the rest.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	ctx := r.Context()
	d := &homeData{Year: year(r), Studies: auth.CanStudy(p), Laws: training.Laws, Keeps: auth.CanKeepExams(p, p.Region),
		KeepsCourse: auth.CanKeepCourses(p, auth.Target{Region: p.Region, Agencies: []string{p.Agency}}), Views: auth.CanViewSupervision(p)}
	var err error
	if d.Studies {
		if d.Courses, err = h.svc.CoursesFor(ctx, p, d.Year); err == nil {
			if d.YearSeconds, err = h.svc.YearOf(ctx, p, d.Year); err == nil {
				d.Attempts, err = h.svc.MyAttempts(ctx, p)
			}
		}
	}
	if err == nil {
		d.Exams, err = h.svc.Exams(ctx, p)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "training", &webkit.View{Title: "法律培训", Active: "training", Data: d})
}

type courseData struct {
	C                     *training.Course
	BeatEvery, MaxSeconds int
}

func (h *Handler) course(w http.ResponseWriter, r *http.Request) {
	c, err := h.svc.CourseFor(r.Context(), auth.From(r.Context()), pathID(r))
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "course", &webkit.View{Title: c.Title, Active: "training", Data: &courseData{C: c, BeatEvery: training.BeatEvery, MaxSeconds: c.Minutes * 60}})
}

// beat counts one heartbeat of the study page (JSON answer).
func (h *Handler) beat(w http.ResponseWriter, r *http.Request) {
	// A beat that does not say how long the page has been idle (not the
	// study page's own) is judged idle: Credit refuses a negative idle.
	idle, err := strconv.Atoi(strings.TrimSpace(r.FormValue("idle")))
	if err != nil {
		idle = -1
	}
	b := training.Beat{Visible: r.FormValue("visible") == "1", Idle: idle}
	pr, err := h.svc.Beat(r.Context(), auth.From(r.Context()), pathID(r), b)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, pr)
}

type courseForm struct {
	Form      url.Values
	Tracks    []registry.Option
	Audiences []registry.Option
}

func (h *Handler) courseNew(w http.ResponseWriter, r *http.Request) {
	if p := auth.From(r.Context()); !auth.CanKeepCourses(p, auth.Target{Region: p.Region, Agencies: []string{p.Agency}}) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "只有执法监督机构或执法部门管理员可以发布课程"))
		return
	}
	h.courseFormPage(w, r, http.StatusOK, url.Values{"region_code": {auth.From(r.Context()).Region}, "minutes": {"45"}}, nil)
}

func (h *Handler) courseFormPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, err error) {
	view := &webkit.View{Title: "发布课程", Active: "training", Data: &courseForm{Form: v, Tracks: training.Tracks, Audiences: training.Audiences}}
	if err != nil {
		e := apperr.As(err)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "course_new", view)
}

func (h *Handler) courseCreate(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	agency := r.PostForm.Get("agency_code")
	if p.Agency != "" {
		agency = p.Agency
	}
	c := &training.Course{RegionCode: region(r, p), AgencyCode: agency, Track: r.PostForm.Get("track"), Domain: r.PostForm.Get("domain"),
		Title: r.PostForm.Get("title"), Body: r.PostForm.Get("body"), Minutes: webkit.Atoi(r.PostForm.Get("minutes")),
		Year: webkit.Atoi(r.PostForm.Get("year")), Audience: r.PostForm.Get("audience")}
	if err := h.svc.AddCourse(r.Context(), p, c); err != nil {
		h.FormError(w, r, err, func(status int) { h.courseFormPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "课程已发布："+c.Title)
	http.Redirect(w, r, "/training/plans?year="+itoa(c.Year), http.StatusSeeOther)
}

type plansData struct {
	Year    int
	Plans   []*training.Plan
	Courses []*training.Course
	Tracks  []registry.Option
	Form    url.Values
	Keeps   bool
	// KeepsCourse: the viewer adds materials to the course of that id.
	KeepsCourse map[int64]bool
}

func (h *Handler) plans(w http.ResponseWriter, r *http.Request) {
	h.plansPage(w, r, http.StatusOK, url.Values{}, nil)
}

func (h *Handler) plansPage(w http.ResponseWriter, r *http.Request, status int, v url.Values, ferr error) {
	p := auth.From(r.Context())
	if !auth.CanViewSupervision(p) {
		h.UIError(w, r, apperr.NotFoundf("培训计划"))
		return
	}
	d := &plansData{Year: year(r), Tracks: training.Tracks, Form: v, Keeps: auth.CanKeepCourses(p, auth.Target{Region: p.Region, Agencies: []string{p.Agency}})}
	if y := webkit.Atoi(v.Get("year")); y > 0 {
		d.Year = y
	}
	var err error
	if d.Plans, err = h.svc.Plans(r.Context(), p, d.Year); err == nil {
		d.Courses, err = h.svc.Courses(r.Context(), p, d.Year)
	}
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d.KeepsCourse = map[int64]bool{}
	for _, c := range d.Courses {
		d.KeepsCourse[c.ID] = training.KeepsCourse(p, c)
	}
	view := &webkit.View{Title: "培训计划与课程", Active: "training", Data: d}
	if ferr != nil {
		e := apperr.As(ferr)
		view.Errors, view.Message = e.Fields, e.Message
	}
	h.Render(w, r, status, "plans", view)
}

func (h *Handler) planSave(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	p := auth.From(r.Context())
	agency := r.PostForm.Get("agency_code")
	if p.Agency != "" {
		agency = p.Agency
	}
	pl := &training.Plan{AgencyCode: agency, Year: webkit.Atoi(r.PostForm.Get("year")), Title: r.PostForm.Get("title"),
		Track: r.PostForm.Get("track"), RequiredHours: webkit.Atoi(r.PostForm.Get("required_hours")), Note: r.PostForm.Get("note")}
	if err := h.svc.PutPlan(r.Context(), p, pl); err != nil {
		if apperr.Is(err, apperr.Forbidden) {
			h.UIError(w, r, err) // who may not plan may not read the plans page either
			return
		}
		h.FormError(w, r, err, func(status int) { h.plansPage(w, r, status, r.PostForm, err) })
		return
	}
	h.Flash(r, "培训计划已保存")
	http.Redirect(w, r, "/training/plans?year="+itoa(pl.Year), http.StatusSeeOther)
}
