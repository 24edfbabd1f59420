package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
)

// Surnames weighted roughly by their frequency in Shandong.
var surnames = []struct {
	s string
	w int
}{
	{"王", 100}, {"张", 90}, {"李", 85}, {"刘", 75}, {"陈", 30}, {"孙", 35}, {"杨", 28}, {"赵", 30}, {"徐", 22},
	{"马", 20}, {"高", 22}, {"朱", 16}, {"于", 18}, {"周", 15}, {"吴", 12}, {"孔", 8}, {"田", 10}, {"郭", 14},
	{"韩", 10}, {"宋", 12}, {"董", 10}, {"吕", 8}, {"崔", 9}, {"曹", 8}, {"魏", 7}, {"任", 7}, {"邢", 6},
	{"袁", 6}, {"姜", 9}, {"石", 6}, {"谢", 5}, {"侯", 6}, {"程", 5}, {"毕", 5}, {"房", 4}, {"牛", 4},
	{"鲁", 4}, {"薛", 4}, {"庞", 3}, {"宫", 3}, {"隋", 2}, {"司马", 1}, {"欧阳", 1},
}

var (
	maleChars   = []rune("建国伟强军明磊涛勇鹏超峰杰斌波辉刚健亮宁志海东文庆振新华永晓俊凯浩宇帅鑫晨旭阳成林兵德春")
	femaleChars = []rune("丽静敏燕芳娜霞玲婷雪颖琳倩洁慧晶红梅莉萍璐悦欣佳蕾彤楠琪洋宁晓文")
)

// Address codes of first registration for people born in Jinan; where a
// district has changed its code, people born before the change carry the
// old one (e.g. 章丘市 370181 until 2016).
var jinanBirthplaces = []struct {
	code, old string
	until     int // last birth year with the old code
}{
	{"370102", "", 0}, {"370103", "", 0}, {"370104", "", 0}, {"370105", "", 0}, {"370112", "", 0},
	{"370113", "370123", 2001}, {"370114", "370181", 2016}, {"370115", "370125", 2018},
	{"370124", "", 0}, {"370126", "", 0},
}

// Other Shandong counties officers came from (淄博、泰安、德州、聊城、滨州、潍坊、日照、临沂).
var otherBirthplaces = []string{"370302", "370303", "370902", "370982", "371402", "371502", "372301", "370782", "371102", "371302"}

// Reasons recorded with a change of certificate status.
var (
	suspendReasons = []string{
		"年度审验不合格，暂扣行政执法证件，离岗培训考试合格后发还",
		"新颁布法律法规考试不合格，暂扣行政执法证件并离岗培训",
		"涉嫌违纪正在接受调查，暂扣行政执法证件",
	}
	revokeReasons = []string{
		"利用行政执法证件谋取私利，经调查属实，依法吊销",
		"离岗培训后考试仍不合格，依法吊销行政执法证件",
		"受到开除处分，吊销行政执法证件",
	}
	cancelReasons = []string{
		"调离行政执法岗位，注销行政执法证件",
		"机构改革职能划转，注销行政执法证件",
	}
	retireReason = "退休，注销行政执法证件"
)

// officerPlan is one officer and what happens to the certificate after it
// is issued.
type officerPlan struct {
	o      registry.Officer
	status string // "" or suspended / revoked / cancelled
	reason string
	years  []registry.OfficerYear
}

// Certificate populations, out of every 100 officers (rounded per run).
const (
	shareExpired   = 0.08
	shareSuspended = 0.03
	shareRevoked   = 0.02
	shareCancelled = 0.02
	countPending   = 2
)

func day(t time.Time) string { return t.Format(time.DateOnly) }

