package scale

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Region is one division of the generated jurisdiction; townships (level
// 4, 9 digits) are generated, the rest come from the seeded GB/T 2260 table.
type Region struct {
	Code, Name, Parent string
	Level              int
	New                bool // generated here (a township), written by the loader
}

// Agency is a supervision body or an enforcement subject.
type Agency struct {
	Code, Name, Kind, Subject, Region, Domain, Parent string
	Level                                             int
	Officers                                          []int // indexes into World.Officers
	Reviewers                                         []int // officers holding legal_review
	Hosts                                             []int // officers holding hearing_host
	Weight                                            int   // relative case volume
}

// Officer is one certified officer with the state of the certificate.
type Officer struct {
	Cert, Name, IDNumber, Agency, Region, Domain string
	From, To, Status, Since, Reason              string
	Exam                                         int
	Host, Review                                 bool
	VerifyID                                     string
}

// Matter is one penalty matter of the province's 权责清单.
type Matter struct {
	Code, Name, Domain, Region string
	Threshold                  *int64 // criminal threshold, fen
}

// World is the generated registry: a pure function of the seed, the
// scale, the known regions and the day.
type World struct {
	Root      Region
	Regions   []Region // townships to write, and every county/city of the scope
	Counties  []Region
	Agencies  []*Agency
	Officers  []*Officer
	Matters   []*Matter
	byDomain  map[string][]int // matter indexes by domain
	enforcers []int            // enforcement agencies, by weight
	totalW    int
	cumW      []int
}

var scaleRoots = map[string]string{"province": "370000", "city": "370100", "county": "370102"}

func loadRegions(ctx context.Context, q store.Querier, root string) ([]Region, error) {
	prefix := ident.RegionPrefix(root)
	rows, err := q.QueryContext(ctx, `SELECT code, name, parent_code, level FROM regions WHERE code >= $1 AND code < $2 AND level <= 3 ORDER BY code`,
		prefix, ident.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.Name, &r.Parent, &r.Level); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func buildWorld(rng *rand.Rand, scale string, regions []Region, today time.Time) (*World, error) {
	root := scaleRoots[scale]
	w := &World{byDomain: map[string][]int{}}
	names := map[string]string{}
	for _, r := range regions {
		names[r.Code] = r.Name
		if r.Code == root {
			w.Root = r
		}
	}
	if w.Root.Code == "" {
		return nil, fmt.Errorf("scale: 行政区划表中没有 %s，请先初始化行政区划", root)
	}
	seq := 0
	agencyCode := func(region string, kind byte) string {
		seq++
		c, err := ident.MakeUSCC('1', kind, region, fmt.Sprintf("%08d", 10000000+seq))
		if err != nil {
			panic(err)
		}
		return c
	}
	fullName := func(r Region) string {
		switch r.Level {
		case 1, 2:
			return r.Name
		case 3:
			if p, ok := names[r.Parent]; ok && r.Parent != "370000" {
				return p + r.Name
			}
			return r.Name
		}
		return names[r.Parent[:6]] + r.Name
	}
	sup := map[string]string{} // region → supervision body code
	addAgencies := func(r Region, list []agencyTemplate) {
		parent := sup[r.Parent]
		if r.Level == 3 && parent == "" {
			parent = sup[r.Code[:4]+"00"]
		}
		sname := fullName(r) + "司法局"
		if r.Level == 1 {
			sname = r.Name + "司法厅"
		}
		s := &Agency{Code: agencyCode(r.Code, '1'), Name: sname, Kind: "supervision", Region: r.Code, Domain: "司法行政",
			Parent: parent, Level: r.Level}
		sup[r.Code] = s.Code
		w.Agencies = append(w.Agencies, s)
		for _, t := range list {
			kind := byte('1')
			if t.subject == "authorized" {
				kind = '2'
			}
			w.Agencies = append(w.Agencies, &Agency{Code: agencyCode(r.Code, kind), Name: fullName(r) + t.suffix, Kind: "enforcement",
				Subject: t.subject, Region: r.Code, Domain: t.domain, Level: r.Level,
				Weight: int(float64(t.officers)*officerScale[r.Level]) + 1})
		}
	}
	for _, r := range regions {
		switch {
		case r.Level == 1 && scale == "province":
			addAgencies(r, provinceAgencies)
		case r.Level == 2 && scale != "county":
			addAgencies(r, cityAgencies)
		case r.Level == 3:
			w.Counties = append(w.Counties, r)
			addAgencies(r, countyAgencies)
			n := 10 + rng.IntN(7) // ~13 townships per county, ~1,800 in the province
			used := map[string]bool{}
			for i := 1; i <= n; i++ {
				var nm string
				for nm == "" || used[nm] {
					nm = string([]rune{townshipChars[rng.IntN(len(townshipChars))], townshipChars[rng.IntN(len(townshipChars))]}) +
						townshipSuffixes[rng.IntN(len(townshipSuffixes))]
				}
				used[nm] = true
				t := Region{Code: fmt.Sprintf("%s%03d", r.Code, i), Name: nm, Parent: r.Code, Level: 4, New: true}
				names[t.Code] = nm
				w.Regions = append(w.Regions, t)
				gov := "人民政府"
				if nm[len(nm)-len("街道"):] == "街道" {
					gov = "办事处"
				}
				w.Agencies = append(w.Agencies, &Agency{Code: agencyCode(r.Code, '1'), Name: fullName(r) + nm + gov, Kind: "enforcement",
					Subject: "authorized", Region: t.Code, Domain: townshipTemplate.domain, Level: 4,
					Parent: sup[r.Code], Weight: townshipTemplate.officers})
			}
		}
	}
	w.buildMatters(rng)
	w.buildOfficers(rng, today)
	for i, a := range w.Agencies {
		if a.Kind == "enforcement" {
			w.enforcers = append(w.enforcers, i)
			w.totalW += a.Weight
			w.cumW = append(w.cumW, w.totalW)
		}
	}
	return w, nil
}

func (w *World) buildMatters(rng *rand.Rand) {
	domains := map[string]bool{}
	for _, a := range w.Agencies {
		if a.Kind == "enforcement" {
			domains[a.Domain] = true
		}
	}
	abbrev := 0
	for _, t := range append(append([]agencyTemplate{}, countyAgencies...), townshipTemplate) {
		if !domains[t.domain] || len(w.byDomain[t.domain]) > 0 {
			continue
		}
		abbrev++
		list := matterNames[t.domain]
		if t.domain == "乡镇综合执法" {
			list = append(append([]string{}, matterNames["城市管理"]...), matterNames["自然资源"][0])
		}
		if len(list) == 0 {
			list = genericMatters
		}
		for i, n := range list {
			m := &Matter{Code: fmt.Sprintf("%s-D%02d-CF-%04d", w.Root.Code, abbrev, i+1), Name: n, Domain: t.domain, Region: w.Root.Code}
			if rng.IntN(3) == 0 {
				thr := int64(5000000) // 5 万元: a 追诉标准 of the kind 移送规定 refers to
				m.Threshold = &thr
			}
			w.byDomain[t.domain] = append(w.byDomain[t.domain], len(w.Matters))
			w.Matters = append(w.Matters, m)
		}
	}
}

func (w *World) buildOfficers(rng *rand.Rand, today time.Time) {
	day := func(t time.Time) string { return t.Format("2006-01-02") }
	for ai, a := range w.Agencies {
		n := a.Weight
		if a.Kind == "supervision" {
			n = 8
		}
		n = max(2, n-n/4+rng.IntN(n/2+1)) // ±25 %
		for k := 0; k < n; k++ {
			o := &Officer{Cert: fmt.Sprintf("%s%06d", a.Region[:6], len(w.Officers)%1000000), Agency: a.Code, Region: a.Region,
				Domain: a.Domain, Status: "valid", Exam: 60 + rng.IntN(41)}
			o.Cert = fmt.Sprintf("%s%02d%06d", a.Region[:6], len(w.Officers)/1000000, len(w.Officers)%1000000)
			o.Name = surnames[rng.IntN(len(surnames))] + string(givenChars[rng.IntN(len(givenChars))])
			if rng.IntN(2) == 0 {
				o.Name += string(givenChars[rng.IntN(len(givenChars))])
			}
			birth := time.Date(1965+rng.IntN(35), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)
			o.IDNumber = ident.MakeIDCard(a.Region[:6], birth, fmt.Sprintf("%03d", rng.IntN(1000)))
			// Most certificates were issued (or last renewed) before the
			// two years the cases span; one in twenty is new.
			from := today.AddDate(0, 0, -2*365-rng.IntN(3*365))
			if rng.IntN(20) == 0 {
				from = today.AddDate(0, 0, -rng.IntN(2*365))
			}
			if rng.IntN(40) == 0 { // not renewed: expired
				from = from.AddDate(-5, 0, 0)
			}
			o.From, o.To = day(from), day(from.AddDate(5, 0, -1))
			switch r := rng.IntN(200); {
			case r < 2:
				o.Status, o.Reason = "suspended", "年度审验不合格，暂扣行政执法证件"
			case r < 3:
				o.Status, o.Reason = "revoked", "离岗培训后考试仍不合格，依法吊销行政执法证件"
			case r < 5:
				o.Status, o.Reason = "cancelled", "调离行政执法岗位，注销行政执法证件"
			}
			if o.Status != "valid" {
				o.Since = day(today.AddDate(0, 0, -rng.IntN(300)))
			}
			// Every enforcement body has a legal reviewer and a hearing host.
			o.Review = rng.IntN(12) == 0 || ((k == 0 || k == 2) && a.Kind == "enforcement")
			o.Host = rng.IntN(16) == 0 || ((k == 1 || k == 3) && a.Kind == "enforcement")
			if k < 4 {
				o.Status, o.Reason, o.Since = "valid", "", ""
				f := today.AddDate(0, 0, -2*365-rng.IntN(3*365))
				o.From, o.To = day(f), day(f.AddDate(5, 0, -1))
			}
			o.VerifyID = fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())
			idx := len(w.Officers)
			w.Officers = append(w.Officers, o)
			w.Agencies[ai].Officers = append(w.Agencies[ai].Officers, idx)
			if o.Review && o.Status == "valid" {
				w.Agencies[ai].Reviewers = append(w.Agencies[ai].Reviewers, idx)
			}
			if o.Host && o.Status == "valid" {
				w.Agencies[ai].Hosts = append(w.Agencies[ai].Hosts, idx)
			}
		}
	}
}

// pickAgency draws an enforcement agency by case volume.
func (w *World) pickAgency(rng *rand.Rand) *Agency {
	x := rng.IntN(w.totalW)
	lo, hi := 0, len(w.cumW)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w.cumW[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return w.Agencies[w.enforcers[lo]]
}
