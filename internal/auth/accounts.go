package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
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
	// MustChangePassword is set by an administrator's reset: the account
	// may do nothing but choose a new password.
	MustChangePassword bool
	// PasswordChangedAt (unix ms) is remembered by each session; a change
	// ends the sessions that remember an older one.
	PasswordChangedAt int64
}

// Principal returns who the account acts as.
func (a *Account) Principal() *Principal {
	return &Principal{ID: a.ID, Name: a.DisplayName, Role: a.Role, Region: a.Region, Agency: a.Agency,
		Username: a.Username, CertNo: a.OfficerCert, MustChangePassword: a.MustChangePassword}
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
	if msg := ValidatePassword(n.Password, n.Username); msg != "" {
		f.Set("password", msg)
	}
	validateProfile(f, n.Role, n.Region, &n.OfficerCert)
	return f.Err()
}

// validateProfile checks what an account acts as: its role, region and
// officer record, as the account form names them.
func validateProfile(f apperr.Fields, role Role, region string, cert *string) {
	switch {
	case role == "":
		f.Set("role", "请选择角色")
	case !role.Valid():
		f.Set("role", "角色应从列表中选择")
	}
	*cert = strings.TrimSpace(*cert)
	if role.ActsAsOfficer() && *cert == "" {
		f.Set("officer_cert", "执法人员、法制审核人员和部门负责人的账号须关联本人的执法证号")
	}
	if region != "" {
		if err := ident.ValidateRegionCode(region); err != nil {
			f.Set("region_code", err.Error())
		}
	}
}

