package cases

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

const caseCols = `id, source_system, source_id, case_no, title, agency_code, region_code, matter_code, procedure_kind,
	party_json, facts_json, events_json, status, deadlines_json, created_at, updated_at, version`

// scanCase reads a row of caseCols, then the extra columns after them.
func scanCase(row interface{ Scan(...any) error }, extra ...any) (*Case, error) {
	return scanCaseRaw(row, nil, extra...)
}

// storedBody is a case's JSON columns as stored.
type storedBody struct{ party, facts, events string }

// scanCaseRaw is scanCase keeping the JSON columns as read in raw (nil:
// not kept).
func scanCaseRaw(row interface{ Scan(...any) error }, raw *storedBody, extra ...any) (*Case, error) {
	var c Case
	var party, facts, events, deadlines string
	err := row.Scan(append([]any{&c.ID, &c.SourceSystem, &c.SourceID, &c.CaseNo, &c.Title, &c.AgencyCode, &c.RegionCode, &c.MatterCode,
		&c.Procedure, &party, &facts, &events, &c.Status, &deadlines, &c.CreatedAt, &c.UpdatedAt, &c.version}, extra...)...)
	if raw != nil {
		*raw = storedBody{party, facts, events}
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("案件")
	}
	if err != nil {
		return nil, err
	}
	for _, x := range []struct {
		s string
		v any
	}{{party, &c.Party}, {facts, &c.Facts}, {events, &c.Events}, {deadlines, &c.Deadlines}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return nil, err
		}
	}
	for i := range c.Events {
		c.Events[i].when, _ = parseWhen(c.Events[i].At)
	}
	if c.Events == nil {
		c.Events = []Event{}
	}
	return &c, nil
}

func getCase(ctx context.Context, q store.Querier, where string, args ...any) (*Case, error) {
	return scanCase(q.QueryRowContext(ctx, `SELECT `+caseCols+` FROM cases WHERE `+where, args...))
}

// bodyHash fingerprints what a source said about a case, so that a replay
// of the same body is recognised and changes nothing.
func (c *Case) bodyHash() string {
	b, _ := json.Marshal(struct {
		A, R, M, P, T string
		Party         Party
		Facts         Facts
		Events        []Event
	}{c.AgencyCode, c.RegionCode, c.MatterCode, c.Procedure, c.Title, c.Party, c.Facts, c.Events})
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// checkSource refuses source systems the exchange API may not write: the
// platform's own (SourceZFJD, in any case), whose cases are handled in the
// UI with its checks and numbered by the platform's counter. Replacing one
// through the API would skip every check of the UI, and taking the next
// UI number blocked case registration (probe M1).
func checkSource(c *Case) error {
	f := apperr.Fields{}
	textcheck.CheckText(f, "source_system", c.SourceSystem, 64)
	textcheck.CheckText(f, "source_id", c.SourceID, 64)
	if err := f.Err(); err != nil {
		return err
	}
	if strings.EqualFold(strings.TrimSpace(c.SourceSystem), SourceZFJD) {
		msg := "来源系统标识“" + c.SourceSystem + "”为本平台自办案件保留，不能通过对接接口写入；请使用本系统的来源系统标识"
		return &apperr.Error{Code: apperr.Forbidden, Message: msg, Fields: apperr.Fields{"source_system": msg}}
	}
	return nil
}

// checkAgency authorises p to report c for its agency (probe H2: a county
// token published a decision in the name of another county's agency). The
// case must lie in p's jurisdiction and, for an agency-bound token, be of
// p's own agency (403); the agency must be registered and visible to p —
// one outside p's scope answers as one that does not exist, 403
// (registry.RefAgency); it must be an enforcement subject, and its region
// must contain the case's region (400).
func checkAgency(ctx context.Context, q store.Querier, p *auth.Principal, c *Case) (*registry.Agency, error) {
	if !auth.CanChange(p, auth.KindCase, c.Target()) {
		field, msg := "region_code", fmt.Sprintf("无权报送行政区划%s的案件：不在您的管辖范围内", c.RegionCode)
		switch {
		case p == nil || !auth.MayChange(p, auth.KindCase):
			field, msg = "", "您的角色不能报送案件"
		case ident.Contains(p.Region, c.RegionCode) && p.Agency != "" && p.Agency != c.AgencyCode:
			field, msg = "agency_code", fmt.Sprintf("您的令牌只能报送执法主体%s的案件，不能报送执法主体%s的案件", p.Agency, c.AgencyCode)
		}
		e := &apperr.Error{Code: apperr.Forbidden, Message: msg}
		if field != "" {
			e.Fields = apperr.Fields{field: msg}
		}
		return nil, e
	}
	ag, err := registry.RefAgency(ctx, q, p, c.AgencyCode, "agency_code")
	if err != nil {
		return nil, err
	}
	if ag.Kind != "enforcement" {
		msg := fmt.Sprintf("%s（%s）不是执法主体，不能作出行政处罚决定", ag.Name, ag.Code)
		return nil, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"agency_code": msg}}
	}
	if !ident.Contains(ag.RegionCode, c.RegionCode) {
		msg := fmt.Sprintf("案件所在行政区划%s不在执法主体%s所在的行政区划%s内", c.RegionCode, ag.Name, ag.RegionCode)
		return nil, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"region_code": msg}}
	}
	return ag, nil
}

