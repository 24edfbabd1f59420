package discretion

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Item is one entry of the four lists (四张清单, domain-research §2.10): a
// 违法行为 of a matter that, under its conditions, is not punished
// (处罚法 Art. 33), punished with a mitigated or lighter penalty (Art. 32),
// or spared administrative coercion (优化营商环境条例 Art. 59; 行政强制法
// Art. 16 第二款). The Shandong rule applies: an item whose correction is
// not made falls back to the ordinary penalty.
type Item struct {
	ID             int64    `json:"id"`
	Kind           string   `json:"kind"`
	MatterCode     string   `json:"matter_code"`
	MatterName     string   `json:"matter_name,omitempty"`
	RegionCode     string   `json:"region_code"` // setting region
	RegionName     string   `json:"region_name,omitempty"`
	Title          string   `json:"title"`           // 违法行为
	ViolationBasis string   `json:"violation_basis"` // 违法依据
	PenaltyBasis   string   `json:"penalty_basis"`   // 处罚依据
	Conditions     []string `json:"conditions"`      // 适用条件 as published
	Criteria       Criteria `json:"criteria"`        // the conditions the machine checks
	Measures       []string `json:"measures"`        // 后续措施
	EffectiveFrom  string   `json:"effective_from"`
	EffectiveTo    string   `json:"effective_to,omitempty"` // last day; "" = open

	matterRegion string
}

// KindLabel is the list's Chinese name.
func (it *Item) KindLabel() string { return registry.LabelOf(ListOptions, it.Kind) }

// MeasureLabels names the follow-up measures in Chinese.
func (it *Item) MeasureLabels() []string {
	out := make([]string, len(it.Measures))
	for i, m := range it.Measures {
		out[i] = registry.LabelOf(MeasureOptions, m)
	}
	return out
}

// InForce reports whether the item applies on day.
func (it *Item) InForce(day string) bool {
	return it.EffectiveFrom <= day && (it.EffectiveTo == "" || day <= it.EffectiveTo)
}

func (it *Item) normalize(ctx context.Context, q store.Querier) error {
	f := apperr.Fields{}
	if !isOption(ListOptions, it.Kind) {
		f.Set("kind", "清单类型应为不予处罚、减轻处罚、从轻处罚或免予行政强制")
	}
	it.MatterCode = strings.TrimSpace(it.MatterCode)
	if it.MatterCode == "" {
		f.Set("matter_code", "请选择所属执法事项")
	}
	trim := func(s *string, field, what string, n int, req bool) {
		*s = strings.TrimSpace(*s)
		switch {
		case req && *s == "":
			f.Set(field, "请填写"+what)
		case len([]rune(*s)) > n:
			f.Set(field, fmt.Sprintf("%s不能超过%d个字", what, n))
		}
	}
	trim(&it.Title, "title", "违法行为", 300, true)
	trim(&it.ViolationBasis, "violation_basis", "违法依据", 1000, false)
	trim(&it.PenaltyBasis, "penalty_basis", "处罚依据", 1000, false)
	textcheck.CheckText(f, "title", it.Title, 300)
	textcheck.CheckLines(f, "violation_basis", it.ViolationBasis, 1000)
	textcheck.CheckLines(f, "penalty_basis", it.PenaltyBasis, 1000)
	var conds []string
	for i, c := range it.Conditions {
		if c = strings.TrimSpace(c); c != "" {
			textcheck.CheckText(f, fmt.Sprintf("conditions[%d]", i), c, 500)
			conds = append(conds, c)
		}
	}
	if len(conds) > 20 {
		f.Set("conditions", "适用条件最多20条")
	}
	it.Conditions = conds
	if it.Conditions == nil {
		it.Conditions = []string{}
	}
	it.Criteria.normalize(f, "criteria")
	if len(it.Conditions) == 0 && it.Criteria.Empty() {
		f.Set("conditions", "请至少填写一项适用条件（如：初次违法、危害后果轻微、及时改正）")
	}
	var ms []string
	for _, m := range it.Measures {
		switch {
		case !isOption(MeasureOptions, m):
			f.Set("measures", "后续措施“"+m+"”无效")
		case !slices.Contains(ms, m):
			ms = append(ms, m)
		}
	}
	if ms == nil {
		ms = []string{}
	}
	it.Measures = ms
	it.EffectiveFrom, it.EffectiveTo = strings.TrimSpace(it.EffectiveFrom), strings.TrimSpace(it.EffectiveTo)
	switch {
	case it.EffectiveFrom == "":
		f.Set("effective_from", "请填写施行日期")
	case !validDate(it.EffectiveFrom):
		f.Set("effective_from", "施行日期格式应为YYYY-MM-DD")
	}
	if it.EffectiveTo != "" {
		if !validDate(it.EffectiveTo) {
			f.Set("effective_to", "截止日期格式应为YYYY-MM-DD")
		} else if it.EffectiveTo < it.EffectiveFrom {
			f.Set("effective_to", "截止日期不能早于施行日期")
		}
	}
	it.RegionCode = strings.TrimSpace(it.RegionCode)
	if msg := checkSetter(ctx, q, it.RegionCode); msg != "" {
		f.Set("region_code", msg)
	}
	return f.Err()
}

