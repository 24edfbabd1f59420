package warning

import (
	"context"
	"database/sql"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// cardSystem is the platform itself when it raises 红牌 proposals: the whole
// country, no agency.
var cardSystem = &auth.Principal{Role: auth.RoleAdmin}

// RaiseCardProposals is the hourly 红黄牌 pass: it attributes new findings to
// their officers (CardIndex) and proposes 暂扣/离岗培训 for every officer at
// a 红牌 this year, including those who got there by an escalation rather
// than a new warning, so the certificate authority sees the proposal without
// anyone first opening a card page. It returns how many proposals are
// pending after the pass for this year's red-card holders.
func RaiseCardProposals(ctx context.Context, db *store.DB) (int, error) {
	year := CardYearNow(ctx)
	holders, err := CardHolders(ctx, db, cardSystem, "officer", year)
	if err != nil {
		return 0, err
	}
	var red []string
	for _, h := range holders {
		if h.Card.Level == CardRed {
			red = append(red, h.Key)
		}
	}
	if len(red) == 0 {
		return 0, nil
	}
	err = db.Tx(ctx, func(tx *sql.Tx) error { return cardPropose(ctx, tx, red, year) })
	return len(red), err
}