// save judges c and writes it with its findings and its record-log leaf
// (insert when c.ID is 0). An update is a compare-and-swap on the version
// c was read at: when another writer saved the case meanwhile it fails
// with flow.ErrStale and flow.Retry runs the whole act again on the fresh
// case.
func (s *Service) save(ctx context.Context, tx *sql.Tx, c *Case) error {
	r, err := s.judgeRow(ctx, tx, c)
	if err != nil {
		return err
	}
	if err := r.write(ctx, tx); err != nil {
		return err
	}
	return r.record(ctx, tx)
}

// caseRow is a judged case with the columns it is written with, built
// before the write so that the writer's transaction only writes.
type caseRow struct {
	c                               *Case
	insert                          bool
	version                         int64 // as read (update)
	party, facts, events, deadlines string
	hash, next                      string
	d                               derivedCols
	now                             int64
	content                         []byte // the record log's canonical content
	// sameBody: the caller knows the stored row has this very body (a
	// re-judgement, a replay), so what the portal shows of it — derived
	// from the body alone — is as stored and is not rebuilt.
	sameBody bool
	db       *store.DB // the service's database, naming its transactions (keyedTx) for the cached calendar
}

// judgeRow loads c's environment through q, judges c (setting its status,
// deadlines and warnings) and builds the row to write.
func (s *Service) judgeRow(ctx context.Context, q store.Querier, c *Case) (*caseRow, error) {
	return s.judgeRowWith(ctx, q, c, nil)
}

// judgeRowWith is judgeRow sharing m with the other judgements of one read.
func (s *Service) judgeRowWith(ctx context.Context, q store.Querier, c *Case, m *envMemo) (*caseRow, error) {
	env, err := s.loadEnvWith(ctx, q, c, m)
	if err != nil {
		return nil, err
	}
	jd := Judge(c, env)
	c.Status, c.Deadlines, c.Warnings = jd.Status, jd.Deadlines, jd.Warnings
	if c.Warnings == nil {
		c.Warnings = []Warning{}
	}
	if c.Events == nil {
		c.Events = []Event{}
	}
	r := &caseRow{c: c, insert: c.ID == 0, version: c.version, hash: c.bodyHash(), next: jd.NextCheck, d: c.derived(),
		now: clock.Millis(ctx), content: c.ledgerContent(), db: s.db}
	for _, x := range []struct {
		dst *string
		v   any
	}{{&r.party, &c.Party}, {&r.facts, &c.Facts}, {&r.events, c.Events}, {&r.deadlines, c.Deadlines}} {
		b, err := json.Marshal(x.v)
		if err != nil {
			return nil, err
		}
		*x.dst = string(b)
	}
	return r, nil
}

// write stores the row and syncs its findings. It may run again after a
// failed group commit (flow.Commit), so it sets, never steps, what it
// changes on the case.
func (r *caseRow) write(ctx context.Context, tx *sql.Tx) error {
	c, d := r.c, r.d
	var err error
	if r.insert {
		c.CreatedAt = r.now
		err = tx.QueryRowContext(ctx, `INSERT INTO cases (source_system, source_id, case_no, title, agency_code, region_code, matter_code,
			procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status, filed_on,
			decided_on, outcome, tier, fine_fen, published_on, withdrawn_on, deadlines_json, next_check, created_at, updated_at)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$26) RETURNING id`,
			c.SourceSystem, c.SourceID, c.CaseNo, c.Title, c.AgencyCode, c.RegionCode, c.MatterCode, c.Procedure, c.Party.Kind,
			c.Party.Name, c.Party.IDNumber, r.party, r.facts, r.events, r.hash, c.Status, d.filed, d.decided,
			d.outcome, d.tier, d.fine, d.published, d.withdrawn, r.deadlines, r.next, r.now).Scan(&c.ID)
	} else {
		if err := flow.Swap(ctx, tx, "cases", c.ID, r.version); err != nil {
			return err
		}
		c.version = r.version + 1
		_, err = tx.ExecContext(ctx, `UPDATE cases SET case_no=$2, title=$3, agency_code=$4, region_code=$5, matter_code=$6,
			procedure_kind=$7, party_kind=$8, party_name=$9, party_id_number=$10, party_json=$11, facts_json=$12, events_json=$13,
			body_hash=$14, status=$15, filed_on=$16, decided_on=$17, outcome=$18, tier=$19, fine_fen=$20, published_on=$21,
			withdrawn_on=$22, deadlines_json=$23, next_check=$24, updated_at=$25 WHERE id=$1`,
			c.ID, c.CaseNo, c.Title, c.AgencyCode, c.RegionCode, c.MatterCode, c.Procedure, c.Party.Kind, c.Party.Name,
			c.Party.IDNumber, r.party, r.facts, r.events, r.hash, c.Status, d.filed, d.decided, d.outcome,
			d.tier, d.fine, d.published, d.withdrawn, r.deadlines, r.next, r.now)
	}
	if err != nil {
		return err
	}
	c.UpdatedAt = r.now
	if !r.sameBody {
		if err := syncPublished(ctx, tx, c); err != nil { // published_decisions (published.go)
			return err
		}
	}
	if err := syncRollup(ctx, tx, c); err != nil { // case_rollup (rollup.go)
		return err
	}
	if err := syncWarnings(ctx, tx, c, r.now); err != nil {
		return err
	}
	return syncAssess(ctx, keyedTx{Tx: tx, db: r.db}, []int64{c.ID}) // case_rollup_assess, after the findings (rollup_assess.go)
}

