package registry

import (
	"context"
	"database/sql"
	"errors"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Matter is one entry of the 权责清单: a power of a kind (处罚, 强制, 检查 ...),
// its legal basis down to the article, and the agencies that hold it.
type Matter struct {
	Code                 string   `json:"code"`
	Name                 string   `json:"name"`
	Kind                 string   `json:"kind"`
	RegionCode           string   `json:"region_code"`
	Domain               string   `json:"domain,omitempty"`
	LegalBasis           string   `json:"legal_basis"`
	BasisEffective       string   `json:"basis_effective,omitempty"` // date the cited law version took effect
	AgencyCodes          []string `json:"agency_codes"`
	CriminalThresholdFen *int64   `json:"criminal_threshold_fen"`
	StatutoryFine                 // 法定罚款幅度 (matter_statutory.go)
	Version              int      `json:"version"`
	id                   int64
}

// KindLabel is the matter kind in Chinese.
func (m *Matter) KindLabel() string { return LabelOf(MatterKinds, m.Kind) }

// Target is where the matter lives for access rules.
func (m *Matter) Target() auth.Target {
	return auth.Target{Region: m.RegionCode, Agencies: m.AgencyCodes}
}

var matterCodeRe = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z_.-]{1,63}$`)

func (m *Matter) normalize(ctx context.Context, q store.Querier) error {
	f := apperr.Fields{}
	m.Code = strings.TrimSpace(m.Code)
	if !matterCodeRe.MatchString(m.Code) {
		f.Set("code", "事项编码应为2至64位字母、数字、点、下划线或连字符")
	}
	if m.Name = strings.TrimSpace(m.Name); m.Name == "" {
		f.Set("name", "请填写事项名称")
	} else if len([]rune(m.Name)) > 200 {
		f.Set("name", "事项名称不能超过200个字")
	}
	if !isOption(MatterKinds, m.Kind) {
		f.Set("kind", OneOf("事项类型", MatterKinds))
	}
	m.LegalBasis = strings.TrimSpace(m.LegalBasis)
	if m.BasisEffective != "" && !validDate(m.BasisEffective) {
		f.Set("basis_effective", "依据施行日期格式应为YYYY-MM-DD")
	}
	if m.CriminalThresholdFen != nil && *m.CriminalThresholdFen < 0 {
		f.Set("criminal_threshold_fen", "涉嫌犯罪追诉标准金额不能为负数")
	}
	var codes []string
	for i, c := range m.AgencyCodes {
		c = ident.NormalizeUSCC(c)
		if err := ident.ValidateUSCC(c); err != nil {
			f.Set("agency_codes", "第"+strconv.Itoa(i+1)+"个实施主体："+err.Error())
		} else if !slices.Contains(codes, c) {
			codes = append(codes, c)
		}
	}
	slices.Sort(codes)
	m.AgencyCodes = codes
	if m.RegionCode != "" {
		if msg := checkRegion(ctx, q, m.RegionCode); msg != "" {
			f.Set("region_code", msg)
		}
	}
	m.Domain = strings.TrimSpace(m.Domain)
	textcheck.CheckText(f, "name", m.Name, 200)
	textcheck.CheckText(f, "domain", m.Domain, 50)
	textcheck.CheckLines(f, "legal_basis", m.LegalBasis, textcheck.Basis)
	m.StatutoryFine.normalize(m.Kind, f)
	textcheck.CheckLines(f, "statutory_basis", m.StatutoryBasis, 1000)
	return f.Err()
}

const matterCols = `m.id, m.code, m.name, m.kind, m.region_code, m.domain, m.legal_basis, m.basis_effective, m.criminal_threshold_fen, m.version` + statutoryCols

func scanMatter(row interface{ Scan(...any) error }) (*Matter, error) {
	var m Matter
	var thr sql.NullInt64
	var st statutoryScan
	if err := row.Scan(append([]any{&m.id, &m.Code, &m.Name, &m.Kind, &m.RegionCode, &m.Domain, &m.LegalBasis, &m.BasisEffective, &thr,
		&m.Version}, st.dest()...)...); err != nil {
		return nil, err
	}
	m.StatutoryFine = st.value()
	if thr.Valid {
		m.CriminalThresholdFen = &thr.Int64
	}
	return &m, nil
}

func matterAgencies(ctx context.Context, q store.Querier, id int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT agency_code FROM matter_agencies WHERE matter_id = $1 ORDER BY agency_code`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []string{}
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func getMatter(ctx context.Context, q store.Querier, code string) (*Matter, error) {
	m, err := scanMatter(q.QueryRowContext(ctx, `SELECT `+matterCols+` FROM matters m WHERE m.code = $1`, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("事项")
	}
	if err != nil {
		return nil, err
	}
	m.AgencyCodes, err = matterAgencies(ctx, q, m.id)
	return m, err
}

// GetMatter loads a matter p may see.
func GetMatter(ctx context.Context, db *store.DB, p *auth.Principal, code string) (*Matter, error) {
	m, err := getMatter(ctx, db.R, code)
	if err != nil {
		return nil, err
	}
	if !auth.CanSee(p, m.Target()) {
		return nil, apperr.NotFoundf("事项")
	}
	return m, nil
}

// PutMatter creates or replaces the matter m.Code. Its region, when not
// given, is the one region holding all of its agencies, else p's own. A
// change of name, basis or holders raises the version.
func PutMatter(ctx context.Context, db *store.DB, p *auth.Principal, m *Matter) (created bool, err error) {
	err = db.UpsertTx(ctx, func(tx *sql.Tx) error {
		created, err = putMatter(ctx, tx, p, m)
		return err
	})
	return created, err
}

func putMatter(ctx context.Context, tx *sql.Tx, p *auth.Principal, m *Matter) (bool, error) {
	if err := m.normalize(ctx, tx); err != nil {
		return false, err
	}
	f := apperr.Fields{}
	var regions []string
	for _, c := range m.AgencyCodes {
		ag, err := refAgency(ctx, tx, p, c, "agency_codes", "实施主体")
		if apperr.Is(err, apperr.Invalid) {
			f.Set("agency_codes", apperr.As(err).Fields["agency_codes"])
			continue
		}
		if err != nil {
			return false, err
		}
		regions = append(regions, ag.RegionCode)
	}
	if err := f.Err(); err != nil {
		return false, err
	}
	if m.RegionCode == "" {
		fallback := ""
		if p != nil {
			fallback = p.Region
		}
		if m.RegionCode = commonRegion(regions, fallback); m.RegionCode == "" {
			return false, &apperr.Error{Code: apperr.Invalid, Message: "请填写事项所属行政区划",
				Fields: apperr.Fields{"region_code": "实施主体不在同一省级行政区划内或未填写实施主体，请填写所属行政区划"}}
		}
	}
	if !auth.CanChange(p, auth.KindMatter, m.Target()) {
		return false, apperr.New(apperr.Forbidden, "无权在行政区划%s维护该事项", m.RegionCode)
	}
	old, err := getMatter(ctx, tx, m.Code)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return false, err
	}
	if old == nil || !auth.CanChange(p, auth.KindMatter, old.Target()) {
		// Creating, or taking over from elsewhere (keyspace.go).
		if !seesAll(p) {
			if err := checkKey(ctx, tx, m.Code, m.RegionCode, "code", "事项编码", false); err != nil {
				return false, err
			}
		}
		if old != nil {
			return false, apperr.New(apperr.Forbidden, "无权修改该事项")
		}
	}
	now := clock.Millis(ctx)
	if old == nil {
		m.Version = 1
		err = tx.QueryRowContext(ctx, `INSERT INTO matters (code, name, kind, region_code, domain, legal_basis, basis_effective,
			criminal_threshold_fen, version, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1,$9,$9) RETURNING id`,
			m.Code, m.Name, m.Kind, m.RegionCode, m.Domain, m.LegalBasis, m.BasisEffective, m.CriminalThresholdFen, now).Scan(&m.id)
		if err != nil {
			return false, err
		}
		if err := setStatutory(ctx, tx, m.id, m.StatutoryFine); err != nil {
			return false, err
		}
		if err := setMatterAgencies(ctx, tx, m); err != nil {
			return false, err
		}
		return true, audit.Record(ctx, tx, p, "create", "matter", m.Code, m.RegionCode, nil, m)
	}
	// Every current holder must be in reach too, as every new one is above;
	// otherwise an agency-bound principal could drop its co-holders.
	for _, c := range old.AgencyCodes {
		ag, err := getAgency(ctx, tx, c)
		if err != nil {
			return false, err
		}
		if !auth.CanSee(p, ag.Target()) {
			return false, apperr.New(apperr.Forbidden, "无权修改该事项：实施主体%s不在您的管辖范围内", c)
		}
	}
	m.id, m.Version = old.id, old.Version
	if sameMatter(old, m) {
		return false, nil
	}
	m.Version++
	if _, err := tx.ExecContext(ctx, `UPDATE matters SET name=$2, kind=$3, region_code=$4, domain=$5, legal_basis=$6, basis_effective=$7,
		criminal_threshold_fen=$8, version=$9, updated_at=$10 WHERE id=$1`,
		m.id, m.Name, m.Kind, m.RegionCode, m.Domain, m.LegalBasis, m.BasisEffective, m.CriminalThresholdFen, m.Version, now); err != nil {
		return false, err
	}
	if err := setStatutory(ctx, tx, m.id, m.StatutoryFine); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM matter_agencies WHERE matter_id = $1`, m.id); err != nil {
		return false, err
	}
	if err := setMatterAgencies(ctx, tx, m); err != nil {
		return false, err
	}
	return false, audit.Record(ctx, tx, p, "update", "matter", m.Code, m.RegionCode, old, m)
}

func setMatterAgencies(ctx context.Context, tx *sql.Tx, m *Matter) error {
	for _, c := range m.AgencyCodes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO matter_agencies (matter_id, agency_code) VALUES ($1, $2)`, m.id, c); err != nil {
			return err
		}
	}
	return nil
}

