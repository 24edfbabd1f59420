package upward_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/upward"
)

// A change the stream can never take (larger than its max_msg_size) is
// recorded as rejected with the reason, not retried forever, and does not
// hold back the target's later changes.
func TestNATSPermanentReject(t *testing.T) {
	nc, err := nats.Connect(natsURL, nats.Timeout(5*time.Second))
	if err != nil {
		t.Fatalf("this test needs NATS with JetStream on %s: %v", natsURL, err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		clk := &stepClock{t: clock.Pinned(testworld.Today).Now()}
		ctx := clock.With(w.Ctx, clk)
		name := fmt.Sprintf("ZFJD_TINY_%d", time.Now().UnixNano())
		subject := "zfjd.test." + strings.ToLower(name)
		st, err := js.CreateStream(context.Background(), jetstream.StreamConfig{Name: name, Subjects: []string{subject},
			Storage: jetstream.MemoryStorage, MaxMsgSize: 64})
		if err != nil {
			t.Fatalf("create stream: %v", err)
		}
		defer js.DeleteStream(context.Background(), name)
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "tiny", URL: natsURL + "/" + subject, Mapping: "records"}, false); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"T-1", "T-2"} {
			if _, _, err := w.Cases.Put(ctx, testworld.Robot, decided(id, "济南某某公司", "91370102MA3C5R2K0M")); err != nil {
				t.Fatal(err)
			}
		}
		p := &upward.Pusher{DB: db, Client: &http.Client{Timeout: 5 * time.Second}, Origin: "zfjd.test/log"}
		res, err := p.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r := res["tiny"]; r.Rejected != 2 || r.Retrying != 0 || r.Acked != 0 {
			t.Fatalf("pass over a stream of 64-byte messages: %+v, want both rejected", r)
		}
		rj, err := upward.Rejected(ctx, db.R, "tiny", 10)
		if err != nil || len(rj) != 2 {
			t.Fatalf("rejections %+v %v", rj, err)
		}
		for _, r := range rj {
			if !strings.Contains(r.Reason, "最大消息长度（max_msg_size）") || r.Kind != "case" {
				t.Errorf("rejection %+v, want the stream's size limit as its reason", r)
			}
		}
		if info, err := st.Info(context.Background()); err != nil || info.State.Msgs != 0 {
			t.Fatalf("stream: %+v %v, want no message", info, err)
		}
		clk.add(time.Hour)
		if res, _ = p.Run(ctx); res["tiny"] != (upward.Result{}) {
			t.Fatalf("a rejected change was sent again: %+v", res["tiny"])
		}
	})
}

// Which JetStream answers are permanent: the size limits and a sequence
// expectation; no stream, no server, a timeout are retried.
func TestNATSPermanentErrors(t *testing.T) {
	for _, c := range []struct {
		name      string
		err       error
		permanent bool
	}{
		{"server max_payload (client side)", nats.ErrMaxPayload, true},
		{"stream max_msg_size", fmt.Errorf("nats: %w", &jetstream.APIError{Code: 400, ErrorCode: 10054, Description: "message size exceeds maximum allowed"}), true},
		{"header too large", fmt.Errorf("nats: %w", &jetstream.APIError{Code: 400, ErrorCode: 10097}), true},
		{"wrong last sequence", fmt.Errorf("nats: %w", &jetstream.APIError{Code: 400, ErrorCode: 10071}), true},
		{"no stream takes the subject", jetstream.ErrNoStreamResponse, false},
		{"server storage failure", fmt.Errorf("nats: %w", &jetstream.APIError{Code: 503, ErrorCode: 10077}), false},
		{"timeout", context.DeadlineExceeded, false},
		{"connection closed", nats.ErrConnectionClosed, false},
		{"other", errors.New("nats: something"), false},
	} {
		if got := upward.Permanent(c.err) != ""; got != c.permanent {
			t.Errorf("%s: permanent %v, want %v", c.name, got, c.permanent)
		}
	}
}