// CreateAccount stores a new account (tx so that the caller can audit it).
func CreateAccount(ctx context.Context, tx store.Querier, n NewAccount) (int64, error) {
	if err := n.validate(); err != nil {
		return 0, err
	}
	if err := checkOfficer(ctx, tx, n.OfficerCert, n.Agency); err != nil {
		return 0, err
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO accounts (username, display_name, password_hash, role, region_code, agency_code, officer_cert, created_at, password_changed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $8, $7, $7) RETURNING id`,
		n.Username, n.DisplayName, HashPassword(n.Password), string(n.Role), n.Region, n.Agency, clock.Millis(ctx), n.OfficerCert).Scan(&id)
	if store.IsUniqueViolation(err) {
		return 0, &apperr.Error{Code: apperr.Conflict, Message: "用户名已存在", Fields: apperr.Fields{"username": "用户名已存在"}}
	}
	return id, err
}

// checkOfficer: the officer record an account acts as is of its agency.
func checkOfficer(ctx context.Context, tx store.Querier, cert, agency string) error {
	if cert == "" {
		return nil
	}
	var got string
	err := tx.QueryRowContext(ctx, `SELECT agency_code FROM officers WHERE cert_no = $1`, cert).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) || err == nil && got != agency {
		msg := "执法证号不存在或不属于该账号的执法部门"
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"officer_cert": msg}}
	}
	return err
}

const accountCols = `id, username, display_name, role, region_code, agency_code, officer_cert, disabled, created_at,
	must_change_password, password_changed_at`

func scanAccount(row interface{ Scan(...any) error }) (*Account, error) {
	var a Account
	var role string
	var created int64
	var disabled, mustChange int
	if err := row.Scan(&a.ID, &a.Username, &a.DisplayName, &role, &a.Region, &a.Agency, &a.OfficerCert, &disabled, &created,
		&mustChange, &a.PasswordChangedAt); err != nil {
		return nil, err
	}
	a.Role, a.Disabled, a.CreatedAt, a.MustChangePassword = Role(role), disabled != 0, time.UnixMilli(created), mustChange != 0
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

// Attempt is one login attempt.
type Attempt struct {
	Username, Password string
	// Addr is the client's IP address ("" when there is none, as for a
	// command or a test): attempts are throttled per address too.
	Addr string
	// Device is the browser's device cookie, if it sent one (device.go).
	Device string
}

// Login checks an attempt under the throttle (throttle.go). A throttled
// attempt gets *Throttled and no password check; an unknown user and a
// wrong password get ErrBadLogin after the same work.
func Login(ctx context.Context, db *store.DB, at Attempt, now time.Time) (*Account, error) {
	username := strings.TrimSpace(at.Username)
	var keys []throttleKey
	if k, ok := addrKey(at.Addr); ok {
		keys = append(keys, k)
	}
	// A browser that signed in to this username before is counted on its
	// own key, so others guessing the username do not keep it out.
	own, ok, err := deviceFor(ctx, db, at.Device, username, now)
	if err != nil {
		return nil, err
	}
	if !ok {
		own = userKey(username)
	}
	keys = append(keys, own)
	wait, err := throttleWait(ctx, db, keys, now)
	if err != nil {
		return nil, err
	}
	if wait > 0 {
		return nil, &Throttled{Wait: wait}
	}

	var id int64
	var hash string
	var disabled int
	err = sql.ErrNoRows
	if textOK(username) && len(at.Password) <= 4*MaxPasswordLen {
		err = db.W.QueryRowContext(ctx, `SELECT id, password_hash, disabled FROM accounts WHERE username = $1`, username).Scan(&id, &hash, &disabled)
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if errors.Is(err, sql.ErrNoRows) {
		hash = dummyHash // an unknown user costs the same hash as a known one
	}
	if !CheckPassword(hash, at.Password) || id == 0 {
		if err := recordFailure(ctx, db, keys, now); err != nil {
			return nil, err
		}
		return nil, ErrBadLogin
	}
	if err := clearThrottle(ctx, db, []throttleKey{own}); err != nil {
		return nil, err
	}
	// Told only to someone who knows the password, so it leaks nothing.
	if disabled != 0 {
		return nil, apperr.New(apperr.Unauthorized, "账号已停用，请联系管理员")
	}
	return GetAccount(ctx, db, id)
}

// Authenticate is Login without a client address or device cookie (for
// commands and tests): only the username's throttle applies.
func Authenticate(ctx context.Context, db *store.DB, username, password string, now time.Time) (*Account, error) {
	return Login(ctx, db, Attempt{Username: username, Password: password}, now)
}

// textOK reports whether s can be looked up as a username: valid UTF-8
// without NUL (which PostgreSQL refuses in text), of a sane length.
func textOK(s string) bool {
	return s != "" && len(s) <= 256 && utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

var dummyHash = HashPassword("timing-equaliser-0")

// VerifyPassword checks the signed-in account's current password (before
// a change), under the same per-account throttle as the login, so that a
// session left open does not become a way to guess it.
func VerifyPassword(ctx context.Context, db *store.DB, id int64, password string, now time.Time) error {
	var username, hash string
	if err := db.W.QueryRowContext(ctx, `SELECT username, password_hash FROM accounts WHERE id = $1`, id).Scan(&username, &hash); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.NotFoundf("账号")
		}
		return err
	}
	keys := []throttleKey{userKey(username)}
	wait, err := throttleWait(ctx, db, keys, now)
	if err != nil {
		return err
	}
	if wait > 0 {
		return &Throttled{Wait: wait}
	}
	if !CheckPassword(hash, password) {
		if err := recordFailure(ctx, db, keys, now); err != nil {
			return err
		}
		msg := "当前密码不正确"
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"current_password": msg}}
	}
	return nil
}

// SetPassword stores a new password for account id, checked against the
// policy. mustChange marks it temporary (an administrator's reset): the
// next login must replace it. Every session of the account that predates
// the change ends (PasswordChangedAt).
func SetPassword(ctx context.Context, tx store.Querier, id int64, password string, mustChange bool) (*Account, error) {
	var username, old string
	if err := tx.QueryRowContext(ctx, `SELECT username, password_hash FROM accounts WHERE id = $1`, id).Scan(&username, &old); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, apperr.NotFoundf("账号")
		}
		return nil, err
	}
	msg := ValidatePassword(password, username)
	if msg == "" && CheckPassword(old, password) {
		msg = "新密码不能与原密码相同"
	}
	if msg != "" {
		return nil, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"new_password": msg}}
	}
	flag := 0
	if mustChange {
		flag = 1
	}
	// Strictly later than the old value, so two changes in one
	// millisecond still end the sessions of the first.
	a, err := scanAccount(tx.QueryRowContext(ctx, `UPDATE accounts SET password_hash = $1, must_change_password = $2,
		password_changed_at = CASE WHEN $3 > password_changed_at THEN $3 ELSE password_changed_at + 1 END
		WHERE id = $4 RETURNING `+accountCols, HashPassword(password), flag, clock.Millis(ctx), id))
	if err != nil {
		return nil, err
	}
	return a, nil
}

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
