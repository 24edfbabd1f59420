package scale

import (
	"cmp"
	"context"
	"hash"
	"slices"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/inspection"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// loadedVisit is what the judgement of a generated inspection reads of
// it, kept compact in memory (a province's three million are ~120 MB):
// the row's number, its enterprise (county and number), agency, region,
// officers (indexes into World.Officers, -1 none), check-in and result.
type loadedVisit struct {
	ent     uint64 // county index << 32 | enterprise number
	at      int64  // check-in, unix ms
	n       int32  // the row's place in the load: id base+n+1
	agency  int32  // index in World.Agencies
	region  int32  // index in the loader's region list
	off     [2]int32
	problem bool
}

// judgeInspections judges the generated visits by the rules of §4
// (inspection.JudgeBulk: the same rules as a push) and writes their
// findings: the visits are sorted by enterprise and check-in, so each
// one's 365-day window is a run of its neighbours in memory, not an index
// read per visit. The caps are read once per region; the officers'
// certificates are the generated ones.
func judgeInspections(ctx context.Context, db *store.DB, w *World, vis []loadedVisit, regions []string, base int64, sum *Summary, h hash.Hash) error {
	slices.SortFunc(vis, func(a, b loadedVisit) int {
		return cmp.Or(cmp.Compare(a.ent, b.ent), cmp.Compare(a.at, b.at), cmp.Compare(a.n, b.n))
	})
	caps := make([]inspection.Caps, len(regions))
	for i, r := range regions {
		c, err := inspection.CapsOf(ctx, db.R, r)
		if err != nil {
			return err
		}
		caps[i] = c
	}
	findBase, err := maxID(ctx, db, "findings")
	if err != nil {
		return err
	}
	now := clock.Millis(ctx)
	var rows [][]any
	flush := func() error {
		if len(rows) == 0 {
			return nil
		}
		err := inTx(ctx, db, func(s sink) error { return s.rows(ctx, "findings", findingCols, rows) })
		rows = rows[:0]
		return err
	}
	j := newJudger(w, base, caps, clock.Today(ctx))
	for lo := 0; lo < len(vis); {
		hi := lo + 1
		for hi < len(vis) && vis[hi].ent == vis[lo].ent {
			hi++
		}
		err := j.group(vis[lo:hi], func(v loadedVisit, id int64, ws []inspection.Warning) error {
			a := w.Agencies[v.agency]
			for _, x := range ws {
				findBase++
				rows = append(rows, []any{findBase, inspection.Kind, id, x.Rule, x.Key, x.Severity, x.Message, x.Basis, x.Due, "open",
					regions[v.region], a.Code, now})
				hashRow(h, id, x.Rule, x.Key, x.Severity, x.Due)
				sum.InspectionFindings++
				sum.Rules[x.Rule]++
			}
			if len(rows) >= inspectionChunk {
				return flush()
			}
			return nil
		})
		if err != nil {
			return err
		}
		lo = hi
	}
	return flush()
}

// judger judges the visits of one enterprise at a time, reusing its
// environment between visits.
type judger struct {
	w    *World
	base int64
	caps []inspection.Caps // by region index
	env  *inspection.Env
}

func newJudger(w *World, base int64, caps []inspection.Caps, today law.Date) *judger {
	return &judger{w: w, base: base, caps: caps, env: &inspection.Env{Today: today, Listed: true, Officers: map[string]inspection.Cert{}}}
}

// group judges the visits of one enterprise (sorted by check-in), each
// against the others of the 365 days up to its day, and hands each visit's
// warnings to emit.
func (j *judger) group(group []loadedVisit, emit func(v loadedVisit, id int64, ws []inspection.Warning) error) error {
	w, env := j.w, j.env
	others := make([]inspection.Visit, len(group))
	for i, v := range group {
		others[i] = inspection.Visit{ID: j.base + int64(v.n) + 1, At: v.at, Day: dayOf(v.at), Officers: w.certsOf(v.off), Problem: b2i(v.problem)}
	}
	for i, v := range group {
		self := others[i]
		from := law.MustParseDate(self.Day).AddDays(-inspection.IneffectiveDays).String()
		env.Others = env.Others[:0]
		for k, o := range others {
			if k != i && o.Day >= from && o.Day <= self.Day {
				env.Others = append(env.Others, o)
			}
		}
		clear(env.Officers)
		for _, x := range v.off {
			if x >= 0 {
				o := w.Officers[x]
				env.Officers[o.Cert] = inspection.Cert{Name: o.Name, ValidFrom: o.From, ValidTo: o.To, Status: o.Status, StatusSince: o.Since}
			}
		}
		env.Caps = j.caps[v.region]
		in := &inspection.Inspection{ID: self.ID, MatterCode: InspectionMatter, Kind: "routine", Events: visitEvents(self, v.problem)}
		ws, err := inspection.JudgeBulk(in, env)
		if err != nil {
			return err
		}
		if err := emit(v, self.ID, ws); err != nil {
			return err
		}
	}
	return nil
}

// visitEvents are a generated visit's §4 events as writeInspections
// stores them: approved and reported on its day, checked in, result and
// checked out at its instant.
func visitEvents(v inspection.Visit, problem bool) []inspection.Event {
	stamp := time.UnixMilli(v.At).In(clock.Shanghai).Format(time.RFC3339)
	return []inspection.Event{{Type: inspection.EvApproved, At: v.Day, Actor: "负责人"}, {Type: inspection.EvReported, At: v.Day},
		{Type: inspection.EvCheckedIn, At: stamp, Officers: v.Officers},
		{Type: inspection.EvResult, At: stamp, ProblemFound: &problem, Summary: "日常检查"}, {Type: inspection.EvCheckedOut, At: stamp}}
}

// dayOf is the Shanghai day of unix ms at.
func dayOf(at int64) string { return time.UnixMilli(at).In(clock.Shanghai).Format("2006-01-02") }

// certsOf are the certificate numbers of officers off (-1: none).
func (w *World) certsOf(off [2]int32) []string {
	var out []string
	for _, x := range off {
		if x >= 0 {
			out = append(out, w.Officers[x].Cert)
		}
	}
	return out
}
