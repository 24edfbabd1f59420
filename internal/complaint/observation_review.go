package complaint

import (
	"context"
	"database/sql"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
)

// The supervision body's review of a 旁站式监督 record: accepted (采纳),
// or returned (退回) to the social supervisor with the reason, who reads
// it on the record; an accepted finding may become a clue — a complaint
// of source clue about the agency observed, in the social supervisor's
// name (their account follows it as their own clue), carrying the
// record's photos — from whose page a supervision case is opened
// (supervisionweb.Panel, source complaint).

// lockObservation reads record id in tx for supervision of its region: the
// observer is told supervision reviews it, anyone else "not found".
func lockObservation(ctx context.Context, tx *sql.Tx, p *auth.Principal, id int64) (*Observation, error) {
	o, err := scanObservation(tx.QueryRowContext(ctx, `SELECT `+obsCols+obsFrom+` WHERE o.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !auth.CanReviewObservation(p, o.Scope()) {
		if auth.IsObserver(p, o.Scope()) {
			return nil, apperr.New(apperr.Forbidden, "旁站监督记录由执法监督机构审核")
		}
		return nil, apperr.NotFoundf("旁站监督记录")
	}
	return o, nil
}

// Review records supervision's review of a submitted observation (once):
// result accepted (the note optional) or returned (the note required: the
// reason the social supervisor reads).
func (s *Service) Review(ctx context.Context, p *auth.Principal, id int64, result, note string) error {
	note = clean(note)
	bad := apperr.Fields{}
	switch result {
	case ObsAccepted:
	case ObsReturned:
		if note == "" {
			bad.Set("note", "退回时请填写退回理由")
		}
	default:
		bad.Set("result", "请选择审核结果：采纳或退回")
	}
	tooLong(bad, "note", note, MaxDescription)
	if err := bad.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		o, err := lockObservation(ctx, tx, p, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE observations SET status = $2, review_note = $3, reviewed_by = $4, reviewed_at = $5
			WHERE id = $1 AND status = 'submitted'`, id, result, note, p.Who(), clock.Millis(ctx))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "该记录已审核")
		}
		return audit.Record(ctx, tx, p, "review", "observation", idKey(id), o.RegionCode, map[string]any{"status": o.Status},
			map[string]any{"status": result, "note": note})
	})
}

// ToClue turns the finding of an accepted observation into a clue of
// category (once), in one transaction: the complaint, its photos, and the
// record's link to it. It answers the complaint's id.
func (s *Service) ToClue(ctx context.Context, p *auth.Principal, id int64, category string) (int64, error) {
	var r *Receipt
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		o, err := lockObservation(ctx, tx, p, id)
		if err != nil {
			return err
		}
		switch {
		case o.Status != ObsAccepted:
			return apperr.New(apperr.Conflict, "旁站监督记录采纳后才能转为线索")
		case o.ClueID != 0:
			return apperr.New(apperr.Conflict, "该记录已转为线索 %s", o.ClueCode)
		case o.Findings == "":
			return apperr.New(apperr.Conflict, "该记录没有填写发现的问题，无可转的线索")
		}
		yes := true
		f := &Filing{Category: category, RegionCode: o.RegionCode, AgencyCode: o.AgencyCode, Place: o.Place, HappenedOn: o.On,
			Description: "旁站式监督发现（" + o.ObserverName + "，" + o.On + "）：" + o.Findings, Anonymous: &yes,
			Source: SourceClue, SourceRef: "PZ" + idKey(o.ID), ClueBy: o.AccountID, ReceivedOn: clock.TodayString(ctx)}
		if err := f.normalize(clock.Today(ctx)); err != nil {
			return err
		}
		code, secret := NewTracking()
		r = &Receipt{TrackingCode: code, Secret: secret}
		if err := s.insert(ctx, tx, p, f, "", nil, r); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO complaint_photos (complaint_id, hash, mime, size, seq)
			SELECT $1, hash, mime, size, seq FROM observation_photos WHERE observation_id = $2`, r.ID, id); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE observations SET clue_id = $2 WHERE id = $1 AND clue_id = 0`, id, r.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "该记录已转为线索")
		}
		return audit.Record(ctx, tx, p, "to_clue", "observation", idKey(id), o.RegionCode, map[string]any{"clue_id": 0},
			map[string]any{"clue_id": r.ID, "tracking_code": code})
	})
	if err != nil {
		return 0, err
	}
	return r.ID, nil
}
