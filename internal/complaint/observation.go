package complaint

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Checklist is what a 旁站式监督 looks at, each answered yes, no or na
// (the 三项制度 and the 严格规范公正文明执法 points a citizen can see).
var Checklist = []registry.Option{
	{Value: "certificate", Label: "执法人员主动出示执法证件（亮证执法）"},
	{Value: "two_officers", Label: "两名以上执法人员在场（行政处罚法第四十二条）"},
	{Value: "recorder", Label: "使用执法记录仪全程记录（全过程记录制度）"},
	{Value: "rights", Label: "告知当事人陈述、申辩等权利（行政处罚法第四十四条）"},
	{Value: "civil", Label: "文明执法，无粗暴言行"},
	{Value: "documents", Label: "当场出具规范的执法文书"},
}

// Observation is one on-site observation record.
type Observation struct {
	ID           int64             `json:"id"`
	AccountID    int64             `json:"-"`
	ObserverName string            `json:"observer_name"`
	AgencyCode   string            `json:"agency_code"`
	AgencyName   string            `json:"agency_name"`
	RegionCode   string            `json:"region_code"`
	On           string            `json:"on"`
	Place        string            `json:"place"`
	Checklist    map[string]string `json:"checklist"`
	Findings     string            `json:"findings"`
	Status       string            `json:"status"` // submitted | accepted | returned
	ReviewNote   string            `json:"review_note"`
	ReviewedBy   string            `json:"reviewed_by"`
	ClueID       int64             `json:"clue_id"`   // the complaint its finding became (0 = none)
	ClueCode     string            `json:"clue_code"` // that complaint's tracking code
	Photos       []Photo           `json:"photos"`
}

// Observation statuses: submitted, then reviewed by supervision as
// accepted or returned to the social supervisor with the reason.
const (
	ObsSubmitted = "submitted"
	ObsAccepted  = "accepted"
	ObsReturned  = "returned"
)

// ObsStatuses names them in Chinese.
var ObsStatuses = []registry.Option{{Value: ObsSubmitted, Label: "待审核"}, {Value: ObsAccepted, Label: "已采纳"}, {Value: ObsReturned, Label: "已退回"}}

// Scope is where the record lives, for the access rules.
func (o *Observation) Scope() auth.ObservationScope {
	return auth.ObservationScope{Region: o.RegionCode, Observer: o.AccountID}
}

// Answer is a checklist item's answer of o in Chinese.
func (o *Observation) Answer(item string) string {
	switch o.Checklist[item] {
	case "yes":
		return "是"
	case "no":
		return "否"
	}
	return "未观察"
}

