package training

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// officer is the officer p studies as; who is not one studies nothing.
func (s *Service) officer(ctx context.Context, p *auth.Principal) (*registry.Officer, error) {
	if !auth.CanStudy(p) {
		return nil, apperr.New(apperr.Forbidden, "只有持证执法人员本人可以学习和考试")
	}
	return registry.OfficerForTraining(ctx, s.db.R, p.CertNo)
}

// Progress is what a beat answers: the course's counted seconds, the
// officer's year in 学时 and seconds, and why the beat counted nothing.
type Progress struct {
	Credited    int    `json:"credited"`
	Seconds     int    `json:"seconds"`
	MaxSeconds  int    `json:"max_seconds"`
	YearSeconds int    `json:"year_seconds"`
	YearHours   int    `json:"year_hours"`
	Message     string `json:"message"`
}

// Beat counts one heartbeat of p's study page on course id (credit.go
// says what counts). The officer's clock is compare-and-swapped, so two
// tabs racing never count one span twice; the year's 学时 reach the
// registry's yearly record in the same transaction.
func (s *Service) Beat(ctx context.Context, p *auth.Principal, id int64, b Beat) (*Progress, error) {
	c, err := s.CourseFor(ctx, p, id)
	if err != nil {
		return nil, err
	}
	o, err := registry.OfficerForTraining(ctx, s.db.R, p.CertNo)
	if err != nil {
		return nil, err
	}
	var pr *Progress
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		pr = &Progress{MaxSeconds: c.Minutes * 60}
		var old Clock
		err := tx.QueryRowContext(ctx, `SELECT last_beat, day, day_seconds FROM training_clock WHERE cert_no = $1`, o.CertNo).
			Scan(&old.LastBeat, &old.Day, &old.DaySeconds)
		fresh := errors.Is(err, sql.ErrNoRows)
		if err != nil && !fresh {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seconds), 0) FROM training_study WHERE course_id = $1 AND cert_no = $2`,
			id, o.CertNo).Scan(&pr.Seconds); err != nil {
			return err
		}
		now := clock.Millis(ctx)
		n, nc, why := Credit(old, b, now, clock.TodayString(ctx), pr.MaxSeconds-pr.Seconds)
		pr.Credited, pr.Message = n, why
		if nc != old {
			if err := swapClock(ctx, tx, o.CertNo, fresh, old.LastBeat, nc); err != nil {
				return err
			}
		}
		// The audit trail has who began studying what and when (a span's
		// first beat) and every 学时 the year gains (the registry's
		// yearly record, below); the beats between, every 30 seconds,
		// only move the clock and the course's seconds.
		if why == MsgStart {
			if err := audit.Record(ctx, tx, p, "study", "training_course", itoa(id), o.RegionCode, nil,
				map[string]any{"cert_no": o.CertNo, "seconds": pr.Seconds}); err != nil {
				return err
			}
		}
		if n > 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO training_study (course_id, cert_no, region_code, agency_code, year, seconds, updated_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (course_id, cert_no) DO UPDATE SET seconds = training_study.seconds + excluded.seconds,
				updated_at = excluded.updated_at`, id, o.CertNo, o.RegionCode, o.AgencyCode, c.Year, n, now); err != nil {
				return err
			}
			pr.Seconds += n
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(seconds), 0) FROM training_study WHERE cert_no = $1 AND year = $2`,
			o.CertNo, c.Year).Scan(&pr.YearSeconds); err != nil {
			return err
		}
		pr.YearHours = pr.YearSeconds / SecondsPerHour
		if n > 0 && (pr.YearSeconds-n)/SecondsPerHour < pr.YearHours {
			return registry.RaiseTrainingHoursTx(ctx, tx, p, o.CertNo, c.Year, pr.YearHours)
		}
		return nil
	})
	return pr, err
}

func swapClock(ctx context.Context, tx *sql.Tx, cert string, fresh bool, old int64, c Clock) error {
	var res sql.Result
	var err error
	if fresh {
		res, err = tx.ExecContext(ctx, `INSERT INTO training_clock (cert_no, last_beat, day, day_seconds) VALUES ($1,$2,$3,$4)
			ON CONFLICT (cert_no) DO NOTHING`, cert, c.LastBeat, c.Day, c.DaySeconds)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE training_clock SET last_beat = $2, day = $3, day_seconds = $4 WHERE cert_no = $1 AND last_beat = $5`,
			cert, c.LastBeat, c.Day, c.DaySeconds, old)
	}
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err == nil {
			err = flow.ErrStale
		}
		return err
	}
	return nil
}

// YearOf is the officer p's studied seconds in year.
func (s *Service) YearOf(ctx context.Context, p *auth.Principal, year int) (int, error) {
	if !auth.CanStudy(p) {
		return 0, nil
	}
	var n int
	err := s.db.R.QueryRowContext(ctx, `SELECT COALESCE(SUM(seconds), 0) FROM training_study WHERE cert_no = $1 AND year = $2`,
		p.CertNo, year).Scan(&n)
	return n, err
}
