package cases

import "slices"

// derivedCols are the columns of a case row read from its events (the
// lists', the portal's and the rollups' filters), not from its judgement.
type derivedCols struct {
	filed, decided, outcome, tier, published, withdrawn string
	fine                                                int64
}

// derived are the columns lists and the public pages filter on, read in
// date order as the rules read the events. A decision published again after
// a withdrawal (变更 then re-publication) is public again.
func (c *Case) derived() derivedCols {
	var d derivedCols
	evs := make([]*Event, len(c.Events))
	for i := range c.Events {
		evs[i] = &c.Events[i]
	}
	slices.SortStableFunc(evs, func(a, b *Event) int { return a.when.Date.Compare(b.when.Date) })
	for _, e := range evs {
		day := e.when.Date.String()
		switch e.Type {
		case "filed":
			if d.filed == "" {
				d.filed = day
			}
		case "decided":
			if d.decided == "" {
				d.decided, d.outcome, d.tier, d.fine = day, e.Outcome, e.Tier, fineOf(e)
			}
		case "published":
			d.published, d.withdrawn = day, ""
		case "publication_withdrawn":
			if d.published != "" {
				d.withdrawn = day
			}
		}
	}
	return d
}