func sameMatter(a, b *Matter) bool {
	thr := func(p *int64) int64 {
		if p == nil {
			return -1
		}
		return *p
	}
	return a.Name == b.Name && a.Kind == b.Kind && a.RegionCode == b.RegionCode && a.Domain == b.Domain &&
		a.LegalBasis == b.LegalBasis && a.BasisEffective == b.BasisEffective &&
		thr(a.CriminalThresholdFen) == thr(b.CriminalThresholdFen) && slices.Equal(a.AgencyCodes, b.AgencyCodes) &&
		a.StatutoryFine.same(b.StatutoryFine)
}

// commonRegion is the deepest region containing all of codes, or fallback
// when there are none: the shared prefix cut to a GB/T 2260 level (12, 9
// or 6 digits as they are; 4 and 2 padded back to six). It is "" when the
// codes share no province.
func commonRegion(codes []string, fallback string) string {
	if len(codes) == 0 {
		return fallback
	}
	prefix := codes[0]
	for _, c := range codes[1:] {
		n := 0
		for n < len(prefix) && n < len(c) && prefix[n] == c[n] {
			n++
		}
		prefix = prefix[:n]
	}
	for _, n := range []int{12, 9, 6} {
		if len(prefix) >= n {
			return prefix[:n]
		}
	}
	if len(prefix) < 2 {
		return ""
	}
	return (prefix[:len(prefix)-len(prefix)%2] + "0000")[:6]
}

