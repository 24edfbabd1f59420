package registryweb_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web/webtest"
)

// TestAPIConcurrentPutsAreIdempotent: integration systems push in
// parallel; the same new object sent at once by several workers is created
// once (one 201, the others 200), never a 5xx.
func TestAPIConcurrentPutsAreIdempotent(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		e := webtest.Start(t, db)
		tok := e.Token(auth.RoleIntegration, "370102", "")
		ag := webtest.USCC(t, "370102", 1)
		const n = 8
		run := func(path string, body any) {
			t.Helper()
			var wg sync.WaitGroup
			statuses := make(chan int, n)
			for range n {
				wg.Go(func() {
					r := e.CallT(t, http.MethodPut, path, tok, body, 0)
					statuses <- r.Status
				})
			}
			wg.Wait()
			close(statuses)
			count := map[int]int{}
			for s := range statuses {
				count[s]++
			}
			if count[http.StatusCreated] != 1 || count[http.StatusOK] != n-1 {
				t.Errorf("%d parallel PUT %s: statuses %v, want one 201 and %d × 200", n, path, count, n-1)
			}
		}
		run("/api/v1/agencies/"+ag, webtest.AgencyBody("历下区市场监管局", "370102"))
		const rounds = 3
		for i := range rounds {
			run(fmt.Sprintf("/api/v1/agencies/%s", webtest.USCC(t, "370102", 100+i)), webtest.AgencyBody(fmt.Sprintf("机关%d", i), "370102"))
			run(fmt.Sprintf("/api/v1/officers/LX-%04d", i), webtest.OfficerBody("王一", ag))
			run(fmt.Sprintf("/api/v1/matters/M-%03d", i), map[string]any{"name": "食品安全处罚", "kind": "penalty", "agency_codes": []string{ag}})
		}
		c := webtest.Counts(t, db)
		if c["agencies"] != 1+rounds || c["officers"] != rounds || c["matters"] != rounds || c["audit_log"] != 1+3*rounds {
			t.Errorf("counts %v, want each object once and one audit row each", c)
		}
	})
}
