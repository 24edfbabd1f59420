package training

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Attempt is one paper: a mock exam (ExamID 0) or a seat of a session.
type Attempt struct {
	ID          int64
	ExamID      int64
	CertNo      string
	Name        string
	RegionCode  string
	AgencyCode  string
	Law         string
	Difficulty  int
	Paper       []int64
	Answers     map[string]string
	StartedAt   int64
	DeadlineAt  int64
	SubmittedAt int64
	Score       int
	Passed      bool
	Outcome     string

	Questions []*Question // in paper order, when loaded
	Wrong     []Wrong     // after submission
}

// Target is the officer's place.
func (a *Attempt) Target() auth.Target {
	return auth.Target{Region: a.RegionCode, Agencies: []string{a.AgencyCode}}
}

// Submitted reports whether the paper was handed in.
func (a *Attempt) Submitted() bool { return a.SubmittedAt > 0 }

// SecondsLeft is the time left on the paper at now (unix ms).
func (a *Attempt) SecondsLeft(now int64) int { return max(0, int((a.DeadlineAt-now)/1000)) }

// Grace is how long after the deadline a paper is still taken: the
// countdown hands it in by itself at zero, and the network may be slow.
const Grace = 60 * time.Second

// MaxMockQuestions bounds a mock paper.
const MaxMockQuestions = 50

const attemptCols = `id, exam_id, cert_no, name, region_code, agency_code, law, difficulty, paper, answers, started_at, deadline_at,
	submitted_at, score, passed, outcome`

func scanAttempt(row interface{ Scan(...any) error }) (*Attempt, error) {
	var a Attempt
	var paper, answers string
	var passed int
	err := row.Scan(&a.ID, &a.ExamID, &a.CertNo, &a.Name, &a.RegionCode, &a.AgencyCode, &a.Law, &a.Difficulty, &paper, &answers,
		&a.StartedAt, &a.DeadlineAt, &a.SubmittedAt, &a.Score, &passed, &a.Outcome)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("试卷")
	}
	if err != nil {
		return nil, err
	}
	a.Passed = passed != 0
	if err := json.Unmarshal([]byte(paper), &a.Paper); err != nil {
		return nil, err
	}
	return &a, json.Unmarshal([]byte(answers), &a.Answers)
}

func getAttempt(ctx context.Context, q store.Querier, id int64) (*Attempt, error) {
	return scanAttempt(q.QueryRowContext(ctx, `SELECT `+attemptCols+` FROM training_attempts WHERE id = $1`, id))
}

