package registry

import (
	"context"
	"database/sql"
	"errors"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// What the exams of package training write into the certificate's
// lifecycle (issue 19): a 资格考试 passed issues the certificate (制证), a
// 年检 exam gives the year's 年审 result, and studied 学时 reach the
// officer's year. Status changes go through SetCertStatusTx.

// CertYears is how long an issued certificate is valid (换证 every 5 years,
// DOMAIN.md C2).
const CertYears = 5

// OfficerForTraining reads the officer certNo inside q with the personal
// data masked: who studies, sits an exam or is seated for one.
func OfficerForTraining(ctx context.Context, q store.Querier, certNo string) (*Officer, error) {
	o, err := getOfficer(ctx, q, "o.cert_no = $1", certNo)
	if err != nil {
		return nil, err
	}
	o.maskFor(nil)
	return o, nil
}

// RecordQualificationTx writes a 资格考试's score and today's date on the
// officer, and when passed and the certificate is not yet in force
// (pending, 行政执法监督条例 Art. 17) issues it: valid from today for
// CertYears. It reports whether a certificate was issued.
func RecordQualificationTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, certNo string, score int, passed bool) (bool, error) {
	o, err := getOfficer(ctx, tx, "o.cert_no = $1", certNo)
	if err != nil || !auth.CanChange(p, auth.KindOfficer, o.Target()) {
		return false, apperr.NotFoundf("执法人员")
	}
	today := clock.Today(ctx)
	before := map[string]any{"exam_score": o.ExamScore, "exam_date": o.ExamDate, "cert_valid_from": o.CertValidFrom,
		"cert_valid_to": o.CertValidTo, "cert_status": o.CertStatus}
	issue := passed && o.StateOn(today.String()) == "pending"
	from, to := o.CertValidFrom, o.CertValidTo
	status := o.CertStatus
	if issue {
		end, err := law.Anniversary(today, CertYears)
		if err != nil {
			return false, err
		}
		from, to, status = today.String(), end.AddDays(-1).String(), "valid"
	}
	if _, err := tx.ExecContext(ctx, `UPDATE officers SET exam_score = $2, exam_date = $3, cert_valid_from = $4, cert_valid_to = $5,
		cert_status = $6, updated_at = $7 WHERE cert_no = $1`, certNo, score, today.String(), from, to, status, clock.Millis(ctx)); err != nil {
		return false, err
	}
	after := map[string]any{"exam_score": score, "exam_date": today.String(), "cert_valid_from": from, "cert_valid_to": to,
		"cert_status": status, "issued": issue}
	return issue, audit.Record(ctx, tx, p, "exam", "officer", certNo, o.RegionCode, before, after)
}

// RecordReviewTx sets the 年审 result (pass/fail) of certNo's year,
// keeping its training hours.
func RecordReviewTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, certNo string, year int, result string) error {
	if !isOption(ReviewResults, result) {
		return &apperr.Error{Code: apperr.Invalid, Message: "年审结果应为合格或不合格", Fields: apperr.Fields{"review_result": "年审结果无效"}}
	}
	o, err := getOfficer(ctx, tx, "o.cert_no = $1", certNo)
	if err != nil || !auth.CanChange(p, auth.KindOfficer, o.Target()) {
		return apperr.NotFoundf("执法人员")
	}
	old, err := yearOf(ctx, tx, certNo, year)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO officer_years (officer_id, year, training_hours, review_result)
		SELECT id, $2, 0, $3 FROM officers WHERE cert_no = $1
		ON CONFLICT (officer_id, year) DO UPDATE SET review_result = excluded.review_result`, certNo, year, result); err != nil {
		return err
	}
	after := OfficerYear{Year: year, ReviewResult: result}
	if old != nil {
		after.TrainingHours = old.TrainingHours
	}
	return audit.Record(ctx, tx, p, "update", "officer_year", certNo, o.RegionCode, old, after)
}

// RaiseTrainingHoursTx makes certNo's year count at least hours 学时: the
// hours studied online reach the yearly record, and hours an agency
// entered by hand for offline training are never lowered by it.
func RaiseTrainingHoursTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, certNo string, year, hours int) error {
	old, err := yearOf(ctx, tx, certNo, year)
	if err != nil || (old != nil && old.TrainingHours >= hours) {
		return err
	}
	o, err := getOfficer(ctx, tx, "o.cert_no = $1", certNo)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO officer_years (officer_id, year, training_hours, review_result)
		SELECT id, $2, $3, '' FROM officers WHERE cert_no = $1
		ON CONFLICT (officer_id, year) DO UPDATE SET training_hours = excluded.training_hours`, certNo, year, hours); err != nil {
		return err
	}
	after := OfficerYear{Year: year, TrainingHours: hours}
	if old != nil {
		after.ReviewResult = old.ReviewResult
	}
	return audit.Record(ctx, tx, p, "update", "officer_year", certNo, o.RegionCode, old, after)
}

func yearOf(ctx context.Context, q store.Querier, certNo string, year int) (*OfficerYear, error) {
	var y OfficerYear
	err := q.QueryRowContext(ctx, `SELECT y.year, y.training_hours, y.review_result FROM officer_years y
		JOIN officers o ON o.id = y.officer_id WHERE o.cert_no = $1 AND y.year = $2`, certNo, year).
		Scan(&y.Year, &y.TrainingHours, &y.ReviewResult)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &y, nil
}
