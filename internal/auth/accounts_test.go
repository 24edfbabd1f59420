package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

const goodPassword = "Zfjd2024ok"

// pinned is the tests' context: a clock fixed on one day (created_at and
// the lock-out never read the wall clock).
var pinned = clock.With(context.Background(), clock.Pinned(testworld.Today))

func createAccount(t *testing.T, db *store.DB, n auth.NewAccount) int64 {
	t.Helper()
	if n.Password == "" {
		n.Password = goodPassword
	}
	if n.DisplayName == "" {
		n.DisplayName = "测试" + n.Username
	}
	if n.Role == "" {
		n.Role = auth.RoleSupervisor
	}
	id, err := auth.CreateAccount(pinned, db.W, n)
	if err != nil {
		t.Fatalf("CreateAccount(%s): %v", n.Username, err)
	}
	return id
}

func wantCode(t *testing.T, err error, code string) *apperr.Error {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Fatalf("error = %v, want code %s", err, code)
	}
	return apperr.As(err)
}

func TestCreateAccountValidatesAndRejectsDuplicates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned
		id := createAccount(t, db, auth.NewAccount{Username: " zhang ", DisplayName: " 张三 ", Role: auth.RoleAgencyAdmin, Region: "370102", Agency: "X"})
		a, err := auth.GetAccount(ctx, db, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Username != "zhang" || a.DisplayName != "张三" || a.Role != auth.RoleAgencyAdmin || a.Region != "370102" || a.Agency != "X" || a.Disabled {
			t.Errorf("stored account = %+v", a)
		}
		if p := a.Principal(); p.ID != id || p.Name != "张三" || p.Role != auth.RoleAgencyAdmin || p.Region != "370102" || p.Agency != "X" {
			t.Errorf("Principal() = %+v", p)
		}
		var hash string
		db.R.QueryRow(`SELECT password_hash FROM accounts WHERE id = $1`, id).Scan(&hash)
		if !auth.CheckPassword(hash, goodPassword) || strings.Contains(hash, goodPassword) {
			t.Errorf("password stored as %q", hash)
		}

		_, err = auth.CreateAccount(ctx, db.W, auth.NewAccount{Username: "zhang", DisplayName: "另一个", Password: goodPassword, Role: auth.RoleSupervisor, Region: "370103"})
		e := wantCode(t, err, apperr.Conflict)
		if e.Fields["username"] == "" {
			t.Errorf("conflict without a username field: %+v", e)
		}

		_, err = auth.CreateAccount(ctx, db.W, auth.NewAccount{Username: " ", DisplayName: "", Password: "short", Role: "root", Region: "3701"})
		e = wantCode(t, err, apperr.Invalid)
		for _, f := range []string{"username", "display_name", "password", "role", "region_code"} {
			if e.Fields[f] == "" {
				t.Errorf("no message for field %s in %v", f, e.Fields)
			}
		}
		var n int
		db.R.QueryRow(`SELECT COUNT(*) FROM accounts`).Scan(&n)
		if n != 1 {
			t.Errorf("%d accounts after rejected creations, want 1", n)
		}
		if _, err := auth.GetAccount(ctx, db, id+100); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("GetAccount(unknown) = %v, want not found", err)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned
		id := createAccount(t, db, auth.NewAccount{Username: "li", Region: "370100"})
		now := time.Date(2024, 5, 6, 9, 0, 0, 0, time.UTC)

		a, err := auth.Authenticate(ctx, db, " li ", goodPassword, now)
		if err != nil {
			t.Fatalf("right password: %v", err)
		}
		if a.ID != id || a.Username != "li" || a.Region != "370100" {
			t.Errorf("account = %+v", a)
		}

		_, errWrong := auth.Authenticate(ctx, db, "li", "Wrong12345", now)
		_, errUnknown := auth.Authenticate(ctx, db, "nobody", goodPassword, now)
		for _, err := range []error{errWrong, errUnknown} {
			e := wantCode(t, err, apperr.Unauthorized)
			if e.Message != auth.ErrBadLogin.Message {
				t.Errorf("message %q, want the one answer %q", e.Message, auth.ErrBadLogin.Message)
			}
		}
		if apperr.As(errWrong).Message != apperr.As(errUnknown).Message {
			t.Error("wrong password and unknown user are told apart")
		}
	})
}

