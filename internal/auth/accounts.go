package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Lock-out after repeated failures (等保 2.0 requires login-failure handling).
const (
	MaxFailedLogins = 5
	LockDuration    = 15 * time.Minute
)

// Account is a person's login.
type Account struct {
	ID          int64
	Username    string
	DisplayName string
	Role        Role
	Region      string
	Agency      string
	OfficerCert string // the officer record this account acts as (officer, legal_reviewer, agency_head)
	Disabled    bool
	CreatedAt   time.Time
}

// Principal returns who the account acts as.
func (a *Account) Principal() *Principal {
	return &Principal{ID: a.ID, Name: a.DisplayName, Role: a.Role, Region: a.Region, Agency: a.Agency,
		Username: a.Username, CertNo: a.OfficerCert}
}

// NewAccount is the input to CreateAccount.
type NewAccount struct {
	Username, DisplayName, Password string
	Role                            Role
	Region, Agency                  string
	OfficerCert                     string // 执法证号 of the officer the account acts as
}

func (n *NewAccount) validate() error {
	f := apperr.Fields{}
	if n.Username = strings.TrimSpace(n.Username); n.Username == "" {
		f.Set("username", "请填写用户名")
	}
	if n.DisplayName = strings.TrimSpace(n.DisplayName); n.DisplayName == "" {
		f.Set("display_name", "请填写姓名")
	}
	if msg := ValidatePassword(n.Password); msg != "" {
		f.Set("password", msg)
	}
	if !n.Role.Valid() {
		f.Set("role", "角色无效")
	}
	n.OfficerCert = strings.TrimSpace(n.OfficerCert)
	if n.Role.ActsAsOfficer() && n.OfficerCert == "" {
		f.Set("officer_cert", "执法人员、法制审核人员和部门负责人的账号须关联本人的执法证号")
	}
	if n.Region != "" {
		if err := ident.ValidateRegionCode(n.Region); err != nil {
			f.Set("region_code", err.Error())
		}
	}
	return f.Err()
}

// CreateAccount stores a new account (tx so that the caller can audit it).
func CreateAccount(ctx context.Context, tx store.Querier, n NewAccount) (int64, error) {
	if err := n.validate(); err != nil {
		return 0, err
	}
	if n.OfficerCert != "" {
		var agency string
		err := tx.QueryRowContext(ctx, `SELECT agency_code FROM officers WHERE cert_no = $1`, n.OfficerCert).Scan(&agency)
		if errors.Is(err, sql.ErrNoRows) || err == nil && agency != n.Agency {
			msg := "执法证号不存在或不属于该账号的执法部门"
			return 0, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"officer_cert": msg}}
		}
		if err != nil {
			return 0, err
		}
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO accounts (username, display_name, password_hash, role, region_code, agency_code, officer_cert, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $8, $7) RETURNING id`,
		n.Username, n.DisplayName, HashPassword(n.Password), string(n.Role), n.Region, n.Agency, clock.Millis(ctx), n.OfficerCert).Scan(&id)
	if store.IsUniqueViolation(err) {
		return 0, &apperr.Error{Code: apperr.Conflict, Message: "用户名已存在", Fields: apperr.Fields{"username": "用户名已存在"}}
	}
	return id, err
}

const accountCols = `id, username, display_name, role, region_code, agency_code, officer_cert, disabled, created_at`

func scanAccount(row interface{ Scan(...any) error }) (*Account, error) {
	var a Account
	var role string
	var created int64
	var disabled int
	if err := row.Scan(&a.ID, &a.Username, &a.DisplayName, &role, &a.Region, &a.Agency, &a.OfficerCert, &disabled, &created); err != nil {
		return nil, err
	}
	a.Role, a.Disabled, a.CreatedAt = Role(role), disabled != 0, time.UnixMilli(created)
	return &a, nil
}

// GetAccount loads an account by id.
func GetAccount(ctx context.Context, db *store.DB, id int64) (*Account, error) {
	a, err := scanAccount(db.R.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("账号")
	}
	return a, err
}

// ErrBadLogin is the one answer for an unknown user or a wrong password.
var ErrBadLogin = apperr.New(apperr.Unauthorized, "用户名或密码错误")

// Authenticate checks a login, counting failures and locking the account
// for LockDuration after MaxFailedLogins in a row.
func Authenticate(ctx context.Context, db *store.DB, username, password string, now time.Time) (*Account, error) {
	var id, lockedUntil int64
	var hash string
	var failed, disabled int
	err := db.W.QueryRowContext(ctx, `SELECT id, password_hash, failed_logins, locked_until, disabled FROM accounts WHERE username = $1`,
		strings.TrimSpace(username)).Scan(&id, &hash, &failed, &lockedUntil, &disabled)
	if errors.Is(err, sql.ErrNoRows) {
		CheckPassword(dummyHash, password) // same time as a real check
		return nil, ErrBadLogin
	}
	if err != nil {
		return nil, err
	}
	if lockedUntil > now.UnixMilli() {
		mins := (lockedUntil-now.UnixMilli())/60000 + 1
		return nil, apperr.New(apperr.Unauthorized, "登录失败次数过多，账号已锁定，请%d分钟后再试", mins)
	}
	if !CheckPassword(hash, password) {
		// Count in the database, not from the value read above: parallel
		// guesses would otherwise overwrite each other's count and never lock.
		if err := db.W.QueryRowContext(ctx, `UPDATE accounts SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins`,
			id).Scan(&failed); err != nil {
			return nil, err
		}
		if failed >= MaxFailedLogins {
			if _, err := db.W.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = $1 WHERE id = $2`,
				now.Add(LockDuration).UnixMilli(), id); err != nil {
				return nil, err
			}
			return nil, apperr.New(apperr.Unauthorized, "登录失败次数过多，账号已锁定%d分钟", int(LockDuration.Minutes()))
		}
		return nil, ErrBadLogin
	}
	// Told only to someone who knows the password, so it leaks nothing.
	if disabled != 0 {
		return nil, apperr.New(apperr.Unauthorized, "账号已停用，请联系管理员")
	}
	if _, err := db.W.ExecContext(ctx, `UPDATE accounts SET failed_logins = 0, locked_until = 0 WHERE id = $1`, id); err != nil {
		return nil, err
	}
	return GetAccount(ctx, db, id)
}

var dummyHash = HashPassword("timing-equaliser-0")

// ListAccounts lists accounts inside p's region.
func ListAccounts(ctx context.Context, db *store.DB, p *Principal) ([]*Account, error) {
	var w store.Where
	FilterRegion(p, &w, "region_code")
	rows, err := db.R.QueryContext(ctx, `SELECT `+accountCols+` FROM accounts`+w.SQL()+` ORDER BY region_code, username`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
