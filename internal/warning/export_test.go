package warning

// Hooks for the external tests: the warned-cases count from its rollup
// and from the scan it replaces (stats_warned.go).
var (
	CasesWarned     = casesWarned
	CasesWarnedScan = casesWarnedScan
)
