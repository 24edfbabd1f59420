package supervision

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
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Service handles supervision cases on one database.
type Service struct{ db *store.DB }

// NewService returns the supervision case service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// MaxNote bounds a note or summary, in characters.
const MaxNote = 4000

// Opening is what opens a case (spec §5 POST body), plus the links the
// pages keep (the warning or penalty case it came from) and the dispute
// that makes it refused at once (Art. 33 ¶3).
type Opening struct {
	RegionCode    string `json:"region_code"`
	AgencyCode    string `json:"agency_code"`
	Source        string `json:"source"`
	SourceRef     string `json:"source_ref"`
	Summary       string `json:"summary"`
	Listed        bool   `json:"listed"`
	Escalated     bool   `json:"escalated"`
	Dispute       string `json:"dispute"`
	WarningID     int64  `json:"warning_id"`
	PenaltyCaseID int64  `json:"case_id"`
}

func clean(s string) string {
	return strings.TrimSpace(strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), ""))
}

// Open opens a supervision case for p (supervision of the region): 受理.
// A dispute already in 复议 or 诉讼 is recorded and refused at once with
// the reason, pointing the party to that remedy (Art. 33 ¶3).
func (s *Service) Open(ctx context.Context, p *auth.Principal, in Opening) (*Case, error) {
	var id int64
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) (err error) {
		id, err = OpenTx(ctx, tx, p, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// OpenTx opens a case as Open does (the same checks), inside the caller's
// transaction: a caller opening several at once (a review's publication)
// commits all of them or none.
func OpenTx(ctx context.Context, tx *sql.Tx, p *auth.Principal, in Opening) (int64, error) {
	in.Summary, in.SourceRef = clean(in.Summary), clean(in.SourceRef)
	bad := apperr.Fields{}
	if in.RegionCode == "" {
		bad.Set("region_code", "请填写被监督机关所在区划")
	} else if ident.ValidateRegionCode(in.RegionCode) != nil {
		bad.Set("region_code", "区划代码无效")
	}
	if in.AgencyCode == "" {
		bad.Set("agency_code", "请选择被监督的行政执法机关")
	}
	if !valid(Sources, in.Source) {
		bad.Set("source", registry.OneOf("来源", Sources))
	}
	if in.Summary == "" {
		bad.Set("summary", "请填写监督事项摘要")
	} else if utf8.RuneCountInString(in.Summary) > MaxNote {
		bad.Set("summary", "摘要不能超过"+strconv.Itoa(MaxNote)+"字")
	}
	if utf8.RuneCountInString(in.SourceRef) > 200 {
		bad.Set("source_ref", "来源编号不能超过200字")
	}
	if in.Dispute != "" && !valid(Disputes, in.Dispute) {
		bad.Set("dispute", registry.OneOf("争议是否已进入复议或诉讼", Disputes))
	}
	if err := bad.Err(); err != nil {
		return 0, err
	}
	if !auth.CanOpenSupervisionCase(p, in.RegionCode) {
		if p != nil && (p.Role == auth.RoleSupervisor || p.Role == auth.RoleAdmin) && p.Agency == "" {
			return 0, apperr.New(apperr.Forbidden, "只能对本辖区的行政执法机关开展监督")
		}
		return 0, apperr.New(apperr.Forbidden, "您的角色（%s）无权受理监督案件", roleLabel(p))
	}
	var id int64
	var agencyRegion, kind string
	err := tx.QueryRowContext(ctx, `SELECT region_code, kind FROM agencies WHERE code = $1`, in.AgencyCode).Scan(&agencyRegion, &kind)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && kind == "supervision") {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "被监督机关不存在", Fields: apperr.Fields{"agency_code": "没有这个行政执法机关"}}
	}
	if err != nil {
		return 0, err
	}
	if agencyRegion != in.RegionCode {
		return 0, &apperr.Error{Code: apperr.Invalid, Message: "区划与被监督机关不符",
			Fields: apperr.Fields{"region_code": "应为被监督机关所在区划（" + agencyRegion + "）"}}
	}
	if err := checkLinks(ctx, tx, in); err != nil {
		return 0, err
	}
	body := bodyRegion(p, in.RegionCode, in.Escalated)
	now, today := clock.Millis(ctx), clock.TodayString(ctx)
	status := StatusReceived
	if in.Dispute != "" {
		status = StatusRefused
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO supervision_cases (region_code, agency_code, body_region, source, source_ref,
		warning_id, penalty_case_id, summary, listed, escalated, dispute, status, opened_on, created_by, created_at, updated_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$15) RETURNING id`,
		in.RegionCode, in.AgencyCode, body, in.Source, in.SourceRef, in.WarningID, in.PenaltyCaseID, in.Summary,
		b2i(in.Listed), b2i(in.Escalated), in.Dispute, status, today, p.Who(), now).Scan(&id)
	if err != nil {
		return 0, err
	}
	if in.Dispute != "" {
		note := RefusalReason(in.Dispute)
		if _, err := insertAct(ctx, tx, id, Act{Type: "refuse", At: today, Note: note, Data: map[string]any{"dispute": in.Dispute}}, p, "", ""); err != nil {
			return 0, err
		}
	}
	if err := audit.Record(ctx, tx, p, "open", "supervision_case", strconv.FormatInt(id, 10), in.RegionCode, nil, in); err != nil {
		return 0, err
	}
	return id, record(ctx, tx, id, openContent(in, status, today, p.Who()))
}

// checkLinks checks that the warning or penalty case a case is opened
// from exists and is about the same agency.
func checkLinks(ctx context.Context, tx *sql.Tx, in Opening) error {
	for _, l := range []struct {
		id           int64
		field, query string
	}{
		{in.WarningID, "warning_id", `SELECT agency_code FROM findings WHERE id = $1`},
		{in.PenaltyCaseID, "case_id", `SELECT agency_code FROM cases WHERE id = $1`},
	} {
		if l.id == 0 {
			continue
		}
		var agency string
		err := tx.QueryRowContext(ctx, l.query, l.id).Scan(&agency)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && agency != in.AgencyCode) {
			return &apperr.Error{Code: apperr.Invalid, Message: "关联的预警或案件不存在，或不是该机关的",
				Fields: apperr.Fields{l.field: "不存在，或不属于被监督机关"}}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// RefusalReason is the reason given when the dispute is already in another
// remedy, pointing the party to it (Art. 33 ¶3).
func RefusalReason(dispute string) string {
	return "该行政争议已经进入" + Label(Disputes, dispute) + "程序，依照《行政执法监督条例》第三十三条第三款，行政执法监督机构不重复监督；" +
		"请当事人在" + Label(Disputes, dispute) + "程序中依法主张权利。"
}

func roleLabel(p *auth.Principal) string {
	if p == nil {
		return "未登录"
	}
	return p.Role.Label()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// bodyRegion is the supervision body's region: the opener's (the case's
// for a nationwide account), one level above the case's for 提级监督 (Art. 20).
func bodyRegion(p *auth.Principal, region string, escalated bool) string {
	body := p.Region
	if body == "" || !ident.Contains(body, region) {
		body = region
	}
	if escalated && body == region {
		if up := ParentRegion(region); up != "" {
			body = up
		}
	}
	return body
}

// ParentRegion is the region one level up (370102 → 370100 → 370000 → "").
func ParentRegion(code string) string {
	if len(code) > 6 {
		return code[:6]
	}
	if len(code) != 6 {
		return ""
	}
	switch {
	case code[4:] != "00":
		return code[:4] + "00"
	case code[2:4] != "00":
		return code[:2] + "0000"
	}
	return ""
}

func record(ctx context.Context, tx *sql.Tx, id int64, content any) error {
	b, err := json.Marshal(content)
	if err != nil {
		return err
	}
	return flow.Record(ctx, tx, LedgerKind, strconv.FormatInt(id, 10), b)
}

const caseCols = `c.id, c.version, c.region_code, c.agency_code, c.body_region, c.source, c.source_ref, c.warning_id,
	c.penalty_case_id, c.summary, c.listed, c.escalated, c.dispute, c.status, c.deadlines, c.next_check, c.opened_on,
	c.created_by, c.township_code, COALESCE(a.name, c.agency_code)`

const caseFrom = ` FROM supervision_cases c LEFT JOIN agencies a ON a.code = c.agency_code`

func scanCase(row interface{ Scan(...any) error }) (*Case, error) {
	c := &Case{}
	var listed, esc int
	var dl string
	err := row.Scan(&c.ID, &c.Version, &c.RegionCode, &c.AgencyCode, &c.BodyRegion, &c.Source, &c.SourceRef, &c.WarningID,
		&c.PenaltyCaseID, &c.Summary, &listed, &esc, &c.Dispute, &c.Status, &dl, &c.NextCheck, &c.OpenedOn, &c.CreatedBy, &c.TownshipCode, &c.AgencyName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("监督案件")
	}
	if err != nil {
		return nil, err
	}
	c.Listed, c.Escalated = listed != 0, esc != 0
	c.Deadlines = map[string]string{}
	_ = json.Unmarshal([]byte(dl), &c.Deadlines)
	return c, nil
}

func loadCase(ctx context.Context, q store.Querier, id int64) (*Case, error) {
	return scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+caseFrom+` WHERE c.id = $1`, id))
}

func loadActs(ctx context.Context, q store.Querier, id int64) ([]Act, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, type, at, actor, actor_name, note, data, doc_kind, doc_no
		FROM supervision_acts WHERE case_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Act{}
	for rows.Next() {
		var a Act
		var data string
		if err := rows.Scan(&a.ID, &a.Type, &a.At, &a.Actor, &a.ActorName, &a.Note, &data, &a.DocKind, &a.DocNo); err != nil {
			return nil, err
		}
		_ = json.Unmarshal([]byte(data), &a.Data)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Get returns case id with its acts, warnings and documents; outside p's
// jurisdiction it does not exist.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Case, error) {
	c, err := loadCase(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanReadSupervisionCase(p, c.RegionCode, c.AgencyCode, c.TownshipCode) {
		return nil, apperr.NotFoundf("监督案件")
	}
	if c.Acts, err = loadActs(ctx, s.db.R, id); err != nil {
		return nil, err
	}
	fs, err := flow.OpenFindings(ctx, s.db.R, Kind, id)
	if err != nil {
		return nil, err
	}
	c.Warnings = []Warning{}
	for _, f := range fs {
		c.Warnings = append(c.Warnings, Warning{f.Rule, f.Severity, f.Message, f.Basis, f.Due})
	}
	c.Documents = documents(c)
	return c, nil
}

// LimitsFor are the time limits in force in region: the most specific
// setting of region or a region above it, else the defaults.
func LimitsFor(ctx context.Context, q store.Querier, region string) (Limits, error) {
	l, _, err := LimitsSetIn(ctx, q, region)
	return l, err
}

// judgeCase judges c's acts on today with its region's limits.
func judgeCase(ctx context.Context, q store.Querier, c *Case, acts []Act) (Judgement, error) {
	lim, err := LimitsFor(ctx, q, c.RegionCode)
	if err != nil {
		return Judgement{}, err
	}
	cal, err := calendar.RulesCalendar(ctx, q)
	if err != nil {
		return Judgement{}, err
	}
	return Judge(acts, lim, cal, clock.Today(ctx))
}

func auditRecord(ctx context.Context, tx *sql.Tx, p *auth.Principal, action, entity, key, region string, after any) error {
	return audit.Record(ctx, tx, p, action, entity, key, region, nil, after)
}
