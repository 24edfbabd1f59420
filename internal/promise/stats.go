package promise

import (
	"context"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// ItemStats counts one catalogue item's promises in p's view.
type ItemStats struct {
	ItemID                                           int64
	ItemName, AgencyName                             string
	Promises, Sent, Verified, False, Overdue, Closed int
}

// Stats counts the promises per item: made, sent for checking, found true,
// found false, overdue checks, and false ones whose consequence is recorded.
func (s *Service) Stats(ctx context.Context, p *auth.Principal) ([]*ItemStats, *ItemStats, error) {
	w := &store.Where{}
	today := w.Arg(clock.TodayString(ctx))
	auth.FilterPromises(p, w, "p.region_code", "p.agency_code", "p.verify_agency")
	rows, err := s.db.R.QueryContext(ctx, `SELECT i.id, i.name, COALESCE(a.name, i.agency_code), COUNT(*),
		SUM(CASE WHEN p.sent_on <> '' THEN 1 ELSE 0 END), SUM(CASE WHEN p.result = 'true' THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.result = 'false' THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.sent_on <> '' AND p.result = '' AND p.due < `+today+` THEN 1 ELSE 0 END),
		SUM(CASE WHEN p.disposed_on <> '' THEN 1 ELSE 0 END)
		FROM promises p JOIN promise_items i ON i.id = p.item_id LEFT JOIN agencies a ON a.code = i.agency_code`+w.SQL()+`
		GROUP BY i.id, i.name, a.name, i.agency_code ORDER BY i.id`, w.Args...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	total := &ItemStats{ItemName: "合计"}
	var out []*ItemStats
	for rows.Next() {
		var st ItemStats
		if err := rows.Scan(&st.ItemID, &st.ItemName, &st.AgencyName, &st.Promises, &st.Sent, &st.Verified, &st.False, &st.Overdue, &st.Closed); err != nil {
			return nil, nil, err
		}
		total.Promises += st.Promises
		total.Sent += st.Sent
		total.Verified += st.Verified
		total.False += st.False
		total.Overdue += st.Overdue
		total.Closed += st.Closed
		out = append(out, &st)
	}
	return out, total, rows.Err()
}
