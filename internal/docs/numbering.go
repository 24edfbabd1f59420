package docs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Number formats a document number: prefix, the kind's code, the year in
// 六角括号 and the sequence (GB/T 9704-2012 §7.2.4 发文字号: 机关代字、年份、
// 发文顺序号; the year in 〔〕, no leading zeros), e.g. 济市监罚〔2024〕15号.
func Number(prefix, kind string, year, seq int) string {
	k := KindOf(kind)
	code := ""
	if k != nil {
		code = k.Code
	}
	return fmt.Sprintf("%s%s〔%d〕%d号", prefix, code, year, seq)
}

// DefaultPrefix derives an agency's 机关代字 from its name when none is set
// (registry.DefaultDocPrefix); agencies edit it (web/caseweb/docs.go) where local
// practice differs.
func DefaultPrefix(name string) string { return registry.DefaultDocPrefix(name) }

// MaxPrefixLen bounds a prefix, in characters.
const MaxPrefixLen = 12

// CheckPrefix validates a 机关代字: Chinese characters, letters or digits,
// 1 to MaxPrefixLen of them ("" is accepted and means the default).
func CheckPrefix(s string) string {
	n := utf8.RuneCountInString(s)
	if n > MaxPrefixLen {
		return fmt.Sprintf("不能超过%d个字", MaxPrefixLen)
	}
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return "只能包含汉字、字母或数字（不含括号、空格和“号”以外的符号）"
		}
	}
	return ""
}

// Prefix returns the agency's 机关代字: the one set, or the default.
func Prefix(ctx context.Context, q store.Querier, agencyCode string) (prefix string, custom bool, err error) {
	return registry.DocPrefix(ctx, q, agencyCode)
}

// PrefixSettings is what the settings form shows.
type PrefixSettings struct {
	AgencyCode, AgencyName, RegionCode string
	Prefix                             string // in force
	Default                            string // derived from the name
	Custom                             bool
	Counters                           []Counter // this and last year's
}

// Counter is one numbering sequence.
type Counter struct {
	Kind, Title string
	Year, Last  int
	Next        string // the number the next document will get
}

// CanEditPrefix reports whether p may set the agency's prefix: its agency
// administrators, and system administrators over their region.
func CanEditPrefix(p *auth.Principal, agencyCode, region string) bool {
	if p == nil || !auth.CanSee(p, auth.Target{Region: region, Agencies: []string{agencyCode}}) {
		return false
	}
	return p.Role == auth.RoleAgencyAdmin || p.Role == auth.RoleAdmin
}

// GetPrefixSettings loads the settings of an agency p may edit.
func GetPrefixSettings(ctx context.Context, db *store.DB, p *auth.Principal, agencyCode string) (*PrefixSettings, error) {
	s := &PrefixSettings{AgencyCode: agencyCode}
	err := db.R.QueryRowContext(ctx, `SELECT name, region_code FROM agencies WHERE code = $1 AND kind = 'enforcement'`, agencyCode).
		Scan(&s.AgencyName, &s.RegionCode)
	// Out of p's jurisdiction it does not exist (404); inside it, a role
	// that may not set the prefix is refused (403), as everywhere.
	if errors.Is(err, sql.ErrNoRows) || err == nil && !auth.CanSee(p, auth.Target{Region: s.RegionCode, Agencies: []string{agencyCode}}) {
		return nil, apperr.NotFoundf("执法主体")
	}
	if err == nil && !CanEditPrefix(p, agencyCode, s.RegionCode) {
		return nil, apperr.New(apperr.Forbidden, "只有本单位的部门管理员和系统管理员可以设置文书编号前缀")
	}
	if err != nil {
		return nil, err
	}
	s.Default = DefaultPrefix(s.AgencyName)
	if s.Prefix, s.Custom, err = Prefix(ctx, db.R, agencyCode); err != nil {
		return nil, err
	}
	year := clock.Today(ctx).Y
	last := map[string]int{}
	for _, k := range Kinds {
		n, err := flow.Last(ctx, db.R, counterScope(agencyCode, k.Kind), year)
		if err != nil {
			return nil, err
		}
		last[k.Kind] = int(n)
	}
	for _, k := range Kinds {
		s.Counters = append(s.Counters, Counter{Kind: k.Kind, Title: k.Title, Year: year, Last: last[k.Kind],
			Next: Number(s.Prefix, k.Kind, year, last[k.Kind]+1)})
	}
	return s, nil
}

