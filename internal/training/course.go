package training

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Course is one course with its text material. Agency "" offers it to
// every agency of the region (and below); Domain "" to every field.
type Course struct {
	ID         int64  `json:"id"`
	RegionCode string `json:"region_code"`
	AgencyCode string `json:"agency_code"`
	Year       int    `json:"year"`
	Track      string `json:"track"`
	Domain     string `json:"domain"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	Minutes    int    `json:"minutes"`
	// Audience is who among those officers it is assigned to (Audiences).
	Audience string `json:"audience"`
	// Materials are its PDF and video files (course pages).
	Materials []*Material `json:"materials,omitempty"`
	// Seconds the reader has studied it (study pages).
	Studied int `json:"-"`
}

// Target is where the course lives.
func (c *Course) Target() auth.Target {
	t := auth.Target{Region: c.RegionCode}
	if c.AgencyCode != "" {
		t.Agencies = []string{c.AgencyCode}
	}
	return t
}

// TrackLabel is the track in Chinese.
func (c *Course) TrackLabel() string { return Label(Tracks, c.Track) }

// Percent is how much of the course the reader has studied.
func (c *Course) Percent() int {
	if c.Minutes <= 0 {
		return 0
	}
	return min(100, c.Studied*100/(c.Minutes*60))
}

func (c *Course) normalize(ctx context.Context) error {
	f := apperr.Fields{}
	c.Title, c.Body, c.Domain = strings.TrimSpace(c.Title), strings.TrimSpace(c.Body), strings.TrimSpace(c.Domain)
	c.AgencyCode = ident.NormalizeUSCC(c.AgencyCode)
	if ident.ValidateRegionCode(c.RegionCode) != nil {
		f.Set("region_code", "请选择有效的行政区划")
	}
	if c.Title == "" {
		f.Set("title", "请填写课程名称")
	}
	textcheck.CheckText(f, "title", c.Title, 100)
	if c.Body == "" {
		f.Set("body", "请填写课程内容")
	}
	textcheck.CheckLines(f, "body", c.Body, 50000)
	textcheck.CheckText(f, "domain", c.Domain, 50)
	if !isOption(Tracks, c.Track) {
		f.Set("track", "请选择培训类别")
	}
	if !isOption(Audiences, c.Audience) {
		f.Set("audience", "请选择培训对象")
	}
	if c.Minutes < 5 || c.Minutes > 600 {
		f.Set("minutes", "课程时长应在5至600分钟之间")
	}
	if c.Year == 0 {
		c.Year = clock.Now(ctx).In(clock.Shanghai).Year()
	}
	if c.Year < 2000 || c.Year > 2100 {
		f.Set("year", "年度无效")
	}
	return f.Err()
}

// AddCourse publishes a course.
func (s *Service) AddCourse(ctx context.Context, p *auth.Principal, c *Course) error {
	if err := c.normalize(ctx); err != nil {
		return err
	}
	if !auth.CanKeepCourses(p, c.Target()) {
		return apperr.New(apperr.Forbidden, "无权为该地区或部门发布课程")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO training_courses (region_code, agency_code, year, track, domain, title, body, minutes,
			audience, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id`, c.RegionCode, c.AgencyCode, c.Year, c.Track,
			c.Domain, c.Title, c.Body, c.Minutes, c.Audience, p.Who(), clock.Millis(ctx)).Scan(&c.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "training_course", itoa(c.ID), c.RegionCode, nil, c)
	})
}

const courseCols = `c.id, c.region_code, c.agency_code, c.year, c.track, c.domain, c.title, c.body, c.minutes, c.audience`