func TestAuthenticateDisabled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned
		id := createAccount(t, db, auth.NewAccount{Username: "qian", Region: "370100"})
		if _, err := db.W.Exec(`UPDATE accounts SET disabled = 1 WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		_, err := auth.Authenticate(ctx, db, "qian", goodPassword, clock.Now(ctx))
		if e := wantCode(t, err, apperr.Unauthorized); !strings.Contains(e.Message, "停用") {
			t.Errorf("disabled account: %q", e.Message)
		}
		a, err := auth.GetAccount(ctx, db, id)
		if err != nil || !a.Disabled {
			t.Errorf("GetAccount: %+v, %v; want Disabled", a, err)
		}
	})
}

func TestListAccountsIsScoped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		ctx := pinned
		createAccount(t, db, auth.NewAccount{Username: "root", Role: auth.RoleAdmin, Region: ""})
		createAccount(t, db, auth.NewAccount{Username: "jn", Region: "370100"})
		createAccount(t, db, auth.NewAccount{Username: "lx", Region: "370102"})
		createAccount(t, db, auth.NewAccount{Username: "qd", Region: "370200"})
		for _, c := range []struct {
			p    *auth.Principal
			want string
		}{
			{&auth.Principal{Role: auth.RoleAdmin}, "root jn lx qd"},
			{&auth.Principal{Role: auth.RoleAdmin, Region: "370100"}, "jn lx"},
			{&auth.Principal{Role: auth.RoleAdmin, Region: "370102"}, "lx"},
			{&auth.Principal{Role: auth.RoleAdmin, Region: "37"}, ""},
			{nil, ""},
		} {
			list, err := auth.ListAccounts(ctx, db, c.p)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range list {
				names = append(names, a.Username)
			}
			if got := strings.Join(names, " "); got != c.want {
				t.Errorf("%+v: %q, want %q", c.p, got, c.want)
			}
		}
	})
}

// An account of a role that acts on cases (officer, legal_reviewer,
// agency_head) acts as one officer record of its own agency: its
// certificate is required, must exist, and must be of that agency
// (办、审、定分离 is checked by person).
func TestCreateAccountOfficerCert(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db) // the agency, its officers and the other agency's
		ctx := w.Ctx
		var before int
		db.R.QueryRow(`SELECT COUNT(*) FROM accounts`).Scan(&before)
		base := func(user string, role auth.Role, cert string) auth.NewAccount {
			return auth.NewAccount{Username: user, DisplayName: "测试" + user, Password: goodPassword, Role: role,
				Region: testworld.Region, Agency: testworld.Agency, OfficerCert: cert}
		}
		for _, role := range []auth.Role{auth.RoleOfficer, auth.RoleReviewer, auth.RoleHead} {
			for _, c := range []struct {
				name, cert string
			}{
				{"missing", ""},
				{"blank", "   "},
				{"unknown certificate", "37019999999"},
				{"certificate of another agency", testworld.CertOther},
			} {
				_, err := auth.CreateAccount(ctx, db.W, base("x_"+string(role), role, c.cert))
				if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields["officer_cert"] == "" {
					t.Errorf("%s with %s: %v %v, want invalid officer_cert", role, c.name, err, e.Fields)
				}
			}
		}
		var after int
		db.R.QueryRow(`SELECT COUNT(*) FROM accounts`).Scan(&after)
		if after != before {
			t.Errorf("%d accounts written by refused creations", after-before)
		}

		// The agency's own officer: stored, and the principal acts as him.
		id, err := auth.CreateAccount(ctx, db.W, base("new_head", auth.RoleHead, " "+testworld.CertC+" "))
		if err != nil {
			t.Fatal(err)
		}
		a, err := auth.GetAccount(ctx, db, id)
		if err != nil || a.OfficerCert != testworld.CertC {
			t.Fatalf("stored account %+v %v", a, err)
		}
		if p := a.Principal(); p.CertNo != testworld.CertC || p.Username != "new_head" || p.Who() != testworld.CertC {
			t.Errorf("Principal() = %+v", p)
		}
		// Roles that do not act on cases need no certificate.
		for _, role := range []auth.Role{auth.RoleAgencyAdmin, auth.RoleSupervisor} {
			if _, err := auth.CreateAccount(ctx, db.W, base("plain_"+string(role), role, "")); err != nil {
				t.Errorf("%s without a certificate: %v", role, err)
			}
		}
	})
}

// An administrator's reset sets a temporary password the next login must
// replace; every change is checked against the policy, marks the change
// time (which ends older sessions) and clears the mark.
func TestSetAndVerifyPassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		id := createAccount(t, db, auth.NewAccount{Username: "ma", Region: "370100"})
		before, _ := auth.GetAccount(pinned, db, id)
		if before.MustChangePassword || before.PasswordChangedAt == 0 {
			t.Fatalf("new account %+v", before)
		}
		const temp, mine = "Temp#2026reset", "Mine@2026well"
		a, err := auth.SetPassword(pinned, db.W, id, temp, true)
		if err != nil {
			t.Fatal(err)
		}
		if !a.MustChangePassword || !a.Principal().MustChangePassword || a.PasswordChangedAt <= before.PasswordChangedAt {
			t.Errorf("after reset %+v", a)
		}
		if _, err := auth.Authenticate(pinned, db, "ma", goodPassword, t0); err == nil {
			t.Error("the old password still works")
		}
		if a, err := auth.Authenticate(pinned, db, "ma", temp, t0); err != nil || !a.MustChangePassword {
			t.Errorf("temporary password: %+v, %v", a, err)
		}
		for _, c := range []struct{ pw, field string }{
			{"short", "new_password"},
			{"ma2026Xyzw!", ""},             // "ma" is too short a username to be looked for
			{"ma2026Xyzw!", "new_password"}, // the same again
		} {
			_, err := auth.SetPassword(pinned, db.W, id, c.pw, false)
			if c.field == "" {
				if err != nil {
					t.Errorf("SetPassword(%q): %v", c.pw, err)
				}
				continue
			}
			if e := apperr.As(err); e.Code != apperr.Invalid || e.Fields[c.field] == "" {
				t.Errorf("SetPassword(%q): %v, want invalid %s", c.pw, err, c.field)
			}
		}
		a, err = auth.SetPassword(pinned, db.W, id, mine, false)
		if err != nil || a.MustChangePassword {
			t.Fatalf("own change: %+v, %v", a, err)
		}
		if err := auth.VerifyPassword(pinned, db, id, mine, t0); err != nil {
			t.Errorf("VerifyPassword(right): %v", err)
		}
		if e := apperr.As(auth.VerifyPassword(pinned, db, id, "Wrong12345", t0)); e.Fields["current_password"] == "" {
			t.Errorf("VerifyPassword(wrong): %+v", e)
		}
		// Guessing the current password through the change form is
		// throttled like the login.
		for i := 0; i < auth.AccountPolicy.Free; i++ {
			auth.VerifyPassword(pinned, db, id, "Wrong12345", t0)
		}
		var th *auth.Throttled
		if err := auth.VerifyPassword(pinned, db, id, mine, t0); !errors.As(err, &th) {
			t.Errorf("after %d wrong guesses: %v, want throttled", auth.AccountPolicy.Free+1, err)
		}
		if _, err := auth.SetPassword(pinned, db.W, id+99, mine, false); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown account: %v", err)
		}
	})
}
