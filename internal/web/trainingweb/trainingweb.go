// Package trainingweb serves 法律培训互联网+ (issue 19): the officer's study
// page on a phone with its heartbeat, mock exams, the question bank with
// its xlsx import and export, the official exam sessions with their seat
// lists and published pass lists, plans and statistics.
package trainingweb

import (
	"embed"
	"net/http"
	"strconv"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/training"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed training.js
var script []byte

// Handler serves the training pages.
type Handler struct {
	*webkit.Pages
	svc *training.Service
}

// New builds the handler on k's database.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, map[string]any{
		"letter":     training.Letter,
		"trackLabel": func(v string) string { return training.Label(training.Tracks, v) },
		"failLabel":  func(v string) string { return training.Label(training.FailActions, v) },
		"hours": func(sec int) string {
			return strconv.FormatFloat(float64(sec*10/training.SecondsPerHour)/10, 'f', 1, 64)
		},
		"minutes": func(sec int) int { return sec / 60 },
		"pct":     func(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) + "%" },
		"chosen": func(answer, letter string) bool {
			for _, r := range answer {
				if string(r) == letter {
					return true
				}
			}
			return false
		},
	})
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg, svc: training.NewService(k.DB)}, nil
}

// Routes registers the training pages.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /training/training.js", h.js)
	r.UI("GET /training", h.home)
	r.UI("GET /training/courses/{id}", h.course)
	r.UI("POST /training/courses/{id}/beat", h.beat)
	r.UI("POST /training/courses/{id}/materials", h.materialAdd)
	r.UI("GET /training/materials/{id}", h.material)
	r.UI("GET /training/courses/new", h.courseNew)
	r.UI("POST /training/courses", h.courseCreate)
	r.UI("GET /training/plans", h.plans)
	r.UI("POST /training/plans", h.planSave)
	r.UI("POST /training/mock", h.mock)
	r.UI("GET /training/papers/{id}", h.paper)
	r.UI("POST /training/papers/{id}", h.submit)
	r.UI("GET /training/questions", h.questions)
	r.UI("POST /training/questions", h.questionAdd)
	r.UI("GET /training/questions/export", h.questionExport)
	r.UI("POST /training/questions/import", h.questionImport)
	r.UI("GET /training/exams", h.exams)
	r.UI("POST /training/exams", h.examCreate)
	r.UI("GET /training/exams/{id}", h.exam)
	r.UI("POST /training/exams/{id}/seats", h.examSeats)
	r.UI("POST /training/exams/{id}/start", h.examStart)
	r.UI("POST /training/exams/{id}/publish", h.examPublish)
	r.UI("GET /training/rules", h.rules)
	r.UI("POST /training/rules", h.ruleSave)
	r.UI("GET /training/stats", h.stats)
	r.UI("GET /training/stats/export", h.statsExport)
	r.Public("GET /public/exams", h.publicExams)
	r.Public("GET /public/exams/{id}", h.publicPassList)
}

func (h *Handler) js(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(script)
}

func pathID(r *http.Request) int64 {
	n, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return n
}

// year is the ?year= asked for, else this year.
func year(r *http.Request) int {
	if y := webkit.Atoi(r.URL.Query().Get("year")); y >= 2000 && y <= 2100 {
		return y
	}
	return clock.Now(r.Context()).In(clock.Shanghai).Year()
}

// region is the form's region, else the viewer's own.
func region(r *http.Request, p *auth.Principal) string {
	if v := r.FormValue("region_code"); v != "" {
		return v
	}
	if p != nil {
		return p.Region
	}
	return ""
}
