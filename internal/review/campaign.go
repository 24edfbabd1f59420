package review

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Service runs case-file reviews on one database.
type Service struct{ db *store.DB }

// NewService returns the review service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// Campaign statuses.
const (
	CampaignDraft     = "draft"     // being set up
	CampaignDrawn     = "drawn"     // sample drawn and fixed; reviewers scoring
	CampaignPublished = "published" // results published to the agencies
)

// Campaign is one review campaign of a supervision body.
type Campaign struct {
	ID         int64  `json:"id"`
	BodyRegion string `json:"body_region"`
	Name       string `json:"name"`
	Year       int    `json:"year"`
	StandardID int64  `json:"standard_id"`
	// Standards: the standard chosen per case kind the campaign covers
	// (StandardID is the penalty one, or the first kind's).
	Standards   map[string]int64 `json:"standards"`
	Kinds       []string         `json:"case_kinds"` // the kinds covered, in the order of CaseKinds
	AgencyCodes []string         `json:"agency_codes"`
	PerAgency   int              `json:"per_agency"`
	RatioPct    int              `json:"ratio_pct"`
	Weighted    bool             `json:"weighted"`
	Threshold   int              `json:"threshold"`
	Seed        string           `json:"seed"`
	PoolSHA256  string           `json:"pool_sha256"`
	Status      string           `json:"status"`
	version     int64
}

// CampaignInput sets up a campaign.
type CampaignInput struct {
	Region      string   // the supervision body's region
	Name        string   // e.g. 2026年度行政处罚案卷评查
	Year        int      // decisions of this year
	AgencyCodes []string // the agencies reviewed
	PerAgency   int      // n files per agency, or
	RatioPct    int      // a percentage of each agency's files
	Weighted    bool     // cases with warnings weigh double
	Threshold   int      // points apart that go to reconciliation (default 10)
	Seed        string   // published seed of the draw
	// Kinds are the case kinds whose files are drawn (nil: penalty files
	// only); each is sampled per agency as the plan says.
	Kinds []string
	// Standards: the standard (version) chosen per case kind; a kind
	// covered with none chosen gets the body's current standard of the kind.
	Standards map[string]int64
}

// StandardFor is the standard c scores files of case kind k on.
func (c *Campaign) StandardFor(k string) int64 {
	if id := c.Standards[k]; id != 0 {
		return id
	}
	return c.StandardID
}

// IsBody reports whether p is the supervision body running c.
func IsBody(p *auth.Principal, c *Campaign) bool {
	return auth.IsSupervisionOf(p, auth.Target{Region: c.BodyRegion})
}

