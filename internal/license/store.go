package license

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Service reads and writes licence decisions.
type Service struct{ db *store.DB }

// NewService builds the service on db.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// Target is where a licence lies for access: its region, its licensing
// and supervising agencies.
func (l *License) Target() auth.Target {
	return auth.Target{Region: l.RegionCode, Agencies: []string{l.AgencyCode, l.SupervisorCode}}
}

// checkSource checks the path's key as the case PUT does: the platform's
// own source system is not written through the exchange.
func checkSource(sys, id string) error {
	f := apperr.Fields{}
	textcheck.CheckText(f, "source_system", sys, 64)
	textcheck.CheckText(f, "source_id", id, 64)
	if err := f.Err(); err != nil {
		return err
	}
	if strings.EqualFold(strings.TrimSpace(sys), cases.SourceZFJD) {
		msg := "来源系统标识“" + sys + "”为本平台保留，不能通过对接接口写入；请使用本系统的来源系统标识"
		return &apperr.Error{Code: apperr.Forbidden, Message: msg, Fields: apperr.Fields{"source_system": msg}}
	}
	return nil
}

// authorize lets p report b: inside p's jurisdiction and, for an
// agency-bound token, for p's own agency (403, naming the field).
func authorize(p *auth.Principal, b *Body) error {
	if auth.CanChange(p, auth.KindCase, auth.Target{Region: b.RegionCode, Agencies: []string{b.AgencyCode}}) {
		return nil
	}
	field, msg := "region_code", fmt.Sprintf("无权报送行政区划%s的许可决定：不在您的管辖范围内", b.RegionCode)
	switch {
	case p == nil || !auth.MayChange(p, auth.KindCase):
		field, msg = "", "您的角色不能报送许可决定"
	case ident.Contains(p.Region, b.RegionCode) && p.Agency != "" && p.Agency != b.AgencyCode:
		field, msg = "agency_code", fmt.Sprintf("您的令牌只能报送许可机关%s的许可决定，不能报送%s的", p.Agency, b.AgencyCode)
	}
	e := &apperr.Error{Code: apperr.Forbidden, Message: msg}
	if field != "" {
		e.Fields = apperr.Fields{field: msg}
	}
	return e
}

func invalid(field, msg string) error {
	return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{field: msg}}
}

// checkRefs checks what b names against the registry in q: the region,
// the licensing agency (an enforcement subject holding the licence matter
// whose region contains b's), the supervising agency (an enforcement
// subject of the same province). It returns the agency's name.
func checkRefs(ctx context.Context, q store.Querier, p *auth.Principal, b *Body) (string, error) {
	if msg := registry.CheckRegion(ctx, q, b.RegionCode); msg != "" {
		return "", invalid("region_code", msg)
	}
	ag, err := registry.RefAgency(ctx, q, p, b.AgencyCode, "agency_code")
	if err != nil {
		return "", err
	}
	if ag.Kind != "enforcement" {
		return "", invalid("agency_code", fmt.Sprintf("%s（%s）不是行政执法主体，不能作出行政许可决定", ag.Name, ag.Code))
	}
	if !ident.Contains(ag.RegionCode, b.RegionCode) {
		return "", invalid("region_code", fmt.Sprintf("许可所在行政区划%s不在许可机关%s所在的行政区划%s内", b.RegionCode, ag.Name, ag.RegionCode))
	}
	var kind string
	var held int
	err = q.QueryRowContext(ctx, `SELECT m.kind, (SELECT COUNT(*) FROM matter_agencies ma WHERE ma.matter_id = m.id AND ma.agency_code = $2)
		FROM matters m WHERE m.code = $1`, b.MatterCode, b.AgencyCode).Scan(&kind, &held)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", invalid("matter_code", "许可事项"+b.MatterCode+"不在权责清单中")
	case err != nil:
		return "", err
	case kind != "license":
		return "", invalid("matter_code", "事项"+b.MatterCode+"不是行政许可事项（权责清单中的类型为“"+registry.LabelOf(registry.MatterKinds, kind)+"”）")
	case held == 0:
		return "", invalid("matter_code", "许可事项"+b.MatterCode+"不在许可机关"+ag.Name+"的权责清单中")
	}
	if b.SupervisorCode != "" {
		var sk, sr string
		err := q.QueryRowContext(ctx, `SELECT kind, region_code FROM agencies WHERE code = $1`, b.SupervisorCode).Scan(&sk, &sr)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return "", invalid("supervising_agency_code", "监管机关"+b.SupervisorCode+"不存在")
		case err != nil:
			return "", err
		case sk != "enforcement":
			return "", invalid("supervising_agency_code", "监管机关"+b.SupervisorCode+"不是行政执法主体")
		case registry.CommonRegionOf([]string{ag.RegionCode, sr}) == "":
			return "", invalid("supervising_agency_code", "监管机关"+b.SupervisorCode+"不在本省")
		}
	}
	return ag.Name, nil
}

