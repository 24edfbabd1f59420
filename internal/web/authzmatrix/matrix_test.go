package authzmatrix_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/web"
	"zfjd/internal/web/authzmatrix"
	"zfjd/internal/web/webtest"
)

// row is one generated case of the matrix.
type row struct {
	who     *who
	route   *route
	place   *place // nil: no place
	actType string
	want    string // answer class (rules_test.go)
	why     string
}

func (r *row) name() string {
	verb := r.route.verb
	if r.actType != "" {
		verb += ":" + r.actType
	}
	if r.route.act != "" {
		verb += ":" + r.route.act
	}
	n := r.who.name() + "/" + r.route.kind + "/" + verb + "/" + r.route.pattern
	if r.place != nil {
		n += "/" + r.place.name
	}
	return n
}

// writes reports whether the row is allowed to write (run one at a time,
// after the rows that must not write).
func (r *row) writes() bool {
	return (r.want == ok || r.want == pass) && r.route.verb != list && r.route.verb != read && r.route.method() != http.MethodGet
}

func TestAuthzMatrix(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ws := webtest.StartWorld(t, db)
		f := build(t, ws)
		e := ws.Env
		e.QueryLenient = true

		// The route table, as the server registers it.
		srv, err := web.New(clock.With(context.Background(), webtest.Clock), db, &config.Options{},
			slog.New(slog.NewTextHandler(io.Discard, nil)), web.WithClock(webtest.Clock))
		if err != nil {
			t.Fatal(err)
		}

		snaps, err := authzmatrix.NewSnapshotter(webtest.Ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		snapshot := func(t *testing.T) map[string]string {
			t.Helper()
			s, err := snaps.Snapshot(webtest.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		who := actors()
		for _, w := range who {
			if w.token, err = auth.CreateToken(webtest.Ctx, db, "矩阵 "+w.name(), w.role, w.region, w.agency); err != nil {
				t.Fatal(err)
			}
		}
		rows := generate(t, f, who, srv.Routes(), e)
		clients := map[string]*http.Client{}
		for _, w := range who {
			if w.user != "" {
				clients[w.user] = ws.Login(t, w.user).Client
			}
		}

		var reads, refusals, writes atomic.Int64
		// Rows that must not write run in parallel; the database must be
		// the same after all of them (but for the tables a read may touch,
		// route.sideEffects). If it is not, they are run again one at a
		// time, each between two snapshots, to name the rows that wrote.
		var quiet []*row
		ignore := map[string]bool{}
		for _, r := range rows {
			if !r.writes() {
				quiet = append(quiet, r)
				for _, t := range r.route.sideEffects {
					ignore[t] = true
				}
			}
		}
		changedSince := func(before map[string]string) []string {
			return slices.DeleteFunc(authzmatrix.Changed(before, snapshot(t)), func(t string) bool { return ignore[t] })
		}
		before := snapshot(t)
		t.Run("no-write", func(t *testing.T) {
			// Eight rows at a time whatever -parallel is: a request mostly
			// waits (the session's touch is a write to the database).
			next := make(chan *row)
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for r := range next {
						t.Run(r.name(), func(t *testing.T) {
							status, loc := send(t, f, e, clients, r)
							check(t, r, status, loc)
						})
					}
				}()
			}
			for _, r := range quiet {
				if r.want == ok {
					reads.Add(1)
				} else {
					refusals.Add(1)
				}
				next <- r
			}
			close(next)
			wg.Wait()
		})
		if changed := changedSince(before); len(changed) > 0 {
			t.Errorf("reads and refusals wrote to %v; finding the rows", changed)
			for _, r := range quiet {
				t.Run("culprit/"+r.name(), func(t *testing.T) {
					before := snapshot(t)
					status, _ := send(t, f, e, clients, r)
					changed := slices.DeleteFunc(authzmatrix.Changed(before, snapshot(t)), func(t string) bool {
						return slices.Contains(r.route.sideEffects, t)
					})
					if len(changed) > 0 {
						t.Errorf("%s → %d: wrote to %v (%s)", r.name(), status, changed, r.why)
					}
				})
			}
		}
		// Allowed writes, one at a time: a success must have written
		// something (and audited it), anything else nothing.
		f.writing = true
		t.Run("writes", func(t *testing.T) {
			for _, r := range rows {
				if !r.writes() {
					continue
				}
				writes.Add(1)
				t.Run(r.name(), func(t *testing.T) {
					before := snapshot(t)
					status, loc := send(t, f, e, clients, r)
					check(t, r, status, loc)
					changed := authzmatrix.Changed(before, snapshot(t))
					switch {
					case status < 400 && r.route.method() != http.MethodGet && len(changed) > 0 && !slices.Contains(changed, "audit_log"):
						t.Errorf("%s → %d: wrote %v without an audit row", r.name(), status, changed)
					case status < 400 && r.route.strict && len(changed) == 0:
						t.Errorf("%s → %d: answered success but wrote nothing", r.name(), status)
					case status >= 400 && len(changed) > 0:
						t.Errorf("%s → %d: refused but wrote to %v", r.name(), status, changed)
					case r.route.method() == http.MethodGet && len(changed) > 0:
						t.Errorf("%s → %d: a GET wrote to %v", r.name(), status, changed)
					}
				})
			}
		})
		t.Logf("%d rows: %d reads, %d refusals, %d allowed writes", len(rows), reads.Load(), refusals.Load(), writes.Load())
	})
}

