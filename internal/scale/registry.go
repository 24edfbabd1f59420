package scale

import (
	"context"
	"errors"
	"fmt"
	"hash"
	"maps"
	"slices"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/discretion"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Settings of every generated agency's case rules (agency_case_rules).
const (
	reviewFineFen    = 1_000_000 // 1 万元: fines at or above need legal review (Art. 58(四))
	hearingPersonFen = 200_000   // 较大数额 for a person: 2,000 元
	hearingOrgFen    = 2_000_000 // for an organisation: 20,000 元
	statementDays    = 5
	benchmarkFrom    = "2020-01-01"
)

func publicityDays(domain string) int {
	if domain == "市场监管" {
		return 20 // 市场监督管理行政处罚信息公示规定 Art. 9
	}
	return 7
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// hashRow feeds one row into the dataset fingerprint.
func hashRow(h hash.Hash, vals ...any) {
	for _, v := range vals {
		fmt.Fprint(h, v, "\x1f")
	}
	h.Write([]byte{'\n'})
}

// chunked writes rows in transactions of at most size rows.
func chunked(ctx context.Context, db *store.DB, table string, cols []string, rows [][]any, size int) error {
	for len(rows) > 0 {
		n := min(size, len(rows))
		part := rows[:n]
		if err := inTx(ctx, db, func(s sink) error { return s.rows(ctx, table, cols, part) }); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

func maxID(ctx context.Context, db *store.DB, table string) (int64, error) {
	var n int64
	err := db.R.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&n)
	return n, err
}

func writeRegistry(ctx context.Context, db *store.DB, w *World, today time.Time, sum *Summary, h hash.Hash) error {
	now := clock.Millis(ctx)
	var rows [][]any
	for _, r := range w.Regions {
		rows = append(rows, []any{r.Code, r.Name, r.Parent, r.Level, "scale-generated"})
		hashRow(h, r.Code, r.Name, r.Parent)
	}
	if err := chunked(ctx, db, "regions", []string{"code", "name", "parent_code", "level", "revision"}, rows, 20000); err != nil {
		return err
	}
	sum.Regions = len(rows)

	base, err := maxID(ctx, db, "agencies")
	if err != nil {
		return err
	}
	rows = rows[:0]
	var ruleRows [][]any
	for i, a := range w.Agencies {
		basis := "《山东省行政执法监督条例》第四条"
		announced := ""
		if a.Kind == "enforcement" {
			basis = "《中华人民共和国行政处罚法》第十八条（" + a.Domain + "）"
			announced = "2021-06-30"
			ruleRows = append(ruleRows, []any{a.Code, int64(reviewFineFen), "", int64(hearingPersonFen), int64(hearingOrgFen), now, statementDays, ""})
		}
		rows = append(rows, []any{base + int64(i) + 1, a.Code, a.Name, a.Kind, a.Subject, a.Region, a.Domain, a.Parent, basis, "active",
			announced, publicityDays(a.Domain), now, now})
		hashRow(h, a.Code, a.Name, a.Kind, a.Region, a.Domain, a.Parent)
	}
	if err := chunked(ctx, db, "agencies", []string{"id", "code", "name", "kind", "subject_type", "region_code", "domain", "parent_code",
		"legal_basis", "status", "announced_on", "publicity_days", "created_at", "updated_at"}, rows, 20000); err != nil {
		return err
	}
	if err := chunked(ctx, db, "agency_case_rules", []string{"agency_code", "review_fine_fen", "review_matters", "hearing_person_fen",
		"hearing_org_fen", "updated_at", "statement_days", "hearing_kinds"}, ruleRows, 20000); err != nil {
		return err
	}
	sum.Agencies = len(rows)
	if err := registry.BumpGeneration(ctx, db.W); err != nil { // the rows above bypass PutAgency
		return err
	}

	if base, err = maxID(ctx, db, "officers"); err != nil {
		return err
	}
	rows = rows[:0]
	var years [][]any
	y := today.Year()
	for i, o := range w.Officers {
		id := base + int64(i) + 1
		exam := o.From // the exam before the first certificate
		rows = append(rows, []any{id, o.Cert, o.Name, o.IDNumber, o.Agency, o.Region, o.Domain, o.From, o.To, o.Status, o.Reason, o.Exam,
			exam, exam, b2i(o.Host), b2i(o.Review), 0, o.VerifyID, now, now, o.Since})
		hashRow(h, o.Cert, o.Name, o.IDNumber, o.Agency, o.From, o.To, o.Status, o.Since, o.Host, o.Review)
		for k := 1; k <= 2; k++ {
			result := "合格"
			if o.Status == "suspended" && k == 1 {
				result = "不合格"
			}
			years = append(years, []any{id, y - k, 40 + int(id*7+int64(k))%40, result})
		}
	}
	if err := chunked(ctx, db, "officers", []string{"id", "cert_no", "name", "id_number", "agency_code", "region_code", "domain",
		"cert_valid_from", "cert_valid_to", "cert_status", "status_reason", "exam_score", "exam_date", "oath_date", "hearing_host",
		"legal_review", "supervision", "verify_id", "created_at", "updated_at", "status_since"}, rows, 20000); err != nil {
		return err
	}
	if err := chunked(ctx, db, "officer_years", []string{"officer_id", "year", "training_hours", "review_result"}, years, 50000); err != nil {
		return err
	}
	sum.Officers, sum.OfficerYears = len(rows), len(years)

	if base, err = maxID(ctx, db, "matters"); err != nil {
		return err
	}
	rows = rows[:0]
	var held [][]any
	byDomain := map[string][]string{}
	for _, a := range w.Agencies {
		if a.Kind == "enforcement" {
			byDomain[a.Domain] = append(byDomain[a.Domain], a.Code)
		}
	}
	for i, m := range w.Matters {
		id := base + int64(i) + 1
		var thr any
		if m.Threshold != nil {
			thr = *m.Threshold
		}
		rows = append(rows, []any{id, m.Code, m.Name, "penalty", m.Region, m.Domain, "《山东省" + m.Domain + "行政处罚裁量基准》", benchmarkFrom, thr, 1, now, now})
		hashRow(h, m.Code, m.Name, m.Domain, m.Threshold != nil)
		for _, c := range byDomain[m.Domain] {
			held = append(held, []any{id, c})
		}
	}
	if err := chunked(ctx, db, "matters", []string{"id", "code", "name", "kind", "region_code", "domain", "legal_basis", "basis_effective",
		"criminal_threshold_fen", "version", "created_at", "updated_at"}, rows, 20000); err != nil {
		return err
	}
	if err := chunked(ctx, db, "matter_agencies", []string{"matter_id", "agency_code"}, held, 50000); err != nil {
		return err
	}
	sum.Matters = len(rows)
	// Benchmarks through the discretion package itself (validated, versioned, audited).
	for _, m := range w.Matters {
		if _, err := discretion.Put(ctx, db, system, &discretion.Input{MatterCode: m.Code, RegionCode: w.Root.Code,
			EffectiveFrom: benchmarkFrom, Tiers: benchmarkTiers(m.Domain)}); err != nil {
			return fmt.Errorf("裁量基准 %s：%w%s", m.Code, err, fieldsOf(err))
		}
		sum.Benchmarks++
	}
	return nil
}

func fen(yuan int64) *int64 { v := yuan * 100; return &v }

// benchmarkTiers are the province's tiers of a matter (元): 不予处罚 for a
// first minor offence corrected in time, then fine ranges.
func benchmarkTiers(domain string) []discretion.Tier {
	t := func(tier, cond string, lo, hi int64) discretion.Tier {
		return discretion.Tier{Tier: tier, Conditions: cond, FineMinFen: fen(lo), FineMaxFen: fen(hi), OtherPenalties: []string{}}
	}
	yes := true
	return []discretion.Tier{
		{Tier: discretion.TierNone, Conditions: "初次违法且危害后果轻微并及时改正的", OtherPenalties: []string{},
			Criteria: &discretion.Criteria{FirstOffense: &yes, HarmMax: "slight", Corrected: &yes, CorrectionDays: 15}},
		t(discretion.TierMitigated, "具有《行政处罚法》第三十二条规定情形的", 10, 50),
		t(discretion.TierLighter, "主动消除或者减轻危害后果的", 50, 5000),
		t(discretion.TierOrdinary, strings.TrimSpace("违法情节一般的"), 5000, 20000),
		t(discretion.TierHeavier, "造成危害后果或者一年内再次违法的", 20000, 50000),
	}
}

// fieldsOf lists a validation error's field messages.
func fieldsOf(err error) string {
	var e *apperr.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return ""
	}
	var fs []string
	for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
		fs = append(fs, k+"："+e.Fields[k])
	}
	return "（" + strings.Join(fs, "；") + "）"
}