func scanCourse(row interface{ Scan(...any) error }, extra ...any) (*Course, error) {
	var c Course
	err := row.Scan(append([]any{&c.ID, &c.RegionCode, &c.AgencyCode, &c.Year, &c.Track, &c.Domain, &c.Title, &c.Body, &c.Minutes, &c.Audience}, extra...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("课程")
	}
	return &c, err
}

func getCourse(ctx context.Context, q store.Querier, id int64) (*Course, error) {
	return scanCourse(q.QueryRowContext(ctx, `SELECT `+courseCols+` FROM training_courses c WHERE c.id = $1`, id))
}

// ancestors are region and the regions above it (370102 → 370102, 370100,
// 370000): where courses and questions that reach region may live.
func ancestors(region string) []string {
	out := []string{region}
	if len(region) == 6 {
		if region[4:] != "00" {
			out = append(out, region[:4]+"00")
		}
		if region[2:] != "0000" {
			out = append(out, region[:2]+"0000")
		}
	}
	return out
}

func inList(w *store.Where, col string, vals []string) {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = w.Arg(v)
	}
	w.Add(col + " IN (" + strings.Join(ph, ", ") + ")")
}

// CoursesFor lists the courses of year offered to the officer p, with the
// seconds p has studied each.
func (s *Service) CoursesFor(ctx context.Context, p *auth.Principal, year int) ([]*Course, error) {
	o, err := s.officer(ctx, p)
	if err != nil {
		return nil, err
	}
	w := &store.Where{}
	inList(w, "c.region_code", ancestors(o.RegionCode))
	w.Add("c.agency_code = '' OR c.agency_code = ?", o.AgencyCode)
	w.Add("c.domain = '' OR c.domain = ?", o.Domain)
	w.Add("c.year = ?", year)
	inList(w, "c.audience", AudiencesOf(o, year, clock.TodayString(ctx)))
	cert := w.Arg(o.CertNo)
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+courseCols+`, COALESCE(st.seconds, 0) FROM training_courses c
		LEFT JOIN training_study st ON st.course_id = c.id AND st.cert_no = `+cert+w.SQL()+` ORDER BY c.track, c.id`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Course
	for rows.Next() {
		var studied int
		c, err := scanCourse(rows, &studied)
		if err != nil {
			return nil, err
		}
		c.Studied = studied
		out = append(out, c)
	}
	return out, rows.Err()
}

// offered reports whether course c is assigned to officer o: from o's
// region or above, for o's agency or all, for o's field or all, and for
// o's kind of officer (AudiencesOf).
func offered(c *Course, o *registry.Officer, today string) bool {
	return auth.CourseReaches(c.RegionCode, c.AgencyCode, o.RegionCode, o.AgencyCode) && (c.Domain == "" || c.Domain == o.Domain) &&
		slices.Contains(AudiencesOf(o, c.Year, today), c.Audience)
}

// CourseFor is one course as the officer p studies it; a course not
// offered to p does not exist for p.
func (s *Service) CourseFor(ctx context.Context, p *auth.Principal, id int64) (*Course, error) {
	o, err := s.officer(ctx, p)
	if err != nil {
		return nil, err
	}
	c, err := getCourse(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !offered(c, o, clock.TodayString(ctx)) {
		return nil, apperr.NotFoundf("课程")
	}
	err = s.db.R.QueryRowContext(ctx, `SELECT seconds FROM training_study WHERE course_id = $1 AND cert_no = $2`, id, o.CertNo).Scan(&c.Studied)
	if errors.Is(err, sql.ErrNoRows) {
		err = nil
	}
	if err == nil {
		err = s.materialsOf(ctx, c)
	}
	return c, err
}

// Courses lists the courses of year that p keeps or may read (its region
// subtree; an agency's own and the region's).
func (s *Service) Courses(ctx context.Context, p *auth.Principal, year int) ([]*Course, error) {
	w := &store.Where{}
	auth.FilterRegion(p, w, "c.region_code")
	if p != nil && p.Agency != "" {
		w.Add("c.agency_code = '' OR c.agency_code = ?", p.Agency)
	}
	w.Add("c.year = ?", year)
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+courseCols+` FROM training_courses c`+w.SQL()+` ORDER BY c.id DESC LIMIT 200`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Course
	for rows.Next() {
		c, err := scanCourse(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.materialsOf(ctx, out...)
}