// candidates are the ids of the questions that may be drawn for an
// officer of region: the bank of the region and the regions above it,
// narrowed to law and difficulty when given.
func candidates(ctx context.Context, q store.Querier, region, law string, difficulty int) ([]int64, error) {
	w := &store.Where{}
	inList(w, "region_code", ancestors(region))
	if law != "" {
		w.Add("law = ?", law)
	}
	if difficulty > 0 {
		w.Add("difficulty = ?", difficulty)
	}
	rows, err := q.QueryContext(ctx, `SELECT id FROM training_questions`+w.SQL()+` ORDER BY id LIMIT 5000`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func marshal(v any) string { b, _ := json.Marshal(v); return string(b) }

// StartMock draws a mock paper of n questions on law and difficulty (0 or
// "": any) for the officer p, timed at a minute a question.
func (s *Service) StartMock(ctx context.Context, p *auth.Principal, law string, difficulty, n int) (int64, error) {
	o, err := s.officer(ctx, p)
	if err != nil {
		return 0, err
	}
	f := apperr.Fields{}
	if n < 1 || n > MaxMockQuestions {
		f.Set("count", "题量应在1至50道之间")
	}
	if difficulty < 0 || difficulty > 3 {
		f.Set("difficulty", "难度无效")
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	ids, err := candidates(ctx, s.db.R, o.RegionCode, law, difficulty)
	if err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		msg := "题库中没有符合所选法律和难度的试题"
		return 0, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"law": msg}}
	}
	paper := Draw(ids, n, rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())))
	now := clock.Millis(ctx)
	var id int64
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO training_attempts (exam_id, cert_no, name, region_code, agency_code, law, difficulty,
			paper, started_at, deadline_at, created_at) VALUES (0,$1,$2,$3,$4,$5,$6,$7,$8,$9,$8) RETURNING id`, o.CertNo, o.Name, o.RegionCode,
			o.AgencyCode, law, difficulty, marshal(paper), now, now+int64(len(paper))*60_000).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "start", "training_attempt", itoa(id), o.RegionCode, nil,
			map[string]any{"mock": true, "law": law, "difficulty": difficulty, "questions": len(paper)})
	})
	return id, err
}

// Attempt is paper id as p may read it: its officer, or who reads the
// officer's training records (a session's seat). The questions are
// loaded; the right answers are for the page to show only once submitted.
func (s *Service) Attempt(ctx context.Context, p *auth.Principal, id int64) (*Attempt, error) {
	a, err := getAttempt(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !(auth.CanStudy(p) && a.CertNo == p.CertNo) && !auth.CanViewTraining(p, a.Target()) {
		return nil, apperr.NotFoundf("试卷")
	}
	if err := s.load(ctx, a); err != nil {
		return nil, err
	}
	if a.Submitted() {
		_, a.Wrong = Score(a.Questions, a.Answers)
	}
	return a, nil
}

func (s *Service) load(ctx context.Context, a *Attempt) error {
	if len(a.Paper) == 0 {
		return nil
	}
	w := &store.Where{}
	ph := make([]string, len(a.Paper))
	for i, id := range a.Paper {
		ph[i] = w.Arg(id)
	}
	qs, err := s.queryQuestions(ctx, `SELECT `+questionCols+` FROM training_questions WHERE id IN (`+strings.Join(ph, ",")+`)`, w.Args...)
	if err != nil {
		return err
	}
	by := map[int64]*Question{}
	for _, q := range qs {
		by[q.ID] = q
	}
	a.Questions = a.Questions[:0]
	for _, id := range a.Paper {
		if q := by[id]; q != nil {
			a.Questions = append(a.Questions, q)
		}
	}
	return nil
}

// Submit hands in p's paper id with answers (question id → chosen
// letters). It is marked at once; a paper handed in after its deadline
// and Grace is marked as handed in empty (超时). One submission only.
func (s *Service) Submit(ctx context.Context, p *auth.Principal, id int64, given map[string][]string) (*Attempt, error) {
	if !auth.CanStudy(p) {
		return nil, apperr.NotFoundf("试卷")
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := getAttempt(ctx, tx, id)
		if err != nil || a.CertNo != p.CertNo {
			return apperr.NotFoundf("试卷")
		}
		if a.Submitted() {
			return apperr.New(apperr.Conflict, "试卷已交，每份试卷只能提交一次")
		}
		if a.StartedAt == 0 {
			return apperr.New(apperr.Conflict, "尚未开始答题")
		}
		if a.ExamID > 0 {
			if st, err := examStatus(ctx, tx, a.ExamID); err != nil || st != "open" {
				return apperr.New(apperr.Conflict, "考试已结束并公布成绩，不能再交卷")
			}
		}
		if err := s.load(ctx, a); err != nil {
			return err
		}
		now := clock.Millis(ctx)
		answers := map[string]string{}
		if now <= a.DeadlineAt+Grace.Milliseconds() {
			for _, q := range a.Questions {
				key := strconv.FormatInt(q.ID, 10)
				if v := NormalizeAnswer(q.Kind, given[key]); v != "" {
					answers[key] = v
				}
			}
		}
		score, _ := Score(a.Questions, answers)
		passScore, err := passScoreOf(ctx, tx, a.ExamID)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE training_attempts SET answers = $2, submitted_at = $3, score = $4, passed = $5
			WHERE id = $1 AND submitted_at = 0`, id, marshal(answers), now, score, b2i(score >= passScore))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "试卷已交，每份试卷只能提交一次")
		}
		if a.ExamID == 0 {
			return nil
		}
		return audit.Record(ctx, tx, p, "submit", "training_attempt", itoa(id), a.RegionCode, nil, map[string]any{"exam_id": a.ExamID, "score": score})
	})
	if err != nil {
		return nil, err
	}
	return s.Attempt(ctx, p, id)
}

// MockPass is the mark a mock exam counts as passed at.
const MockPass = 60

func passScoreOf(ctx context.Context, q store.Querier, examID int64) (int, error) {
	if examID == 0 {
		return MockPass, nil
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT pass_score FROM training_exams WHERE id = $1`, examID).Scan(&n)
	return n, err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// MyAttempts lists p's recent papers, newest first.
func (s *Service) MyAttempts(ctx context.Context, p *auth.Principal) ([]*Attempt, error) {
	if !auth.CanStudy(p) {
		return nil, nil
	}
	return s.attempts(ctx, `SELECT `+attemptCols+` FROM training_attempts WHERE cert_no = $1 ORDER BY id DESC LIMIT 20`, p.CertNo)
}

func (s *Service) attempts(ctx context.Context, q string, args ...any) ([]*Attempt, error) {
	rows, err := s.db.R.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Attempt
	for rows.Next() {
		a, err := scanAttempt(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
