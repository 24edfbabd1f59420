package registry_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// ctx pins the clock: the tests pass whatever today's date is.
var ctx = clock.With(context.Background(), clock.Pinned("2025-06-16"))

var admin = &auth.Principal{ID: 1, Name: "系统管理员", Role: auth.RoleAdmin}

// uscc returns a valid unified social credit code registered in region;
// n tells codes of one region apart.
func uscc(t testing.TB, region string, n int) string {
	t.Helper()
	c, err := ident.MakeUSCC('1', '1', region, fmt.Sprintf("%08d", n))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// badCheck returns code with a wrong final check character.
func badCheck(code string) string {
	last := code[17]
	for _, c := range []byte("0123456789") {
		if c != last {
			return code[:17] + string(c)
		}
	}
	panic("unreachable")
}

func idCard(seq string) string {
	return ident.MakeIDCard("370102", time.Date(1985, 3, 14, 0, 0, 0, 0, time.UTC), seq)
}

func newAgency(code, name, region string) *registry.Agency {
	return &registry.Agency{Code: code, Name: name, Kind: "enforcement", RegionCode: region}
}

func putAgency(t testing.TB, db *store.DB, p *auth.Principal, a *registry.Agency) {
	t.Helper()
	if _, err := registry.PutAgency(ctx, db, p, a); err != nil {
		t.Fatalf("PutAgency(%s %s): %v", a.Code, a.Name, err)
	}
}

// newOfficer returns an officer whose certificate is valid from 2020 to 2099.
func newOfficer(certNo, name, agency string) *registry.Officer {
	return &registry.Officer{CertNo: certNo, Name: name, AgencyCode: agency, CertValidFrom: "2020-01-01", CertValidTo: "2099-12-31"}
}

func putOfficer(t testing.TB, db *store.DB, p *auth.Principal, o *registry.Officer) {
	t.Helper()
	if _, err := registry.PutOfficer(ctx, db, p, o); err != nil {
		t.Fatalf("PutOfficer(%s): %v", o.CertNo, err)
	}
}

func putMatter(t testing.TB, db *store.DB, p *auth.Principal, m *registry.Matter) {
	t.Helper()
	if _, err := registry.PutMatter(ctx, db, p, m); err != nil {
		t.Fatalf("PutMatter(%s): %v", m.Code, err)
	}
}

func count(t testing.TB, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.W.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func auditCount(t testing.TB, db *store.DB) int {
	t.Helper()
	return count(t, db, `SELECT COUNT(*) FROM audit_log`)
}

type auditRow struct {
	Actor, Role, Action, Entity, Key, Region, Before, After string
}

func lastAudit(t testing.TB, db *store.DB) auditRow {
	t.Helper()
	var r auditRow
	err := db.W.QueryRowContext(ctx, `SELECT actor, actor_role, action, entity, entity_key, region_code, before_json, after_json
		FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&r.Actor, &r.Role, &r.Action, &r.Entity, &r.Key, &r.Region, &r.Before, &r.After)
	if err != nil {
		t.Fatalf("last audit row: %v", err)
	}
	return r
}

// snapshot dumps every table a registry call may write, so a test can
// assert that a refused call changed nothing at all.
func snapshot(t testing.TB, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT * FROM agencies ORDER BY code`,
		`SELECT * FROM officers ORDER BY cert_no`,
		`SELECT * FROM officer_years ORDER BY officer_id, year`,
		`SELECT * FROM matters ORDER BY code`,
		`SELECT * FROM matter_agencies ORDER BY matter_id, agency_code`,
		`SELECT * FROM audit_log ORDER BY id`,
		`SELECT * FROM settings ORDER BY key`,
	} {
		b.WriteString(q + "\n")
		rows, err := db.W.QueryContext(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%s=%v|", cols[i], v)
			}
			b.WriteString("\n")
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// unchanged fails the test if the database differs from before.
func unchanged(t testing.TB, db *store.DB, before, what string) {
	t.Helper()
	if after := snapshot(t, db); after != before {
		t.Errorf("%s changed the database:\n--- before\n%s--- after\n%s", what, before, after)
	}
}

// wantInvalid asserts an Invalid error naming at least the given fields.
func wantInvalid(t testing.TB, err error, fields ...string) {
	t.Helper()
	if !apperr.Is(err, apperr.Invalid) {
		t.Errorf("error = %v, want invalid %v", err, fields)
		return
	}
	e := apperr.As(err)
	for _, f := range fields {
		if e.Fields[f] == "" {
			t.Errorf("invalid error without field %q: %v", f, e.Fields)
		}
	}
}

func wantCode(t testing.TB, err error, code string) {
	t.Helper()
	if !apperr.Is(err, code) {
		t.Errorf("error = %v, want %s", err, code)
	}
}

func agencyCodes(list []*registry.Agency) []string {
	out := []string{}
	for _, a := range list {
		out = append(out, a.Code)
	}
	return out
}

func certNos(list []*registry.Officer) []string {
	out := []string{}
	for _, o := range list {
		out = append(out, o.CertNo)
	}
	return out
}

func matterCodes(list []*registry.Matter) []string {
	out := []string{}
	for _, m := range list {
		out = append(out, m.Code)
	}
	return out
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	if s == nil {
		s = []string{}
	}
	return s
}
