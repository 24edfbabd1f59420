package upward_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/upward"
)

// receiver is the province's (or the credit platform's) system as a test
// server: it stores each record once per Idempotency-Key and answers with
// a receipt, fails the first few requests with 503, and rejects records
// of one party with 422.
type receiver struct {
	mu       sync.Mutex
	fail     int // answer 503 to this many requests first
	reject   string
	got      map[string]upward.Envelope
	order    []string
	requests int
}

func (rv *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rv.mu.Lock()
	defer rv.mu.Unlock()
	rv.requests++
	if rv.fail > 0 {
		rv.fail--
		http.Error(w, "维护中", http.StatusServiceUnavailable)
		return
	}
	b, _ := io.ReadAll(r.Body)
	var env upward.Envelope
	if err := json.Unmarshal(b, &env); err != nil || r.Header.Get("Idempotency-Key") != env.ID {
		http.Error(w, "bad envelope", http.StatusBadRequest)
		return
	}
	if rv.reject != "" && strings.Contains(string(b), rv.reject) {
		http.Error(w, `{"error":"行政相对人代码_1 校验不通过"}`, http.StatusUnprocessableEntity)
		return
	}
	if _, dup := rv.got[env.ID]; !dup {
		rv.got[env.ID] = env
		rv.order = append(rv.order, env.ID)
	}
	fmt.Fprintf(w, `{"receipt":"R-%s"}`, env.ID)
}

// decided is a case pushed decided with a fine, as a vertical system does.
func decided(id, party, uscc string) *cases.Case {
	c := testworld.NewCase()
	c.SourceSystem, c.SourceID = "sc-market", id
	c.Party.Name, c.Party.IDNumber = party, uscc
	two := []string{testworld.CertA, testworld.CertB}
	yes := true
	c.Events = []cases.Event{
		{Type: "filed", At: "2026-05-25", Officers: two},
		{Type: "notified", At: "2026-05-27", Officers: two, HearingRight: &yes},
		{Type: "decided", At: "2026-06-10", Outcome: "penalty", Tier: "ordinary", DocNo: "历市监罚〔2026〕" + id + "号",
			Penalties: []cases.Penalty{{Kind: "fine", AmountFen: 9900000}, {Kind: "warning"}}},
	}
	return c
}