// Create sets up a campaign for p (supervision of in.Region) with the
// body's current standard (the default one made on first use).
func (s *Service) Create(ctx context.Context, p *auth.Principal, in CampaignInput) (*Campaign, error) {
	in.Name, in.Seed = strings.TrimSpace(in.Name), strings.TrimSpace(in.Seed)
	bad := apperr.Fields{}
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		bad.Set("name", "请填写评查活动名称（不超过100字）")
	}
	if in.Year < 2000 || in.Year > clock.Today(ctx).Y {
		bad.Set("year", "年度应为2000年至今年")
	}
	if len(in.AgencyCodes) == 0 {
		bad.Set("agency_codes", "请选择被评查的执法部门")
	}
	if (in.PerAgency <= 0) == (in.RatioPct <= 0) || in.PerAgency > 100 || in.RatioPct > 100 {
		bad.Set("per_agency", "请填写每个部门抽取的案卷数（1至100）或比例（1%至100%），二者选一")
	}
	if in.Threshold == 0 {
		in.Threshold = 10
	}
	if in.Threshold < 1 || in.Threshold > 100 {
		bad.Set("threshold", "分差阈值应为1至100分")
	}
	if in.Seed == "" || utf8.RuneCountInString(in.Seed) > 64 {
		bad.Set("seed", "请填写随机种子（公开后任何人可复核抽取结果，不超过64字）")
	}
	if in.Kinds == nil {
		in.Kinds = []string{KindPenalty}
	}
	if len(in.Kinds) == 0 {
		bad.Set("case_kinds", "请选择被评查的案卷类型")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	if !auth.IsSupervisionOf(p, auth.Target{Region: in.Region}) || in.Region == "" {
		return nil, apperr.New(apperr.Forbidden, "只有行政执法监督机构可以组织案卷评查")
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		for _, a := range in.AgencyCodes {
			var region string
			err := tx.QueryRowContext(ctx, `SELECT region_code FROM agencies WHERE code = $1 AND kind <> 'supervision'`, a).Scan(&region)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.IsSupervisionOf(p, auth.Target{Region: region})) {
				return &apperr.Error{Code: apperr.Invalid, Message: "被评查部门无效", Fields: apperr.Fields{"agency_codes": "“" + a + "”不是本辖区的执法部门"}}
			}
			if err != nil {
				return err
			}
		}
		stds, err := chooseStandards(ctx, tx, p, in.Region, in.Kinds, in.Standards)
		if err != nil {
			return err
		}
		in.Standards = stds
		codes, _ := json.Marshal(in.AgencyCodes)
		chosen, _ := json.Marshal(stds)
		err = tx.QueryRowContext(ctx, `INSERT INTO review_campaigns (body_region, name, year, standard_id, standards, agency_codes, per_agency,
			ratio_pct, weighted, threshold, seed, status, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,'draft',$12,$13)
			RETURNING id`, in.Region, in.Name, in.Year, firstStandard(stds), string(chosen), string(codes), in.PerAgency, in.RatioPct,
			b2i(in.Weighted), in.Threshold, in.Seed, p.Who(), clock.Millis(ctx)).Scan(&id)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "review_campaign", strconv.FormatInt(id, 10), in.Region, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.Campaign(ctx, p, id)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func loadCampaign(ctx context.Context, q store.Querier, id int64) (*Campaign, error) {
	c := &Campaign{ID: id}
	var codes, stds string
	var weighted int
	err := q.QueryRowContext(ctx, `SELECT version, body_region, name, year, standard_id, standards, agency_codes, per_agency, ratio_pct, weighted,
		threshold, seed, pool_sha256, status FROM review_campaigns WHERE id = $1`, id).Scan(&c.version, &c.BodyRegion, &c.Name, &c.Year,
		&c.StandardID, &stds, &codes, &c.PerAgency, &c.RatioPct, &weighted, &c.Threshold, &c.Seed, &c.PoolSHA256, &c.Status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("评查活动")
	}
	if err != nil {
		return nil, err
	}
	c.Weighted = weighted != 0
	c.Standards = map[string]int64{}
	_ = json.Unmarshal([]byte(stds), &c.Standards)
	if len(c.Standards) == 0 {
		c.Standards[KindPenalty] = c.StandardID // set up before the choice per kind
	}
	for _, k := range CaseKinds {
		if c.Standards[k.Value] != 0 {
			c.Kinds = append(c.Kinds, k.Value)
		}
	}
	return c, json.Unmarshal([]byte(codes), &c.AgencyCodes)
}

// Campaign returns campaign id for its body, its reviewers and (once
// published) the agencies reviewed; to anyone else it does not exist.
func (s *Service) Campaign(ctx context.Context, p *auth.Principal, id int64) (*Campaign, error) {
	c, err := loadCampaign(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if IsBody(p, c) {
		return c, nil
	}
	var n int
	err = s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM review_files f WHERE f.campaign_id = $1 AND (
		EXISTS (SELECT 1 FROM review_scores r WHERE r.file_id = f.id AND r.reviewer = $2) OR ($3 <> '' AND f.agency_code = $3 AND $4 = 1))`,
		id, p.Username, p.Agency, b2i(c.Status == CampaignPublished)).Scan(&n)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, apperr.NotFoundf("评查活动")
	}
	return c, nil
}

// Draw draws the campaign's sample from the files of each case kind it
// covers — the closed penalty cases decided in its year by its agencies,
// the closed inspections visited in it — per agency and kind, replayable
// from the seed and the pool's digest, pre-scores each file on its kind's
// standard from its data and warnings, and fixes it: a second draw
// answers 409.
func (s *Service) Draw(ctx context.Context, p *auth.Principal, id int64) (*Campaign, error) {
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := loadCampaign(ctx, tx, id)
		if err != nil {
			return err
		}
		if !IsBody(p, c) {
			return apperr.NotFoundf("评查活动")
		}
		if c.Status != CampaignDraft {
			return apperr.New(apperr.Conflict, "样本已抽取并固定，不能重新抽取")
		}
		pool, err := candidates(ctx, tx, c)
		if err != nil {
			return err
		}
		stds, err := loadStandards(ctx, tx, c)
		if err != nil {
			return err
		}
		drawn := Draw(c.Seed, pool, Plan{PerAgency: c.PerAgency, RatioPct: c.RatioPct, Weighted: c.Weighted})
		for _, d := range drawn {
			if err := insertFile(ctx, tx, id, d, stds[d.kind()]); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE review_campaigns SET status = 'drawn', pool_sha256 = $2, drawn_at = $3, version = version + 1
			WHERE id = $1 AND version = $4`, id, PoolDigest(pool), clock.Millis(ctx), c.version)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "评查活动已被他人同时修改，请刷新后重试")
		}
		return audit.Record(ctx, tx, p, "draw", "review_campaign", strconv.FormatInt(id, 10), c.BodyRegion, nil,
			map[string]any{"seed": c.Seed, "pool": len(pool), "drawn": len(drawn), "pool_sha256": PoolDigest(pool)})
	})
	if err != nil {
		return nil, err
	}
	return s.Campaign(ctx, p, id)
}

