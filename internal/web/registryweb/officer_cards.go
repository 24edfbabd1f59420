package registryweb

// The officer's 红黄牌 records (package officercard) on his page: shown to
// whoever may see them (auth.CanSeeOfficerCard: supervision of his region,
// his agency's admin and head, the officer himself), with the standing of
// those in force.

import (
	"net/http"

	"zfjd/internal/auth"
	"zfjd/internal/officercard"
	"zfjd/internal/registry"
)

type officerCardsView struct {
	Cards    []*officercard.Card
	Standing officercard.Standing
	CertNo   string
}

// officerCardsOf is nil when the viewer may not see o's cards.
func (h *Handler) officerCardsOf(r *http.Request, o *registry.Officer) (*officerCardsView, error) {
	p := auth.From(r.Context())
	if !auth.CanSeeOfficerCard(p, o.Target(), o.CertNo) {
		return nil, nil
	}
	cs, err := officercard.Of(r.Context(), h.DB.R, p, o.CertNo)
	if err != nil {
		return nil, err
	}
	return &officerCardsView{Cards: cs, Standing: officercard.StandingOf(cs), CertNo: o.CertNo}, nil
}
