package coordination

import (
	"context"
	"database/sql"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// MeetingDue is the meetings' part in the daily pass.
func (s *Service) MeetingDue() flow.Due {
	return flow.Due{Kind: MeetingKind, Table: "meetings", Rejudge: func(ctx context.Context, id int64) error {
		return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
			m, err := loadMeeting(ctx, tx, id)
			if err != nil {
				return err
			}
			if err := flow.Swap(ctx, tx, "meetings", m.ID, m.Version); err != nil {
				return err
			}
			return s.judgeMeeting(ctx, tx, m)
		})
	}}
}

// ListMeetings lists the meetings p may see, newest first.
func (s *Service) ListMeetings(ctx context.Context, p *auth.Principal, status string, pg *registry.Page) ([]*Meeting, error) {
	if status != "" && !valid(MeetingStatuses, status) {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "状态无效", Fields: apperr.Fields{"status": "状态无效"}}
	}
	w := &store.Where{}
	auth.FilterDisputes(p, w, "m.region_code", "EXISTS (SELECT 1 FROM meeting_members x WHERE x.meeting_id = m.id AND x.agency_code = ?)")
	if status != "" {
		w.Add("m.status = ?", status)
	}
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM meetings m`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+meetingCols+` FROM meetings m`+w.SQL()+` ORDER BY m.id DESC LIMIT `+
		w.Arg(pg.Size)+` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
