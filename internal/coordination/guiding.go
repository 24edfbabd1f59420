package coordination

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
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/docs"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Guiding cases (典型案例; 行政执法监督条例 Art. 24 "发布典型案例…加强对行政
// 执法工作的指导"; the Qinhuangdao seed's 案例指导): a supervision body makes
// one from a decided case of its region, with the facts and the points of
// law in its own words; what it writes is masked as the portal masks a
// published decision (a person's name, ID number, address, contact: docs
// .NewMasker over the case's party) before it is stored, so the stored
// text is the public text. Each names the built-in rules it illustrates;
// the portal lists them per rule. Published, it is on the portal until
// withdrawn.

// Guiding case statuses.
const (
	GuidingDraft     = "draft"
	GuidingPublished = "published"
	GuidingWithdrawn = "withdrawn"
)

// GuidingStatuses lists them with their Chinese names.
var GuidingStatuses = []Option{{GuidingDraft, "草稿"}, {GuidingPublished, "已发布"}, {GuidingWithdrawn, "已撤回"}}

// GuidingCase is one 典型案例.
type GuidingCase struct {
	ID          int64    `json:"id"`
	RegionCode  string   `json:"region_code"`
	CaseID      int64    `json:"case_id,omitempty"` // internal only: the portal shows no case id
	AgencyCode  string   `json:"agency_code"`
	AgencyName  string   `json:"agency_name"`
	MatterCode  string   `json:"matter_code"`
	MatterName  string   `json:"matter_name"`
	Title       string   `json:"title"`
	Summary     string   `json:"summary"`
	Points      string   `json:"points"`
	Rules       []string `json:"rules"`
	DecidedOn   string   `json:"decided_on"`
	Status      string   `json:"status"`
	PublishedOn string   `json:"published_on,omitempty"`
}

// GuidingInput is what makes a guiding case.
type GuidingInput struct {
	CaseID  int64    `json:"case_id"`
	Title   string   `json:"title"`
	Summary string   `json:"summary"`
	Points  string   `json:"points"`
	Rules   []string `json:"rules"`
}

// RuleName is the Chinese name of built-in rule code ("" when unknown).
func RuleName(code string) string {
	for _, r := range cases.Catalogue() {
		if r.Code == code {
			return r.Name
		}
	}
	return ""
}

// MakeGuiding makes a draft guiding case from decided case in.CaseID for
// p, the supervision body of the case's region.
func (s *Service) MakeGuiding(ctx context.Context, p *auth.Principal, in GuidingInput) (*GuidingCase, error) {
	if p == nil || p.Agency != "" || !auth.CanCoordinate(p, p.Region) {
		return nil, apperr.New(apperr.Forbidden, "典型案例由行政执法监督机构编写和发布")
	}
	in.Title, in.Summary, in.Points = clean(in.Title), clean(in.Summary), clean(in.Points)
	bad := apperr.Fields{}
	if n := utf8.RuneCountInString(in.Title); n == 0 || n > MaxTitle {
		bad.Set("title", "请填写案例标题（不超过"+strconv.Itoa(MaxTitle)+"字）")
	}
	if n := utf8.RuneCountInString(in.Summary); n == 0 || n > MaxNote {
		bad.Set("summary", "请填写基本案情")
	}
	if n := utf8.RuneCountInString(in.Points); n == 0 || n > MaxNote {
		bad.Set("points", "请填写典型意义和法律要点")
	}
	var rules []string
	for _, r := range lines(in.Rules, 10) {
		if !cases.IsBuiltin(r) {
			bad.Set("rules", "没有这条监督规则："+r)
		}
		rules = append(rules, r)
	}
	if in.CaseID == 0 {
		bad.Set("case_id", "请填写已作出决定的案件编号")
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	var id int64
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var region, agency, matter, decided, partyJSON string
		err := tx.QueryRowContext(ctx, `SELECT region_code, agency_code, matter_code, decided_on, party_json FROM cases WHERE id = $1`,
			in.CaseID).Scan(&region, &agency, &matter, &decided, &partyJSON)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanCoordinate(p, region)) {
			return &apperr.Error{Code: apperr.Invalid, Message: "案件不存在", Fields: apperr.Fields{"case_id": "本辖区没有这件案件"}}
		}
		if err != nil {
			return err
		}
		if decided == "" {
			return &apperr.Error{Code: apperr.Invalid, Message: "案件尚未作出决定", Fields: apperr.Fields{"case_id": "典型案例应选自已作出决定的案件"}}
		}
		var party cases.Party
		_ = json.Unmarshal([]byte(partyJSON), &party)
		m := docs.NewMasker(docs.PublicParty{Kind: party.Kind, Name: party.Name, IDNumber: party.IDNumber, Address: party.Address,
			Contact: party.Contact})
		now := clock.Millis(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO guiding_cases (region_code, case_id, agency_code, matter_code, title, summary, points,
			rules, decided_on, status, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
			region, in.CaseID, agency, matter, m.Mask(in.Title), m.Mask(in.Summary), m.Mask(in.Points), strings.Join(rules, ","), decided,
			GuidingDraft, p.Who(), now).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "create", "guiding_case", strconv.FormatInt(id, 10), region, nil, in)
	})
	if err != nil {
		return nil, err
	}
	return s.GetGuiding(ctx, p, id)
}

