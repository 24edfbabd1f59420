package discretion

import (
	"fmt"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
)

// Criteria are the structured conditions of a tier or a list item, the
// ones the machine can check against a case's facts. Only true flags are
// conditions; the text conditions beside them say the rest.
type Criteria struct {
	FirstOffense   *bool  `json:"first_offense,omitempty"`   // 初次违法
	HarmMax        string `json:"harm_max,omitempty"`        // harm at most: none | slight | serious
	Corrected      *bool  `json:"corrected,omitempty"`       // 及时改正 / 限期内改正
	CorrectionDays int    `json:"correction_days,omitempty"` // the period of 限期改正, in days (0: 及时)
	Minor          *bool  `json:"minor,omitempty"`           // 当事人为未成年人 (处罚法 Art. 30)
}

// Empty reports whether c sets no condition.
func (c Criteria) Empty() bool {
	return !isTrue(c.FirstOffense) && c.HarmMax == "" && !isTrue(c.Corrected) && !isTrue(c.Minor)
}

func isTrue(b *bool) bool { return b != nil && *b }

func truePtr() *bool { t := true; return &t }

// normalize keeps only true flags and checks the values; problems go to
// f under prefix (e.g. "tiers[0].criteria").
func (c *Criteria) normalize(f apperr.Fields, prefix string) {
	for _, b := range []**bool{&c.FirstOffense, &c.Corrected, &c.Minor} {
		if !isTrue(*b) {
			*b = nil
		}
	}
	if c.HarmMax != "" && harmRank(c.HarmMax) < 0 {
		f.Set(prefix+".harm_max", "危害后果上限应为 none（没有危害后果）、slight（轻微）或 serious（较重）")
	}
	if c.CorrectionDays < 0 || c.CorrectionDays > 365 {
		f.Set(prefix+".correction_days", "改正期限应为0至365天")
	}
	if c.CorrectionDays > 0 && !isTrue(c.Corrected) {
		c.Corrected = truePtr()
	}
}

// Describe lists the conditions in Chinese.
func (c Criteria) Describe() []string {
	var out []string
	if isTrue(c.FirstOffense) {
		out = append(out, "初次违法")
	}
	switch c.HarmMax {
	case "none":
		out = append(out, "没有造成危害后果")
	case "slight":
		out = append(out, "危害后果轻微")
	case "serious":
		out = append(out, "危害后果不限")
	}
	if isTrue(c.Corrected) {
		if c.CorrectionDays > 0 {
			out = append(out, "在责令改正期限（"+strconv.Itoa(c.CorrectionDays)+"日）内改正")
		} else {
			out = append(out, "及时改正")
		}
	}
	if isTrue(c.Minor) {
		out = append(out, "当事人为未成年人")
	}
	return out
}

// FactsView is what the discretion rules read of a case's facts. Pointer
// fields are "not known" when nil. Mitigating and Aggravating hold codes of
// Circumstances (either list may hold either kind; each code is read by
// its own kind).
type FactsView struct {
	FirstOffense *bool
	Harm         string // none | slight | serious | "" (not known)
	Corrected    *bool
	PartyAge     *int
	Mitigating   []string
	Aggravating  []string
}

// check compares c with the facts: the conditions met and those not met
// (or not known), each in Chinese.
func (c Criteria) check(f FactsView) (met, unmet []string) {
	if isTrue(c.FirstOffense) {
		switch {
		case f.FirstOffense == nil:
			unmet = append(unmet, "未载明是否初次违法")
		case *f.FirstOffense:
			met = append(met, "初次违法")
		default:
			unmet = append(unmet, "不是初次违法")
		}
	}
	if c.HarmMax != "" {
		h := harmRank(f.Harm)
		switch {
		case h < 0:
			unmet = append(unmet, "未载明危害后果")
		case h <= harmRank(c.HarmMax):
			met = append(met, registry.LabelOf(HarmOptions, f.Harm))
		default:
			unmet = append(unmet, fmt.Sprintf("%s，超出“%s”", registry.LabelOf(HarmOptions, f.Harm), registry.LabelOf(HarmOptions, c.HarmMax)))
		}
	}
	if isTrue(c.Corrected) {
		switch {
		case f.Corrected == nil:
			unmet = append(unmet, "未载明是否已改正")
		case *f.Corrected:
			met = append(met, "已及时改正")
		default:
			unmet = append(unmet, "未改正")
		}
	}
	if isTrue(c.Minor) {
		switch {
		case f.PartyAge == nil:
			unmet = append(unmet, "未载明当事人年龄")
		case *f.PartyAge < 18:
			met = append(met, fmt.Sprintf("当事人%d岁，未成年", *f.PartyAge))
		default:
			unmet = append(unmet, "当事人已成年")
		}
	}
	return met, unmet
}
