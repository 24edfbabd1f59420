package cases

import (
	"context"
	"maps"
	"strings"

	"zfjd/internal/store"
)

// pageData is what the cross-case rules and the 音像记录 rules read about
// a page of cases (the due pass), read for the whole page in a few
// statements before any of them is judged: each case's loader then finds
// its part here instead of asking the database (envMemo.page). Every set
// holds exactly what the one-case statements would return for the
// page's cases, so a judgement from it is the same judgement.
type pageData struct {
	matterIDs  map[string]int64          // matter code → id; absent: not on the register
	holds      map[holding]bool          // (matter id, agency) on the register among the page's pairs
	fined      map[string][]priorFineRow // by party id number: fined decisions, in id order
	contribs   map[[2]string]*fineGroup  // (source system, source id) → fine_contrib row; nil: none
	recordings map[int64]map[int]string  // case id → event index → type (audio, video)
}

type holding struct {
	matter int64
	agency string
}

type priorFineRow struct {
	p            PriorFine
	matter, kind string
	facts, evs   string
}

// inMarks adds vals to w as a list of placeholders, padded (repeating
// the last) to a power of two from 8, so that the page's statements keep
// a few texts and stay prepared (the statement caches key on the text).
func inMarks[T any](w *store.Where, vals []T) string {
	n := 8
	for n < len(vals) {
		n *= 2
	}
	ph := make([]string, n)
	for i := range n {
		ph[i] = w.Arg(vals[min(i, len(vals)-1)])
	}
	return strings.Join(ph, ",")
}

