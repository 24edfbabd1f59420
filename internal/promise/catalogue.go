// Package promise is 证明事项告知承诺制 (issue 19, C17): the catalogue of the
// 证明事项 an agency still asks for (with their basis) and of those it
// handles by a written promise (告知承诺, with the promise's text and how
// it is verified), the promises made, the 行政协助核查 sent to the agency
// that holds the data with a deadline on the working-day calendar, and a
// false promise recorded with its consequence as a supervision finding.
//
// 优化营商环境条例 第四十四条: a 证明事项 needs a basis in law; what a written
// promise or a check between agencies can settle must not be asked for;
// the catalogue is published with its basis, the asking and the issuing
// unit.
package promise

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Service is the capability on one database; cal gives the working-day
// calendar (calendar.RulesCalendar in production).
type Service struct {
	db  *store.DB
	cal func(ctx context.Context, q store.Querier) (*law.Calendar, error)
}

// NewService returns the service on db.
func NewService(db *store.DB) *Service { return &Service{db: db, cal: calendar.RulesCalendar} }

// Kinds of catalogue item.
var Kinds = []registry.Option{{Value: "retained", Label: "保留的证明事项"}, {Value: "promise", Label: "实行告知承诺制的证明事项"}}

// DefaultVerifyDays is the 协助核查's period when the item sets none, in
// working days. The catalogue sets each item's own: the Shandong
// 《证明事项告知承诺制行政协助核查办法（试行）》 leaves the period to the
// catalogue (its text is not in the project's store; the value is a default, not a rule).
const DefaultVerifyDays = 5

// Item is one entry of the catalogue.
type Item struct {
	ID               int64  `json:"id"`
	RegionCode       string `json:"region_code"`
	AgencyCode       string `json:"agency_code"`
	AgencyName       string `json:"agency_name"`
	Kind             string `json:"kind"`
	Name             string `json:"name"`
	Basis            string `json:"basis"`
	Issuer           string `json:"issuer"`
	PromiseText      string `json:"promise_text"`
	VerifyRule       string `json:"verify_rule"`
	VerifyAgency     string `json:"verify_agency"`
	VerifyAgencyName string `json:"verify_agency_name"`
	VerifyDays       int    `json:"verify_days"`
}

// KindLabel is the item's kind in Chinese.
func (it *Item) KindLabel() string { return registry.LabelOf(Kinds, it.Kind) }

func (it *Item) normalize() error {
	f := apperr.Fields{}
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, s := range []*string{&it.Name, &it.Basis, &it.Issuer, &it.PromiseText, &it.VerifyRule} {
		trim(s)
	}
	it.AgencyCode, it.VerifyAgency = ident.NormalizeUSCC(it.AgencyCode), ident.NormalizeUSCC(it.VerifyAgency)
	if it.AgencyCode == "" {
		f.Set("agency_code", "请选择索要证明的执法部门")
	}
	if it.Name == "" {
		f.Set("name", "请填写证明事项名称")
	}
	textcheck.CheckText(f, "name", it.Name, 100)
	if it.Basis == "" {
		f.Set("basis", "请填写设定依据（法律、法规或国务院决定）")
	}
	textcheck.CheckLines(f, "basis", it.Basis, 1000)
	textcheck.CheckText(f, "issuer", it.Issuer, 100)
	switch it.Kind {
	case "retained":
		it.PromiseText, it.VerifyRule, it.VerifyAgency, it.VerifyDays = "", "", "", 0
		if it.Issuer == "" {
			f.Set("issuer", "请填写开具单位")
		}
	case "promise":
		if it.PromiseText == "" {
			f.Set("promise_text", "请填写承诺书的内容")
		}
		textcheck.CheckLines(f, "promise_text", it.PromiseText, 2000)
		if it.VerifyRule == "" {
			f.Set("verify_rule", "请填写核查方式")
		}
		textcheck.CheckLines(f, "verify_rule", it.VerifyRule, 1000)
		if it.VerifyAgency == "" {
			f.Set("verify_agency", "请选择掌握相关信息、负责协助核查的部门")
		}
		if it.VerifyDays == 0 {
			it.VerifyDays = DefaultVerifyDays
		}
		if it.VerifyDays < 1 || it.VerifyDays > 30 {
			f.Set("verify_days", "核查期限应在1至30个工作日之间")
		}
	default:
		f.Set("kind", "请选择事项类别")
	}
	return f.Err()
}

func agencyOf(ctx context.Context, q store.Querier, code string) (region, name string, err error) {
	err = q.QueryRowContext(ctx, `SELECT region_code, name FROM agencies WHERE code = $1`, code).Scan(&region, &name)
	return region, name, err
}