// record appends the case's content to the record log (the group's last
// step: the log's state row is what every writer waits on).
func (r *caseRow) record(ctx context.Context, tx *sql.Tx) error {
	return flow.Record(ctx, tx, Workflow.Kind, r.c.ledgerRef(), r.content)
}

// answer is the case as written, as a read would show it.
func (r *caseRow) answer() *Case { return r.c }

// syncWarnings stores c's warnings as its findings (flow.SyncFindings).
func syncWarnings(ctx context.Context, tx *sql.Tx, c *Case, now int64) error {
	return flow.SyncFindings(ctx, tx, c.subject(), findingsOf(c.Warnings), now)
}

// subject is the case as the kernel's findings know it.
func (c *Case) subject() flow.Subject {
	return flow.Subject{Kind: Workflow.Kind, ID: c.ID, Region: c.RegionCode, Agency: c.AgencyCode}
}

// GetBySource loads the case sourceSystem/sourceID with its current
// judgement; outside p's jurisdiction it does not exist.
func (s *Service) GetBySource(ctx context.Context, p *auth.Principal, sourceSystem, sourceID string) (*Case, error) {
	c, err := getCase(ctx, s.db.R, `source_system = $1 AND source_id = $2`, sourceSystem, sourceID)
	return s.visible(ctx, p, c, err)
}

// Get loads a case by id with its current judgement.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Case, error) {
	c, err := getCase(ctx, s.db.R, `id = $1`, id)
	return s.visible(ctx, p, c, err)
}

func (s *Service) visible(ctx context.Context, p *auth.Principal, c *Case, err error) (*Case, error) {
	if err != nil {
		return nil, err
	}
	if !auth.CanSeeCase(p, c.Target()) {
		return nil, apperr.NotFoundf("案件")
	}
	if err := s.refreshIfDue(ctx, c); err != nil {
		return nil, err
	}
	return c, attachView(ctx, s.db.R, c)
}

// refreshIfDue re-judges a case whose clocks may have run out since it was
// last written, so a read never shows yesterday's warnings.
func (s *Service) refreshIfDue(ctx context.Context, c *Case) error {
	var next string
	if err := s.db.R.QueryRowContext(ctx, `SELECT next_check FROM cases WHERE id = $1`, c.ID).Scan(&next); err != nil {
		return err
	}
	if next == "" || next > clock.TodayString(ctx) {
		return nil
	}
	_, err := s.Refresh(ctx, c.ID)
	if err != nil {
		return err
	}
	fresh, err := getCase(ctx, s.db.R, `id = $1`, c.ID)
	if err != nil {
		return err
	}
	*c = *fresh
	return nil
}

// attachView fills the names and the open warnings of c.
func attachView(ctx context.Context, q store.Querier, c *Case) error {
	_ = q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, c.AgencyCode).Scan(&c.AgencyName)
	_ = q.QueryRowContext(ctx, `SELECT name FROM matters WHERE code = $1`, c.MatterCode).Scan(&c.MatterName)
	ws, err := caseWarnings(ctx, q, c.ID)
	c.Warnings = shown(ctx, ws)
	return err
}

// shown are ws as a reader sees them on ctx's day: the days overdue put
// into their messages (flow.Message). Only what leaves the package is
// shown; what is compared with the stored findings never is.
func shown(ctx context.Context, ws []Warning) []Warning {
	if ws == nil {
		return nil
	}
	today := clock.Today(ctx)
	out := make([]Warning, len(ws))
	for i, w := range ws {
		w.Message = flow.Message(w.Message, w.Due, today)
		out[i] = w
	}
	return out
}

func caseWarnings(ctx context.Context, q store.Querier, id int64) ([]Warning, error) {
	fs, err := flow.OpenFindings(ctx, q, Workflow.Kind, id)
	if err != nil {
		return nil, err
	}
	out := make([]Warning, len(fs))
	for i, f := range fs {
		out[i] = Warning{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Basis: f.Basis, Due: f.Due, key: f.Key}
	}
	sortWarnings(out)
	return out, nil
}