// Put creates or replaces the licence sys/id as its source system knows
// it. The body is normalized and checked, p must be allowed to report for
// its agency at its place (and at the old one's), and the registry must
// know what it names; every refusal writes nothing. A replay of the same
// body writes nothing either. Otherwise the row (a compare-and-swap on
// its version), the audit row, the record-log leaf and the notices it
// calls for (notify.go) are one transaction.
func (s *Service) Put(ctx context.Context, p *auth.Principal, sys, id string, b *Body) (created bool, out *License, err error) {
	if err := checkSource(sys, id); err != nil {
		return false, nil, err
	}
	if err := b.Normalize(clock.Today(ctx)); err != nil {
		return false, nil, err
	}
	if err := authorize(p, b); err != nil {
		return false, nil, err
	}
	hash, raw, err := b.hash()
	if err != nil {
		return false, nil, err
	}
	var lid int64
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		created = false
		if _, err := checkRefs(ctx, tx, p, b); err != nil {
			return err
		}
		old, err := scanLicense(tx.QueryRowContext(ctx, `SELECT `+licenseCols+` FROM licenses l WHERE l.source_system = $1 AND l.source_id = $2`, sys, id))
		if err != nil && !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if old != nil && !auth.CanChange(p, auth.KindCase, auth.Target{Region: old.RegionCode, Agencies: []string{old.AgencyCode}}) {
			return apperr.New(apperr.Forbidden, "无权修改该许可决定")
		}
		if old != nil && old.hash == hash {
			lid = old.ID
			return nil // a replay
		}
		l := &License{SourceSystem: sys, SourceID: id, Body: *b, Status: b.status(), Dates: b.dates()}
		var oldID, oldVersion int64
		if old != nil {
			oldID, oldVersion = old.ID, old.Version
		}
		if lid, err = write(ctx, tx, l, oldID, oldVersion, string(raw), hash); err != nil {
			return err
		}
		l.ID, created = lid, old == nil
		action, before := "create", any(nil)
		if old != nil {
			action, before = "update", old.Body
		}
		if err := audit.Record(ctx, tx, p, action, Kind, sys+"/"+id, b.RegionCode, before, b); err != nil {
			return err
		}
		if err := flow.Record(ctx, tx, Kind, strconv.FormatInt(lid, 10), leafContent(sys, id, raw, l.Status)); err != nil {
			return err
		}
		return notifyTx(ctx, tx, l)
	})
	if err != nil {
		return false, nil, err
	}
	out, err = get(ctx, s.db.R, lid)
	return created, out, err
}

// leafContent is a licence's record-log leaf: its key, the normalized
// body and its status — all kept on the row, so `zfjd log verify`
// rebuilds it (LedgerSource).
func leafContent(sys, id string, body []byte, status string) []byte {
	b, _ := json.Marshal(map[string]any{"source_system": sys, "source_id": id, "body": json.RawMessage(body), "status": status})
	return b
}