// Observe records a social supervisor's observation of an agency on site,
// with its photos (cleaned as a complaint's: CleanPhoto), in one transaction.
func (s *Service) Observe(ctx context.Context, p *auth.Principal, o *Observation, uploads []Upload) (int64, error) {
	o.AgencyCode, o.Place, o.Findings = ident.NormalizeUSCC(clean(o.AgencyCode)), clean(o.Place), clean(o.Findings)
	bad := apperr.Fields{}
	if d, err := law.ParseDate(o.On); err != nil {
		bad.Set("on", "日期格式应为 YYYY-MM-DD")
	} else if d.After(clock.Today(ctx)) {
		bad.Set("on", "监督日期不能晚于今天")
	}
	if o.Place == "" {
		bad.Set("place", "请填写监督地点")
	}
	tooLong(bad, "place", o.Place, MaxPlace)
	tooLong(bad, "findings", o.Findings, MaxDescription)
	pics := cleanUploads(bad, uploads)
	for k, v := range o.Checklist {
		if registry.LabelOf(Checklist, k) == k || v != "yes" && v != "no" && v != "na" {
			bad.Set("checklist."+k, "应为 yes、no 或 na")
		}
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.appointment(ctx, tx, p)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `SELECT region_code FROM agencies WHERE code = $1 AND kind <> 'supervision'`, o.AgencyCode).Scan(&o.RegionCode)
		if errors.Is(err, sql.ErrNoRows) {
			return &apperr.Error{Code: apperr.Invalid, Message: "提交的数据有误，请按提示修改", Fields: apperr.Fields{"agency_code": "请选择被监督的执法部门"}}
		} else if err != nil {
			return err
		}
		if !ident.Contains(x.RegionCode, o.RegionCode) {
			return apperr.New(apperr.Forbidden, "该执法部门不在您聘任的监督区划内")
		}
		list, _ := json.Marshal(o.Checklist)
		if err := tx.QueryRowContext(ctx, `INSERT INTO observations (account_id, observer_name, agency_code, region_code, on_date, place,
			checklist, findings, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, p.ID, x.Name, o.AgencyCode, o.RegionCode,
			o.On, o.Place, string(list), o.Findings, clock.Millis(ctx)).Scan(&id); err != nil {
			return err
		}
		if err := putPhotos(ctx, tx, "observation_photos", "observation_id", id, pics); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "observation", idKey(id), o.RegionCode, nil, o)
	})
	return id, err
}

const obsCols = `o.id, o.account_id, o.observer_name, o.agency_code, COALESCE(a.name, o.agency_code), o.region_code, o.on_date, o.place,
	o.checklist, o.findings, o.status, o.review_note, o.reviewed_by, o.clue_id, COALESCE(c.tracking_code, '')`

const obsFrom = ` FROM observations o LEFT JOIN agencies a ON a.code = o.agency_code LEFT JOIN complaints c ON c.id = o.clue_id`

func scanObservation(row interface{ Scan(...any) error }) (*Observation, error) {
	o := &Observation{Photos: []Photo{}}
	var list string
	err := row.Scan(&o.ID, &o.AccountID, &o.ObserverName, &o.AgencyCode, &o.AgencyName, &o.RegionCode, &o.On, &o.Place, &list,
		&o.Findings, &o.Status, &o.ReviewNote, &o.ReviewedBy, &o.ClueID, &o.ClueCode)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("旁站监督记录")
	}
	if err == nil {
		err = json.Unmarshal([]byte(list), &o.Checklist)
	}
	return o, err
}

// ObsFilter narrows the list: a status ("" = any) and the page.
// ObsFilter narrows the observation list and its export: status, the
// agency observed and the observation dates (inclusive).
type ObsFilter struct {
	Status   string
	Agency   string
	From, To string
	Page     registry.Page
}

// Check names the field of any bad filter value as the form calls it.
func (f *ObsFilter) Check() error {
	bad := apperr.Fields{}
	if f.Status != "" && registry.LabelOf(ObsStatuses, f.Status) == f.Status {
		bad.Set("status", "审核状态应为 待审核、已采纳 或 已退回")
	}
	if f.Agency != "" && ident.ValidateUSCC(ident.NormalizeUSCC(f.Agency)) != nil {
		bad.Set("agency", "执法部门的统一社会信用代码无效")
	}
	for _, d := range []struct{ field, label, v string }{{"from", "开始日期", f.From}, {"to", "结束日期", f.To}} {
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
			bad.Set(d.field, d.label+"应为 YYYY-MM-DD 格式的日期")
		}
	}
	if len(bad) == 0 && f.From != "" && f.To != "" && f.From > f.To {
		bad.Set("to", "结束日期不能早于开始日期")
	}
	return bad.Err()
}

func (f *ObsFilter) where(p *auth.Principal) *store.Where {
	w := &store.Where{}
	auth.FilterObservations(p, w, "o.region_code", "o.account_id")
	if f.Status != "" && registry.LabelOf(ObsStatuses, f.Status) != f.Status {
		w.Add("o.status = ?", f.Status)
	}
	if f.Agency != "" {
		w.Add("o.agency_code = ?", ident.NormalizeUSCC(f.Agency))
	}
	if f.From != "" {
		w.Add("o.on_date >= ?", f.From)
	}
	if f.To != "" {
		w.Add("o.on_date <= ?", f.To)
	}
	return w
}

// Observations lists the observation records p may see
// (auth.FilterObservations), newest first, a page at a time, with the total.
func (s *Service) Observations(ctx context.Context, p *auth.Principal, f ObsFilter) ([]*Observation, int, error) {
	if err := f.Check(); err != nil {
		return nil, 0, err
	}
	w := f.where(p)
	var total int
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM observations o`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	f.Page.Normalize()
	lim, off := w.Arg(f.Page.Size), w.Arg((f.Page.Page-1)*f.Page.Size)
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+obsCols+obsFrom+w.SQL()+` ORDER BY o.on_date DESC, o.id DESC LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	out := []*Observation{}
	for rows.Next() {
		o, err := scanObservation(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, o)
	}
	return out, total, rows.Err()
}

// GetObservation returns one record p may see, with its photos.
func (s *Service) GetObservation(ctx context.Context, p *auth.Principal, id int64) (*Observation, error) {
	o, err := scanObservation(s.db.R.QueryRowContext(ctx, `SELECT `+obsCols+obsFrom+` WHERE o.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeObservation(p, o.Scope()) {
		return nil, apperr.NotFoundf("旁站监督记录")
	}
	o.Photos, err = obsPhotos(ctx, s.db.R, id)
	return o, err
}

func obsPhotos(ctx context.Context, q store.Querier, id int64) ([]Photo, error) {
	return photoRows(ctx, q, `SELECT hash, mime, size FROM observation_photos WHERE observation_id = $1 ORDER BY seq`, id)
}