const itemCols = `i.id, i.kind, i.matter_code, COALESCE(m.name, ''), i.region_code, COALESCE(r.name, ''), i.title, i.violation_basis,
	i.penalty_basis, i.conditions_json, i.criteria_json, i.measures_json, i.effective_from, i.effective_to, m.region_code`
const itemFrom = ` FROM discretion_items i JOIN matters m ON m.code = i.matter_code LEFT JOIN regions r ON r.code = i.region_code`

func scanItem(row interface{ Scan(...any) error }) (*Item, error) {
	var it Item
	var conds, crit, ms string
	if err := row.Scan(&it.ID, &it.Kind, &it.MatterCode, &it.MatterName, &it.RegionCode, &it.RegionName, &it.Title, &it.ViolationBasis,
		&it.PenaltyBasis, &conds, &crit, &ms, &it.EffectiveFrom, &it.EffectiveTo, &it.matterRegion); err != nil {
		return nil, err
	}
	for _, x := range []struct {
		s string
		v any
	}{{conds, &it.Conditions}, {crit, &it.Criteria}, {ms, &it.Measures}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, fmt.Errorf("discretion: item %d: %w", it.ID, err)
		}
	}
	return &it, nil
}

func getItem(ctx context.Context, q store.Querier, id int64) (*Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+itemFrom+` WHERE i.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("清单事项")
	}
	return it, err
}

// GetItem loads a list item p sees (as ListItems).
func GetItem(ctx context.Context, db *store.DB, p *auth.Principal, id int64) (*Item, error) {
	it, err := getItem(ctx, db.R, id)
	if err != nil {
		return nil, err
	}
	if p == nil || !visibleTo(p, it.RegionCode) || !visibleTo(p, it.matterRegion) {
		return nil, apperr.NotFoundf("清单事项")
	}
	return it, nil
}

// itemTarget is where an item lives for access rules: its setting region,
// held by the matter's agencies.
func itemTarget(ctx context.Context, db *store.DB, p *auth.Principal, it *Item) (auth.Target, error) {
	m, err := registry.GetMatter(ctx, db, p, it.MatterCode)
	if apperr.Is(err, apperr.NotFound) {
		return auth.Target{}, &apperr.Error{Code: apperr.Invalid, Message: "所属执法事项不存在或不在您的管辖范围内",
			Fields: apperr.Fields{"matter_code": "事项" + it.MatterCode + "不存在或不在您的管辖范围内"}}
	}
	if err != nil {
		return auth.Target{}, err
	}
	it.MatterName = m.Name
	return auth.Target{Region: it.RegionCode, Agencies: m.AgencyCodes}, nil
}

// CanChangeItem reports whether p may change or delete it.
func CanChangeItem(ctx context.Context, db *store.DB, p *auth.Principal, it *Item) bool {
	if !auth.MayChange(p, auth.KindBenchmark) {
		return false
	}
	t, err := itemTarget(ctx, db, p, &Item{MatterCode: it.MatterCode, RegionCode: it.RegionCode})
	return err == nil && auth.CanChange(p, auth.KindBenchmark, t)
}

// SaveItem creates it (ID 0) or replaces item it.ID. The setting region
// defaults to p's jurisdiction; p must be able to change benchmarks there
// (and where the item was before).
func SaveItem(ctx context.Context, db *store.DB, p *auth.Principal, it *Item) error {
	if !auth.MayChange(p, auth.KindBenchmark) {
		return apperr.New(apperr.Forbidden, "您的角色不能维护四张清单")
	}
	if it.RegionCode == "" && p != nil {
		it.RegionCode = SettingRegion(p.Region)
	}
	if err := it.normalize(ctx, db.R); err != nil {
		return err
	}
	t, err := itemTarget(ctx, db, p, it)
	if err != nil {
		return err
	}
	if !auth.CanChange(p, auth.KindBenchmark, t) {
		return apperr.New(apperr.Forbidden, "无权以行政区划%s的名义维护清单：超出您的管辖范围", it.RegionCode)
	}
	conds, _ := json.Marshal(it.Conditions)
	crit, _ := json.Marshal(it.Criteria)
	ms, _ := json.Marshal(it.Measures)
	var old *Item
	if it.ID != 0 {
		if old, err = GetItem(ctx, db, p, it.ID); err != nil {
			return err
		}
		if !CanChangeItem(ctx, db, p, old) {
			return apperr.New(apperr.Forbidden, "无权修改该清单事项")
		}
	}
	now := clock.Millis(ctx)
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if it.ID == 0 {
			err := tx.QueryRowContext(ctx, `INSERT INTO discretion_items (kind, matter_code, region_code, title, violation_basis, penalty_basis,
				conditions_json, criteria_json, measures_json, effective_from, effective_to, created_at, updated_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
				it.Kind, it.MatterCode, it.RegionCode, it.Title, it.ViolationBasis, it.PenaltyBasis, string(conds), string(crit), string(ms),
				it.EffectiveFrom, it.EffectiveTo, now).Scan(&it.ID)
			if err != nil {
				return err
			}
			return audit.Record(ctx, tx, p, "create", "discretion_item", strconv.FormatInt(it.ID, 10), it.RegionCode, nil, it)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE discretion_items SET kind=$2, matter_code=$3, region_code=$4, title=$5, violation_basis=$6,
			penalty_basis=$7, conditions_json=$8, criteria_json=$9, measures_json=$10, effective_from=$11, effective_to=$12, updated_at=$13 WHERE id=$1`,
			it.ID, it.Kind, it.MatterCode, it.RegionCode, it.Title, it.ViolationBasis, it.PenaltyBasis, string(conds), string(crit), string(ms),
			it.EffectiveFrom, it.EffectiveTo, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "update", "discretion_item", strconv.FormatInt(it.ID, 10), it.RegionCode, old, it)
	})
}

// DeleteItem removes a list item p may change. Lists are usually ended with
// an effective_to instead, which keeps the history.
func DeleteItem(ctx context.Context, db *store.DB, p *auth.Principal, id int64) error {
	old, err := GetItem(ctx, db, p, id)
	if err != nil {
		return err
	}
	if !CanChangeItem(ctx, db, p, old) {
		return apperr.New(apperr.Forbidden, "无权删除该清单事项")
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM discretion_items WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "delete", "discretion_item", strconv.FormatInt(id, 10), old.RegionCode, old, nil)
	})
}

// kindOrder sorts items in the order of ListOptions.
const kindOrder = `CASE i.kind WHEN 'no_penalty' THEN 1 WHEN 'mitigated' THEN 2 WHEN 'lighter' THEN 3 ELSE 4 END`

// ItemFilter narrows ListItems.
type ItemFilter struct {
	Kind, MatterCode, Q string
	Region              string // setting region inside this subtree
	On                  string // only items in force on this day
	registry.Page
}

// ListItems lists the items p sees — set inside or above p's
// jurisdiction, for matters placed inside or above it — every signed-in
// role alike; p nil lists all, for the public pages (PublicItems).
func ListItems(ctx context.Context, db *store.DB, p *auth.Principal, f *ItemFilter) ([]*Item, error) {
	f.Normalize()
	var w store.Where
	// Items set inside or above p's jurisdiction, of matters placed there too.
	filterSetters(p, &w, "i.region_code")
	filterSetters(p, &w, "m.region_code")
	if f.Kind != "" {
		w.Add("i.kind = ?", f.Kind)
	}
	if f.MatterCode = strings.TrimSpace(f.MatterCode); f.MatterCode != "" {
		w.Add("i.matter_code = ?", f.MatterCode)
	}
	if f.Q = store.SearchTerm(f.Q); f.Q != "" {
		w.Add("(i.title LIKE ? ESCAPE '\\' OR m.name LIKE ? ESCAPE '\\' OR i.matter_code = ?)", store.Like(f.Q), store.Like(f.Q), f.Q)
	}
	filterRegion(&w, "i.region_code", f.Region)
	if f.On != "" {
		w.Add("i.effective_from <= ? AND (i.effective_to = '' OR i.effective_to >= ?)", f.On, f.On)
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*)`+itemFrom+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+itemCols+itemFrom+w.SQL()+` ORDER BY `+kindOrder+`, i.matter_code, i.id LIMIT `+
		w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Item{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// PublicItems lists the items in force today for the public pages, all
// regions or one region's subtree.
func PublicItems(ctx context.Context, db *store.DB, f *ItemFilter) ([]*Item, error) {
	f.On = clock.TodayString(ctx)
	return ListItems(ctx, db, nil, f)
}

// Match is one list item as it meets a case's facts.
type Match struct {
	Item    *Item    `json:"item"`
	Applies bool     `json:"applies"` // every structured condition is met
	Met     []string `json:"met"`     // conditions met, in Chinese
	Unmet   []string `json:"unmet"`   // conditions not met or not known, in Chinese
	// Reason is a one-line Chinese summary for the officer.
	Reason string `json:"reason"`
}

// ApplicableItems returns the list items of matterCode that apply in
// regionCode on the day on (set by a region containing it, in force that
// day), each with whether the facts meet its structured conditions and
// why: the ones that apply first, then by list (不予处罚, 减轻, 从轻, 免予强制).
// Text-only conditions are not judged; the officer reads them.
func ApplicableItems(ctx context.Context, q store.Querier, matterCode, regionCode, on string, f FactsView) ([]Match, error) {
	if err := checkLookup(regionCode, on); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT `+itemCols+itemFrom+` WHERE i.matter_code = $1 AND i.effective_from <= $2
		AND (i.effective_to = '' OR i.effective_to >= $2) ORDER BY i.id`, matterCode, on)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Match{}
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		if !ident.Contains(it.RegionCode, regionCode) {
			continue
		}
		met, unmet := it.Criteria.check(f)
		m := Match{Item: it, Applies: len(unmet) == 0, Met: orEmpty(met), Unmet: orEmpty(unmet)}
		switch {
		case m.Applies && len(met) == 0:
			m.Reason = "“" + it.KindLabel() + "”事项，没有可自动核对的条件，请按适用条件逐项判断"
		case m.Applies:
			m.Reason = "符合“" + it.KindLabel() + "”的条件：" + strings.Join(met, "、")
		default:
			m.Reason = "不符合“" + it.KindLabel() + "”的条件：" + strings.Join(unmet, "、")
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	kindRank := func(k string) int {
		return slices.IndexFunc(ListOptions, func(o registry.Option) bool { return o.Value == k })
	}
	slices.SortStableFunc(out, func(a, b Match) int {
		if a.Applies != b.Applies {
			if a.Applies {
				return -1
			}
			return 1
		}
		return kindRank(a.Item.Kind) - kindRank(b.Item.Kind)
	})
	return out, nil
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
