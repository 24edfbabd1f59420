package upward_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/upward"
)

// A target's address is shown without the credentials it may carry.
func TestShownURL(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"https://省平台.example/api/records", "https://省平台.example/api/records"},
		{"https://x.example/in?appkey=s3cret&batch=1", "https://x.example/in?appkey=***&batch=1"},
		{"https://x.example/in?access_token=abc", "https://x.example/in?access_token=***"},
		{"https://user:pw@x.example/in", "https://user:***@x.example/in"},
		{"nats://user:pw@127.0.0.1:4222/zfjd.records", "nats://user:***@127.0.0.1:4222/zfjd.records"},
		{"nats://s3cret@127.0.0.1:4222/zfjd.records", "nats://***@127.0.0.1:4222/zfjd.records"},
		{"nats://127.0.0.1:4222/zfjd.records", "nats://127.0.0.1:4222/zfjd.records"},
	} {
		tg := &upward.Target{URL: c.url}
		if got := tg.ShownURL(); got != c.want {
			t.Errorf("%s shown as %s, want %s", c.url, got, c.want)
		}
	}
}

// Backlogs tell a target's queue depth and why its first change waits;
// a paused target's backlog is the log it has not looked at. Rejections
// page newest first, of one target or of all.
func TestBacklogsAndRejectedPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		clk := &stepClock{t: clock.Pinned(testworld.Today).Now()}
		ctx := clock.With(w.Ctx, clk)
		down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "维护中", http.StatusServiceUnavailable)
		}))
		defer down.Close()
		refuse := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "字段校验不通过", http.StatusUnprocessableEntity)
		}))
		defer refuse.Close()
		for _, tg := range []*upward.Target{{Name: "down", URL: down.URL, Mapping: "records"}, {Name: "paused", URL: down.URL, Mapping: "records"},
			{Name: "refuse", URL: refuse.URL, Mapping: "records"}} {
			if err := upward.AddTarget(ctx, db, tg, false); err != nil {
				t.Fatal(err)
			}
		}
		if err := upward.SetEnabled(ctx, db, "paused", false); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"B-1", "B-2", "B-3"} {
			if _, _, err := w.Cases.Put(ctx, testworld.Robot, decided(id, "济南某某公司", "91370102MA3C5R2K0M")); err != nil {
				t.Fatal(err)
			}
			clk.add(time.Minute)
		}
		p := &upward.Pusher{DB: db, Client: &http.Client{Timeout: 5 * time.Second}, Origin: "zfjd.test/log"}
		if _, err := p.Run(ctx); err != nil {
			t.Fatal(err)
		}
		bs, err := upward.Backlogs(ctx, db.R)
		if err != nil || len(bs) != 3 {
			t.Fatalf("backlogs %+v %v", bs, err)
		}
		d, ps, rf := bs[0], bs[1], bs[2]
		if d.Name != "down" || d.Pending != 3 || d.Retrying != 1 || d.Unqueued != 0 || !strings.Contains(d.HeadReason, "503") ||
			!d.NextAt.Equal(clk.Now().Add(upward.Backoff(1)).Truncate(time.Millisecond)) || !d.LastAck.IsZero() {
			t.Errorf("down: %+v", d)
		}
		if ps.Name != "paused" || ps.Enabled || ps.Pending != 0 || ps.Unqueued != 3 {
			t.Errorf("paused: %+v", ps)
		}
		if rf.Name != "refuse" || rf.Pending != 0 || rf.Unqueued != 0 {
			t.Errorf("refuse: %+v", rf)
		}
		page, total, err := upward.RejectedPage(ctx, db.R, "", 0, 2)
		if err != nil || total != 3 || len(page) != 2 || page[0].Target != "refuse" || page[0].Seq < page[1].Seq {
			t.Fatalf("first page of all rejections: %+v total %d %v", page, total, err)
		}
		page, total, err = upward.RejectedPage(ctx, db.R, "refuse", 2, 2)
		if err != nil || total != 3 || len(page) != 1 || !strings.Contains(page[0].Reason, "HTTP 422") {
			t.Fatalf("second page of refuse: %+v total %d %v", page, total, err)
		}
		if _, total, _ = upward.RejectedPage(ctx, db.R, "down", 0, 10); total != 0 {
			t.Fatalf("down has %d rejections", total)
		}
	})
}