// candidates are the campaign's pool: of each kind it covers, the closed
// or archived penalty cases of its agencies decided in its year, the
// closed inspections of its agencies visited in it, with whether a
// warning fired on each.
func candidates(ctx context.Context, q store.Querier, c *Campaign) ([]Candidate, error) {
	var out []Candidate
	if c.Standards[KindPenalty] != 0 {
		ps, err := penaltyCandidates(ctx, q, c)
		if err != nil {
			return nil, err
		}
		out = ps
	}
	if c.Standards[KindInspection] != 0 {
		is, err := inspectionCandidates(ctx, q, c)
		if err != nil {
			return nil, err
		}
		out = append(out, is...)
	}
	return out, nil
}

func penaltyCandidates(ctx context.Context, q store.Querier, c *Campaign) ([]Candidate, error) {
	w := &store.Where{}
	w.Add("c.status IN ('closed', 'archived')")
	w.Add("c.decided_on >= ? AND c.decided_on < ?", strconv.Itoa(c.Year)+"-01-01", strconv.Itoa(c.Year+1)+"-01-01")
	var in []string
	for _, a := range c.AgencyCodes {
		in = append(in, w.Arg(a))
	}
	w.Add("c.agency_code IN (" + strings.Join(in, ",") + ")")
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.agency_code, EXISTS (SELECT 1 FROM findings f WHERE f.subject_kind = 'case'
		AND f.subject_id = c.id) FROM cases c`+w.SQL()+` ORDER BY c.id`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		var x Candidate
		if err := rows.Scan(&x.CaseID, &x.Agency, &x.Warning); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// List lists the campaigns p may see, newest first: a supervision body's
// own and those of the bodies below it, the ones p reviews files of, and
// the published ones that reviewed p's agency.
func (s *Service) List(ctx context.Context, p *auth.Principal) ([]*Campaign, error) {
	w := &store.Where{}
	var or []string
	if p != nil && p.Agency == "" && (p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin) {
		sub := &store.Where{}
		auth.FilterRegion(p, sub, "body_region")
		cond := strings.TrimPrefix(sub.SQL(), " WHERE ")
		if cond == "" {
			cond = "1 = 1"
		}
		or = append(or, cond)
		w.Args = append(w.Args, sub.Args...)
	}
	if p != nil {
		or = append(or, `EXISTS (SELECT 1 FROM review_files f JOIN review_scores r ON r.file_id = f.id WHERE f.campaign_id = review_campaigns.id
			AND r.reviewer = `+w.Arg(p.Username)+`)`)
		if p.Agency != "" {
			or = append(or, `(status = 'published' AND EXISTS (SELECT 1 FROM review_files f WHERE f.campaign_id = review_campaigns.id
				AND f.agency_code = `+w.Arg(p.Agency)+`))`)
		}
	}
	if len(or) == 0 {
		return nil, nil
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT id FROM review_campaigns WHERE (`+strings.Join(or, " OR ")+`) ORDER BY id DESC LIMIT 200`, w.Args...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	out := []*Campaign{}
	for _, id := range ids {
		c, err := loadCampaign(ctx, s.db.R, id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
