package training

import (
	"context"
	"database/sql"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Published is what publishing a session did.
type Published struct {
	Seats, Sat, Passed, Absent int
	Changed                    []string // certificates whose status changed, with how
}

// PassRate is passed of sat in per cent, one decimal (93.1).
func PassRate(passed, sat int) float64 {
	if sat == 0 {
		return 0
	}
	return float64(passed*1000/sat) / 10
}

// Publish closes session id and publishes its results: each seat's
// outcome (Decide) is written into the certificate's lifecycle — 制证 for
// a 资格考试 passed, the year's 年审 result for a 年检 exam, and the
// region's rule for a failure — and the pass list goes on the portal. All
// in one transaction with the audit rows and the record log's leaf.
func (s *Service) Publish(ctx context.Context, p *auth.Principal, id int64) (*Published, error) {
	var out *Published
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		out = &Published{}
		e, err := s.kept(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if e.Published() {
			return apperr.New(apperr.Conflict, "成绩已经公布")
		}
		if err := flow.Swap(ctx, tx, "training_exams", e.ID, e.Version); err != nil {
			return err
		}
		seats, err := queryAttempts(ctx, tx, `SELECT `+attemptCols+` FROM training_attempts WHERE exam_id = $1 ORDER BY id`, id)
		if err != nil {
			return err
		}
		pass := passList(seats)
		for _, a := range seats {
			o, err := s.apply(ctx, tx, p, e, a)
			if err != nil {
				return err
			}
			out.Seats++
			switch {
			case !a.Submitted():
				out.Absent++
			case a.Passed:
				out.Sat++
				out.Passed++
			default:
				out.Sat++
			}
			if o.Status != "" || o.Issue {
				out.Changed = append(out.Changed, a.Name+"："+o.Note)
			}
		}
		now := clock.Millis(ctx)
		if _, err := tx.ExecContext(ctx, `UPDATE training_exams SET status = 'published', published_at = $2 WHERE id = $1`, id, now); err != nil {
			return err
		}
		summary := map[string]any{"seats": out.Seats, "sat": out.Sat, "passed": out.Passed, "absent": out.Absent, "pass_list": pass}
		if err := audit.Record(ctx, tx, p, "publish", "training_exam", itoa(id), e.RegionCode, nil, summary); err != nil {
			return err
		}
		return flow.Record(ctx, tx, LedgerKind, itoa(id), leafContent(e, pass))
	})
	return out, err
}

// apply writes one seat's outcome.
func (s *Service) apply(ctx context.Context, tx *sql.Tx, p *auth.Principal, e *Exam, a *Attempt) (Outcome, error) {
	o, err := registry.OfficerForTraining(ctx, tx, a.CertNo)
	if err != nil {
		return Outcome{}, err
	}
	prev := false
	if e.Kind == "annual" {
		var passed int
		err := tx.QueryRowContext(ctx, `SELECT a.passed FROM training_attempts a JOIN training_exams x ON x.id = a.exam_id
			WHERE a.cert_no = $1 AND x.kind = 'annual' AND x.status = 'published' AND a.submitted_at > 0 AND x.id <> $2
			ORDER BY x.sitting_on DESC, x.id DESC LIMIT 1`, a.CertNo, e.ID).Scan(&passed)
		if err != nil && err != sql.ErrNoRows {
			return Outcome{}, err
		}
		prev = err == nil && passed == 0
	}
	rule, err := RuleFor(ctx, tx, o.RegionCode)
	if err != nil {
		return Outcome{}, err
	}
	out := Decide(Seat{Kind: e.Kind, Absent: !a.Submitted(), Passed: a.Passed, PrevFailed: prev, CertStatus: o.CertStatus,
		CertReason: o.StatusReason}, rule)
	if out.Issue {
		issued, err := registry.RecordQualificationTx(ctx, tx, p, a.CertNo, a.Score, true)
		if err != nil {
			return out, err
		}
		if !issued {
			out.Issue, out.Note = false, "资格考试合格（证件此前已生效）"
		}
	} else if e.Kind == "qualify" && a.Submitted() {
		if _, err := registry.RecordQualificationTx(ctx, tx, p, a.CertNo, a.Score, false); err != nil {
			return out, err
		}
	}
	if out.Review != "" {
		if err := registry.RecordReviewTx(ctx, tx, p, a.CertNo, e.Year, out.Review); err != nil {
			return out, err
		}
	}
	if out.Status != "" {
		reason := ExamReason + "（" + e.Title + "）：" + Label(FailActions, out.Status) + "。依据：" + rule.Basis
		if out.Status == "valid" {
			reason = "补考合格（" + e.Title + "）"
		}
		if err := registry.SetCertStatusTx(ctx, tx, p, a.CertNo, out.Status, truncate(reason, 200)); err != nil {
			return out, err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE training_attempts SET outcome = $2 WHERE id = $1`, a.ID, out.Note)
	a.Outcome = out.Note
	return out, err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n])
	}
	return s
}

func queryAttempts(ctx context.Context, q store.Querier, query string, args ...any) ([]*Attempt, error) {
	rows, err := q.QueryContext(ctx, query, args...)
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

// PassEntry is one line of a published pass list.
type PassEntry struct {
	Name, AgencyName, CertNo string
}

// PassList is the published pass list of session id, for the portal:
// names, agencies and certificate numbers only (no scores, no 身份证号).
func (s *Service) PassList(ctx context.Context, id int64) (*Exam, []PassEntry, error) {
	e, err := getExam(ctx, s.db.R, id)
	if err != nil || !e.Published() {
		return nil, nil, apperr.NotFoundf("合格人员名单")
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT t.name, COALESCE(a.name, t.agency_code), t.cert_no FROM training_attempts t
		LEFT JOIN agencies a ON a.code = t.agency_code WHERE t.exam_id = $1 AND t.passed = 1 AND t.submitted_at > 0
		ORDER BY t.agency_code, t.cert_no`, id)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []PassEntry
	for rows.Next() {
		var pe PassEntry
		if err := rows.Scan(&pe.Name, &pe.AgencyName, &pe.CertNo); err != nil {
			return nil, nil, err
		}
		out = append(out, pe)
	}
	return e, out, rows.Err()
}

// PublishedExams lists the published sessions, newest first (the portal).
func (s *Service) PublishedExams(ctx context.Context) ([]*Exam, error) {
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+examCols+` FROM training_exams WHERE status = 'published' ORDER BY published_at DESC LIMIT 50`)
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
