package coordination

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Service handles disputes on one database.
type Service struct{ db *store.DB }

// NewService returns the coordination service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// MaxNote bounds a note or summary, in characters; MaxTitle a title.
const (
	MaxNote  = 4000
	MaxTitle = 100
)

// Opening is what opens a dispute.
type Opening struct {
	Kind       string   `json:"kind"`
	Title      string   `json:"title"`
	Summary    string   `json:"summary"`
	Agencies   []string `json:"agencies"`  // every agency in dispute, the applicant included
	Applicant  string   `json:"applicant"` // "" = ex officio (the supervision body)
	MatterCode string   `json:"matter_code"`
	CaseID     int64    `json:"case_id"`
	AnswerDays int      `json:"answer_days"` // working days; 0 = DefaultAnswerDays
}

func clean(s string) string {
	return strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
}

func (in *Opening) check() apperr.Fields {
	bad := apperr.Fields{}
	in.Title, in.Summary, in.MatterCode = clean(in.Title), clean(in.Summary), clean(in.MatterCode)
	var ags []string
	for _, a := range in.Agencies {
		if a = ident.NormalizeUSCC(clean(a)); a != "" && !slices.Contains(ags, a) {
			ags = append(ags, a)
		}
	}
	in.Agencies = ags
	if in.Applicant = ident.NormalizeUSCC(clean(in.Applicant)); in.Applicant != "" && !slices.Contains(in.Agencies, in.Applicant) {
		in.Agencies = append([]string{in.Applicant}, in.Agencies...)
	}
	if !valid(Kinds, in.Kind) {
		bad.Set("kind", "请选择争议类型")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		bad.Set("title", "请填写争议事项")
	case n > MaxTitle:
		bad.Set("title", "争议事项不能超过"+strconv.Itoa(MaxTitle)+"字")
	}
	switch n := utf8.RuneCountInString(in.Summary); {
	case n == 0:
		bad.Set("summary", "请填写争议情况和提请机关的意见")
	case n > MaxNote:
		bad.Set("summary", "争议情况不能超过"+strconv.Itoa(MaxNote)+"字")
	}
	if len(in.Agencies) < 2 {
		bad.Set("agencies", "请至少列明两个存在争议的行政执法机关")
	} else if len(in.Agencies) > 20 {
		bad.Set("agencies", "一次最多列明20个行政执法机关")
	}
	if in.Kind == "matter_holder" && in.MatterCode == "" {
		bad.Set("matter_code", "实施主体争议请选择权责清单中的事项")
	}
	if in.AnswerDays == 0 {
		in.AnswerDays = DefaultAnswerDays
	} else if in.AnswerDays < MinAnswerDays || in.AnswerDays > MaxAnswerDays {
		bad.Set("answer_days", "答复期限应为"+strconv.Itoa(MinAnswerDays)+"至"+strconv.Itoa(MaxAnswerDays)+"个工作日")
	}
	return bad
}

