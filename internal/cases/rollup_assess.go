package cases

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// The assessment rollup (migration 00073, issue 15 C13): what each case
// counts for in the 评议考核 score sheets, per region × year × agency in
// case_rollup_assess, so a score sheet sums a row per agency instead of
// scanning the cases, their findings and the published decisions:
//   - registered, warned: the cases registered (created_at, Asia/Shanghai)
//     in the year, and of them those that ever had a finding (无预警率);
//     case_rollup_contrib.warned is the case's own "ever warned" flag;
//   - late_*: the decisions of the year with a deadline warning counted as
//     late (status open, or 已销号; not a 临期预警; not the police's
//     TRANSFER_OVERDUE "receipt"), any of the agency's deadline rules and
//     the three the score sheet names; undecided_*: undecided cases with
//     such a warning whose deadline fell in the year (按期办理率);
//   - to_publish, published, published_timely, unpublished_late: the
//     decisions to publish (general procedure, more than a warning, not
//     annulled), of them on display, on display within the agency's 公示
//     period (working days from the decision), and the PUBLICITY_OVERDUE
//     warnings of those not on display (公示及时率).
// The facts come from the tables the case's save has just written (its
// contribution, findings and published decision), read after them
// (syncAssess); case_rollup_contrib.assess_json keeps what the case
// added, so the next save moves the counts. The 公示 period is judged
// with the calendar and the agency's period of the save.

// AssessCols are the measures of case_rollup_assess, in order.
var AssessCols = []string{"registered", "warned", "late_any", "late_decision", "late_delivery", "late_publicity",
	"undecided_any", "undecided_decision", "to_publish", "published", "published_timely", "unpublished_late"}

const (
	aRegistered = iota
	aWarned
	aLateAny
	aLateDecision
	aLateDelivery
	aLatePublicity
	aUndecidedAny
	aUndecidedDecision
	aToPublish
	aPublished
	aPublishedTimely
	aUnpublishedLate
	nAssess
)

// AssessDeadlineRules are the agency's own deadlines counted as late
// (internal/cases/rules_time.go); PAYMENT_OVERDUE is the party's.
var AssessDeadlineRules = []string{"DECISION_OVERDUE", "DELIVERY_OVERDUE", "PUBLICITY_OVERDUE", "PRESERVATION_OVERDUE",
	"SEIZURE_OVERDUE", "TRANSFER_OVERDUE", "WITHDRAWAL_OVERDUE"}

type assessKey struct {
	Region string `json:"r"`
	Year   int    `json:"y"`
	Agency string `json:"a"`
}

type assessCell struct {
	assessKey
	N [nAssess]int64 `json:"n"`
}

// assessContrib is what one case adds to case_rollup_assess.
type assessContrib struct {
	warned  bool
	created int64        // the registration instant (created_at), not encoded: it never changes
	cells   []assessCell // sorted by key
}

func (a assessContrib) encode() string {
	if len(a.cells) == 0 {
		return ""
	}
	b, _ := json.Marshal(a.cells)
	return string(b)
}

func decodeAssess(s string) []assessCell {
	var out []assessCell
	if s != "" {
		_ = json.Unmarshal([]byte(s), &out)
	}
	return out
}

type assessFinding struct {
	rule, fkey, status, stage, message, due string
}

type assessPublished struct{ decided, published string }

