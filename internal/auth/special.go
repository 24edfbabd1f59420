package auth

import "zfjd/internal/ident"

// 专项监督 work plans (行政执法监督条例 Art. 21) are made by the supervision
// body of a province or above and approved by its government; the
// supervision bodies of the province's cities and counties read them (they
// carry them out).

// provinceLevel reports whether region is a province's code (or "" for the
// whole country).
func provinceLevel(region string) bool {
	return region == "" || (len(region) == 6 && region[2:] == "0000")
}

// CanPlanSpecialSupervision reports whether p may make, approve and close
// a 专项监督 plan of region: supervision of a province-level region (Art. 21
// "省级以上人民政府行政执法监督机构").
func CanPlanSpecialSupervision(p *Principal, region string) bool {
	return provinceLevel(region) && provinceLevel(p.regionOrEmpty()) && IsSupervisionOf(p, Target{Region: region})
}

// CanSeeSpecialSupervision reports whether p may read a plan of region:
// supervision of the region or of any region within it.
func CanSeeSpecialSupervision(p *Principal, region string) bool {
	return p != nil && (p.Role == RoleSupervisor || p.Role == RoleAdmin) && p.Agency == "" &&
		(p.Region == "" || ident.Contains(p.Region, region) || ident.Contains(region, p.Region))
}

func (p *Principal) regionOrEmpty() string {
	if p == nil {
		return "x"
	}
	return p.Region
}
