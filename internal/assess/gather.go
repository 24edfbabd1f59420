package assess

import (
	"context"

	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

type caseCounts struct{ filed, closed, penalties, published, annulled int64 }

type officerCounts struct{ total, valid, hours int64 }

// inputs are the live data of a region and year, one grouped query each.
type inputs struct {
	agencies [][2]string // code, name
	cases    map[string]caseCounts
	officers map[string]officerCounts
	reviews  map[string][2]int64 // sum of final scores, files
	exams    map[string][2]int64 // official exams (法律培训): sat, passed
	entered  map[string]int64    // "agency|source"
	adjust   map[string]float64
	excused  map[string]int64 // annulled decisions found 尽职免责 (coordination exemptions)
	live     *liveInputs      // warnings and complaints (live_sources.go)
}

func scope(w *store.Where, col, region string) {
	if prefix := ident.RegionPrefix(region); prefix != "" {
		w.Add(col+" >= ? AND "+col+" < ?", prefix, ident.PrefixEnd(prefix))
	}
}

func gather(ctx context.Context, db *store.DB, year int, region string) (*inputs, error) {
	in := &inputs{cases: map[string]caseCounts{}, officers: map[string]officerCounts{}, reviews: map[string][2]int64{},
		exams: map[string][2]int64{}, entered: map[string]int64{}, adjust: map[string]float64{}, excused: map[string]int64{}}
	today := clock.TodayString(ctx)
	type q struct {
		sql  string
		w    *store.Where
		scan func(scan func(...any) error) error
	}
	mk := func(col string) *store.Where { w := &store.Where{}; scope(w, col, region); return w }
	aw := mk("a.region_code")
	aw.Add("a.kind = 'enforcement'")
	cw := mk("r.region_code")
	cw.Add("r.year = ?", year)
	ow := mk("o.region_code")
	oy := ow.Arg(year)
	ov := ow.Arg(today)
	rw := mk("f.region_code")
	rw.Add("f.status = 'final' AND c.year = ?", year)
	xw := mk("t.region_code")
	xw.Add("x.year = ? AND x.status = 'published' AND t.submitted_at > 0", year)
	vw := mk("v.region_code")
	vw.Add("v.year = ?", year)
	jw := mk("j.region_code")
	jw.Add("j.year = ?", year)
	ew := mk("e.region_code")
	ew.Add("e.year = ? AND e.status = 'granted' AND e.case_id <> 0", year)
	for _, x := range []q{
		{`SELECT a.code, a.name FROM agencies a` + aw.SQL() + ` ORDER BY a.code`, aw, func(s func(...any) error) error {
			var a [2]string
			err := s(&a[0], &a[1])
			in.agencies = append(in.agencies, a)
			return err
		}},
		{`SELECT r.agency_code, COALESCE(SUM(r.filed), 0), COALESCE(SUM(r.closed), 0), COALESCE(SUM(r.penalties), 0),
			COALESCE(SUM(r.published), 0), COALESCE(SUM(r.annulled), 0) FROM case_rollup_year r` + cw.SQL() + ` GROUP BY r.agency_code`, cw,
			func(s func(...any) error) error {
				var ag string
				var c caseCounts
				err := s(&ag, &c.filed, &c.closed, &c.penalties, &c.published, &c.annulled)
				in.cases[ag] = c
				return err
			}},
		{`SELECT o.agency_code, COUNT(*), COALESCE(SUM(CASE WHEN o.cert_status = 'valid' AND o.cert_valid_from <= ` + ov +
			` AND o.cert_valid_to >= ` + ov + ` THEN 1 ELSE 0 END), 0), COALESCE(SUM(y.training_hours), 0)
			FROM officers o LEFT JOIN officer_years y ON y.officer_id = o.id AND y.year = ` + oy + ow.SQL() + ` GROUP BY o.agency_code`, ow,
			func(s func(...any) error) error {
				var ag string
				var o officerCounts
				err := s(&ag, &o.total, &o.valid, &o.hours)
				in.officers[ag] = o
				return err
			}},
		{`SELECT f.agency_code, COALESCE(SUM(f.final_score), 0), COUNT(*) FROM review_files f
			JOIN review_campaigns c ON c.id = f.campaign_id` + rw.SQL() + ` GROUP BY f.agency_code`, rw,
			func(s func(...any) error) error {
				var ag string
				var v [2]int64
				err := s(&ag, &v[0], &v[1])
				in.reviews[ag] = v
				return err
			}},
		{`SELECT t.agency_code, COUNT(*), COALESCE(SUM(t.passed), 0) FROM training_attempts t
			JOIN training_exams x ON x.id = t.exam_id` + xw.SQL() + ` GROUP BY t.agency_code`, xw,
			func(s func(...any) error) error {
				var ag string
				var v [2]int64
				err := s(&ag, &v[0], &v[1])
				in.exams[ag] = v
				return err
			}},
		{`SELECT v.agency_code, v.indicator, v.value FROM assess_values v` + vw.SQL(), vw, func(s func(...any) error) error {
			var ag, ind string
			var n int64
			err := s(&ag, &ind, &n)
			in.entered[ag+"|"+ind] = n
			return err
		}},
		{`SELECT e.agency_code, COUNT(DISTINCT e.case_id) FROM exemptions e` + ew.SQL() + ` GROUP BY e.agency_code`, ew,
			func(s func(...any) error) error {
				var ag string
				var n int64
				err := s(&ag, &n)
				in.excused[ag] = n
				return err
			}},
		{`SELECT j.agency_code, COALESCE(SUM(j.points), 0) FROM assess_adjustments j` + jw.SQL() + ` GROUP BY j.agency_code`, jw,
			func(s func(...any) error) error {
				var ag string
				var n int64
				err := s(&ag, &n)
				in.adjust[ag] = float64(n) / 10
				return err
			}},
	} {
		rows, err := db.R.QueryContext(ctx, x.sql, x.w.Args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			if err := x.scan(rows.Scan); err != nil {
				rows.Close()
				return nil, err
			}
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	var err error
	in.live, err = gatherLive(ctx, db, year, region)
	return in, err
}
