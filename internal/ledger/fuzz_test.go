package ledger_test

import (
	"encoding/json"
	"testing"

	"zfjd/internal/ledger"
)

// FuzzNewVerifier: a verifier key from outside (verify-record --key,
// --witness) never panics, and what parses names itself consistently.
func FuzzNewVerifier(f *testing.F) {
	ed, _ := ledger.EphemeralKeys("zfjd.local/log")
	_, sm, _ := ledger.GenerateSM2Key("notary.jinan")
	for _, s := range []string{ed.VKey, sm, "a+00000000+AQ==", "x+zz+", "+++", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ledger.NewVerifier(s)
		if err == nil && v.Name() == "" {
			t.Fatalf("%q parsed with an empty name", s)
		}
		if err == nil {
			_ = v.Verify([]byte("msg\n"), []byte("not a signature"))
		}
	})
}

// FuzzCheckBundle: a 存证包 from outside never panics the offline check,
// and a changed untouched-looking bundle is never accepted without a valid
// checkpoint signature.
func FuzzCheckBundle(f *testing.F) {
	k, _ := ledger.EphemeralKeys("zfjd.local/log")
	seed, _ := json.Marshal(ledger.Bundle{Kind: "case", Ref: "zfjd/1", Checkpoint: "zfjd.local/log\n1\nAAAA\n\n— zfjd.local/log AAAA\n", Key: k.VKey,
		Records: []ledger.BundleRecord{{Index: 0, Data: `{"seq":0,"kind":"case","ref":"zfjd/1","at":"","sha256":""}`, Content: "{}", Proof: [][]byte{{1, 2}}}}})
	f.Add(seed, k.VKey)
	f.Add([]byte(`{"records":[{"index":-1,"proof":["AAAA"]}]}`), "")
	f.Add([]byte(`null`), "")
	f.Fuzz(func(t *testing.T, raw []byte, vkey string) {
		if b, err := ledger.CheckBundle(raw, vkey); err == nil && len(b.Records) == 0 {
			t.Fatal("an empty bundle was accepted")
		}
	})
}
