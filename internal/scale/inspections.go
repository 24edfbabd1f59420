package scale

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"hash"
	"math/rand/v2"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/inspection"
	"zfjd/internal/store"
)

// InspectionsPerCase is how many 涉企行政检查 the generator writes per
// penalty case: a province's million cases come with three million
// inspections of the last 365 days (spec/supervision-v1.md §4; "several
// million a year"), a city's proportionally fewer.
const InspectionsPerCase = 3

// InspectionMatter is the generated inspection matter (检查事项清单) every
// enforcement subject holds, so a visit pushed on the dataset is listed.
const InspectionMatter = "J-SCALE-001"

// InspectionSource is the source system of the generated inspections.
const InspectionSource = "scale-insp"

// VisitsPerEnterprise is the mean yearly visits of a generated enterprise:
// the frequency rules read an enterprise's window of a few rows.
const VisitsPerEnterprise = 4

// An agency's officers come back to enterprises they visited: one visit in
// repeatEvery is a return to one of the agency's recentSize remembered
// visits (a new visit replaces one of them once in recentReplace), so
// the same officers see the same enterprise several times a year — what
// INSPECTION_INEFFECTIVE and INSPECTION_FREQUENCY look for in real data.
const (
	repeatEvery   = 5
	recentSize    = 16
	recentReplace = 4
)

// faultyOfficersEvery: one visit in so many is made by whichever two
// officers, their certificates valid that day or not (INSPECTION_OFFICERS);
// the others by officers whose certificates were valid.
const faultyOfficersEvery = 200

// recentVisit is a remembered visit of an agency: where, which
// enterprise of the county, by whom.
type recentVisit struct {
	region string
	k      int
	names  []string
}

// visitOfficers are two distinct officers of a (one when a has one) for
// a visit on day: officers whose certificates were valid that day, a few
// draws each, but for one visit in faultyOfficersEvery.
func (w *World) visitOfficers(rng *rand.Rand, a *Agency, day string) []string {
	n := len(a.Officers)
	if n == 0 {
		return nil
	}
	anyone := rng.IntN(faultyOfficersEvery) == 0
	pick := func(skip int) int {
		x := (skip + 1) % n
		for range 8 {
			y := rng.IntN(n)
			if y == skip {
				continue
			}
			x = y
			o := w.Officers[a.Officers[y]]
			if anyone || (inspection.Cert{ValidFrom: o.From, ValidTo: o.To, Status: o.Status, StatusSince: o.Since}).ValidOn(day) {
				break
			}
		}
		return x
	}
	first := pick(-1)
	names := []string{w.Officers[a.Officers[first]].Cert}
	if n > 1 {
		names = append(names, w.Officers[a.Officers[pick(first)]].Cert)
	}
	return names
}

// inspectionChunk is how many inspections one transaction writes.
const inspectionChunk = 5000

var inspectionCols = []string{"id", "source_system", "source_id", "agency_code", "region_code", "matter_code", "kind", "enterprise_name",
	"enterprise_id", "events", "code", "status", "visit_day", "visit_at", "officers", "problem_found", "created_at", "updated_at"}

// inspectionCount is the number of inspections o asks for.
func (o Options) inspectionCount() int {
	switch {
	case o.Inspections < 0:
		return 0
	case o.Inspections > 0:
		return o.Inspections
	}
	return InspectionsPerCase * o.Cases
}

