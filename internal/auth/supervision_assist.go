package auth

import (
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// 司法所 assistance (行政执法监督条例 Art. 6 ¶2: "设在乡镇（街道）的司法所
// 协助县级人民政府行政执法监督机构依法开展行政执法监督工作"). A 司法所
// account is a supervisor account whose region is its township (a 9-digit
// 乡镇、街道 code) and which is bound to no agency: the judicial
// administration system at township level. Its scope holds no agency (the
// agencies are registered at county level and above), so every rule built
// on the region subtree already shows it nothing of the county; on a
// supervision case it sees what the county body asked it to assist on —
// the cases whose township the body named inside its township — and
// records its assistance there (调查、走访、收集材料), never an act in the
// body's name: no 立案, no document, no 处理 (those need IsSupervisionOf
// the case's body region, which a township does not contain).

// IsJusticeOffice reports whether p is a 司法所 account.
func IsJusticeOffice(p *Principal) bool {
	return p != nil && p.Role == RoleSupervisor && p.Agency == "" && IsTownship(p.Region)
}

// IsTownship reports whether code is the 9-digit code of a 乡镇（街道）.
func IsTownship(code string) bool {
	return len(code) == 9 && ident.ValidateRegionCode(code) == nil && len(ident.RegionPrefix(code)) == 9
}

// CanAssistSupervisionCase reports whether p, a 司法所, assists on a case
// whose township (named by its supervision body) is township: it reads the
// case and records its assistance.
func CanAssistSupervisionCase(p *Principal, township string) bool {
	return township != "" && IsJusticeOffice(p) && ident.Contains(p.Region, township)
}

// FilterAssistedCases narrows a list of supervision cases to the ones a
// 司法所 assists on, as a range scan on the township column.
func FilterAssistedCases(p *Principal, w *store.Where, townshipCol string) {
	if !IsJusticeOffice(p) {
		w.Add("1 = 0")
		return
	}
	prefix := ident.RegionPrefix(p.Region)
	w.Add(townshipCol+" >= ? AND "+townshipCol+" < ?", prefix, ident.PrefixEnd(prefix))
}