// Record changes reach a full-copy target and the 双公示 target with
// receipts, across a receiver outage (retried with backoff, in order, each
// once at the receiver however often it was sent), and a rejected one is
// recorded with its reason and counted in the day's reconciliation.
func TestPushReachesTargetsWithReceipts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		now := clock.Pinned(testworld.Today).Now()
		clk := &stepClock{t: now}
		ctx := clock.With(w.Ctx, clk)
		full := &receiver{fail: 2, got: map[string]upward.Envelope{}}
		credit := &receiver{reject: "914403001922038216", got: map[string]upward.Envelope{}}
		fs, cs := httptest.NewServer(full), httptest.NewServer(credit)
		defer fs.Close()
		defer cs.Close()
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "province", URL: fs.URL, Mapping: "records"}, true); err != nil {
			t.Fatal(err)
		}
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "credit", URL: cs.URL, Mapping: "credit_penalty", Token: "t0k"}, true); err != nil {
			t.Fatal(err)
		}
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "Bad Name", URL: "ftp://x", Mapping: "nope"}, true); err == nil {
			t.Fatal("a target with a bad name, address and mapping was accepted")
		}
		w.Register(t, "2026-06-01") // a registration: no decision, not for 双公示
		for i, party := range []string{"91370102MA3C5R2K0M", "914403001922038216"} {
			if _, _, err := w.Cases.Put(ctx, testworld.Robot, decided(fmt.Sprint("D-", i), "济南某某公司"+fmt.Sprint(i), party)); err != nil {
				t.Fatalf("put: %v %v", err, apperr.As(err).Fields)
			}
		}
		p := &upward.Pusher{DB: db, Client: &http.Client{Timeout: 5 * time.Second}, Origin: "zfjd.test/log"}
		// Pass 1: the province answers 503; its first change waits for
		// its retry, and nothing after it is sent. The credit platform
		// takes one and rejects the other.
		res, err := p.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r := res["province"]; r.Acked != 0 || r.Retrying != 1 {
			t.Fatalf("province pass 1: %+v, want one retrying", r)
		}
		if r := res["credit"]; r.Acked != 1 || r.Rejected != 1 {
			t.Fatalf("credit pass 1: %+v, want one acked and one rejected", r)
		}
		if res, _ = p.Run(ctx); res["province"].Retrying != 0 || res["province"].Acked != 0 {
			t.Fatalf("province sent before its backoff: %+v", res["province"])
		}
		clk.add(upward.Backoff(1)) // second attempt: 503 again
		p.Run(ctx)
		clk.add(upward.Backoff(2))
		if res, err = p.Run(ctx); err != nil || res["province"].Acked != 3 {
			t.Fatalf("province after the outage: %+v %v, want all 3 changes", res["province"], err)
		}
		if len(full.order) != 3 || full.requests != 5 {
			t.Fatalf("province stored %d records in %d requests, want 3 in 5", len(full.order), full.requests)
		}
		for i := 1; i < len(full.order); i++ {
			if full.got[full.order[i-1]].Seq >= full.got[full.order[i]].Seq {
				t.Fatalf("province received out of log order: %v", full.order)
			}
		}
		// 双公示 fields of the accepted decision.
		var rec map[string]string
		for _, e := range credit.got {
			b, _ := json.Marshal(e.Record)
			json.Unmarshal(b, &rec)
		}
		for k, want := range map[string]string{"行政相对人名称": "济南某某公司0", "行政相对人代码_1（统一社会信用代码）": "91370102MA3C5R2K0M",
			"行政处罚决定书文号": "历市监罚〔2026〕D-0号", "罚款金额（万元）": "9.9", "处罚类别": "罚款；警告", "处罚决定日期": "2026-06-10",
			"处罚机关": "济南市历下区市场监督管理局", "处罚依据": "《中华人民共和国食品安全法》第一百二十四条", "公示状态": "公示"} {
			if rec[k] != want {
				t.Errorf("双公示 %s = %q, want %q", k, rec[k], want)
			}
		}
		// A replay (as after a crash between sending and recording the
		// receipt) is stored once by the receiver.
		if _, err := db.W.Exec(`UPDATE upward_deliveries SET status = 'pending' WHERE target = 'province'`); err != nil {
			t.Fatal(err)
		}
		if res, _ = p.Run(ctx); res["province"].Acked != 3 || len(full.order) != 3 {
			t.Fatalf("replay: %+v, receiver holds %d", res["province"], len(full.order))
		}
		// Nothing new: nothing sent.
		before := full.requests + credit.requests
		p.Run(ctx)
		if full.requests+credit.requests != before {
			t.Fatal("a pass with nothing new sent requests")
		}
		days, err := upward.Daily(ctx, db.R, law.MustParseDate(testworld.Today), law.MustParseDate(testworld.Today))
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]upward.Day{
			"credit":   {Target: "credit", Day: testworld.Today, Queued: 2, Acked: 1, Rejected: 1},
			"province": {Target: "province", Day: testworld.Today, Queued: 3, Acked: 3},
		}
		if len(days) != 2 || days[0] != want[days[0].Target] || days[1] != want[days[1].Target] {
			t.Fatalf("reconciliation %+v, want %+v", days, want)
		}
		rj, err := upward.Rejected(ctx, db.R, "credit", 10)
		if err != nil || len(rj) != 1 || rj[0].Ref != "sc-market/D-1" || !strings.Contains(rj[0].Reason, "422") {
			t.Fatalf("rejections %+v, %v", rj, err)
		}
	})
}

type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *stepClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d + time.Second)
	c.mu.Unlock()
}
