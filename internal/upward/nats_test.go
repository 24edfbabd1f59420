package upward_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/upward"
)

const natsURL = "nats://127.0.0.1:4222"

// A record change published to a JetStream target is stored in the stream
// and its PubAck (stream and sequence) recorded as the receipt; a subject
// no stream takes gets no ack and is retried with backoff.
func TestPushToNATSJetStream(t *testing.T) {
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
		name := fmt.Sprintf("ZFJD_TEST_%d", time.Now().UnixNano())
		subject := "zfjd.test." + strings.ToLower(name)
		st, err := js.CreateStream(context.Background(), jetstream.StreamConfig{Name: name, Subjects: []string{subject}, Storage: jetstream.MemoryStorage})
		if err != nil {
			t.Fatalf("create stream (JetStream enabled on %s?): %v", natsURL, err)
		}
		defer js.DeleteStream(context.Background(), name)
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "nats", URL: natsURL + "/" + subject, Mapping: "records"}, false); err != nil {
			t.Fatal(err)
		}
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "nostream", URL: natsURL + "/" + subject + ".none", Mapping: "records"}, false); err != nil {
			t.Fatal(err)
		}
		if err := upward.AddTarget(ctx, db, &upward.Target{Name: "badsubj", URL: natsURL + "/a.*", Mapping: "records"}, false); err == nil {
			t.Fatal("a NATS target with a wildcard subject was accepted")
		}
		if _, _, err := w.Cases.Put(ctx, testworld.Robot, decided("N-1", "济南某某公司", "91370102MA3C5R2K0M")); err != nil {
			t.Fatalf("put: %v %v", err, apperr.As(err).Fields)
		}
		p := &upward.Pusher{DB: db, Client: &http.Client{Timeout: 5 * time.Second}, Origin: "zfjd.test/log"}
		res, err := p.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r := res["nats"]; r.Acked != 1 || r.Retrying != 0 {
			t.Fatalf("nats pass: %+v, want one acked", r)
		}
		if r := res["nostream"]; r.Acked != 0 || r.Retrying != 1 {
			t.Fatalf("no-stream pass: %+v, want one retrying", r)
		}
		msg, err := st.GetMsg(context.Background(), 1)
		if err != nil {
			t.Fatalf("read back from the stream: %v", err)
		}
		var env upward.Envelope
		if err := json.Unmarshal(msg.Data, &env); err != nil {
			t.Fatal(err)
		}
		if msg.Subject != subject || env.Ref != "sc-market/N-1" || msg.Header.Get("Nats-Msg-Id") != env.ID || env.ID != fmt.Sprint("zfjd.test/log#", env.Seq) {
			t.Fatalf("stream holds %s %+v (msg id %q)", msg.Subject, env, msg.Header.Get("Nats-Msg-Id"))
		}
		var status, receipt, reason string
		if err := db.R.QueryRow(`SELECT status, receipt, reason FROM upward_deliveries WHERE target = 'nats' AND leaf_idx = $1`, env.Seq).Scan(&status, &receipt, &reason); err != nil {
			t.Fatal(err)
		}
		if status != "acked" || receipt != name+":1" {
			t.Fatalf("outbox: %s receipt %q, want acked %s:1", status, receipt, name)
		}
		var attempts int
		var nextAt int64
		if err := db.R.QueryRow(`SELECT status, reason, attempts, next_at FROM upward_deliveries WHERE target = 'nostream'`).Scan(&status, &reason, &attempts, &nextAt); err != nil {
			t.Fatal(err)
		}
		if status != "pending" || attempts != 1 || reason == "" || nextAt != clk.Now().Add(upward.Backoff(1)).UnixMilli() {
			t.Fatalf("unacked delivery: %s attempts %d next %d reason %q", status, attempts, nextAt, reason)
		}
		// A replay (a crash between publishing and recording the receipt)
		// is stored once: the stream drops the duplicate Nats-Msg-Id.
		if _, err := db.W.Exec(`UPDATE upward_deliveries SET status = 'pending' WHERE target = 'nats'`); err != nil {
			t.Fatal(err)
		}
		if res, err = p.Run(ctx); err != nil || res["nats"].Acked != 1 {
			t.Fatalf("replay: %+v %v", res["nats"], err)
		}
		if info, err := st.Info(context.Background()); err != nil || info.State.Msgs != 1 {
			t.Fatalf("stream after replay: %+v %v, want 1 message", info, err)
		}
	})
}