// SetGuidingStatus publishes (today) or withdraws guiding case id.
func (s *Service) SetGuidingStatus(ctx context.Context, p *auth.Principal, id int64, status string) (*GuidingCase, error) {
	if status != GuidingPublished && status != GuidingWithdrawn {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: "状态无效", Fields: apperr.Fields{"status": "只能发布或撤回"}}
	}
	g, err := s.GetGuiding(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if g.Status == status || (status == GuidingPublished && g.Status == GuidingWithdrawn) {
		return nil, apperr.New(apperr.Conflict, "典型案例当前为“%s”", Label(GuidingStatuses, g.Status))
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		on := g.PublishedOn
		if status == GuidingPublished {
			on = clock.TodayString(ctx)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE guiding_cases SET status = $2, published_on = $3, updated_at = $4 WHERE id = $1`,
			id, status, on, clock.Millis(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, status, "guiding_case", strconv.FormatInt(id, 10), g.RegionCode,
			map[string]any{"status": g.Status}, map[string]any{"status": status})
	})
	if err != nil {
		return nil, err
	}
	return s.GetGuiding(ctx, p, id)
}

const guidingCols = `g.id, g.region_code, g.case_id, g.agency_code, COALESCE(a.name, g.agency_code), g.matter_code,
	COALESCE(m.name, g.matter_code), g.title, g.summary, g.points, g.rules, g.decided_on, g.status, g.published_on`

const guidingFrom = ` FROM guiding_cases g LEFT JOIN agencies a ON a.code = g.agency_code LEFT JOIN matters m ON m.code = g.matter_code`

func scanGuiding(row interface{ Scan(...any) error }) (*GuidingCase, error) {
	g := &GuidingCase{}
	var rules string
	err := row.Scan(&g.ID, &g.RegionCode, &g.CaseID, &g.AgencyCode, &g.AgencyName, &g.MatterCode, &g.MatterName, &g.Title, &g.Summary,
		&g.Points, &rules, &g.DecidedOn, &g.Status, &g.PublishedOn)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("典型案例")
	}
	g.Rules = []string{}
	if rules != "" {
		g.Rules = strings.Split(rules, ",")
	}
	return g, err
}

// GetGuiding returns guiding case id for its region's supervision body.
func (s *Service) GetGuiding(ctx context.Context, p *auth.Principal, id int64) (*GuidingCase, error) {
	g, err := scanGuiding(s.db.R.QueryRowContext(ctx, `SELECT `+guidingCols+guidingFrom+` WHERE g.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if !auth.CanCoordinate(p, g.RegionCode) {
		return nil, apperr.NotFoundf("典型案例")
	}
	return g, nil
}

// ListGuiding lists the guiding cases of p's region (every status), newest first.
func (s *Service) ListGuiding(ctx context.Context, p *auth.Principal, pg *registry.Page) ([]*GuidingCase, error) {
	if !auth.CanCoordinate(p, p.Region) {
		return nil, apperr.New(apperr.Forbidden, "典型案例由行政执法监督机构编写和发布")
	}
	w := &store.Where{}
	auth.FilterRegion(p, w, "g.region_code")
	return s.listGuiding(ctx, w, pg)
}

// PublishedGuiding lists the published guiding cases (the portal: anyone),
// those illustrating rule when rule is not "".
func (s *Service) PublishedGuiding(ctx context.Context, rule string, pg *registry.Page) ([]*GuidingCase, error) {
	w := &store.Where{}
	w.Add("g.status = 'published'")
	if rule = strings.TrimSpace(rule); rule != "" {
		w.Add("(',' || g.rules || ',') LIKE ?", "%,"+store.SearchTerm(rule)+",%")
	}
	return s.listGuiding(ctx, w, pg)
}

// PublicGuiding returns published guiding case id (the portal; no case id).
func (s *Service) PublicGuiding(ctx context.Context, id int64) (*GuidingCase, error) {
	g, err := scanGuiding(s.db.R.QueryRowContext(ctx, `SELECT `+guidingCols+guidingFrom+` WHERE g.id = $1 AND g.status = 'published'`, id))
	if err != nil {
		return nil, err
	}
	g.CaseID = 0
	return g, nil
}

func (s *Service) listGuiding(ctx context.Context, w *store.Where, pg *registry.Page) ([]*GuidingCase, error) {
	pg.Normalize()
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM guiding_cases g`+w.SQL(), w.Args...).Scan(&pg.Total); err != nil {
		return nil, err
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+guidingCols+guidingFrom+w.SQL()+` ORDER BY g.id DESC LIMIT `+w.Arg(pg.Size)+
		` OFFSET `+w.Arg(pg.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*GuidingCase{}
	for rows.Next() {
		g, err := scanGuiding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