// write inserts l (oldID 0), or updates row oldID to l when its version
// is still oldVersion.
func write(ctx context.Context, tx *sql.Tx, l *License, oldID, oldVersion int64, raw, hash string) (int64, error) {
	d, now := l.Dates, clock.Millis(ctx)
	endedOn := ""
	for _, t := range ended {
		if d[t] != "" {
			endedOn = d[t]
		}
	}
	args := []any{l.AgencyCode, l.SupervisorCode, l.RegionCode, l.MatterCode, l.LicenseNo, l.Party.Kind, l.Party.Name, l.Party.IDNumber,
		l.Status, d[Applied], d[Accepted], d[Granted], d[Refused], d[Revoked], endedOn, raw, hash, now}
	if oldID == 0 {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO licenses (agency_code, supervisor_code, region_code, matter_code, licence_no, party_kind,
			party_name, party_id_number, status, applied_on, accepted_on, granted_on, refused_on, revoked_on, ended_on, body_json, body_hash,
			created_at, updated_at, source_system, source_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$18,$19,$20)
			RETURNING id`, append(args, l.SourceSystem, l.SourceID)...).Scan(&id)
		return id, err
	}
	if err := flow.Swap(ctx, tx, "licenses", oldID, oldVersion); err != nil {
		return 0, err
	}
	_, err := tx.ExecContext(ctx, `UPDATE licenses SET agency_code=$1, supervisor_code=$2, region_code=$3, matter_code=$4, licence_no=$5,
		party_kind=$6, party_name=$7, party_id_number=$8, status=$9, applied_on=$10, accepted_on=$11, granted_on=$12, refused_on=$13,
		revoked_on=$14, ended_on=$15, body_json=$16, body_hash=$17, updated_at=$18 WHERE id=$19`, append(args, oldID)...)
	return oldID, err
}

const licenseCols = `l.id, l.version, l.source_system, l.source_id, l.body_json, l.body_hash, l.status,
	COALESCE((SELECT a.name FROM agencies a WHERE a.code = l.agency_code), '')`

// licenseRow is a License with what only the store needs.
type licenseRow struct {
	*License
	hash string
}

func scanLicense(row interface{ Scan(...any) error }) (*licenseRow, error) {
	l := &License{}
	var raw, hash string
	err := row.Scan(&l.ID, &l.Version, &l.SourceSystem, &l.SourceID, &raw, &hash, &l.Status, &l.AgencyName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("许可决定")
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(raw), &l.Body); err != nil {
		return nil, fmt.Errorf("license %d: %w", l.ID, err)
	}
	l.Dates = l.Body.dates()
	return &licenseRow{License: l, hash: hash}, nil
}

func get(ctx context.Context, q store.Querier, id int64) (*License, error) {
	r, err := scanLicense(q.QueryRowContext(ctx, `SELECT `+licenseCols+` FROM licenses l WHERE l.id = $1`, id))
	if err != nil {
		return nil, err
	}
	r.Notices, err = noticeIDs(ctx, q, id)
	return r.License, err
}

// Get returns the licence sys/id; outside p's reach (its region, and for
// an agency-bound account the licensing or supervising agency) it does
// not exist.
func (s *Service) Get(ctx context.Context, p *auth.Principal, sys, id string) (*License, error) {
	r, err := scanLicense(s.db.R.QueryRowContext(ctx, `SELECT `+licenseCols+` FROM licenses l WHERE l.source_system = $1 AND l.source_id = $2`,
		sys, id))
	if err != nil {
		return nil, err
	}
	if !auth.CanSee(p, r.Target()) {
		return nil, apperr.NotFoundf("许可决定")
	}
	r.Notices, err = noticeIDs(ctx, s.db.R, r.ID)
	return r.License, err
}
