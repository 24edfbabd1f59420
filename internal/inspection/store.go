package inspection

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// CalendarSource reads the working-day calendar (calendar.RulesCalendar).
type CalendarSource func(ctx context.Context, q store.Querier) (*law.Calendar, error)

// Service keeps inspections on one database.
type Service struct {
	db  *store.DB
	cal CalendarSource
}

// NewService returns the inspection service on db.
func NewService(db *store.DB, cal CalendarSource) *Service { return &Service{db: db, cal: cal} }

// DB is the service's database (the web package's reads).
func (s *Service) DB() *store.DB { return s.db }

const cols = `i.id, i.source_system, i.source_id, i.agency_code, i.region_code, i.matter_code, i.kind, i.directed, i.emergency,
	i.enterprise_name, i.enterprise_id, i.joint_agencies, i.events, i.checklist, i.code, i.status, i.deadlines, i.visit_day,
	i.version, i.created_at, i.updated_at, COALESCE(a.name, i.agency_code), COALESCE(m.name, i.matter_code)`

const from = ` FROM inspections i LEFT JOIN agencies a ON a.code = i.agency_code LEFT JOIN matters m ON m.code = i.matter_code`

func scan(row interface{ Scan(...any) error }) (*Inspection, error) {
	in := &Inspection{}
	var directed, emergency int
	var joint, events, checklist, deadlines string
	err := row.Scan(&in.ID, &in.SourceSystem, &in.SourceID, &in.AgencyCode, &in.RegionCode, &in.MatterCode, &in.Kind, &directed,
		&emergency, &in.Enterprise.Name, &in.Enterprise.IDNumber, &joint, &events, &checklist, &in.Code, &in.Status, &deadlines,
		&in.VisitDay, &in.version, &in.CreatedAt, &in.UpdatedAt, &in.AgencyName, &in.MatterName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("检查")
	}
	if err != nil {
		return nil, err
	}
	in.Directed, in.Emergency = directed != 0, emergency != 0
	for _, x := range []struct {
		s string
		v any
	}{{joint, &in.JointAgency}, {events, &in.Events}, {checklist, &in.Checklist}, {deadlines, &in.Deadlines}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, err
		}
	}
	for i := range in.Events {
		if in.Events[i].when, err = parseWhen(in.Events[i].At); err != nil {
			return nil, err
		}
	}
	return in, nil
}

func loadWhere(ctx context.Context, q store.Querier, where string, args ...any) (*Inspection, error) {
	in, err := scan(q.QueryRowContext(ctx, `SELECT `+cols+from+` WHERE `+where, args...))
	if err != nil {
		return nil, err
	}
	open, err := flow.OpenFindings(ctx, q, Kind, in.ID)
	if err != nil {
		return nil, err
	}
	in.Warnings = warningsOf(open)
	sortWarnings(in.Warnings)
	return in, nil
}

func warningsOf(fs []flow.Finding) []Warning {
	out := make([]Warning, 0, len(fs))
	for _, f := range fs {
		out = append(out, Warning{Rule: f.Rule, Key: f.Key, Severity: f.Severity, Message: f.Message, Basis: f.Basis, Due: f.Due})
	}
	return out
}

// newCode issues a 检查码: 16 characters of base32, unguessable, so the
// enterprise's public page cannot be found by counting.
func newCode() string {
	b := make([]byte, 10)
	rand.Read(b)
	return "JC" + base32.StdEncoding.EncodeToString(b)
}

// write judges in (normalized, with what it keeps of old) in tx and
// writes it, its findings, the audit row and the record-log leaf. A write
// whose content equals old's writes nothing and reports false.
func (s *Service) write(ctx context.Context, tx *sql.Tx, p *auth.Principal, in, old *Inspection, action string) (bool, error) {
	if old != nil {
		in.ID, in.CreatedAt, in.version = old.ID, old.CreatedAt, old.version
	}
	if in.Code == "" && in.Has(EvReported) {
		in.Code = newCode()
	}
	j, err := s.judge(ctx, tx, in)
	if err != nil {
		return false, err
	}
	in.Status, in.Deadlines, in.Warnings = j.Status, j.Deadlines, j.Warnings
	in.canon()
	if old != nil {
		old.canon()
	}
	content, err := leafContent(in)
	if err != nil {
		return false, err
	}
	if old != nil {
		was, err := leafContent(old)
		if err != nil {
			return false, err
		}
		if string(was) == string(content) {
			return false, nil
		}
	}
	now := clock.Millis(ctx)
	if err := s.writeRow(ctx, tx, in, old, j, now); err != nil {
		return false, err
	}
	if err := flow.SyncFindings(ctx, tx, s.subject(in), findingsOf(j.Warnings), now); err != nil {
		return false, err
	}
	var before any
	if old != nil {
		before = old
	}
	if err := audit.Record(ctx, tx, p, action, Kind, in.SourceSystem+"/"+in.SourceID, in.RegionCode, before, in); err != nil {
		return false, err
	}
	if err := flow.Record(ctx, tx, Kind, in.SourceSystem+"/"+in.SourceID, content); err != nil {
		return false, err
	}
	return true, s.rejudgeLater(ctx, tx, in, old)
}

func (s *Service) subject(in *Inspection) flow.Subject {
	return flow.Subject{Kind: Kind, ID: in.ID, Region: in.RegionCode, Agency: in.AgencyCode}
}

