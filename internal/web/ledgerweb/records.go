package ledgerweb

import (
	"cmp"
	"embed"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/evidence"
	"zfjd/internal/ledger"
	"zfjd/internal/web/webkit"
)

//go:embed templates/*.html
var templateFS embed.FS

// recordRow is one leaf of a case's records as the page shows it.
type recordRow struct {
	Index   int64
	Name    string
	At      string
	SHA256  string
	Pending bool // written after the latest checkpoint
}

type recordsData struct {
	Case       *cases.Case
	Rows       []recordRow
	Size       int64  // the latest checkpoint's tree size (0: none yet)
	Root       string // its root, base64
	Note       string // the signed note
	Witnesses  []string
	Key        string
	Pending    int
	BundleHref string
	Recordings *recordingsData
}

// caseRecordsPage: GET /cases/{id}/records — the case's records in the
// log (each write of the case and each act recording), with their leaf
// indexes, digests, links to the proofs and the downloadable 存证包. Who may
// see the case page may see it; elsewhere the case does not exist.
func (h *Handler) caseRecordsPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.pages.UIError(w, r, apperr.NotFoundf("案件"))
		return
	}
	h.renderRecords(w, r, id, http.StatusOK, nil)
}

// renderRecords renders the records page of case id, with the upload
// form in state form (nil: empty).
func (h *Handler) renderRecords(w http.ResponseWriter, r *http.Request, id int64, status int, form *recordingForm) {
	ctx := r.Context()
	c, err := h.cases.Get(ctx, auth.From(ctx), id)
	if err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	refs, err := h.refsOf(r, c)
	if err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	cp, err := ledger.Latest(ctx, h.kit.DB.R)
	if err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	d := recordsData{Case: c, Key: h.keys.VKey, BundleHref: "/cases/" + strconv.FormatInt(c.ID, 10) + "/records.json"}
	if d.Recordings, err = h.loadRecordings(r, c, form); err != nil {
		h.pages.UIError(w, r, err)
		return
	}
	if cp != nil {
		d.Size, d.Root, d.Note = cp.Size, base64.StdEncoding.EncodeToString(cp.Root[:]), cp.Note
		d.Witnesses = witnessNames(cp.Note, h.keys)
	}
	for _, ref := range refs {
		recs, err := ledger.Records(ctx, h.kit.DB.R, ref.Kind, ref.Ref)
		if err != nil {
			h.pages.UIError(w, r, err)
			return
		}
		d.Rows = append(d.Rows, h.rowsOf(ref, recs, d.Size)...)
	}
	sortRows(d.Rows)
	for _, row := range d.Rows {
		if row.Pending {
			d.Pending++
		}
	}
	v := &webkit.View{Title: "全过程记录与存证", Active: "cases", Data: d}
	if form != nil {
		v.Errors = form.Errors
	}
	h.pages.Render(w, r, status, "records", v)
}

// rowsOf names each leaf of one record: for a case, the act its write
// added (or 修改案情 when the acts stayed the same); for a recording, its title.
func (h *Handler) rowsOf(ref ledger.Ref, recs []ledger.Entry, size int64) []recordRow {
	var out []recordRow
	prevEvents := -1
	for _, e := range recs {
		var l ledger.Leaf
		_ = json.Unmarshal([]byte(e.Data), &l)
		row := recordRow{Index: e.Index, At: l.At, SHA256: l.SHA256, Pending: e.Index >= size}
		if len(row.At) >= 19 {
			row.At = row.At[:10] + " " + row.At[11:19]
		}
		switch ref.Kind {
		case "case":
			var content struct {
				Events []cases.Event `json:"events"`
			}
			_ = json.Unmarshal([]byte(e.Content), &content)
			n := len(content.Events)
			switch {
			case prevEvents < 0:
				row.Name = "登记案件"
				if !strings.HasPrefix(ref.Ref, "zfjd/") {
					row.Name = "报送案件"
				}
				if n > 0 {
					row.Name += "（" + cases.EventLabel(content.Events[n-1].Type) + "）"
				}
			case n > prevEvents:
				row.Name = cases.EventLabel(content.Events[n-1].Type)
			default:
				row.Name = "修改案情"
			}
			prevEvents = n
		default:
			row.Name = recordName(ref, e.Content)
		}
		out = append(out, row)
	}
	return out
}

// witnessNames are the names on the note's signatures other than the log's own.
func witnessNames(msg string, k *ledger.Keys) []string {
	n, err := note.Open([]byte(msg), note.VerifierList(k.Verifier))
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range n.UnverifiedSigs {
		out = append(out, s.Name)
	}
	return out
}

// refsOf are the records of case c in the log: the case itself and the
// recordings of its acts.
func (h *Handler) refsOf(r *http.Request, c *cases.Case) ([]ledger.Ref, error) {
	refs := []ledger.Ref{{Kind: "case", Ref: c.SourceSystem + "/" + c.SourceID}}
	more, err := cases.RecordingRefs(r.Context(), h.kit.DB.R, c)
	if err != nil {
		return nil, err
	}
	for _, ref := range more {
		refs = append(refs, ledger.Ref{Kind: cases.RecordingKind, Ref: ref})
	}
	items, err := evidence.LedgerRefs(r.Context(), h.kit.DB.R, c.ID)
	if err != nil {
		return nil, err
	}
	for _, ref := range items {
		refs = append(refs, ledger.Ref{Kind: evidence.LedgerKind, Ref: ref})
	}
	return refs, nil
}

// recordName is a recording's or an evidence item's leaf as the page names it.
func recordName(ref ledger.Ref, content string) string {
	var rc struct {
		Title     string `json:"title"`
		EventType string `json:"event_type"`
		Kind      string `json:"kind"`
	}
	_ = json.Unmarshal([]byte(content), &rc)
	if ref.Kind == evidence.LedgerKind {
		return "证据（" + (&evidence.Item{Kind: rc.Kind}).KindLabel() + "）：" + rc.Title
	}
	return cases.RecordingKindLabel(rc.Kind) + "（" + cases.EventLabel(rc.EventType) + "）：" + rc.Title
}

func sortRows(rows []recordRow) {
	slices.SortFunc(rows, func(a, b recordRow) int { return cmp.Compare(a.Index, b.Index) })
}