// assessOf is what the cases ks (their contributions as now written)
// count for, from their registration instants, findings and published
// decisions as q sees them.
func assessOf(ctx context.Context, q store.Querier, ks map[int64]Contrib, cals *calMemo) (map[int64]assessContrib, error) {
	ids := make([]int64, 0, len(ks))
	for id := range ks {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	created := map[int64]int64{}
	findings := map[int64][]assessFinding{}
	published := map[int64]assessPublished{}
	for rest := ids; len(rest) > 0; {
		batch := rest[:min(len(rest), 512)]
		rest = rest[len(batch):]
		w := &store.Where{}
		in := inMarks(w, batch)
		if err := eachRow(ctx, q, `SELECT id, created_at FROM cases WHERE id IN (`+in+`)`, w.Args, func(s func(...any) error) error {
			var id, at int64
			err := s(&id, &at)
			created[id] = at
			return err
		}); err != nil {
			return nil, err
		}
		if err := eachRow(ctx, q, `SELECT subject_id, rule, fkey, status, stage, message, due FROM findings
			WHERE subject_kind = 'case' AND subject_id IN (`+in+`) ORDER BY id`, w.Args, func(s func(...any) error) error {
			var id int64
			var f assessFinding
			err := s(&id, &f.rule, &f.fkey, &f.status, &f.stage, &f.message, &f.due)
			findings[id] = append(findings[id], f)
			return err
		}); err != nil {
			return nil, err
		}
		if err := eachRow(ctx, q, `SELECT case_id, decided_on, published_on FROM published_decisions WHERE case_id IN (`+in+`)`, w.Args,
			func(s func(...any) error) error {
				var id int64
				var p assessPublished
				err := s(&id, &p.decided, &p.published)
				published[id] = p
				return err
			}); err != nil {
			return nil, err
		}
	}
	// The 公示 period of each agency with a published decision.
	days := map[string]int{}
	var agencies []string
	for id, p := range published {
		if a := ks[id].Agency; p.decided != "" {
			if _, ok := days[a]; !ok {
				days[a] = 0
				agencies = append(agencies, a)
			}
		}
	}
	for len(agencies) > 0 {
		batch := agencies[:min(len(agencies), 512)]
		agencies = agencies[len(batch):]
		w := &store.Where{}
		if err := eachRow(ctx, q, `SELECT code, publicity_days FROM agencies WHERE code IN (`+inMarks(w, batch)+`)`, w.Args,
			func(s func(...any) error) error {
				var code string
				var n int
				err := s(&code, &n)
				days[code] = n
				return err
			}); err != nil {
			return nil, err
		}
	}
	var cal *law.Calendar
	if len(published) > 0 {
		var err error
		if cal, err = cals.get(ctx, q); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]assessContrib, len(ks))
	for _, id := range ids {
		var p *assessPublished
		if x, ok := published[id]; ok {
			p = &x
		}
		out[id] = assessFacts(ks[id], created[id], findings[id], p, cal, days)
	}
	return out, nil
}

// assessFacts is what one case counts for (assessOf).
func assessFacts(k Contrib, createdAt int64, fs []assessFinding, p *assessPublished, cal *law.Calendar, days map[string]int) assessContrib {
	cells := map[int]*assessCell{}
	cell := func(y int) *assessCell {
		c := cells[y]
		if c == nil {
			c = &assessCell{assessKey: assessKey{k.Region, y, k.Agency}}
			cells[y] = c
		}
		return c
	}
	out := assessContrib{warned: len(fs) > 0, created: createdAt}
	if createdAt != 0 {
		c := cell(time.UnixMilli(createdAt).In(clock.Shanghai).Year())
		c.N[aRegistered] = 1
		c.N[aWarned] = int64(b2i(out.warned))
	}
	dy := 0
	if len(k.DecidedMonth) >= 4 {
		dy, _ = strconv.Atoi(k.DecidedMonth[:4])
	}
	decided := k.DecidedMonth != ""
	toPublish := decided && k.Procedure == "general" && k.Outcome == "penalty" && k.Penalty != "warning" && !k.Annulled
	if toPublish {
		cell(dy).N[aToPublish] = 1
	}
	// The late rules per year: a decided case's in its decision's year,
	// an undecided one's in each warning's deadline year.
	late := map[int]map[string]bool{}
	for _, f := range fs {
		if !(f.status == "open" || f.stage == "closed") || strings.HasPrefix(f.message, "临期预警") ||
			(f.rule == "TRANSFER_OVERDUE" && f.fkey == "receipt") || !slices.Contains(AssessDeadlineRules, f.rule) {
			continue
		}
		y := dy
		if !decided {
			if len(f.due) < 4 {
				continue
			}
			y, _ = strconv.Atoi(f.due[:4])
			if f.due < f.due[:4]+"-01-01" || f.due > f.due[:4]+"-12-31" {
				continue
			}
		}
		switch f.rule {
		case "DELIVERY_OVERDUE":
			if !decided || k.Outcome == "transfer" {
				continue
			}
		case "PUBLICITY_OVERDUE":
			if !toPublish {
				continue
			}
			if p == nil {
				cell(y).N[aUnpublishedLate]++ // per warning, as the score sheet counted them
			}
		}
		if late[y] == nil {
			late[y] = map[string]bool{}
		}
		late[y][f.rule] = true
	}
	for y, rules := range late {
		c := cell(y)
		if decided {
			c.N[aLateAny] = 1
			c.N[aLateDecision] = int64(b2i(rules["DECISION_OVERDUE"]))
			c.N[aLateDelivery] = int64(b2i(rules["DELIVERY_OVERDUE"]))
			c.N[aLatePublicity] = int64(b2i(rules["PUBLICITY_OVERDUE"]))
		} else {
			c.N[aUndecidedAny] = 1
			c.N[aUndecidedDecision] = int64(b2i(rules["DECISION_OVERDUE"]))
		}
	}
	// On display: decided in the year of its contribution's decision and
	// published on or after that year began.
	if y := strconv.Itoa(dy); toPublish && p != nil && p.published >= y+"-01-01" && p.decided >= y+"-01-01" && p.decided <= y+"-12-31" {
		c := cell(dy)
		c.N[aPublished] = 1
		if end := PublicityEnd(cal, p.decided, days[k.Agency]); end != "" && p.published <= end {
			c.N[aPublishedTimely] = 1
		}
	}
	for _, y := range slices.Sorted(maps.Keys(cells)) {
		out.cells = append(out.cells, *cells[y])
	}
	return out
}