func findingsOf(ws []Warning) []flow.Finding {
	out := make([]flow.Finding, 0, len(ws))
	for _, w := range ws {
		out = append(out, flow.Finding{Rule: w.Rule, Key: w.Key, Severity: w.Severity, Message: w.Message, Basis: w.Basis, Due: w.Due})
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *Service) writeRow(ctx context.Context, tx *sql.Tx, in, old *Inspection, j *Judgement, now int64) error {
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	joint, events, checklist, deadlines := enc(nonNil(in.JointAgency)), enc(nonNilEvents(in.Events)), enc(nonNilItems(in.Checklist)), enc(j.Deadlines)
	var visitAt int64
	if ci := in.first(EvCheckedIn); ci != nil {
		in.VisitDay, visitAt = ci.when.Date.String(), ci.when.millis()
	} else {
		in.VisitDay = ""
	}
	officers := ""
	if o := in.Officers(); len(o) > 0 {
		officers = "," + strings.Join(o, ",") + ","
	}
	in.UpdatedAt = now
	if old == nil {
		in.CreatedAt = now
		if err := tx.QueryRowContext(ctx, `INSERT INTO inspections (source_system, source_id, agency_code, region_code, matter_code, kind,
			directed, emergency, enterprise_name, enterprise_id, joint_agencies, events, checklist, code, status, visit_day, visit_at,
			officers, problem_found, deadlines, next_check, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$22) RETURNING id`,
			in.SourceSystem, in.SourceID, in.AgencyCode, in.RegionCode, in.MatterCode, in.Kind, b2i(in.Directed), b2i(in.Emergency),
			in.Enterprise.Name, in.Enterprise.IDNumber, joint, events, checklist, in.Code, j.Status, in.VisitDay, visitAt, officers,
			in.Problem(), deadlines, j.NextCheck, now).Scan(&in.ID); err != nil {
			return err
		}
		c, ok := contribOf(in.RegionCode, in.AgencyCode, in.VisitDay, joint, in.Problem())
		return moveRollup(ctx, tx, contrib{}, false, c, ok)
	}
	in.ID, in.CreatedAt = old.ID, old.CreatedAt
	if err := flow.Swap(ctx, tx, "inspections", old.ID, old.version); err != nil {
		return err
	}
	// What the row counted for in the statistics rollup, as stored (the
	// row is locked by the swap): moved out below, the new counts moved in.
	was, had, err := storedContrib(ctx, tx, old.ID)
	if err != nil {
		return err
	}
	in.version = old.version + 1
	if _, err := tx.ExecContext(ctx, `UPDATE inspections SET agency_code=$2, region_code=$3, matter_code=$4, kind=$5, directed=$6,
		emergency=$7, enterprise_name=$8, enterprise_id=$9, joint_agencies=$10, events=$11, checklist=$12, code=$13, status=$14,
		visit_day=$15, visit_at=$16, officers=$17, problem_found=$18, deadlines=$19, next_check=$20, updated_at=$21 WHERE id=$1`,
		in.ID, in.AgencyCode, in.RegionCode, in.MatterCode, in.Kind, b2i(in.Directed), b2i(in.Emergency), in.Enterprise.Name,
		in.Enterprise.IDNumber, joint, events, checklist, in.Code, j.Status, in.VisitDay, visitAt, officers, in.Problem(), deadlines,
		j.NextCheck, now); err != nil {
		return err
	}
	c, ok := contribOf(in.RegionCode, in.AgencyCode, in.VisitDay, joint, in.Problem())
	return moveRollup(ctx, tx, was, had, c, ok)
}

// canon makes empty lists empty rather than absent, so a replay's content
// compares equal to what was stored.
func (in *Inspection) canon() {
	in.JointAgency, in.Events, in.Checklist = nonNil(in.JointAgency), nonNilEvents(in.Events), nonNilItems(in.Checklist)
	if in.Warnings == nil {
		in.Warnings = []Warning{}
	}
	if in.Deadlines == nil {
		in.Deadlines = map[string]string{}
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilEvents(s []Event) []Event {
	if s == nil {
		return []Event{}
	}
	return s
}

func nonNilItems(s []CheckItem) []CheckItem {
	if s == nil {
		return []CheckItem{}
	}
	return s
}

// rejudgeLater judges again the enterprise's visits after in's (within
// 365 days) when in's visit changed: their frequency and repeat findings
// count it. Pushes mostly arrive in visit order, so there are usually none.
func (s *Service) rejudgeLater(ctx context.Context, tx *sql.Tx, in, old *Inspection) error {
	if in.VisitDay == "" && (old == nil || old.VisitDay == "") {
		return nil
	}
	day := in.VisitDay
	if day == "" || (old != nil && old.VisitDay != "" && old.VisitDay < day) {
		day = old.VisitDay
	}
	to := law.MustParseDate(day).AddDays(IneffectiveDays).String()
	rows, err := tx.QueryContext(ctx, `SELECT id FROM inspections WHERE enterprise_id = $1 AND visit_day >= $2 AND visit_day <= $3
		AND id <> $4 ORDER BY visit_day, id LIMIT 200`, in.Enterprise.IDNumber, day, to, in.ID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := s.rejudgeTx(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}

// rejudgeTx judges inspection id again and writes only what the judgement
// derives (status, deadlines, next check, findings): no body changed, so no
// audit row and no leaf.
func (s *Service) rejudgeTx(ctx context.Context, tx *sql.Tx, id int64) error {
	in, err := loadWhere(ctx, tx, "i.id = $1", id)
	if err != nil {
		return err
	}
	j, err := s.judge(ctx, tx, in)
	if err != nil {
		return err
	}
	dl, _ := json.Marshal(j.Deadlines)
	if _, err := tx.ExecContext(ctx, `UPDATE inspections SET status=$2, deadlines=$3, next_check=$4 WHERE id=$1`,
		id, j.Status, string(dl), j.NextCheck); err != nil {
		return err
	}
	return flow.SyncFindings(ctx, tx, s.subject(in), findingsOf(j.Warnings), clock.Millis(ctx))
}