// PutItem adds an item to the catalogue, or replaces the agency's item of
// the same name; its region is its agency's.
func (s *Service) PutItem(ctx context.Context, p *auth.Principal, it *Item) (bool, error) {
	if err := it.normalize(); err != nil {
		return false, err
	}
	created := false
	err := s.db.UpsertTx(ctx, func(tx *sql.Tx) error {
		var err error
		it.RegionCode, it.AgencyName, err = agencyOf(ctx, tx, it.AgencyCode)
		t := auth.Target{Region: it.RegionCode, Agencies: []string{it.AgencyCode}}
		if err != nil {
			return &apperr.Error{Code: apperr.Invalid, Message: "执法部门不存在", Fields: apperr.Fields{"agency_code": "请选择本辖区的执法部门"}}
		}
		if !auth.CanKeepPromiseCatalogue(p, t) {
			return apperr.New(apperr.Forbidden, "无权维护该部门的证明事项")
		}
		if it.VerifyAgency != "" {
			if _, it.VerifyAgencyName, err = agencyOf(ctx, tx, it.VerifyAgency); err != nil {
				return &apperr.Error{Code: apperr.Invalid, Message: "核查部门不存在", Fields: apperr.Fields{"verify_agency": "核查部门不存在"}}
			}
		}
		now := clock.Millis(ctx)
		var old int64
		err = tx.QueryRowContext(ctx, `SELECT id FROM promise_items WHERE agency_code = $1 AND name = $2`, it.AgencyCode, it.Name).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			created = true
			err = tx.QueryRowContext(ctx, `INSERT INTO promise_items (region_code, agency_code, kind, name, basis, issuer, promise_text, verify_rule,
				verify_agency, verify_days, created_at, updated_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11) RETURNING id`,
				it.RegionCode, it.AgencyCode, it.Kind, it.Name, it.Basis, it.Issuer, it.PromiseText, it.VerifyRule, it.VerifyAgency,
				it.VerifyDays, now).Scan(&it.ID)
		case err == nil:
			it.ID = old
			_, err = tx.ExecContext(ctx, `UPDATE promise_items SET kind=$2, basis=$3, issuer=$4, promise_text=$5, verify_rule=$6,
				verify_agency=$7, verify_days=$8, updated_at=$9 WHERE id=$1`, it.ID, it.Kind, it.Basis, it.Issuer, it.PromiseText,
				it.VerifyRule, it.VerifyAgency, it.VerifyDays, now)
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, map[bool]string{true: "create", false: "update"}[created], "promise_item", itoa(it.ID), it.RegionCode, nil, it)
	})
	return created, err
}

const itemCols = `i.id, i.region_code, i.agency_code, COALESCE(a.name, i.agency_code), i.kind, i.name, i.basis, i.issuer, i.promise_text,
	i.verify_rule, i.verify_agency, COALESCE(v.name, i.verify_agency), i.verify_days`

const itemFrom = ` FROM promise_items i LEFT JOIN agencies a ON a.code = i.agency_code LEFT JOIN agencies v ON v.code = i.verify_agency`

func scanItem(row interface{ Scan(...any) error }) (*Item, error) {
	var it Item
	err := row.Scan(&it.ID, &it.RegionCode, &it.AgencyCode, &it.AgencyName, &it.Kind, &it.Name, &it.Basis, &it.Issuer, &it.PromiseText,
		&it.VerifyRule, &it.VerifyAgency, &it.VerifyAgencyName, &it.VerifyDays)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("证明事项")
	}
	return &it, err
}

func getItem(ctx context.Context, q store.Querier, id int64) (*Item, error) {
	return scanItem(q.QueryRowContext(ctx, `SELECT `+itemCols+itemFrom+` WHERE i.id = $1`, id))
}

// Catalogue is the published catalogue of region's subtree ("" all), of
// one kind ("" both): public, it is 公示 (优化营商环境条例 第四十四条).
func (s *Service) Catalogue(ctx context.Context, region, kind string) ([]*Item, error) {
	w := &store.Where{}
	if region != "" {
		if ident.ValidateRegionCode(region) != nil {
			return nil, nil
		}
		pre := ident.RegionPrefix(region)
		w.Add("i.region_code >= ? AND i.region_code < ?", pre, ident.PrefixEnd(pre))
	}
	if kind != "" {
		w.Add("i.kind = ?", kind)
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+itemCols+itemFrom+w.SQL()+` ORDER BY i.region_code, i.agency_code, i.kind, i.id LIMIT 2000`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
