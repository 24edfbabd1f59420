// Package calendarweb serves the working-day calendar: the years, each
// year's month grid with its edit form, and the calendar's exchange API.
package calendarweb

import (
	"embed"

	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// Handler serves the calendar pages and API.
type Handler struct {
	*webkit.Pages
}

// New builds the handler and parses its templates.
func New(k *webkit.Kit) (*Handler, error) {
	pg, err := k.NewPages(templateFS, nil)
	if err != nil {
		return nil, err
	}
	return &Handler{Pages: pg}, nil
}

// Routes registers the calendar pages and API operations.
func (h *Handler) Routes(r *webkit.Router) {
	r.UI("GET /calendar", h.calendarList)
	r.UI("GET /calendar/{year}", h.calendarShow)
	r.UI("POST /calendar/{year}", h.calendarSave)

	r.API("GET /api/v1/calendar", h.apiCalendarList)
	r.API("GET /api/v1/calendar/{year}", h.apiCalendarGet)
	r.API("PUT /api/v1/calendar/{year}", h.apiCalendarPut)
}