// makeOfficers creates the officers of every enforcement agency. today is
// the civil date the certificate states are computed against.
func makeOfficers(rng *rand.Rand, today time.Time, agencies []*registry.Agency, specs map[string]*agencySpec) []*officerPlan {
	totalW := 0
	for _, s := range surnames {
		totalW += s.w
	}
	names := map[string]bool{}
	ids := map[string]bool{}
	certs := map[string]bool{}
	var out []*officerPlan
	for _, a := range agencies {
		s := specs[a.Code]
		if s == nil || a.Kind != "enforcement" {
			continue
		}
		for range s.officers {
			p := &officerPlan{}
			o := &p.o
			male := rng.Float64() < 0.64
			for o.Name == "" || names[o.Name] {
				o.Name = personName(rng, totalW, male)
			}
			names[o.Name] = true
			birth := time.Date(1965+rng.IntN(34), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), 0, 0, 0, 0, clock.Shanghai)
			for o.IDNumber == "" || ids[o.IDNumber] {
				seq := rng.IntN(500) * 2
				if male {
					seq++ // odd sequence codes for men (GB 11643 §6.4)
				}
				o.IDNumber = ident.MakeIDCard(birthplace(rng, a.RegionCode, birth.Year()), birth, fmt.Sprintf("%03d", seq))
			}
			ids[o.IDNumber] = true
			// 37 01 + county part of the agency's region + serial: 11 characters.
			for o.CertNo == "" || certs[o.CertNo] {
				o.CertNo = fmt.Sprintf("3701%s%05d", a.RegionCode[4:6], rng.IntN(100000))
			}
			certs[o.CertNo] = true
			o.AgencyCode, o.Domain = a.Code, a.Domain
			score := 60 + (rng.IntN(39)+rng.IntN(39))/2
			o.ExamScore = &score
			switch r := rng.Float64(); {
			case r < 0.10:
				o.Qualifications = []string{"hearing_host"}
			case r < 0.20:
				o.Qualifications = []string{"legal_review"}
			case r < 0.23:
				o.Qualifications = []string{"hearing_host", "legal_review"}
			}
			out = append(out, p)
		}
	}

	// Certificate dates and states: a shuffled order decides who is in
	// which population, so the shares are exact.
	order := rng.Perm(len(out))
	n := len(out)
	nExp, nSus, nRev, nCan := round(n, shareExpired), round(n, shareSuspended), round(n, shareRevoked), round(n, shareCancelled)
	for rank, i := range order {
		p := out[i]
		k := rank - nExp - countPending
		switch {
		case k < 0:
		case k < nSus:
			p.status, p.reason = "suspended", suspendReasons[k%len(suspendReasons)]
		case k < nSus+nRev:
			p.status, p.reason = "revoked", revokeReasons[k%len(revokeReasons)]
		case k < nSus+nRev+nCan:
			p.status, p.reason = "cancelled", cancelReasons[k%len(cancelReasons)]
			if birthYear(p.o.IDNumber) <= 1966 {
				p.reason = retireReason
			}
		}
		var from time.Time
		switch {
		case rank < nExp: // issued 5 to 7 years ago and not renewed: valid_to at least a month ago
			from = today.AddDate(-7, 0, rng.IntN(700))
		case rank < nExp+countPending: // exam passed, certificate not yet in force
			from = today.AddDate(0, 0, 15+rng.IntN(30))
		case p.status != "": // held for a year or more before it was suspended, revoked or cancelled
			from = today.AddDate(-5, 0, 30+rng.IntN(4*365-30))
		default:
			from = today.AddDate(-5, 0, 30+rng.IntN(5*365-40))
		}
		p.o.CertValidFrom = day(from)
		p.o.CertValidTo = day(from.AddDate(5, 0, -1))
		p.o.ExamDate = day(from.AddDate(0, 0, -30-rng.IntN(60)))
		if oath := from.AddDate(0, 0, rng.IntN(21)); !oath.After(today) {
			p.o.OathDate = day(oath) // 执法宣誓 at the first session after issue
		}
		p.years = officerYears(rng, today, from, p.status, p.reason == suspendReasons[0])
	}
	return out
}

func round(n int, share float64) int { return int(float64(n)*share + 0.5) }

func birthYear(id string) int {
	y := 0
	for _, c := range id[6:10] {
		y = y*10 + int(c-'0')
	}
	return y
}

// officerYears records training hours for the last three years the
// certificate was held and the 年审 of the two completed ones; the current
// year has hours so far and no review yet. failedLastYear forces last
// year's 年审 to fail (the reason of a suspension).
func officerYears(rng *rand.Rand, today, from time.Time, status string, failedLastYear bool) []registry.OfficerYear {
	var ys []registry.OfficerYear
	to := from.AddDate(5, 0, -1)
	for y := today.Year() - 2; y <= today.Year(); y++ {
		if y < from.Year() || y > to.Year() || (status == "cancelled" || status == "revoked") && y == today.Year() {
			continue
		}
		hours := 40 + rng.IntN(41)
		if rng.Float64() < 0.08 {
			hours = 12 + rng.IntN(27) // short of the 40 hours a year
		}
		yr := registry.OfficerYear{Year: y, TrainingHours: hours}
		if y < today.Year() {
			yr.ReviewResult = "pass"
			if hours < 40 && rng.IntN(2) == 0 || failedLastYear && y == today.Year()-1 {
				yr.ReviewResult = "fail"
			}
		} else {
			yr.TrainingHours = hours * (int(today.Month()) + 1) / 13 // hours so far this year
		}
		ys = append(ys, yr)
	}
	return ys
}

func personName(rng *rand.Rand, totalW int, male bool) string {
	r := rng.IntN(totalW)
	var sur string
	for _, s := range surnames {
		if r < s.w {
			sur = s.s
			break
		}
		r -= s.w
	}
	chars := femaleChars
	if male {
		chars = maleChars
	}
	given := string(chars[rng.IntN(len(chars))])
	if rng.Float64() < 0.72 {
		given += string(chars[rng.IntN(len(chars))])
	}
	return sur + given
}

// birthplace picks the address code of an officer's identity number: most
// were born in the county of their agency or elsewhere in Jinan.
func birthplace(rng *rand.Rand, region string, year int) string {
	r := rng.Float64()
	code := region
	switch {
	case r < 0.12:
		return otherBirthplaces[rng.IntN(len(otherBirthplaces))]
	case r < 0.45 || region == "370100":
		code = jinanBirthplaces[rng.IntN(len(jinanBirthplaces))].code
	}
	for _, b := range jinanBirthplaces {
		if b.code == code && b.old != "" && year <= b.until {
			return b.old
		}
	}
	return code
}
