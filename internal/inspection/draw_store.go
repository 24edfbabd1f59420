package inspection

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Drawing is a stored draw as published.
type Drawing struct {
	ID             int64           `json:"id"`
	AgencyCode     string          `json:"agency_code"`
	AgencyName     string          `json:"agency_name"`
	RegionCode     string          `json:"region_code"`
	Title          string          `json:"title"`
	Seed           string          `json:"seed"`
	ObjectsHash    string          `json:"objects_sha256"`
	InspectorsHash string          `json:"inspectors_sha256"`
	Ratios         map[string]int  `json:"ratios"`
	Objects        []PoolObject    `json:"objects"`
	Inspectors     []PoolInspector `json:"inspectors"`
	Result         DrawResult      `json:"result"`
	DrawnAt        int64           `json:"drawn_at"`
}

// Replay recomputes the draw from its published seed and pools: ok when
// the pools still hash to the published values and Draw gives the same
// result.
func (d *Drawing) Replay() (ok bool, why string) {
	if HashObjects(d.Objects) != d.ObjectsHash {
		return false, "检查对象名录的快照与公布的哈希不符"
	}
	if HashInspectors(d.Inspectors) != d.InspectorsHash {
		return false, "执法检查人员名录的快照与公布的哈希不符"
	}
	got, _ := json.Marshal(Draw(d.Seed, d.Objects, d.Inspectors, d.Ratios))
	want, _ := json.Marshal(d.Result)
	if string(got) != string(want) {
		return false, "按公布的种子重新抽取的结果与公布的结果不符"
	}
	return true, ""
}

// ImportObjects adds or replaces enterprises of the object pool of region.
func (s *Service) ImportObjects(ctx context.Context, p *auth.Principal, region string, objs []PoolObject) (int, error) {
	if ident.ValidateRegionCode(region) != nil {
		return 0, invalid("region_code", "行政区划代码无效")
	}
	if !auth.CanKeepObjectPool(p, region) {
		return 0, apperr.New(apperr.Forbidden, "无权维护行政区划%s的检查对象名录", region)
	}
	f := apperr.Fields{}
	for i := range objs {
		o := &objs[i]
		path := fmt.Sprintf("第%d行", i+2)
		o.ID, o.Name = ident.NormalizeUSCC(o.ID), strings.TrimSpace(o.Name)
		if ident.ValidateUSCC(o.ID) != nil {
			f.Set(path+".统一社会信用代码", "无效")
		}
		if o.Name == "" {
			f.Set(path+".名称", "必填")
		}
		textcheck.CheckText(f, path+".名称", o.Name, 200)
		textcheck.CheckText(f, path+".类型", o.Type, 50)
		textcheck.CheckText(f, path+".领域", o.Field, 50)
		if TierLabel(o.Tier) == o.Tier {
			f.Set(path+".风险等级", "应为 高风险、中高风险、中风险 或 低风险")
		}
	}
	if err := f.Err(); err != nil {
		return 0, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, o := range objs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO inspection_objects (region_code, enterprise_id, name, otype, field, tier, updated_at)
				VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (region_code, enterprise_id) DO UPDATE SET name=$3, otype=$4, field=$5, tier=$6, updated_at=$7`,
				region, o.ID, o.Name, o.Type, o.Field, o.Tier, clock.Millis(ctx)); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, p, "import", "inspection_objects", region, region, nil, map[string]int{"rows": len(objs)})
	})
	return len(objs), err
}

// PoolOf reads the object pool of region (its subtree) of type and field
// ("" any), and the inspector pool: agency's officers with certificates
// valid today, with their declared conflicts.
func PoolOf(ctx context.Context, q store.Querier, region, agency, otype, field string) ([]PoolObject, []PoolInspector, error) {
	w := &store.Where{}
	prefix := ident.RegionPrefix(region)
	w.Add("region_code >= ? AND region_code < ?", prefix, ident.PrefixEnd(prefix))
	if otype != "" {
		w.Add("otype = ?", otype)
	}
	if field != "" {
		w.Add("field = ?", field)
	}
	rows, err := q.QueryContext(ctx, `SELECT enterprise_id, name, otype, field, tier FROM inspection_objects`+w.SQL()+` ORDER BY enterprise_id`, w.Args...)
	if err != nil {
		return nil, nil, err
	}
	var objs []PoolObject
	for rows.Next() {
		var o PoolObject
		if err := rows.Scan(&o.ID, &o.Name, &o.Type, &o.Field, &o.Tier); err != nil {
			rows.Close()
			return nil, nil, err
		}
		if !slices.ContainsFunc(objs, func(x PoolObject) bool { return x.ID == o.ID }) {
			objs = append(objs, o)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, nil, err
	}
	ins, err := CertifiedOfficers(ctx, q, agency)
	return objs, ins, err
}

// CertifiedOfficers are agency's officers with certificates valid today
// (the inspector pool), with their declared conflicts, by certificate number.
func CertifiedOfficers(ctx context.Context, q store.Querier, agency string) ([]PoolInspector, error) {
	today := clock.TodayString(ctx)
	rows, err := q.QueryContext(ctx, `SELECT o.cert_no, o.name, COALESCE(c.enterprise_id, '') FROM officers o
		LEFT JOIN inspection_conflicts c ON c.cert_no = o.cert_no WHERE o.agency_code = $1 AND o.cert_status = 'valid'
		AND o.cert_valid_from <= $2 AND o.cert_valid_to >= $2 ORDER BY o.cert_no`, agency, today)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ins []PoolInspector
	for rows.Next() {
		var no, name, conflict string
		if err := rows.Scan(&no, &name, &conflict); err != nil {
			return nil, err
		}
		if len(ins) == 0 || ins[len(ins)-1].CertNo != no {
			ins = append(ins, PoolInspector{CertNo: no, Name: name})
		}
		if conflict != "" {
			ins[len(ins)-1].Conflicts = append(ins[len(ins)-1].Conflicts, conflict)
		}
	}
	return ins, rows.Err()
}

// RunDraw draws for agency from its region's pool (type and field "" any)
// with ratios by tier, stores and publishes the draw with its seed and
// the pools' snapshots and hashes.
func (s *Service) RunDraw(ctx context.Context, p *auth.Principal, agency, title, otype, field string, ratios map[string]int) (*Drawing, error) {
	d := &Drawing{AgencyCode: ident.NormalizeUSCC(agency), Title: strings.TrimSpace(title), Ratios: map[string]int{}}
	err := s.db.R.QueryRowContext(ctx, `SELECT region_code, name FROM agencies WHERE code = $1`, d.AgencyCode).Scan(&d.RegionCode, &d.AgencyName)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanSee(p, auth.Target{Region: d.RegionCode, Agencies: []string{d.AgencyCode}})) {
		return nil, apperr.NotFoundf("执法主体")
	} else if err != nil {
		return nil, err
	}
	t := auth.Target{Region: d.RegionCode, Agencies: []string{d.AgencyCode}}
	if !auth.CanDraw(p, t) {
		return nil, apperr.New(apperr.Forbidden, "您的角色（%s）不能组织双随机抽查", p.Role.Label())
	}
	f := apperr.Fields{}
	if d.Title == "" {
		f.Set("title", "请填写抽查任务名称")
	}
	textcheck.CheckText(f, "title", d.Title, 200)
	for _, tier := range Tiers {
		v, ok := ratios[tier.Code]
		if !ok {
			v = tier.Percent
		}
		if v < 0 || v > 100 {
			f.Set("ratio_"+tier.Code, "抽查比例应为0至100")
		}
		d.Ratios[tier.Code] = v
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	if d.Objects, d.Inspectors, err = PoolOf(ctx, s.db.R, d.RegionCode, d.AgencyCode, otype, field); err != nil {
		return nil, err
	}
	if len(d.Objects) == 0 {
		return nil, invalid("pool", "检查对象名录为空：请先导入检查对象")
	}
	if len(d.Inspectors) < InspectorsPerObject {
		return nil, invalid("pool", "本执法主体持有效执法证的人员不足两名，不能抽取检查人员")
	}
	var rnd [8]byte
	rand.Read(rnd[:])
	d.DrawnAt = clock.Millis(ctx)
	d.Seed = NewSeed(d.AgencyCode, d.DrawnAt, rnd)
	d.ObjectsHash, d.InspectorsHash = HashObjects(d.Objects), HashInspectors(d.Inspectors)
	d.Result = Draw(d.Seed, d.Objects, d.Inspectors, d.Ratios)
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspection_draws (agency_code, region_code, title, seed, objects_hash, inspectors_hash,
			ratios, objects, inspectors, result, drawn_at, drawn_by) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) RETURNING id`,
			d.AgencyCode, d.RegionCode, d.Title, d.Seed, d.ObjectsHash, d.InspectorsHash, enc(d.Ratios), enc(d.Objects), enc(d.Inspectors),
			enc(d.Result), d.DrawnAt, p.Name).Scan(&d.ID); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "draw", "inspection_draw", fmt.Sprint(d.ID), d.RegionCode, nil, d); err != nil {
			return err
		}
		return flow.Record(ctx, tx, DrawKind, fmt.Sprint(d.ID), drawContent(d))
	})
	return d, err
}