// syncAssess moves the assessment counts of the cases ids to what they
// now count for: run in the saving transaction after the cases'
// contributions, findings and published decisions are written.
func syncAssess(ctx context.Context, tx store.Querier, ids []int64) error {
	ks := map[int64]Contrib{}
	old := map[int64]string{}
	for rest := ids; len(rest) > 0; {
		batch := rest[:min(len(rest), 512)]
		rest = rest[len(batch):]
		w := &store.Where{}
		if err := eachRow(ctx, tx, `SELECT case_id, region_code, agency_code, procedure_kind, decided_month, outcome, penalty, annulled,
			assess_json FROM case_rollup_contrib WHERE case_id IN (`+inMarks(w, batch)+`)`, w.Args, func(s func(...any) error) error {
			var id int64
			var k Contrib
			var annulled int
			var js string
			err := s(&id, &k.Region, &k.Agency, &k.Procedure, &k.DecidedMonth, &k.Outcome, &k.Penalty, &annulled, &js)
			k.Annulled = annulled == 1
			ks[id], old[id] = k, js
			return err
		}); err != nil {
			return err
		}
	}
	if len(ks) == 0 {
		return nil
	}
	now, err := assessOf(ctx, tx, ks, nil)
	if err != nil {
		return err
	}
	delta := map[assessKey]*[nAssess]int64{}
	warned := warnedSums{}
	add := func(cs []assessCell, sign int64) {
		for _, c := range cs {
			d := delta[c.assessKey]
			if d == nil {
				d = &[nAssess]int64{}
				delta[c.assessKey] = d
			}
			for i, v := range c.N {
				d[i] += sign * v
			}
		}
	}
	for _, id := range slices.Sorted(func(yield func(int64) bool) {
		for id := range ks {
			if !yield(id) {
				return
			}
		}
	}) {
		a := now[id]
		js := a.encode()
		if js == old[id] {
			continue
		}
		was := decodeAssess(old[id])
		add(was, -1)
		add(a.cells, 1)
		warned.add(was, a.created, -1) // case_rollup_warned (rollup_warned.go)
		warned.add(a.cells, a.created, 1)
		if _, err := tx.ExecContext(ctx, `UPDATE case_rollup_contrib SET warned = $2, assess_json = $3 WHERE case_id = $1`,
			id, b2i(a.warned), js); err != nil {
			return err
		}
	}
	keys := make([]assessKey, 0, len(delta))
	for k, d := range delta {
		if *d != ([nAssess]int64{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b assessKey) int {
		return strings.Compare(a.Region+"|"+strconv.Itoa(a.Year)+"|"+a.Agency, b.Region+"|"+strconv.Itoa(b.Year)+"|"+b.Agency)
	})
	for _, k := range keys {
		args := []any{k.Region, k.Year, k.Agency}
		for _, v := range delta[k] {
			args = append(args, v)
		}
		if _, err := tx.ExecContext(ctx, assessUpsert, args...); err != nil {
			return err
		}
	}
	return warned.apply(ctx, tx)
}

var assessUpsert = func() string {
	set := make([]string, len(AssessCols))
	for i, c := range AssessCols {
		set[i] = c + " = case_rollup_assess." + c + " + excluded." + c
	}
	return `INSERT INTO case_rollup_assess (region_code, year, agency_code, ` + strings.Join(AssessCols, ", ") + `) VALUES (` +
		marks(1, 3+len(AssessCols)) + `) ON CONFLICT (region_code, year, agency_code) DO UPDATE SET ` + strings.Join(set, ", ")
}()
