// Package ledgerweb serves the tamper-evident record log (全过程记录存证,
// C6; spec/supervision-v1.md §6): the signed checkpoint, the verifier key,
// leaves and proofs to anyone, a case's records to the tokens that may
// read it, and a case's 存证包 (proof bundle) to signed-in users who may
// see the case.
package ledgerweb

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"golang.org/x/mod/sumdb/tlog"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/ledger"
	"zfjd/internal/web/webkit"
)

// Handler serves the log.
type Handler struct {
	kit   *webkit.Kit
	pages *webkit.Pages
	keys  *ledger.Keys
	cases *cases.Service
}

// New builds the handler; keys sign and verify the checkpoints.
func New(k *webkit.Kit, keys *ledger.Keys, svc *cases.Service) (*Handler, error) {
	pg, err := k.NewPages(templateFS, template.FuncMap{"add64": func(a, b int64) int64 { return a + b }})
	if err != nil {
		return nil, err
	}
	return &Handler{kit: k, pages: pg, keys: keys, cases: svc}, nil
}

// Routes registers the public log endpoints and the scoped record views.
func (h *Handler) Routes(r *webkit.Router) {
	r.Public("GET /api/v1/log/checkpoint", h.checkpoint)
	r.Public("GET /api/v1/log/key", h.key)
	r.Public("GET /api/v1/log/leaves", h.leaves)
	r.Public("GET /api/v1/log/proof/inclusion", h.inclusion)
	r.Public("GET /api/v1/log/proof/consistency", h.consistency)
	r.API("GET /api/v1/cases/{source_system}/{source_id}/records", h.caseRecords)
	r.UI("GET /cases/{id}/records.json", h.caseBundle)
	r.UI("GET /cases/{id}/records", h.caseRecordsPage)
	r.UI("POST /cases/{id}/recordings", h.recordingAdd)
	r.UI("GET /cases/{id}/recordings/{rid}", h.recordingFile)
	r.UI("GET /agencies/{code}/av-list", h.avListForm)
	r.UI("POST /agencies/{code}/av-list", h.avListSave)
}

func (h *Handler) checkpoint(w http.ResponseWriter, r *http.Request) {
	cp, err := ledger.Latest(r.Context(), h.kit.DB.R)
	if err == nil && cp == nil {
		cp, err = ledger.Sign(r.Context(), h.kit.DB, h.keys) // the first one, before the job's
	}
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprint(w, cp.Note)
}

func (h *Handler) key(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, h.keys.VKey)
}

// intParam reads a non-negative integer query parameter.
func intParam(r *http.Request, name string, f apperr.Fields) int64 {
	n, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || n < 0 {
		f.Set(name, "应为非负整数")
	}
	return n
}

func (h *Handler) leaves(w http.ResponseWriter, r *http.Request) {
	f := apperr.Fields{}
	start, end := intParam(r, "start", f), intParam(r, "end", f)
	if err := f.Err(); err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	if end <= start {
		h.kit.APIError(w, r, &apperr.Error{Code: apperr.Invalid, Message: "结束序号（end）应大于起始序号（start）", Fields: apperr.Fields{"end": "结束序号（end）应大于起始序号（start）"}})
		return
	}
	ls, err := ledger.Leaves(r.Context(), h.kit.DB.R, start, end)
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, map[string]any{"leaves": ls})
}

func hashes(hs []tlog.Hash) map[string][]string {
	out := []string{}
	for _, h := range hs {
		out = append(out, base64.StdEncoding.EncodeToString(h[:]))
	}
	return map[string][]string{"hashes": out}
}

func (h *Handler) inclusion(w http.ResponseWriter, r *http.Request) {
	f := apperr.Fields{}
	index, size := intParam(r, "index", f), intParam(r, "size", f)
	if err := f.Err(); err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	if err := h.withinTree(r, size); err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	p, err := ledger.Inclusion(r.Context(), h.kit.DB.R, index, size)
	if err != nil {
		// The log's own error is English and internal; the caller gets the rule.
		const msg = "叶子序号（index）应不小于0且小于树的大小（size）"
		h.kit.APIError(w, r, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"index": msg}})
		return
	}
	webkit.WriteJSON(w, http.StatusOK, hashes(p))
}

func (h *Handler) consistency(w http.ResponseWriter, r *http.Request) {
	f := apperr.Fields{}
	from, to := intParam(r, "from", f), intParam(r, "to", f)
	if err := f.Err(); err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	if err := h.withinTree(r, to); err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	p, err := ledger.Consistency(r.Context(), h.kit.DB.R, from, to)
	if err != nil {
		const msg = "起始树大小（from）应不小于1且不大于结束树大小（to）"
		h.kit.APIError(w, r, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"from": msg}})
		return
	}
	webkit.WriteJSON(w, http.StatusOK, hashes(p))
}

// withinTree refuses a tree size the log has not reached.
func (h *Handler) withinTree(r *http.Request, size int64) error {
	n, err := ledger.Size(r.Context(), h.kit.DB.R)
	if err != nil {
		return err
	}
	if size > n {
		msg := fmt.Sprintf("记录日志现有 %d 个叶子", n)
		return &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{"size": msg}}
	}
	return nil
}

// caseRecords: GET /api/v1/cases/{source_system}/{source_id}/records — the
// case's leaves and the canonical content each names; outside the token's
// jurisdiction the case does not exist.
func (h *Handler) caseRecords(w http.ResponseWriter, r *http.Request) {
	c, err := h.cases.GetBySource(r.Context(), auth.From(r.Context()), r.PathValue("source_system"), r.PathValue("source_id"))
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	refs, err := h.refsOf(r, c)
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	recs := []ledger.Entry{}
	for _, ref := range refs { // the case's own leaves, then its act recordings'
		more, err := ledger.Records(r.Context(), h.kit.DB.R, ref.Kind, ref.Ref)
		if err != nil {
			h.kit.APIError(w, r, err)
			return
		}
		recs = append(recs, more...)
	}
	slices.SortFunc(recs, func(a, b ledger.Entry) int { return cmp.Compare(a.Index, b.Index) })
	webkit.WriteJSON(w, http.StatusOK, recs)
}

// caseBundle: GET /cases/{id}/records.json — the case's 存证包 for a court
// or notary (check offline with `zfjd log verify-record`).
func (h *Handler) caseBundle(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	c, err := h.cases.Get(r.Context(), auth.From(r.Context()), id)
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	if _, err := ledger.Sign(r.Context(), h.kit.DB, h.keys); err != nil { // cover the latest writes
		h.kit.APIError(w, r, err)
		return
	}
	refs, err := h.refsOf(r, c)
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	b, err := ledger.MakeBundle(r.Context(), h.kit.DB.R, h.keys, refs[0].Kind, refs[0].Ref, refs[1:]...)
	if err != nil {
		h.kit.APIError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="case-%d-records.json"`, c.ID))
	json.NewEncoder(w).Encode(b)
}
