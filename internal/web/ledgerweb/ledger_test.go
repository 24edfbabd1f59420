package ledgerweb_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"zfjd/internal/ledger"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// TestRecordLogOverHTTP: anyone reads the checkpoint and the key and they
// verify; a signed-in officer downloads the case's 存证包 and it checks
// offline against that key; a social supervisor, who may not read case
// files, gets no bundle.
func TestRecordLogOverHTTP(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		c := w.Case(t, "decided", nil)
		get := func(path string) string {
			t.Helper()
			resp, err := http.Get(w.Env.TS.URL + path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
			}
			return string(b)
		}
		key := strings.TrimSpace(get("/api/v1/log/key"))
		b := w.Login(t, "officer")
		p := b.Get("/cases/" + strconv.FormatInt(c.ID, 10) + "/records.json")
		if p.Status != http.StatusOK {
			t.Fatalf("bundle: %d", p.Status)
		}
		bundle, err := ledger.CheckBundle([]byte(p.Body), key)
		if err != nil {
			t.Fatalf("bundle does not check against the published key: %v", err)
		}
		if len(bundle.Records) < 2 {
			t.Fatalf("bundle has %d records; the case had several writes", len(bundle.Records))
		}
		cp := get("/api/v1/log/checkpoint")
		if !strings.Contains(cp, "\n\n— ") {
			t.Fatalf("checkpoint is not a signed note:\n%s", cp)
		}
		s := w.Login(t, "social")
		if p := s.Get("/cases/" + strconv.FormatInt(c.ID, 10) + "/records.json"); p.Status == http.StatusOK {
			t.Fatalf("social supervisor got the case's bundle")
		}
	})
}