// loadPage reads the page's shared data: the matters, the holdings of the
// page's (matter, agency) pairs, the prior fines of its parties, its
// cases' fine contributions and recordings, and every officer its events
// name by certificate.
func (m *envMemo) loadPage(ctx context.Context, q store.Querier, page []*Case) error {
	pd := &pageData{matterIDs: map[string]int64{}, holds: map[holding]bool{}, fined: map[string][]priorFineRow{},
		contribs: map[[2]string]*fineGroup{}, recordings: map[int64]map[int]string{}}
	var matters, agencies, parties, sources, systems, certs []string
	var zfjd []int64
	seen := map[string]bool{}
	add := func(list *[]string, kind, v string) {
		if v != "" && !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	for _, c := range page {
		add(&matters, "m", c.MatterCode)
		add(&agencies, "a", c.AgencyCode)
		add(&parties, "p", c.Party.IDNumber)
		if c.SourceSystem != "" && c.SourceID != "" {
			add(&systems, "s", c.SourceSystem)
			add(&sources, "i", c.SourceID)
			pd.contribs[[2]string{c.SourceSystem, c.SourceID}] = nil
		}
		if c.SourceSystem == "zfjd" && c.ID != 0 {
			zfjd = append(zfjd, c.ID)
		}
		for _, e := range c.Events {
			for _, o := range e.Officers {
				add(&certs, "c", o)
			}
			add(&certs, "c", e.Reviewer)
			add(&certs, "c", e.Host)
		}
	}
	if err := m.officersByCert(ctx, q, nil, certs); err != nil {
		return err
	}
	if len(matters) > 0 {
		w := &store.Where{}
		rows, err := q.QueryContext(ctx, `SELECT code, id FROM matters WHERE code IN (`+inMarks(w, matters)+`)`, w.Args...)
		if err != nil {
			return err
		}
		var ids []int64
		for rows.Next() {
			var code string
			var id int64
			if err := rows.Scan(&code, &id); err != nil {
				rows.Close()
				return err
			}
			pd.matterIDs[code] = id
			ids = append(ids, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if len(ids) > 0 && len(agencies) > 0 {
			w := &store.Where{}
			mi := inMarks(w, ids)
			rows, err := q.QueryContext(ctx, `SELECT matter_id, agency_code FROM matter_agencies WHERE matter_id IN (`+mi+`)
				AND agency_code IN (`+inMarks(w, agencies)+`)`, w.Args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var h holding
				if err := rows.Scan(&h.matter, &h.agency); err != nil {
					rows.Close()
					return err
				}
				pd.holds[h] = true
			}
			if err := rows.Close(); err != nil {
				return err
			}
		}
	}
	if err := pd.loadFined(ctx, q, parties); err != nil {
		return err
	}
	if err := pd.loadContribs(ctx, q, systems, sources); err != nil {
		return err
	}
	if err := pd.loadRecordings(ctx, q, zfjd); err != nil {
		return err
	}
	m.page = pd
	return nil
}

// loadFined reads the fined decisions of the parties (index cases_party),
// in id order, as loadPriorFines reads them for one party.
func (pd *pageData) loadFined(ctx context.Context, q store.Querier, parties []string) error {
	for len(parties) > 0 {
		batch := parties[:min(len(parties), 256)]
		parties = parties[len(batch):]
		w := &store.Where{}
		rows, err := q.QueryContext(ctx, `SELECT party_id_number, matter_code, party_kind, id, case_no, source_system, source_id,
			agency_code, decided_on, fine_fen, facts_json, events_json FROM cases WHERE party_id_number IN (`+inMarks(w, batch)+`)
			AND outcome = 'penalty' AND fine_fen > 0 ORDER BY id`, w.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r priorFineRow
			var party, no, sys, src string
			if err := rows.Scan(&party, &r.matter, &r.kind, &r.p.CaseID, &no, &sys, &src, &r.p.Agency, &r.p.DecidedOn, &r.p.FineFen,
				&r.facts, &r.evs); err != nil {
				rows.Close()
				return err
			}
			r.p.Ref = no
			if r.p.Ref == "" {
				r.p.Ref = sys + "/" + src
			}
			pd.fined[party] = append(pd.fined[party], r)
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (pd *pageData) loadContribs(ctx context.Context, q store.Querier, systems, sources []string) error {
	for len(sources) > 0 && len(systems) > 0 {
		batch := sources[:min(len(sources), 256)]
		sources = sources[len(batch):]
		w := &store.Where{}
		sy := inMarks(w, systems)
		rows, err := q.QueryContext(ctx, `SELECT source_system, source_id, matter_code, tier, year, province, fine_fen FROM fine_contrib
			WHERE source_system IN (`+sy+`) AND source_id IN (`+inMarks(w, batch)+`)`, w.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k [2]string
			g := &fineGroup{}
			if err := rows.Scan(&k[0], &k[1], &g.Matter, &g.Tier, &g.Year, &g.Province, &g.FineFen); err != nil {
				rows.Close()
				return err
			}
			if _, ok := pd.contribs[k]; ok {
				pd.contribs[k] = g
			}
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

func (pd *pageData) loadRecordings(ctx context.Context, q store.Querier, ids []int64) error {
	for _, id := range ids {
		pd.recordings[id] = map[int]string{}
	}
	for len(ids) > 0 {
		batch := ids[:min(len(ids), 256)]
		ids = ids[len(batch):]
		w := &store.Where{}
		rows, err := q.QueryContext(ctx, `SELECT case_id, event_index, event_type FROM act_recordings
			WHERE case_id IN (`+inMarks(w, batch)+`) AND kind IN ('audio', 'video')`, w.Args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var i int
			var t string
			if err := rows.Scan(&id, &i, &t); err != nil {
				rows.Close()
				return err
			}
			pd.recordings[id][i] = t
		}
		if err := rows.Close(); err != nil {
			return err
		}
	}
	return nil
}

// holdsMatter answers loadRuleData's two probes from the page: whether
// the matter is on the register, and whether the case's agency holds it.
func (pd *pageData) holdsMatter(c *Case) (known, held bool) {
	id, ok := pd.matterIDs[c.MatterCode]
	if !ok {
		return false, false
	}
	return true, pd.holds[holding{id, c.AgencyCode}]
}

// pageContrib is c's fine_contrib row as the page read it (nil: none);
// ok is false when there is no page or c was not on it.
func (m *envMemo) pageContrib(c *Case) (g *fineGroup, ok bool) {
	if m == nil || m.page == nil {
		return nil, false
	}
	g, ok = m.page.contribs[[2]string{c.SourceSystem, c.SourceID}]
	return g, ok
}

// pageRecordings is the page's recordings of case id.
func (m *envMemo) pageRecordings(id int64) (map[int]string, bool) {
	if m == nil || m.page == nil || id == 0 {
		return nil, false
	}
	r, ok := m.page.recordings[id]
	return r, ok
}

// avList is AVList memoised per agency (a nil memo reads every time).
func (m *envMemo) avList(ctx context.Context, q store.Querier, agency string) ([]string, error) {
	if m != nil {
		if l, ok := m.avLists[agency]; ok {
			return append([]string(nil), l...), nil
		}
	}
	l, _, err := AVList(ctx, q, agency)
	if err != nil {
		return nil, err
	}
	if m != nil {
		m.avLists[agency] = append([]string(nil), l...)
	}
	return l, nil
}

// fineStats is the fine_stats rows of a group, memoised.
func (m *envMemo) fineStats(ctx context.Context, q store.Querier, g fineGroup) ([]fineCount, error) {
	k := fineGroup{Matter: g.Matter, Tier: g.Tier, Year: g.Year, Province: g.Province}
	if m != nil {
		if s, ok := m.stats[k]; ok {
			return s, nil
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT fine_fen, n FROM fine_stats WHERE matter_code = $1 AND tier = $2 AND year = $3 AND province = $4`,
		g.Matter, g.Tier, g.Year, g.Province)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []fineCount
	for rows.Next() {
		var fc fineCount
		if err := rows.Scan(&fc.fen, &fc.n); err != nil {
			return nil, err
		}
		out = append(out, fc)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if m != nil {
		m.stats[k] = out
	}
	return out, nil
}

// officersByName is loadOfficersWhere by name among agency's officers
// (every officer of that name, by certificate), memoised per (agency, name).
func (m *envMemo) officersByName(ctx context.Context, q store.Querier, env *Env, agency string, names []string) error {
	if m == nil || len(names) == 0 {
		return loadOfficersWhere(ctx, q, env, "name", agency, names)
	}
	var unseen []string
	for _, n := range names {
		if got, ok := m.named[[2]string{agency, n}]; !ok {
			unseen = append(unseen, n)
		} else {
			maps.Copy(env.Officers, got)
		}
	}
	if len(unseen) == 0 {
		return nil
	}
	got := &Env{Officers: map[string]OfficerCert{}}
	if err := loadOfficersWhere(ctx, q, got, "name", agency, unseen); err != nil {
		return err
	}
	for _, n := range unseen {
		m.named[[2]string{agency, n}] = map[string]OfficerCert{}
	}
	for no, o := range got.Officers {
		if byCert, ok := m.named[[2]string{agency, o.Name}]; ok {
			byCert[no] = o
		}
		env.Officers[no] = o
	}
	return nil
}
