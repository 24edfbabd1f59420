package registry_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

const b64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func TestVerifier(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		agency := uscc(t, "370102", 1)
		putAgency(t, db, admin, newAgency(agency, "历下区市场监督管理局", "370102"))
		o := newOfficer("QR-0001", "张三", agency)
		o.IDNumber, o.Domain = idCard("123"), "市场监管"
		putOfficer(t, db, admin, o)
		off, err := registry.GetOfficer(ctx, db, admin, "QR-0001")
		if err != nil {
			t.Fatal(err)
		}

		v, err := registry.LoadVerifier(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		tok := v.Token(off.VerifyID)
		if strings.Contains(tok, off.VerifyID) || strings.Contains(tok, "QR-0001") {
			t.Errorf("token %q shows the verify id or certificate number in clear", tok)
		}
		got, err := v.Verify(ctx, db, tok)
		if err != nil {
			t.Fatal(err)
		}
		want := registry.Verification{Valid: true, State: "valid", StateLabel: "有效", Name: "张三", CertNo: "QR-0001",
			AgencyName: "历下区市场监督管理局", Domain: "市场监管", ValidFrom: "2020-01-01", ValidTo: "2099-12-31"}
		if *got != want {
			t.Errorf("Verify = %+v\nwant     %+v", *got, want)
		}

		// Every single-character change, truncation or garbage is rejected
		// quietly: Valid false, nothing about any officer, no error.
		bad := []string{"", "x", "!!!!", tok[:len(tok)-1], tok[:len(tok)/2], tok + "A", tok + tok, " " + tok, tok + "=",
			strings.ToUpper(tok), base64.RawURLEncoding.EncodeToString([]byte("not a token at all, just text!!"))}
		for i := range len(tok) {
			for _, c := range []byte(b64url) {
				if c != tok[i] {
					bad = append(bad, tok[:i]+string(c)+tok[i+1:])
				}
			}
		}
		for _, b := range bad {
			if b == tok {
				continue
			}
			got, err := v.Verify(ctx, db, b)
			if err != nil || got == nil || *got != (registry.Verification{}) {
				t.Errorf("Verify(%q) = %+v, %v; want an empty result and no error", b, got, err)
			}
		}
		// A genuine signature over an id no officer has.
		if got, err := v.Verify(ctx, db, v.Token("00112233445566778899aabbccddeeff")); err != nil || got.Valid {
			t.Errorf("unknown verify id: %+v, %v", got, err)
		}

		// The key persists: a second load (another instance) makes the same tokens.
		v2, err := registry.LoadVerifier(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Token(off.VerifyID) != tok {
			t.Error("LoadVerifier made a new key instead of reading the stored one")
		}
		if n := count(t, db, `SELECT COUNT(*) FROM settings WHERE key = 'verify_key'`); n != 1 {
			t.Errorf("%d stored keys", n)
		}
		// Another database has another key: its tokens are forgeries here.
		other := testdb.Open(t, db.Dialect)
		v3, err := registry.LoadVerifier(ctx, other)
		if err != nil {
			t.Fatal(err)
		}
		if forged := v3.Token(off.VerifyID); forged == tok {
			t.Error("two databases share a key")
		} else if got, _ := v.Verify(ctx, db, forged); got.Valid {
			t.Error("a token signed with another key is accepted")
		}

		// Status changes show at once.
		for _, st := range []struct{ status, label string }{{"suspended", "已暂扣"}, {"revoked", "已吊销"}} {
			if err := registry.SetCertStatus(ctx, db, admin, "QR-0001", st.status, "违法执法"); err != nil {
				t.Fatal(err)
			}
			got, err := v2.Verify(ctx, db, tok)
			if err != nil || !got.Valid || got.State != st.status || got.StateLabel != st.label || got.Name != "张三" {
				t.Errorf("after %s: %+v, %v", st.status, got, err)
			}
		}
		// Expiry is read from the dates on every scan.
		exp := newOfficer("QR-0001", "张三", agency)
		exp.CertValidFrom, exp.CertValidTo, exp.CertStatus = "2010-01-01", "2015-12-31", "valid"
		putOfficer(t, db, admin, exp)
		if got, _ := v.Verify(ctx, db, tok); got.State != "expired" || got.StateLabel != "已过期" {
			t.Errorf("expired certificate: %+v", got)
		}
	})
}
