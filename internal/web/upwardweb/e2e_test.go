package upwardweb_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/upward"
	"zfjd/internal/web/webtest"
)

const natsURL = "nats://127.0.0.1:4222"

// province is the province's system as a test server: it answers each
// change with a receipt, and rejects the changes of one case with 422
// and its reason, as a receiver's validation does.
type province struct {
	mu     sync.Mutex
	reject string
	got    map[string]upward.Envelope // by Idempotency-Key
}

func (p *province) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var env upward.Envelope
	if err := json.Unmarshal(b, &env); err != nil || r.Header.Get("Idempotency-Key") != env.ID {
		http.Error(w, "bad envelope", http.StatusBadRequest)
		return
	}
	if env.Ref == p.reject {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprint(w, `{"error":"违法行为类型不在省级事项目录中"}`)
		return
	}
	p.mu.Lock()
	p.got[env.ID] = env
	p.mu.Unlock()
	fmt.Fprintf(w, `{"receipt":"SD-%d"}`, env.Seq)
}

// The done-when: a record change pushed by a case system through
// the API reaches a NATS JetStream target and an HTTP target with
// receipts; a change the HTTP target rejects shows, with its reason, on
// the reconciliation page an administrator opens, beside both targets'
// acknowledged counts of the day.
func TestChangeReachesNATSAndHTTPAndRejectionShows(t *testing.T) {
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
		w := webtest.StartWorld(t, db)
		webtest.AddAdmin(t, db)
		e, ctx := w.Env, webtest.Ctx
		stream := fmt.Sprintf("ZFJD_E2E_%d", time.Now().UnixNano())
		subject := "zfjd.e2e." + strings.ToLower(stream)
		st, err := js.CreateStream(context.Background(), jetstream.StreamConfig{Name: stream, Subjects: []string{subject}, Storage: jetstream.MemoryStorage})
		if err != nil {
			t.Fatalf("create stream: %v", err)
		}
		defer js.DeleteStream(context.Background(), stream)
		rv := &province{reject: "sc-market/E2E-2", got: map[string]upward.Envelope{}}
		ts := httptest.NewServer(rv)
		defer ts.Close()
		for _, tg := range []*upward.Target{{Name: "national", URL: natsURL + "/" + subject, Mapping: "records"},
			{Name: "province", URL: ts.URL + "/api/records", Mapping: "records", Token: "t0k"}} {
			if err := upward.AddTarget(ctx, db, tg, false); err != nil {
				t.Fatal(err)
			}
		}

		tok := e.Token(auth.RoleIntegration, testworld.Region, "")
		for _, id := range []string{"E2E-1", "E2E-2"} {
			e.Put("/api/v1/cases/sc-market/"+id, tok, webtest.CaseBody(testworld.Agency, testworld.Region, testworld.Matter, webtest.Team), http.StatusCreated)
		}
		p := &upward.Pusher{DB: db, Client: &http.Client{Timeout: 5 * time.Second}, Origin: "zfjd.test/log"}
		res, err := p.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if res["national"] != (upward.Result{Acked: 2}) || res["province"] != (upward.Result{Acked: 1, Rejected: 1}) {
			t.Fatalf("push: %+v", res)
		}

		receipt := func(target, ref string) (status, receipt, reason string, seq int64) {
			t.Helper()
			if err := db.R.QueryRow(`SELECT status, receipt, reason, leaf_idx FROM upward_deliveries WHERE target = $1 AND ref = $2`,
				target, ref).Scan(&status, &receipt, &reason, &seq); err != nil {
				t.Fatalf("%s %s: %v", target, ref, err)
			}
			return
		}
		// JetStream holds both changes; the receipt is stream:sequence.
		for i, ref := range []string{"sc-market/E2E-1", "sc-market/E2E-2"} {
			status, rc, _, seq := receipt("national", ref)
			msg, err := st.GetMsg(context.Background(), uint64(i+1))
			if err != nil {
				t.Fatal(err)
			}
			var env upward.Envelope
			json.Unmarshal(msg.Data, &env)
			if status != "acked" || rc != fmt.Sprintf("%s:%d", stream, i+1) || env.Ref != ref || env.Seq != seq || msg.Header.Get("Nats-Msg-Id") != env.ID {
				t.Errorf("NATS %s: %s receipt %q, stream holds %s #%d", ref, status, rc, env.Ref, env.Seq)
			}
		}
		// The province got the first with its receipt, and refused the second.
		status, rc, _, seq := receipt("province", "sc-market/E2E-1")
		if got, ok := rv.got[fmt.Sprint("zfjd.test/log#", seq)]; status != "acked" || rc != fmt.Sprint("SD-", seq) || !ok || got.Kind != "case" {
			t.Errorf("HTTP E2E-1: %s receipt %q, receiver holds %+v", status, rc, got)
		}
		status, _, reason, _ := receipt("province", "sc-market/E2E-2")
		if status != "rejected" || !strings.Contains(reason, "HTTP 422") || !strings.Contains(reason, "违法行为类型不在省级事项目录中") {
			t.Errorf("HTTP E2E-2: %s %q", status, reason)
		}

		// The reconciliation page, over HTTP as the administrator.
		pg := w.Login(t, "admin").Get("/admin/upward")
		webtest.PageOK(t, "reconciliation", pg)
		today := func(target, col string) string {
			return webtest.Text(pg.Doc.Find(`#daily tr[data-day="` + testworld.Today + `"][data-target="` + target + `"] .` + col))
		}
		if today("national", "acked") != "2" || today("province", "acked") != "1" || today("province", "rejected") != "1" || today("national", "rejected") != "0" {
			t.Errorf("today: national acked %s rejected %s, province acked %s rejected %s", today("national", "acked"),
				today("national", "rejected"), today("province", "acked"), today("province", "rejected"))
		}
		if k := webtest.Text(pg.Doc.Find(`#targets tr[data-target="national"] .kind`)); k != "NATS JetStream" {
			t.Errorf("national is shown as %q", k)
		}
		rows := pg.Doc.Find("#rejected tbody tr")
		if got := webtest.Text(rows); rows.Length() != 1 || !strings.Contains(got, "province") || !strings.Contains(got, "sc-market/E2E-2") ||
			!strings.Contains(got, "违法行为类型不在省级事项目录中") || !strings.Contains(got, "案件") {
			t.Errorf("rejections on the page: %d %q", rows.Length(), got)
		}
	})
}
