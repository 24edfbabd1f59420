// Package audit records who did what, when, with the object before and after,
// in the same transaction as the change itself.
package audit

import (
	"context"
	"encoding/json"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// Entry is one line of the audit trail.
type Entry struct {
	ID        int64
	At        time.Time
	Actor     string // display name at the time
	ActorRole string
	Account   string // username or token name
	Cert      string // 执法证号 when the account acts as an officer
	Action    string // create, update, delete, import, status
	Entity    string // agency, officer, matter, account
	Key       string
	Region    string
	Before    string
	After     string
}

// Record appends an entry inside tx. before/after are marshalled as JSON;
// nil means "did not exist".
func Record(ctx context.Context, tx store.Querier, p *auth.Principal, action, entity, key, region string, before, after any) error {
	actor, role, account, cert := "系统", "", "system", ""
	if p != nil {
		actor, role, account, cert = p.Name, string(p.Role), p.Username, p.CertNo
		if account == "" {
			account = p.Name
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, actor, actor_role, action, entity, entity_key, region_code, before_json,
		after_json, actor_account, actor_cert) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		clock.Millis(ctx), actor, role, action, entity, key, region, toJSON(before), toJSON(after), account, cert)
	return err
}

func toJSON(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	if string(b) == "null" {
		return ""
	}
	return string(b)
}

// Filter narrows List.
type Filter struct {
	Entity, Key, Actor string
	Action             string // an action; "act" matches every case act (act:*)
	From, To           int64  // instants (Unix ms), To exclusive; 0 = open
	Old                bool   // oldest first (default newest first)
	Page, Size         int
}

// List returns entries inside p's region, newest first (f.Old: oldest
// first), and the total count.
func List(ctx context.Context, db *store.DB, p *auth.Principal, f Filter) ([]Entry, int, error) {
	var w store.Where
	auth.FilterRegion(p, &w, "region_code")
	if f.Entity != "" {
		w.Add("entity = ?", f.Entity)
	}
	if f.Key != "" {
		w.Add("entity_key = ?", f.Key)
	}
	switch f.Action {
	case "":
	case "act":
		w.Add("action LIKE 'act:%'")
	default:
		w.Add("action = ?", f.Action)
	}
	if f.From > 0 {
		w.Add("at >= ?", f.From)
	}
	if f.To > 0 {
		w.Add("at < ?", f.To)
	}
	if f.Actor != "" {
		like := store.Like(f.Actor)
		w.Add("(actor LIKE ? ESCAPE '\\' OR actor_account LIKE ? ESCAPE '\\' OR actor_cert LIKE ? ESCAPE '\\')", like, like, like)
	}
	var total int
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log`+w.SQL(), w.Args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	if f.Size <= 0 {
		f.Size = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	order := " ORDER BY id DESC"
	if f.Old {
		order = " ORDER BY id"
	}
	q := `SELECT id, at, actor, actor_role, action, entity, entity_key, region_code, before_json, after_json, actor_account,
		actor_cert FROM audit_log` + w.SQL() + order +
		` LIMIT ` + w.Arg(f.Size) + ` OFFSET ` + w.Arg((f.Page-1)*f.Size)
	rows, err := db.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Entry
	for rows.Next() {
		var e Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.ActorRole, &e.Action, &e.Entity, &e.Key, &e.Region, &e.Before, &e.After, &e.Account, &e.Cert); err != nil {
			return nil, 0, err
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
