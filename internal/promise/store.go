package promise

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Promise is one written promise and its verification.
type Promise struct {
	ID               int64  `json:"id"`
	ItemID           int64  `json:"item_id"`
	ItemName         string `json:"item_name"`
	RegionCode       string `json:"region_code"`
	AgencyCode       string `json:"agency_code"`
	AgencyName       string `json:"agency_name"`
	Applicant        string `json:"applicant"`
	ApplicantID      string `json:"applicant_id"`
	Application      string `json:"application"`
	PromisedOn       string `json:"promised_on"`
	VerifyAgency     string `json:"verify_agency"`
	VerifyAgencyName string `json:"verify_agency_name"`
	SentOn           string `json:"sent_on"`
	Due              string `json:"due"`
	AnsweredOn       string `json:"answered_on"`
	Result           string `json:"result"` // true | false | ""
	AnswerNote       string `json:"answer_note"`
	Consequence      string `json:"consequence"`
	DisposedOn       string `json:"disposed_on"`
	NextCheck        string `json:"-"`
	Version          int64  `json:"-"`
}

// Target is the receiving agency's place.
func (p *Promise) Target() auth.Target {
	return auth.Target{Region: p.RegionCode, Agencies: []string{p.AgencyCode}}
}

// StatusLabel is where the promise stands, in Chinese.
func (p *Promise) StatusLabel() string {
	switch {
	case p.Result == "false" && p.DisposedOn != "":
		return "承诺不实，已处理"
	case p.Result == "false":
		return "承诺不实，待处理"
	case p.Result == "true":
		return "核查属实"
	case p.SentOn != "":
		return "核查中"
	}
	return "已承诺，待核查"
}

// Overdue reports whether the check is unanswered after its due day.
func (p *Promise) Overdue(today string) bool {
	return p.SentOn != "" && p.Result == "" && today > p.Due
}

// Record writes a promise made to p's agency under item: the applicant,
// its 统一社会信用代码 or 身份证号, the application it was made for and the
// day.
func (s *Service) Record(ctx context.Context, p *auth.Principal, pr *Promise) error {
	f := apperr.Fields{}
	pr.Applicant, pr.Application = strings.TrimSpace(pr.Applicant), strings.TrimSpace(pr.Application)
	pr.ApplicantID = ident.NormalizeUSCC(pr.ApplicantID)
	if pr.Applicant == "" {
		f.Set("applicant", "请填写承诺人（申请人）")
	}
	textcheck.CheckText(f, "applicant", pr.Applicant, 100)
	switch len(pr.ApplicantID) {
	case 18:
		if ident.ValidateUSCC(pr.ApplicantID) != nil && ident.ValidateIDCard(pr.ApplicantID) != nil {
			f.Set("applicant_id", "统一社会信用代码或身份证号校验不通过")
		}
	default:
		f.Set("applicant_id", "请填写18位统一社会信用代码或身份证号")
	}
	if pr.Application == "" {
		f.Set("application", "请填写所办理的事项或申请编号")
	}
	textcheck.CheckText(f, "application", pr.Application, 200)
	if pr.PromisedOn == "" {
		pr.PromisedOn = clock.TodayString(ctx)
	}
	if d, err := law.ParseDate(pr.PromisedOn); err != nil || d.After(clock.Today(ctx)) {
		f.Set("promised_on", "承诺日期应为不晚于今天的YYYY-MM-DD")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		it, err := getItem(ctx, tx, pr.ItemID)
		if err != nil || it.Kind != "promise" {
			return &apperr.Error{Code: apperr.Invalid, Message: "请选择实行告知承诺制的证明事项", Fields: apperr.Fields{"item_id": "请选择实行告知承诺制的证明事项"}}
		}
		if !auth.ActsForAgency(p, it.AgencyCode) {
			return apperr.New(apperr.Forbidden, "只有该证明事项的受理部门可以登记承诺")
		}
		pr.RegionCode, pr.AgencyCode, pr.ItemName, pr.VerifyAgency = it.RegionCode, it.AgencyCode, it.Name, it.VerifyAgency
		err = tx.QueryRowContext(ctx, `INSERT INTO promises (item_id, region_code, agency_code, applicant, applicant_id, application, promised_on,
			created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id`, pr.ItemID, pr.RegionCode, pr.AgencyCode, pr.Applicant,
			pr.ApplicantID, pr.Application, pr.PromisedOn, p.Who(), clock.Millis(ctx)).Scan(&pr.ID)
		if err != nil {
			return err
		}
		pr.VerifyAgency = "" // set when the check is sent
		if err := audit.Record(ctx, tx, p, "create", "promise", itoa(pr.ID), pr.RegionCode, nil, pr); err != nil {
			return err
		}
		return leaf(ctx, tx, pr)
	})
}