// writeInspections writes the inspection matter held by every enforcement
// subject and n closed visits of the last 365 days: each by an agency
// drawn by its case weight, in its county, of one of VisitsPerEnterprise-
// visited enterprises of that county, by two of its officers, a third of
// them finding a problem. The rows carry what the frequency rules read
// (enterprise, visit day and instant, officers, problem found) and the §4
// events; they are bulk rows, judged afterwards in bulk by the rules of §4
// (judgeInspections), so their findings are those a push would raise.
func writeInspections(ctx context.Context, db *store.DB, w *World, n int, seed uint64, today time.Time, sum *Summary, h hash.Hash) error {
	now := clock.Millis(ctx)
	mid, err := maxID(ctx, db, "matters")
	if err != nil {
		return err
	}
	mid++
	base, err := maxID(ctx, db, "inspections")
	if err != nil {
		return err
	}
	var held [][]any
	for _, a := range w.Agencies {
		if a.Kind == "enforcement" {
			held = append(held, []any{mid, a.Code})
		}
	}
	err = inTx(ctx, db, func(s sink) error {
		if err := s.rows(ctx, "matters", []string{"id", "code", "name", "kind", "region_code", "domain", "legal_basis", "version", "created_at", "updated_at"},
			[][]any{{mid, InspectionMatter, "涉企日常监督检查", "inspection", w.Root.Code, "综合", "《优化营商环境条例》第五十四条", 1, now, now}}); err != nil {
			return err
		}
		return s.rows(ctx, "matter_agencies", []string{"matter_id", "agency_code"}, held)
	})
	if err != nil || n == 0 {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 0x1a5bec7))
	vis := make([]loadedVisit, 0, n)
	var regions []string
	regionIdx, countyIdx := map[string]int32{}, map[string]uint64{}
	officerIdx := make(map[string]int32, len(w.Officers))
	for i := range w.Officers {
		officerIdx[w.Officers[i].Cert] = int32(i)
	}
	agencyIdx := make(map[string]int32, len(w.Agencies))
	for i, a := range w.Agencies {
		agencyIdx[a.Code] = int32(i)
	}
	perCounty := max(1, n/VisitsPerEnterprise/max(1, len(w.Counties)))
	recent := make([][]recentVisit, len(w.Agencies))
	var rows [][]any
	for i := range n {
		a := w.pickAgency(rng)
		region := a.Region
		if len(w.Counties) > 0 && (len(region) != 6 || a.Level < 3) {
			var in []Region
			for _, c := range w.Counties {
				if ident.Contains(a.Region, c.Code) {
					in = append(in, c)
				}
			}
			if len(in) > 0 {
				region = in[rng.IntN(len(in))].Code
			}
		}
		k := rng.IntN(perCounty)
		day := today.AddDate(0, 0, -rng.IntN(365))
		at := time.Date(day.Year(), day.Month(), day.Day(), 9+rng.IntN(8), rng.IntN(60), 0, 0, clock.Shanghai)
		ai := agencyIdx[a.Code]
		var names []string
		if r := recent[ai]; len(r) > 0 && rng.IntN(repeatEvery) == 0 {
			// The agency's officers come back to an enterprise they visited.
			p := r[rng.IntN(len(r))]
			region, k, names = p.region, p.k, p.names
		} else {
			names = w.visitOfficers(rng, a, day.Format("2006-01-02"))
			switch v := (recentVisit{region, k, names}); {
			case len(r) < recentSize:
				recent[ai] = append(r, v)
			case rng.IntN(recentReplace) == 0:
				r[rng.IntN(recentSize)] = v
			}
		}
		ent, err := ident.MakeUSCC('9', '1', region[:6], fmt.Sprintf("M%07d", k%10_000_000))
		if err != nil {
			return err
		}
		offs := ","
		for _, c := range names {
			offs += c + ","
		}
		problem := 0
		if rng.IntN(3) == 0 {
			problem = 1
		}
		d, stamp := day.Format("2006-01-02"), at.Format(time.RFC3339)
		pf := problem == 1
		events, _ := json.Marshal([]map[string]any{{"type": "approved", "at": d, "actor": "负责人"}, {"type": "reported", "at": d},
			{"type": "checked_in", "at": stamp, "officers": names}, {"type": "result", "at": stamp, "problem_found": pf, "summary": "日常检查"},
			{"type": "checked_out", "at": stamp}})
		ri, ok := regionIdx[region]
		if !ok {
			ri = int32(len(regions))
			regionIdx[region], regions = ri, append(regions, region)
		}
		ci, ok := countyIdx[region[:6]]
		if !ok {
			ci = uint64(len(countyIdx))
			countyIdx[region[:6]] = ci
		}
		lv := loadedVisit{ent: ci<<32 | uint64(k%10_000_000), at: at.UnixMilli(), n: int32(sum.Inspections), agency: agencyIdx[a.Code],
			region: ri, off: [2]int32{-1, -1}, problem: pf}
		for x, c := range names {
			lv.off[x] = officerIdx[c]
		}
		vis = append(vis, lv)
		id := base + int64(sum.Inspections) + 1
		sid := fmt.Sprintf("%s-%09d", region[:4], i+1)
		code := codeOf(seed, i)
		rows = append(rows, []any{id, InspectionSource, sid, a.Code, region, InspectionMatter, "routine", "规模企业" + ent[8:16], ent,
			string(events), code, "closed", d, at.UnixMilli(), offs, problem, now, now})
		hashRow(h, sid, a.Code, region, ent, d, offs, problem)
		sum.Inspections++
		if len(rows) == inspectionChunk || i == n-1 {
			if err := inTx(ctx, db, func(s sink) error { return s.rows(ctx, "inspections", inspectionCols, rows) }); err != nil {
				return err
			}
			rows = rows[:0]
		}
	}
	if err := judgeInspections(ctx, db, w, vis, regions, base, sum, h); err != nil {
		return err
	}
	// The statistics rollups the inspection service keeps on each save
	// (issue 15), from the bulk rows in one grouped statement per table.
	return inspection.RebuildRollup(ctx, db)
}

// codeOf is the i-th generated inspection's 检查码, as newCode's shape
// ("JC" and 16 base32 characters), from the seed.
func codeOf(seed uint64, i int) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], seed)
	binary.BigEndian.PutUint64(b[8:], uint64(i))
	sum := sha256.Sum256(b[:])
	return "JC" + base32.StdEncoding.EncodeToString(sum[:10])
}