// generate makes the rows: every actor × every classified route of the
// table × every place (for a case act route, × every act of the case
// workflow), with the rules' expected answer.
func generate(t *testing.T, f *fixture, cast []*who, table []string, e *webtest.Env) []*row {
	t.Helper()
	reg := routes()
	known := map[string]bool{}
	for _, r := range reg {
		known[r.pattern] = true
		if !slices.Contains(table, r.pattern) {
			t.Errorf("the registry has %q, which the server does not register", r.pattern)
		}
	}
	for _, p := range table {
		if !known[p] {
			if _, skip := notObjects[p]; !skip {
				t.Errorf("route %q is not in the matrix: classify it in routes_test.go (object kind, verb, request) or in notObjects", p)
			}
		}
	}
	// Every documented API operation is a registered route.
	params := regexp.MustCompile(`\{[^}]*\}`)
	var norm []string
	for _, p := range table {
		norm = append(norm, params.ReplaceAllString(p, "{}"))
	}
	for path, item := range e.Doc.Paths.Map() {
		for method := range item.Operations() {
			if !slices.Contains(norm, method+" "+params.ReplaceAllString(path, "{}")) {
				t.Errorf("openapi.yaml documents %s %s, which the server does not register", method, path)
			}
		}
	}
	// Every role is an actor of the matrix.
	for _, role := range auth.Roles {
		if !slices.ContainsFunc(cast, func(w *who) bool { return w.role == role }) {
			t.Errorf("role %s has no actor in the matrix (world_test.go)", role)
		}
	}
	// Every act of the case workflow has its rule, and every rule an act.
	var acts []string
	for _, a := range cases.Workflow.Acts {
		if cases.IsAct(a.Type) {
			acts = append(acts, a.Type)
			if _, ok := actRoles[a.Type]; !ok {
				t.Errorf("case act %q has no rule in rules_test.go (actRoles)", a.Type)
			}
		}
	}
	for a := range actRoles {
		if !slices.Contains(acts, a) {
			t.Errorf("actRoles names %q, which is no act of the case workflow", a)
		}
	}

	var out []*row
	used := map[string]bool{}
	defer func() {
		for _, d := range knownDeviations {
			if !used[d.name] {
				t.Errorf("known deviation %s matches no row (fixed? remove it from deviations_test.go)", d.name)
			}
		}
	}()
	add := func(w *who, r *route, p *place, act string) {
		want, why := expect(w, r, p, act)
		if want == "" {
			t.Errorf("%s: %s", r.pattern, why)
			return
		}
		want, why = deviate(used, w, r, p, want, why)
		out = append(out, &row{who: w, route: r, place: p, actType: act, want: want, why: why})
	}
	for _, w := range cast {
		for _, r := range reg {
			if !r.api() && w.user == "" {
				continue // integration tokens have no UI
			}
			places := []*place{nil}
			if r.placed {
				places = f.places
			}
			if r.kind == "case-act" {
				// The acts ask the same two questions at every place (the
				// case's agency and jurisdiction): the world's case and one
				// of another county are enough for every act.
				places = []*place{f.placeOf("here"), f.placeOf("sibling")}
			}
			for _, p := range places {
				if r.kind == "case-act" {
					for _, a := range acts {
						add(w, r, p, a)
					}
					continue
				}
				add(w, r, p, "")
			}
		}
	}
	return out
}