// MatterFilter narrows ListMatters.
type MatterFilter struct {
	Q, Kind, Domain, Agency, Region string
	Sort                            string // code, name, kind
	Page
}

var matterSorts = map[string]string{"": "m.code", "code": "m.code", "name": "m.name", "kind": "m.kind, m.code", "-updated": "m.updated_at DESC"}

// ListMatters lists matters inside p's scope; p nil lists all (公示).
func ListMatters(ctx context.Context, db *store.DB, p *auth.Principal, f *MatterFilter) ([]*Matter, error) {
	var w store.Where
	if p != nil {
		auth.FilterMatters(p, &w, "m.region_code", "m.id")
	}
	f.Normalize()
	if f.Q = store.SearchTerm(f.Q); f.Q != "" {
		w.Add("(m.name LIKE ? ESCAPE '\\' OR m.code = ? OR m.legal_basis LIKE ? ESCAPE '\\')", store.Like(f.Q), f.Q, store.Like(f.Q))
	}
	if f.Kind != "" {
		w.Add("m.kind = ?", f.Kind)
	}
	if f.Domain != "" {
		w.Add("m.domain = ?", f.Domain)
	}
	if f.Agency != "" {
		w.Add("EXISTS (SELECT 1 FROM matter_agencies x WHERE x.matter_id = m.id AND x.agency_code = ?)", f.Agency)
	}
	if prefix := ident.RegionPrefix(f.Region); prefix != "" {
		w.Add("m.region_code >= ? AND m.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	order, ok := matterSorts[f.Sort]
	if !ok {
		order = matterSorts[""]
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM matters m`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT `+matterCols+` FROM matters m`+w.SQL()+` ORDER BY `+order+`, m.code LIMIT `+
		w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	var out []*Matter
	for rows.Next() {
		m, err := scanMatter(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, attachAgencies(ctx, db.R, out)
}

// attachAgencies fills AgencyCodes of a page of matters in one query.
func attachAgencies(ctx context.Context, q store.Querier, ms []*Matter) error {
	if len(ms) == 0 {
		return nil
	}
	var w store.Where
	byID := map[int64]*Matter{}
	ph := make([]string, len(ms))
	for i, m := range ms {
		m.AgencyCodes = []string{}
		byID[m.id] = m
		ph[i] = w.Arg(m.id)
	}
	rows, err := q.QueryContext(ctx, `SELECT matter_id, agency_code FROM matter_agencies WHERE matter_id IN (`+
		strings.Join(ph, ",")+`) ORDER BY matter_id, agency_code`, w.Args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c string
		if err := rows.Scan(&id, &c); err != nil {
			return err
		}
		byID[id].AgencyCodes = append(byID[id].AgencyCodes, c)
	}
	return rows.Err()
}
