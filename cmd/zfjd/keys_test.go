package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"zfjd/internal/calendar"
	"zfjd/internal/complaint"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/complaintweb"
)

// TestKeysRotate: `zfjd keys` shows which key encrypts the complainants'
// contacts, rotates the database's own key (the contact still reads, the
// old key is gone), and with ZFJD_COMPLAINT_KEYS re-encrypts under the
// first key, after which the old one may be removed.
func TestKeysRotate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		keys, err := complaint.StoredKeys(w.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		svc := complaint.NewService(db, calendar.RulesCalendar, keys)
		ch, err := complaint.NewChallenge(w.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		no := false
		r, err := svc.File(w.Ctx, nil, &complaint.Filing{Challenge: ch.Challenge, Nonce: complaint.Solve(ch.Challenge, ch.Difficulty),
			Category: "no_certificate", RegionCode: testworld.Region, Description: "执法人员未出示执法证件。", Place: "历下区某某路12号",
			HappenedOn: "2026-06-12", Anonymous: &no, Contact: &complaint.Contact{Name: "王先生", Phone: "13800138000"}}, "203.0.113.9", nil)
		if err != nil {
			t.Fatal(err)
		}
		cmd := func(args ...string) string {
			t.Helper()
			var out bytes.Buffer
			if err := run(context.Background(), append(args, "--db", db.DSN), &out); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out.String())
			}
			return out.String()
		}
		t.Setenv(complaintweb.KeysEnv, "")
		if out := cmd("keys", "status"); !strings.Contains(out, "k0：1 条") {
			t.Errorf("status before: %s", out)
		}
		if out := cmd("keys", "rotate"); !strings.Contains(out, "已轮换为 k1，1 条") {
			t.Errorf("rotate: %s", out)
		}
		if out := cmd("keys", "status"); !strings.Contains(out, "加密用 k1") || !strings.Contains(out, "k1：1 条") || strings.Contains(out, "k0") {
			t.Errorf("status after: %s", out)
		}
		after, err := complaint.StoredKeys(w.Ctx, db)
		if err != nil || len(after.IDs()) != 1 {
			t.Fatalf("stored ring after rotation: %v %v", after, err)
		}
		ct, err := complaint.NewService(db, calendar.RulesCalendar, after).Contact(w.Ctx, testworld.As("supervisor"), r.ID)
		if err != nil || ct.Phone != "13800138000" {
			t.Fatalf("contact after rotation: %+v %v", ct, err)
		}

		// Configured keys: a new one first, then rotate; the old may go.
		fresh := strings.TrimSpace(strings.SplitN(cmd("keys", "new", "--id", "k9"), "\n", 2)[0])
		var stored string
		if err := db.R.QueryRow(`SELECT value FROM settings WHERE key = 'complaint_contact_key'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		t.Setenv(complaintweb.KeysEnv, fresh+","+stored)
		if out := cmd("keys", "status"); !strings.Contains(out, "尚有联系方式未用首个密钥加密") {
			t.Errorf("status with a new first key: %s", out)
		}
		if out := cmd("keys", "rotate"); !strings.Contains(out, "1 条联系方式已改用密钥 k9") {
			t.Errorf("rotate with configured keys: %s", out)
		}
		only, err := complaint.ParseKeys(fresh)
		if err != nil {
			t.Fatal(err)
		}
		if ct, err := complaint.NewService(db, calendar.RulesCalendar, only).Contact(w.Ctx, testworld.As("supervisor"), r.ID); err != nil || ct.Phone != "13800138000" {
			t.Fatalf("contact under the new key alone: %+v %v", ct, err)
		}
		t.Setenv(complaintweb.KeysEnv, fresh[:3]+strings.Repeat("0", 64))
		var out bytes.Buffer
		if err := run(context.Background(), []string{"keys", "status", "--db", db.DSN}, &out); err == nil || !strings.Contains(err.Error(), "k9（1 条）") {
			t.Errorf("status with the wrong key: %v %s", err, out.String())
		}
	})
}
