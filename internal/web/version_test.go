package web_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// The version endpoint names the schema the database has against the one
// the binary carries: current after migration, pending when a migration of
// this binary has not run.
func TestAPIVersion(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		var v struct {
			Version       string `json:"version"`
			Engine        string `json:"engine"`
			SchemaVersion int64  `json:"schema_version"`
			SchemaHead    int64  `json:"schema_head"`
			Schema        string `json:"schema"`
		}
		get := func() {
			t.Helper()
			r := e.Call(http.MethodGet, "/api/v1/version", "", nil, http.StatusOK)
			if err := json.Unmarshal(r.Body, &v); err != nil {
				t.Fatal(err)
			}
		}
		get()
		if v.Version == "" || v.Engine != string(db.Dialect) || v.Schema != "current" || v.SchemaVersion != store.HeadVersion() {
			t.Fatalf("version = %+v, want the current schema %d", v, store.HeadVersion())
		}
		if _, err := db.W.Exec(`DELETE FROM goose_db_version WHERE version_id = $1`, v.SchemaHead); err != nil {
			t.Fatal(err)
		}
		get()
		if v.Schema != "pending" || v.SchemaVersion >= v.SchemaHead {
			t.Fatalf("after removing the last migration: %+v, want pending", v)
		}
		// A bad token is refused on every API path; without the database
		// the answer is the API's JSON 500.
		e.Call(http.MethodGet, "/api/v1/version", "bad-token", nil, http.StatusUnauthorized)
		db.Close()
		if er := e.Call(http.MethodGet, "/api/v1/version", "", nil, http.StatusInternalServerError).APIErr(t); er.Code != "internal" {
			t.Errorf("without the database: %+v", er)
		}
	})
}
