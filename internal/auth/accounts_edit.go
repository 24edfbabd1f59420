package auth

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/store"
)

// AccountEdit is what an administrator may change of an account (its
// username and password are changed otherwise).
type AccountEdit struct {
	DisplayName string
	Role        Role
	Region      string
	Agency      string
	OfficerCert string
}

// UpdateAccount changes account id (tx so that the caller can audit it)
// and returns it as it was. A change of role, region, agency or officer
// ends the account's sessions (they act as what the account was).
func UpdateAccount(ctx context.Context, tx store.Querier, id int64, e AccountEdit) (*Account, error) {
	old, err := accountIn(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	f := apperr.Fields{}
	if e.DisplayName = strings.TrimSpace(e.DisplayName); e.DisplayName == "" {
		f.Set("display_name", "请填写姓名")
	}
	validateProfile(f, e.Role, e.Region, &e.OfficerCert)
	if err := f.Err(); err != nil {
		return nil, err
	}
	if err := checkOfficer(ctx, tx, e.OfficerCert, e.Agency); err != nil {
		return nil, err
	}
	epoch := old.PasswordChangedAt
	if e.Role != old.Role || e.Region != old.Region || e.Agency != old.Agency || e.OfficerCert != old.OfficerCert {
		epoch = max(clock.Millis(ctx), old.PasswordChangedAt+1) // later than every session's, even on a pinned clock
	}
	_, err = tx.ExecContext(ctx, `UPDATE accounts SET display_name = $1, role = $2, region_code = $3, agency_code = $4, officer_cert = $5,
		password_changed_at = $6 WHERE id = $7`, e.DisplayName, string(e.Role), e.Region, e.Agency, e.OfficerCert, epoch, id)
	return old, err
}

// SetDisabled disables or enables account id and returns it as it was;
// a disabled account's sessions answer as signed out at once (the server
// reads the account on every request) and it cannot sign in.
func SetDisabled(ctx context.Context, tx store.Querier, id int64, disabled bool) (*Account, error) {
	old, err := accountIn(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	v := 0
	if disabled {
		v = 1
	}
	_, err = tx.ExecContext(ctx, `UPDATE accounts SET disabled = $1 WHERE id = $2`, v, id)
	return old, err
}

// accountIn loads an account inside tx.
func accountIn(ctx context.Context, tx store.Querier, id int64) (*Account, error) {
	a, err := scanAccount(tx.QueryRowContext(ctx, `SELECT `+accountCols+` FROM accounts WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("账号")
	}
	return a, err
}
