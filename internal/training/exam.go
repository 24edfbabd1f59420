package training

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
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

// Exam is an official exam session: its seats are attempts with the
// session's id, one per officer, each paper drawn when its officer starts.
type Exam struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	RegionCode  string `json:"region_code"`
	Year        int    `json:"year"`
	SittingOn   string `json:"sitting_on"`
	Minutes     int    `json:"minutes"`
	Questions   int    `json:"questions"`
	PassScore   int    `json:"pass_score"`
	Law         string `json:"law"`
	Status      string `json:"status"` // open | published
	PublishedAt int64  `json:"published_at"`
	Version     int64  `json:"-"`
}

// KindLabel is the session's kind in Chinese.
func (e *Exam) KindLabel() string { return Label(ExamKinds, e.Kind) }

// Published reports whether the results and pass list are out.
func (e *Exam) Published() bool { return e.Status == "published" }

func (e *Exam) normalize(ctx context.Context) error {
	f := apperr.Fields{}
	e.Title, e.Law = strings.TrimSpace(e.Title), strings.TrimSpace(e.Law)
	if !isOption(ExamKinds, e.Kind) {
		f.Set("kind", "请选择考试类别")
	}
	if e.Title == "" {
		f.Set("title", "请填写考试名称")
	}
	textcheck.CheckText(f, "title", e.Title, 100)
	textcheck.CheckText(f, "law", e.Law, 60)
	if ident.ValidateRegionCode(e.RegionCode) != nil {
		f.Set("region_code", "请选择有效的行政区划")
	}
	if _, err := parseDay(e.SittingOn); err != nil {
		f.Set("sitting_on", "考试日期格式应为YYYY-MM-DD")
	} else {
		e.Year = atoiDay(e.SittingOn)
	}
	if e.Minutes < 10 || e.Minutes > 240 {
		f.Set("minutes", "考试时长应在10至240分钟之间")
	}
	if e.Questions < 5 || e.Questions > 200 {
		f.Set("questions", "题量应在5至200道之间")
	}
	if e.PassScore < 1 || e.PassScore > 100 {
		f.Set("pass_score", "合格分数应在1至100之间")
	}
	_ = ctx
	return f.Err()
}

// CreateExam opens a session (supervision of its region).
func (s *Service) CreateExam(ctx context.Context, p *auth.Principal, e *Exam) error {
	if err := e.normalize(ctx); err != nil {
		return err
	}
	if !auth.CanKeepExams(p, e.RegionCode) {
		return apperr.New(apperr.Forbidden, "只有本地区执法监督机构可以组织考试")
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		e.Status = "open"
		err := tx.QueryRowContext(ctx, `INSERT INTO training_exams (kind, title, region_code, year, sitting_on, minutes, questions, pass_score,
			law, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id`, e.Kind, e.Title, e.RegionCode, e.Year, e.SittingOn,
			e.Minutes, e.Questions, e.PassScore, e.Law, clock.Millis(ctx)).Scan(&e.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "training_exam", itoa(e.ID), e.RegionCode, nil, e)
	})
}

const examCols = `id, kind, title, region_code, year, sitting_on, minutes, questions, pass_score, law, status, published_at, version`

func scanExam(row interface{ Scan(...any) error }) (*Exam, error) {
	var e Exam
	err := row.Scan(&e.ID, &e.Kind, &e.Title, &e.RegionCode, &e.Year, &e.SittingOn, &e.Minutes, &e.Questions, &e.PassScore, &e.Law,
		&e.Status, &e.PublishedAt, &e.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("考试")
	}
	return &e, err
}

func getExam(ctx context.Context, q store.Querier, id int64) (*Exam, error) {
	return scanExam(q.QueryRowContext(ctx, `SELECT `+examCols+` FROM training_exams WHERE id = $1`, id))
}

func examStatus(ctx context.Context, q store.Querier, id int64) (string, error) {
	e, err := getExam(ctx, q, id)
	if err != nil {
		return "", err
	}
	return e.Status, nil
}