func leaf(ctx context.Context, tx *sql.Tx, pr *Promise) error {
	return flow.Record(ctx, tx, LedgerKind, itoa(pr.ID), leafContent(pr))
}

const promiseCols = `p.id, p.item_id, i.name, p.region_code, p.agency_code, COALESCE(a.name, p.agency_code), p.applicant, p.applicant_id,
	p.application, p.promised_on, p.verify_agency, COALESCE(v.name, p.verify_agency), p.sent_on, p.due, p.answered_on, p.result,
	p.answer_note, p.consequence, p.disposed_on, p.next_check, p.version`

const promiseFrom = ` FROM promises p JOIN promise_items i ON i.id = p.item_id LEFT JOIN agencies a ON a.code = p.agency_code
	LEFT JOIN agencies v ON v.code = p.verify_agency`

func scanPromise(row interface{ Scan(...any) error }) (*Promise, error) {
	var p Promise
	err := row.Scan(&p.ID, &p.ItemID, &p.ItemName, &p.RegionCode, &p.AgencyCode, &p.AgencyName, &p.Applicant, &p.ApplicantID,
		&p.Application, &p.PromisedOn, &p.VerifyAgency, &p.VerifyAgencyName, &p.SentOn, &p.Due, &p.AnsweredOn, &p.Result,
		&p.AnswerNote, &p.Consequence, &p.DisposedOn, &p.NextCheck, &p.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("承诺记录")
	}
	return &p, err
}

func getPromise(ctx context.Context, q store.Querier, id int64) (*Promise, error) {
	return scanPromise(q.QueryRowContext(ctx, `SELECT `+promiseCols+promiseFrom+` WHERE p.id = $1`, id))
}

// Get is promise id as p may read it.
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Promise, error) {
	pr, err := getPromise(ctx, s.db.R, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanSeePromise(p, pr.Target(), pr.VerifyAgency) {
		return nil, apperr.NotFoundf("承诺记录")
	}
	return pr, nil
}

// Filter narrows the list: Verify lists the checks asked of p's agency.
type Filter struct {
	Verify bool
	Status string // open | overdue | false
	registry.Page
}

// List is the promises p may read, newest first.
func (s *Service) List(ctx context.Context, p *auth.Principal, f Filter) ([]*Promise, registry.Page, error) {
	f.Page.Normalize()
	w := &store.Where{}
	auth.FilterPromises(p, w, "p.region_code", "p.agency_code", "p.verify_agency")
	if f.Verify {
		w.Add("p.verify_agency = ?", p.Agency)
	}
	switch f.Status {
	case "open":
		w.Add("p.sent_on <> '' AND p.result = ''")
	case "overdue":
		w.Add("p.sent_on <> '' AND p.result = '' AND p.due < ?", clock.TodayString(ctx))
	case "false":
		w.Add("p.result = 'false'")
	}
	if err := s.db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM promises p`+w.SQL(), w.Args...).Scan(&f.Page.Total); err != nil {
		return nil, f.Page, err
	}
	lim, off := w.Arg(f.Page.Size), w.Arg(f.Page.Offset())
	rows, err := s.db.R.QueryContext(ctx, `SELECT `+promiseCols+promiseFrom+w.SQL()+` ORDER BY p.id DESC LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, f.Page, err
	}
	defer rows.Close()
	var out []*Promise
	for rows.Next() {
		pr, err := scanPromise(rows)
		if err != nil {
			return nil, f.Page, err
		}
		out = append(out, pr)
	}
	return out, f.Page, rows.Err()
}
