package bench

import (
	"context"
	"fmt"
	"net/http"

	"zfjd/internal/auth"

	"zfjd/internal/store"
)

// runOnly measures the one part o.Only names, on a running server.
func runOnly(ctx context.Context, db *store.DB, o Options, res *Result) error {
	srv, err := startServer(ctx, db)
	if err != nil {
		return err
	}
	defer srv.close()
	switch o.Only {
	case "portal":
		return portalBench(ctx, db, srv, o, res)
	case "due":
		return duePass(ctx, db, srv, o, res)
	case "judge":
		ids, err := sampleIDs(ctx, db, o.Samples)
		if err != nil {
			return err
		}
		// Once unmeasured, so the first samples do not pay for filling the caches.
		if _, err := srv.svc.Refresh(ctx, ids[0]); err != nil {
			return err
		}
		return rejudgeOne(ctx, srv, ids, res)
	case "warnings":
		return warningsBench(ctx, db, srv, o, res)
	case "stats":
		return statsBench(ctx, db, srv, o, res)
	}
	return fmt.Errorf("bench: --only 应为 portal、due、judge、warnings 或 stats")
}

// warningsBench measures the first page of GET /api/v1/warnings for a
// province, a city and a county supervisor, and the page after it.
func warningsBench(ctx context.Context, db *store.DB, srv *server, o Options, res *Result) error {
	o.say("预警列表（%d 个客户端，各 %s）……", readClients, o.Duration)
	for _, sc := range scopes {
		tok, err := token(ctx, db, auth.RoleSupervisor, sc.region)
		if err != nil {
			return err
		}
		srv.measure(res, o, "GET /api/v1/warnings 第一页 · "+sc.label+"监督机构", "p99 < 50 ms", func(c *http.Client) error {
			return get(c, srv.base+"/api/v1/warnings?page_size=20", tok)
		})
		srv.measure(res, o, "GET /api/v1/warnings 第 50 页（page）· "+sc.label+"监督机构", "p99 < 50 ms", func(c *http.Client) error {
			return get(c, srv.base+"/api/v1/warnings?page_size=20&page=50", tok)
		})
	}
	return nil
}