// Open opens a dispute for p: an agency naming itself as applicant, or
// the supervision body of the agencies' common region ex officio. The
// answer deadline is n working days on the calendar.
func (s *Service) Open(ctx context.Context, p *auth.Principal, in Opening) (*Dispute, error) {
	if p != nil && p.Agency != "" && in.Applicant == "" {
		in.Applicant = p.Agency
	}
	if err := in.check().Err(); err != nil {
		return nil, err
	}
	var id int64
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		regions, err := partyRegions(ctx, tx, in.Agencies)
		if err != nil {
			return err
		}
		region := registry.CommonRegionOf(regions)
		if region == "" {
			return &apperr.Error{Code: apperr.Invalid, Message: "争议机关不在同一省级行政区划内",
				Fields: apperr.Fields{"agencies": "跨省的争议不在本平台协调范围内"}}
		}
		if !auth.CanOpenDispute(p, region, in.Agencies) {
			return apperr.New(apperr.Forbidden, "只有争议所涉机关或%s的行政执法监督机构可以提请协调", region)
		}
		if auth.IsDisputeParty(p, in.Agencies) && !auth.IsSupervisionOf(p, auth.Target{Region: region}) && in.Applicant != p.Agency {
			return apperr.New(apperr.Forbidden, "只能以本机关名义提请协调")
		}
		if err := checkLinks(ctx, tx, in); err != nil {
			return err
		}
		cal, err := calendar.RulesCalendar(ctx, tx)
		if err != nil {
			return err
		}
		today := clock.Today(ctx)
		due, err := AnswerDue(cal, today, in.AnswerDays)
		if err != nil {
			return err
		}
		now := clock.Millis(ctx)
		if err := tx.QueryRowContext(ctx, `INSERT INTO disputes (region_code, kind, title, summary, matter_code, case_id, applicant,
			status, answer_due, opened_on, created_by, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$12) RETURNING id`,
			region, in.Kind, in.Title, in.Summary, in.MatterCode, in.CaseID, in.Applicant, StatusAnswering, due.String(), today.String(),
			p.Who(), now).Scan(&id); err != nil {
			return err
		}
		for i, a := range in.Agencies {
			if _, err := tx.ExecContext(ctx, `INSERT INTO dispute_parties (dispute_id, agency_code, region_code) VALUES ($1,$2,$3)`,
				id, a, regions[i]); err != nil {
				return err
			}
		}
		d, err := loadFull(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := s.judge(ctx, tx, d); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, "open", "dispute", strconv.FormatInt(id, 10), region, nil, in); err != nil {
			return err
		}
		return record(ctx, tx, id, disputeOpenContent(in, region, due.String(), today.String(), p.Who()))
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// partyRegions are the regions of agencies, in order; an unknown agency
// or a supervision body is a field error.
func partyRegions(ctx context.Context, tx *sql.Tx, agencies []string) ([]string, error) {
	out := make([]string, len(agencies))
	for i, a := range agencies {
		var kind string
		err := tx.QueryRowContext(ctx, `SELECT region_code, kind FROM agencies WHERE code = $1`, a).Scan(&out[i], &kind)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && kind == "supervision") {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "争议机关不存在",
				Fields: apperr.Fields{"agencies": "没有这个行政执法机关：" + a}}
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// checkLinks checks the matter and the case a dispute is about.
func checkLinks(ctx context.Context, tx *sql.Tx, in Opening) error {
	if in.MatterCode != "" {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM matters WHERE code = $1`, in.MatterCode).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return &apperr.Error{Code: apperr.Invalid, Message: "事项不存在", Fields: apperr.Fields{"matter_code": "权责清单中没有这个事项"}}
		}
	}
	if in.CaseID != 0 {
		var agency string
		err := tx.QueryRowContext(ctx, `SELECT agency_code FROM cases WHERE id = $1`, in.CaseID).Scan(&agency)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !slices.Contains(in.Agencies, agency)) {
			return &apperr.Error{Code: apperr.Invalid, Message: "关联案件不存在或不是争议机关的",
				Fields: apperr.Fields{"case_id": "不存在，或不属于争议所涉机关"}}
		}
		return err
	}
	return nil
}

func record(ctx context.Context, tx *sql.Tx, id int64, content any) error {
	return recordAs(ctx, tx, Kind, id, content)
}

// recordAs appends content as subject id of kind to the record log.
func recordAs(ctx context.Context, tx *sql.Tx, kind string, id int64, content any) error {
	b, err := json.Marshal(content)
	if err != nil {
		return err
	}
	return flow.Record(ctx, tx, kind, strconv.FormatInt(id, 10), b)
}

const disputeCols = `d.id, d.version, d.region_code, d.kind, d.title, d.summary, d.matter_code, d.case_id, d.applicant, d.status,
	d.answer_due, d.deadlines, d.next_check, d.outcome, d.opened_on, d.created_by`

func scanDispute(row interface{ Scan(...any) error }) (*Dispute, error) {
	d := &Dispute{}
	var dl string
	err := row.Scan(&d.ID, &d.Version, &d.RegionCode, &d.Kind, &d.Title, &d.Summary, &d.MatterCode, &d.CaseID, &d.Applicant, &d.Status,
		&d.AnswerDue, &dl, &d.NextCheck, &d.Outcome, &d.OpenedOn, &d.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("执法争议")
	}
	if err != nil {
		return nil, err
	}
	d.Deadlines = map[string]string{}
	_ = json.Unmarshal([]byte(dl), &d.Deadlines)
	return d, nil
}

// loadFull loads dispute id with its parties and acts.
func loadFull(ctx context.Context, q store.Querier, id int64) (*Dispute, error) {
	d, err := scanDispute(q.QueryRowContext(ctx, `SELECT `+disputeCols+` FROM disputes d WHERE d.id = $1`, id))
	if err != nil {
		return nil, err
	}
	if d.Parties, err = loadParties(ctx, q, d); err != nil {
		return nil, err
	}
	d.Acts, err = loadActs(ctx, q, id)
	for _, a := range d.Acts {
		for i := range d.Parties {
			if a.Type == "answer" && a.AgencyCode == d.Parties[i].AgencyCode && d.Parties[i].AnsweredOn == "" {
				d.Parties[i].AnsweredOn = a.At
			}
		}
	}
	return d, err
}

func loadParties(ctx context.Context, q store.Querier, d *Dispute) ([]Party, error) {
	return loadPartiesOf(ctx, q, "dispute_parties", "dispute_id", d.ID, d.Applicant)
}

// loadPartiesOf loads the agencies of subject id from table (its subject
// column col; both constants of the caller), marking first (the applicant
// or the lead).
func loadPartiesOf(ctx context.Context, q store.Querier, table, col string, id int64, first string) ([]Party, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.agency_code, p.region_code, COALESCE(a.name, p.agency_code) FROM `+table+` p
		LEFT JOIN agencies a ON a.code = p.agency_code WHERE p.`+col+` = $1 ORDER BY p.agency_code`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Party{}
	for rows.Next() {
		var x Party
		if err := rows.Scan(&x.AgencyCode, &x.RegionCode, &x.Name); err != nil {
			return nil, err
		}
		x.Applicant = x.AgencyCode == first
		out = append(out, x)
	}
	return out, rows.Err()
}

func loadActs(ctx context.Context, q store.Querier, id int64) ([]Act, error) {
	return loadActsOf(ctx, q, "dispute_acts", "dispute_id", id)
}

// insertAct appends act a by p to table (subject column col, both
// constants of the caller) of subject id and returns its id.
func insertAct(ctx context.Context, tx *sql.Tx, table, col string, id int64, a Act, p *auth.Principal) (int64, error) {
	data, _ := json.Marshal(a.Data)
	var actID int64
	err := tx.QueryRowContext(ctx, `INSERT INTO `+table+` (`+col+`, type, at, agency_code, actor, actor_name, note, data, recorded_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, id, a.Type, a.At, a.AgencyCode, p.Who(), p.Name, a.Note, string(data),
		clock.Millis(ctx)).Scan(&actID)
	return actID, err
}

// loadActsOf loads the acts of subject id from table (its subject column
// col); both are constants of the caller.
func loadActsOf(ctx context.Context, q store.Querier, table, col string, id int64) ([]Act, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, type, at, agency_code, actor, actor_name, note, data FROM `+table+`
		WHERE `+col+` = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Act{}
	for rows.Next() {
		var a Act
		var data string
		if err := rows.Scan(&a.ID, &a.Type, &a.At, &a.AgencyCode, &a.Actor, &a.ActorName, &a.Note, &data); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(data), &a.Data)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get returns dispute id with its parties, acts and open warnings; outside
// p's reach it does not exist.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Dispute, error) {
	d, err := loadFull(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeDispute(p, d.RegionCode, d.Codes()) {
		return nil, apperr.NotFoundf("执法争议")
	}
	d.Warnings, err = flow.OpenFindings(ctx, s.db.R, Kind, id)
	return d, err
}

// State is d's state for the definition.
func (d *Dispute) State() *State { return Fold(d.Acts, len(d.Owing())) }

// judge judges d on today and writes its deadlines, next check and
// findings (each owed answer's finding on the agency that owes it).
func (s *Service) judge(ctx context.Context, tx *sql.Tx, d *Dispute) error {
	j, err := Judge(d, clock.Today(ctx))
	if err != nil {
		return err
	}
	dl, _ := json.Marshal(j.Deadlines)
	if _, err := tx.ExecContext(ctx, `UPDATE disputes SET deadlines = $2, next_check = $3 WHERE id = $1`, d.ID, string(dl), j.NextCheck); err != nil {
		return err
	}
	sub := flow.Subject{Kind: Kind, ID: d.ID, Region: d.RegionCode}
	if err := flow.SyncFindings(ctx, tx, sub, j.Findings, clock.Millis(ctx)); err != nil {
		return err
	}
	// The kernel files a subject's findings under one agency; an answer's
	// finding belongs to the agency that owes it (its key) and lives in
	// its region, so the agency's warnings list and badges find it.
	for _, p := range d.Owing() {
		if _, err := tx.ExecContext(ctx, `UPDATE findings SET agency_code = $4, region_code = $5 WHERE subject_kind = $1
			AND subject_id = $2 AND rule = $3 AND fkey = $4 AND (agency_code <> $4 OR region_code <> $5)`,
			Kind, d.ID, RuleAnswerOverdue, p.AgencyCode, p.RegionCode); err != nil {
			return err
		}
	}
	return nil
}