// send sends the row's request as its actor: UI routes from its signed-in
// browser, API routes with its token (checked against openapi.yaml).
func send(t *testing.T, f *fixture, e *webtest.Env, clients map[string]*http.Client, r *row) (int, string) {
	t.Helper()
	var q request
	if r.route.kind == "case-act" {
		q = request{path: cpath(r.place, "/act/"+r.actType), form: actForm()}
	} else {
		q = r.route.req(f, r.who, r.place)
	}
	if r.route.api() {
		resp := e.CallT(t, r.route.method(), q.path, r.who.token, q.body, 0)
		if r.route.batch && resp.Status == http.StatusOK {
			return batchStatus(t, resp.Body), ""
		}
		return resp.Status, resp.Header.Get("Location")
	}
	var body io.Reader
	ctype := ""
	switch {
	case q.files != nil:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range q.form {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		for name, data := range q.files {
			fw, _ := mw.CreateFormFile(q.field, name)
			fw.Write(data)
		}
		mw.Close()
		body, ctype = &buf, mw.FormDataContentType()
	case r.route.method() == http.MethodPost:
		if q.form == nil {
			q.form = url.Values{}
		}
		body, ctype = strings.NewReader(q.form.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequest(r.route.method(), e.TS.URL+q.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err := clients[r.who.user].Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Location")
}

// batchStatus is the status a batch act's answer stands for: that of its
// one warning's error, 200 when it was done.
func batchStatus(t *testing.T, body []byte) int {
	t.Helper()
	var out struct {
		Results []struct {
			OK    bool `json:"ok"`
			Error *struct {
				Code string `json:"code"`
			} `json:"error"`
		} `json:"results"`
	}
	if err := json.Unmarshal(body, &out); err != nil || len(out.Results) != 1 {
		t.Fatalf("batch answer %s: %v", body, err)
	}
	if res := out.Results[0]; res.OK || res.Error == nil {
		return http.StatusOK
	} else if s, ok := map[string]int{"not_found": 404, "forbidden": 403, "conflict": 409, "invalid": 400}[res.Error.Code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// check compares the answer with the rules'.
func check(t *testing.T, r *row, status int, loc string) {
	t.Helper()
	success := status >= 200 && status < 400 && !strings.HasPrefix(loc, "/login")
	good := false
	switch r.want {
	case ok:
		good = success
	case pass:
		good = success || status == http.StatusBadRequest || status == http.StatusConflict || status == http.StatusUnprocessableEntity
	case forbid:
		good = status == http.StatusForbidden
	case hidden:
		good = status == http.StatusNotFound
	case refuse:
		good = status == http.StatusBadRequest || status == http.StatusForbidden
	case unwritten:
		good = success
	}
	if !good {
		t.Errorf("%s → %d %s, want %s (%s)", r.name(), status, loc, r.want, r.why)
	}
}
