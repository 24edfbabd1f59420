package caseweb

// The discretion panel of the decision form (C4 in C5): the tier the facts
// point to under 处罚法 Art. 30–33, the tiers of the benchmark in force and
// the items of the four lists that meet the case.

import (
	"context"

	"zfjd/internal/cases"
	"zfjd/internal/discretion"
)

type discretionPanel struct {
	On             string // the day the benchmark is read for (today)
	Suggested      string
	SuggestedLabel string
	Mandatory      bool
	Reasons        []string
	Allowed        []string // tier codes, lightest first
	Prior          int      // the party's earlier penalties for the same matter
	Tiers          []discretion.ResolvedTier
	Items          []discretion.Match
}

// factsView is what the discretion rules read of a case.
func factsView(c *cases.Case) discretion.FactsView {
	f := c.Facts
	v := discretion.FactsView{FirstOffense: f.FirstOffense, Harm: f.Harm, Corrected: f.Corrected, Mitigating: f.Mitigating,
		Aggravating: f.Aggravating}
	if c.Party.Kind == "person" {
		v.PartyAge = f.PartyAge
	}
	return v
}

// casePanel builds the panel for a case not yet decided.
func (h *Handler) casePanel(ctx context.Context, c *cases.Case, history []cases.HistoryItem) (*discretionPanel, error) {
	d := &discretionPanel{On: todayOf(ctx)}
	for _, h := range history {
		if h.Matter == c.MatterCode && h.Outcome == "penalty" {
			d.Prior++
		}
	}
	fv := factsView(c)
	sg := discretion.Suggest(fv, d.Prior)
	d.Suggested, d.SuggestedLabel, d.Mandatory, d.Reasons, d.Allowed = sg.Tier, sg.TierLabel(), sg.Mandatory, sg.Reasons, sg.AllowedTiers
	var err error
	if d.Tiers, err = discretion.Tiers(ctx, h.DB.R, c.MatterCode, c.RegionCode, d.On); err != nil {
		return nil, err
	}
	if d.Items, err = discretion.ApplicableItems(ctx, h.DB.R, c.MatterCode, c.RegionCode, d.On, fv); err != nil {
		return nil, err
	}
	return d, nil
}