// GetDraw is a published draw (public).
func GetDraw(ctx context.Context, q store.Querier, id int64) (*Drawing, error) {
	d := &Drawing{}
	var ratios, objs, ins, res string
	err := q.QueryRowContext(ctx, `SELECT d.id, d.agency_code, COALESCE(a.name, d.agency_code), d.region_code, d.title, d.seed, d.objects_hash,
		d.inspectors_hash, d.ratios, d.objects, d.inspectors, d.result, d.drawn_at FROM inspection_draws d
		LEFT JOIN agencies a ON a.code = d.agency_code WHERE d.id = $1`, id).Scan(&d.ID, &d.AgencyCode, &d.AgencyName, &d.RegionCode,
		&d.Title, &d.Seed, &d.ObjectsHash, &d.InspectorsHash, &ratios, &objs, &ins, &res, &d.DrawnAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("抽查")
	} else if err != nil {
		return nil, err
	}
	for _, x := range []struct {
		s string
		v any
	}{{ratios, &d.Ratios}, {objs, &d.Objects}, {ins, &d.Inspectors}, {res, &d.Result}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// Draws lists the published draws of region, newest first (public).
func Draws(ctx context.Context, q store.Querier, region string) ([]*Drawing, error) {
	w := &store.Where{}
	if region != "" && ident.ValidateRegionCode(region) == nil {
		prefix := ident.RegionPrefix(region)
		w.Add("d.region_code >= ? AND d.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.agency_code, COALESCE(a.name, d.agency_code), d.region_code, d.title, d.seed, d.drawn_at
		FROM inspection_draws d LEFT JOIN agencies a ON a.code = d.agency_code`+w.SQL()+` ORDER BY d.id DESC LIMIT 200`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Drawing
	for rows.Next() {
		d := &Drawing{}
		if err := rows.Scan(&d.ID, &d.AgencyCode, &d.AgencyName, &d.RegionCode, &d.Title, &d.Seed, &d.DrawnAt); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}
