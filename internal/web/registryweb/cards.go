package registryweb

// The 红黄牌 (issue 8) on the officer's and agency's pages and lists: this
// year's card from package warning (an indexed count per officer or agency),
// shown to supervision and the agency's admin and head, and to an officer
// on his own page. A failure to count leaves the registry page as it is.

import (
	"net/http"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/warning"
)

// cardView is a card as the templates show it (partial "card_badge").
type cardView = warning.Card

func (h *Handler) officerCards(r *http.Request, list []*registry.Officer) map[string]cardView {
	p := auth.From(r.Context())
	var refs []warning.CardRef
	for _, o := range list {
		if auth.CanViewSupervision(p) || (p != nil && p.CertNo == o.CertNo) {
			refs = append(refs, warning.CardRef{Key: o.CertNo, Region: o.RegionCode})
		}
	}
	if len(refs) == 0 {
		return nil
	}
	cs, err := warning.OfficerCards(r.Context(), h.DB, refs, warning.CardYearNow(r.Context()))
	if err != nil {
		h.Log.Warn("officer cards", "err", err)
		return nil
	}
	return cs
}

func (h *Handler) officerCard(r *http.Request, o *registry.Officer) *cardView {
	if c, ok := h.officerCards(r, []*registry.Officer{o})[o.CertNo]; ok {
		return &c
	}
	return nil
}

func (h *Handler) agencyCards(r *http.Request, list []*registry.Agency) map[string]cardView {
	if !auth.CanViewSupervision(auth.From(r.Context())) {
		return nil
	}
	var refs []warning.CardRef
	for _, a := range list {
		if a.Kind == "enforcement" {
			refs = append(refs, warning.CardRef{Key: a.Code, Region: a.RegionCode})
		}
	}
	cs, err := warning.AgencyCards(r.Context(), h.DB, refs, warning.CardYearNow(r.Context()))
	if err != nil {
		h.Log.Warn("agency cards", "err", err)
		return nil
	}
	return cs
}

func (h *Handler) agencyCard(r *http.Request, a *registry.Agency) *cardView {
	if c, ok := h.agencyCards(r, []*registry.Agency{a})[a.Code]; ok {
		return &c
	}
	return nil
}