// SetPrefix stores the agency's prefix ("" restores the default). Numbers
// already issued keep the prefix they were issued with; the sequence goes
// on, so no number is given twice.
func SetPrefix(ctx context.Context, db *store.DB, p *auth.Principal, agencyCode, prefix string) error {
	prefix = strings.TrimSpace(prefix)
	if msg := CheckPrefix(prefix); msg != "" {
		return &apperr.Error{Code: apperr.Invalid, Message: "机关代字有误：" + msg, Fields: apperr.Fields{"prefix": msg}}
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		var name, region string
		err := tx.QueryRowContext(ctx, `SELECT name, region_code FROM agencies WHERE code = $1 AND kind = 'enforcement'`, agencyCode).Scan(&name, &region)
		if errors.Is(err, sql.ErrNoRows) || err == nil && !auth.CanSee(p, auth.Target{Region: region, Agencies: []string{agencyCode}}) {
			return apperr.NotFoundf("执法主体")
		}
		if err == nil && !CanEditPrefix(p, agencyCode, region) {
			return apperr.New(apperr.Forbidden, "只有本单位的部门管理员和系统管理员可以设置文书编号前缀")
		}
		if err != nil {
			return err
		}
		before, _, err := Prefix(ctx, tx, agencyCode)
		if err != nil {
			return err
		}
		if prefix == "" {
			_, err = tx.ExecContext(ctx, `DELETE FROM doc_prefixes WHERE agency_code = $1`, agencyCode)
		} else {
			_, err = tx.ExecContext(ctx, `INSERT INTO doc_prefixes (agency_code, prefix, updated_at) VALUES ($1, $2, $3)
				ON CONFLICT (agency_code) DO UPDATE SET prefix = excluded.prefix, updated_at = excluded.updated_at`,
				agencyCode, prefix, clock.Millis(ctx))
		}
		if err != nil {
			return err
		}
		after := prefix
		if after == "" {
			after = DefaultPrefix(name)
		}
		return audit.Record(ctx, tx, p, "update", "doc_prefix", agencyCode, region,
			map[string]string{"prefix": before}, map[string]string{"prefix": after})
	})
}

// counterScope is the kernel counter of an agency's documents of a kind.
func counterScope(agency, kind string) string { return "doc/" + agency + "/" + kind }

// Issued is a document issued for a case.
type Issued struct {
	Kind, DocNo string
	IssuedAt    int64
	IssuedBy    string
}

// IssuedFor lists the documents issued for a case.
func IssuedFor(ctx context.Context, q store.Querier, caseID int64) (map[string]Issued, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, doc_no, issued_at, issued_by FROM case_documents WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Issued{}
	for rows.Next() {
		var d Issued
		if err := rows.Scan(&d.Kind, &d.DocNo, &d.IssuedAt, &d.IssuedBy); err != nil {
			return nil, err
		}
		out[d.Kind] = d
	}
	return out, rows.Err()
}

// issue returns the number of the document of kind for the case, giving it
// the agency's next number of that kind and year the first time (one
// transaction: the counter row is locked by the upsert, so two documents
// never get the same number). When two first issues for one case race,
// the loser hits UNIQUE (case_id, kind) and UpsertTx's second run finds
// the winner's number.
func issue(ctx context.Context, db *store.DB, p *auth.Principal, caseID int64, region, agency, kind string, year int) (string, error) {
	var no string
	err := db.UpsertTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT doc_no FROM case_documents WHERE case_id = $1 AND kind = $2`, caseID, kind).Scan(&no)
		if err == nil || !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		prefix, _, err := Prefix(ctx, tx, agency)
		if err != nil {
			return err
		}
		seq64, err := flow.Next(ctx, tx, counterScope(agency, kind), year)
		if err != nil {
			return err
		}
		seq := int(seq64)
		no = Number(prefix, kind, year, seq)
		by := "系统"
		if p != nil {
			by = p.Name
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO case_documents (case_id, kind, agency_code, year, seq, doc_no, issued_at, issued_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, caseID, kind, agency, year, seq, no, clock.Millis(ctx), by); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "issue", "document", fmt.Sprintf("%d/%s", caseID, kind), region, nil,
			map[string]string{"kind": kind, "doc_no": no})
	})
	return no, err
}
