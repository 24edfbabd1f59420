package calendarweb

import (
	"net/http"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/web/webkit"
)

// The working-day calendar (spec: PUT /api/v1/calendar/{year}). Working-day
// periods (处罚法 Art. 85, 行政强制法 Art. 69) and the roll-forward of
// 民法典 Art. 203 are counted with it.

type calendarBody struct {
	Year     *int      `json:"year"`
	Holidays *[]string `json:"holidays"`
	Workdays *[]string `json:"workdays"`
	Source   *string   `json:"source"`
}

// calendarYear parses the {year} path segment: four digits, else 0.
func calendarYear(r *http.Request) int {
	s := r.PathValue("year")
	if len(s) != 4 {
		return 0
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1949 {
		return 0
	}
	return y
}

func (h *Handler) apiCalendarPut(w http.ResponseWriter, r *http.Request) {
	var b calendarBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	year := calendarYear(r)
	f := apperr.Fields{}
	if year == 0 {
		f.Set("year", "路径中的年份应为1949至9999之间的四位数字")
	} else if b.Year != nil && *b.Year != year {
		f.Set("year", "与路径中的年份不一致")
	}
	// Both lists are required (spec: bold); an empty array is a valid answer.
	if b.Holidays == nil {
		f.Set("holidays", "必填（没有节假日时填写空数组 []）")
	}
	if b.Workdays == nil {
		f.Set("workdays", "必填（没有调休上班日时填写空数组 []）")
	}
	if err := f.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	var source string
	if b.Source != nil {
		source = *b.Source
	}
	y, created, err := calendar.Put(r.Context(), h.DB, auth.From(r.Context()), year, *b.Holidays, *b.Workdays, source)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, webkit.PutStatus(created), y)
}

func (h *Handler) apiCalendarGet(w http.ResponseWriter, r *http.Request) {
	year := calendarYear(r)
	if year == 0 {
		h.APIError(w, r, apperr.New(apperr.NotFound, "工作日历不存在：年份应为四位数字"))
		return
	}
	y, err := calendar.Get(r.Context(), h.DB, year)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, y)
}

func (h *Handler) apiCalendarList(w http.ResponseWriter, r *http.Request) {
	list, err := calendar.List(r.Context(), h.DB)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	p := webkit.APIPage(r)
	p.Normalize()
	p.Total = len(list)
	list = list[min(p.Offset(), len(list)):min(p.Offset()+p.Size, len(list))]
	webkit.WriteJSON(w, http.StatusOK, webkit.List(list, p))
}