// Exam is session id for p: who keeps it or reads its region's training,
// or an officer seated in it.
func (s *Service) Exam(ctx context.Context, p *auth.Principal, id int64) (*Exam, error) {
	e, err := getExam(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if s.reads(ctx, s.db.R, p, e) {
		return e, nil
	}
	return nil, apperr.NotFoundf("考试")
}

// reads reports whether p may read session e: supervision of a region that
// holds it, an agency's admin or head under its region (the sessions above
// it seat its officers), or an officer seated in it.
func (s *Service) reads(ctx context.Context, q store.Querier, p *auth.Principal, e *Exam) bool {
	switch {
	case auth.CanKeepExams(p, e.RegionCode), auth.CanViewSupervision(p) && p.Agency == "" && auth.CanSee(p, auth.Target{Region: e.RegionCode}):
		return true
	case auth.CanViewSupervision(p) && p.Agency != "" && ident.Contains(e.RegionCode, p.Region):
		return true
	case auth.CanStudy(p):
		_, err := s.seatOf(ctx, q, e.ID, p.CertNo)
		return err == nil
	}
	return false
}

// kept is session id for its keeper: who may read it but not keep it is
// refused, who may not read it finds nothing.
func (s *Service) kept(ctx context.Context, tx store.Querier, p *auth.Principal, id int64) (*Exam, error) {
	e, err := getExam(ctx, tx, id)
	switch {
	case err != nil:
		return nil, err
	case auth.CanKeepExams(p, e.RegionCode):
		return e, nil
	case s.reads(ctx, tx, p, e):
		return nil, apperr.New(apperr.Forbidden, "只有本地区执法监督机构可以安排考生和公布成绩")
	}
	return nil, apperr.NotFoundf("考试")
}

// Exams lists the sessions of p's region subtree and those above it.
func (s *Service) Exams(ctx context.Context, p *auth.Principal) ([]*Exam, error) {
	if p == nil || p.Region == "" && p.Role != auth.RoleAdmin {
		return nil, nil
	}
	w := &store.Where{}
	if !auth.CanViewSupervision(p) {
		w.Add("id IN (SELECT exam_id FROM training_attempts WHERE cert_no = ?)", p.CertNo) // an officer sees the sessions seating him
	}
	if p.Region != "" {
		pre := ident.RegionPrefix(p.Region)
		up := w.Arg(p.Region)
		w.Add("(region_code >= ? AND region_code < ?) OR region_code IN ("+up+", ?, ?)", pre, ident.PrefixEnd(pre),
			ancestorsOr(p.Region, 1), ancestorsOr(p.Region, 2))
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+examCols+` FROM training_exams`+w.SQL()+` ORDER BY sitting_on DESC, id DESC LIMIT 200`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Exam
	for rows.Next() {
		e, err := scanExam(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func ancestorsOr(region string, i int) string {
	a := ancestors(region)
	if i < len(a) {
		return a[i]
	}
	return region
}

func (s *Service) seatOf(ctx context.Context, q store.Querier, examID int64, cert string) (*Attempt, error) {
	return scanAttempt(q.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM training_attempts WHERE exam_id = $1 AND cert_no = $2`, examID, cert))
}

// Seats lists the session's seat list in p's view (an agency sees its
// own officers' seats).
func (s *Service) Seats(ctx context.Context, p *auth.Principal, e *Exam) ([]*Attempt, error) {
	w := &store.Where{}
	w.Add("exam_id = ?", e.ID)
	if !auth.CanKeepExams(p, e.RegionCode) {
		auth.FilterTraining(p, w, "region_code", "agency_code")
	}
	return s.attempts(ctx, `SELECT `+attemptCols+` FROM training_attempts`+w.SQL()+` ORDER BY agency_code, cert_no`, w.Args...)
}

// AddSeats seats the officers certNos in session id: each once, each in
// the session's region; a 资格考试 seats officers whose certificate is not
// yet in force, a 年检 exam those holding one (valid or suspended).
func (s *Service) AddSeats(ctx context.Context, p *auth.Principal, id int64, certNos []string) (int, error) {
	added := 0
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		added = 0
		e, err := s.kept(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if e.Published() {
			return apperr.New(apperr.Conflict, "成绩已公布，不能再增加考生")
		}
		for _, c := range certNos {
			if c = strings.TrimSpace(c); c == "" {
				continue
			}
			o, err := registry.OfficerForTraining(ctx, tx, c)
			if err != nil || !ident.Contains(e.RegionCode, o.RegionCode) {
				return seatErr("执法证号" + c + "不存在或不在本次考试的地区内")
			}
			state := o.StateOn(clock.TodayString(ctx))
			switch {
			case e.Kind == "qualify" && state != "pending":
				return seatErr(o.Name + "（" + c + "）已持有执法证件，资格考试只安排尚未制证的人员")
			case e.Kind == "annual" && state != "valid" && state != "suspended":
				return seatErr(o.Name + "（" + c + "）的证件状态为" + o.StateLabel() + "，不参加年检考试")
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO training_attempts (exam_id, cert_no, name, region_code, agency_code, created_at)
				VALUES ($1,$2,$3,$4,$5,$6) ON CONFLICT (exam_id, cert_no) WHERE exam_id > 0 DO NOTHING`, id, c, o.Name, o.RegionCode,
				o.AgencyCode, clock.Millis(ctx))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n > 0 {
				added++
			}
		}
		return audit.Record(ctx, tx, p, "seat", "training_exam", itoa(id), e.RegionCode, nil, certNos)
	})
	return added, err
}

func seatErr(msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"cert_nos": msg}}
}

// Start opens p's seat in session id: the paper is drawn for p alone the
// first time, timed from then; opening it again returns the same paper
// and deadline (one attempt).
func (s *Service) Start(ctx context.Context, p *auth.Principal, id int64) (int64, error) {
	if !auth.CanStudy(p) {
		return 0, apperr.NotFoundf("考试")
	}
	var attempt int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := getExam(ctx, tx, id)
		if err != nil {
			return err
		}
		a, err := s.seatOf(ctx, tx, id, p.CertNo)
		if err != nil {
			return apperr.NotFoundf("考试")
		}
		attempt = a.ID
		switch {
		case a.Submitted():
			return nil
		case e.Published():
			return apperr.New(apperr.Conflict, "考试已结束并公布成绩")
		case a.StartedAt > 0:
			return nil
		case clock.TodayString(ctx) != e.SittingOn:
			return apperr.New(apperr.Conflict, "考试日期为%s，当天方可开考", e.SittingOn)
		}
		ids, err := candidates(ctx, tx, a.RegionCode, e.Law, 0)
		if err != nil {
			return err
		}
		if len(ids) < e.Questions {
			return apperr.New(apperr.Conflict, "题库试题不足%d道，无法组卷，请联系考试组织机构", e.Questions)
		}
		paper := Draw(ids, e.Questions, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
		now := clock.Millis(ctx)
		res, err := tx.ExecContext(ctx, `UPDATE training_attempts SET paper = $2, started_at = $3, deadline_at = $4 WHERE id = $1 AND started_at = 0`,
			a.ID, marshal(paper), now, now+int64(e.Minutes)*60_000)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Record(ctx, tx, p, "start", "training_attempt", itoa(a.ID), a.RegionCode, nil, map[string]any{"exam_id": id})
	})
	return attempt, err
}
