package cases

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"zfjd/internal/store"
)

// The rules of spec/supervision-v1.md §2 that read more than the case:
// the register (MATTER_NOT_HELD), the same party's other cases
// (DOUBLE_FINE) and the distribution of similar cases' fines
// (SIMILAR_CASE_DISPARITY, disparity.go). loadRuleData gathers their
// data once per judgement; the checks stay pure.

// RuleData is what the cross-case rules read.
type RuleData struct {
	// MatterKnown: the case's matter is on the register; MatterHolders are
	// the agencies holding it (权责清单) among those the rules ask about: the
	// loader reads only the case's own agency.
	MatterKnown   bool
	MatterHolders []string
	// Fined are the other cases whose decision fined the same party for
	// the same matter and act date, not annulled.
	Fined []PriorFine
	// Similar is the distribution of the fines of the decided cases of the
	// same matter, tier, decision year and province; nil = none.
	Similar *FineStats
	// Custom evaluates the custom rules in force (package warning).
	Custom func(*Case, *Env) []Warning
}

// PriorFine is another case's fine of the same party, matter and act.
type PriorFine struct {
	CaseID    int64
	Ref       string // 案号 or source_system/source_id
	Agency    string
	DecidedOn string
	FineFen   int64
}

// loadRuleData reads the cross-case rules' data for c (from m's page
// when the due pass read it for the page).
func loadRuleData(ctx context.Context, q store.Querier, c *Case, env *Env, m *envMemo) error {
	if m != nil && m.page != nil {
		known, held := m.page.holdsMatter(c)
		env.Data.MatterKnown = known
		if held {
			env.Data.MatterHolders = []string{c.AgencyCode}
		}
	} else if err := loadMatterHeld(ctx, q, c, env); err != nil {
		return err
	}
	if err := loadPriorFines(ctx, q, c, env, m); err != nil {
		return err
	}
	return loadDisparity(ctx, q, c, env, m)
}

// loadMatterHeld reads whether c's matter is on the register and whether
// c's agency holds it.
func loadMatterHeld(ctx context.Context, q store.Querier, c *Case, env *Env) error {
	var mid int64
	err := q.QueryRowContext(ctx, `SELECT id FROM matters WHERE code = $1`, c.MatterCode).Scan(&mid)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return err
	}
	env.Data.MatterKnown = true
	// Only whether the case's agency holds it: one primary-key probe,
	// not every holder (a province matter held by all 1,807 townships).
	var a string
	err = q.QueryRowContext(ctx, `SELECT agency_code FROM matter_agencies WHERE matter_id = $1 AND agency_code = $2`,
		mid, c.AgencyCode).Scan(&a)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		env.Data.MatterHolders = []string{a}
	}
	return nil
}

// loadPriorFines reads the same party's other fined decisions of the
// matter (index cases_party), in id order, keeping those of the same act
// date; from m's page when the due pass read the page's parties.
func loadPriorFines(ctx context.Context, q store.Querier, c *Case, env *Env, m *envMemo) error {
	if c.Party.IDNumber == "" || !env.Rules.On("DOUBLE_FINE") {
		return nil
	}
	if m != nil && m.page != nil {
		for _, r := range m.page.fined[c.Party.IDNumber] {
			if r.matter == c.MatterCode && r.kind == c.Party.Kind && r.p.CaseID != c.ID {
				keepFine(c, env, r.p, r.facts, r.evs)
			}
		}
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT id, case_no, source_system, source_id, agency_code, decided_on, fine_fen, facts_json, events_json
		FROM cases WHERE party_id_number = $1 AND matter_code = $2 AND party_kind = $3 AND id <> $4 AND outcome = 'penalty' AND fine_fen > 0
		ORDER BY id`, c.Party.IDNumber, c.MatterCode, c.Party.Kind, c.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var p PriorFine
		var no, sys, src, facts, events string
		if err := rows.Scan(&p.CaseID, &no, &sys, &src, &p.Agency, &p.DecidedOn, &p.FineFen, &facts, &events); err != nil {
			return err
		}
		p.Ref = no
		if p.Ref == "" {
			p.Ref = sys + "/" + src
		}
		keepFine(c, env, p, facts, events)
	}
	return rows.Err()
}

// keepFine adds p to c's prior fines when it is of the same act date and
// not annulled.
func keepFine(c *Case, env *Env, p PriorFine, facts, events string) {
	var f Facts
	if json.Unmarshal([]byte(facts), &f) != nil || f.ActDate != c.Facts.ActDate || strings.Contains(events, `"type":"annulled"`) {
		return
	}
	env.Data.Fined = append(env.Data.Fined, p)
}

// 处罚法 Art. 17 (处罚由具有行政处罚权的行政机关在法定职权范围内实施) and
// 行政执法监督条例 Art. 11(一) (执法主体不适格): the case's matter must be one
// the case's agency holds on the register. An unregistered matter is left
// to the exchange's own validation.
func checkMatterHeld(j *judge) {
	if !j.env.Data.MatterKnown || slices.Contains(j.env.Data.MatterHolders, j.c.AgencyCode) {
		return
	}
	j.fire("MATTER_NOT_HELD", "red", "", zeroDate, "执法事项%s不在本执法主体%s的权责清单内，执法主体不适格", j.c.MatterCode, j.c.AgencyCode)
}

// 处罚法 Art. 29: 对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚.
// The same party (id number), matter and act date fined by another
// decision (any agency, neither annulled) marks the later decision; on the
// same day the case registered later is the later one.
func checkDoubleFine(j *judge) {
	d := j.decision()
	if !penalised(d) || fineOf(d) <= 0 || j.voided(d) != nil {
		return
	}
	day := d.when.Date.String()
	for _, p := range j.env.Data.Fined {
		if p.DecidedOn < day || (p.DecidedOn == day && (j.c.ID == 0 || p.CaseID < j.c.ID)) {
			j.fire("DOUBLE_FINE", "red", "", d.when.Date, "当事人的同一违法行为（%s，违法行为日期%s）已由%s于%s作出罚款%s的决定（%s），本案%s再次罚款%s",
				j.c.MatterCode, j.c.Facts.ActDate, p.Agency, p.DecidedOn, yuan(p.FineFen), p.Ref, day, yuan(fineOf(d)))
			return
		}
	}
}
