// Package opendata is the open data of the 公示 portal (spec/supervision-v1.md
// §7, C16 "open data with as-of dates"): every published, not withdrawn
// penalty decision, in pages, with the instant the answer was read. It
// reads the portal's compact table (cases.PublishedPage) and masks a
// person as the portal does (docs.MaskName): nothing personal of a person
// leaves, an organisation keeps its 统一社会信用代码 (行政处罚法 Art. 48;
// 市场监督管理行政处罚信息公示规定).
package opendata

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/docs"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/store"
)

// MaxPageSize is the largest page (spec §7: page_size ≤ 1000).
const MaxPageSize = 1000

// Penalty is one penalty of a decision.
type Penalty struct {
	Kind      string `json:"kind"`
	AmountFen int64  `json:"amount_fen"`
}

// Decision is one decision on the wire (spec §7).
type Decision struct {
	DecisionNo     string    `json:"decision_no"`
	AgencyCode     string    `json:"agency_code"`
	AgencyName     string    `json:"agency_name"`
	RegionCode     string    `json:"region_code"`
	MatterCode     string    `json:"matter_code"`
	MatterName     string    `json:"matter_name"`
	PartyKind      string    `json:"party_kind"`
	PartyName      string    `json:"party_name"`
	PartyIDNumber  string    `json:"party_id_number"`
	DecidedOn      string    `json:"decided_on"`
	PublishedOn    string    `json:"published_on"`
	Penalties      []Penalty `json:"penalties"`
	Basis          string    `json:"basis"`
	PublicityUntil string    `json:"publicity_until"`
}

// Page is one answer: the decisions, the total and when it was read.
type Page struct {
	Items    []*Decision `json:"items"`
	Total    int         `json:"total"`
	Page     int         `json:"page"`
	PageSize int         `json:"page_size"`
	AsOf     string      `json:"as_of"`
	// LastPublished is the latest publication date on the page (Last-Modified).
	LastPublished string `json:"-"`
}

// Filter selects decisions: region (its subtree), agency, published since.
type Filter struct {
	Region, Agency, Since string
	Page, PageSize        int
}

// Check validates f, naming the field, and sets the defaults.
func (f *Filter) Check() error {
	bad := apperr.Fields{}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region_code", "行政区划代码无效")
	}
	if f.Agency != "" && ident.ValidateUSCC(ident.NormalizeUSCC(f.Agency)) != nil {
		bad.Set("agency_code", "统一社会信用代码无效")
	}
	if f.Since != "" {
		if _, err := law.ParseDate(f.Since); err != nil {
			bad.Set("since", "日期格式应为 YYYY-MM-DD")
		}
	}
	checkPaging(bad, &f.Page, &f.PageSize)
	return bad.Err()
}

// Decisions answers one page of f, newest publication first.
func Decisions(ctx context.Context, db *store.DB, f *Filter) (*Page, error) {
	if err := f.Check(); err != nil {
		return nil, err
	}
	today := clock.Today(ctx)
	since := time.Date(today.Y-docs.PublicYears, today.M, today.D, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	if f.Since > since {
		since = f.Since
	}
	pf := cases.PublishedFilter{Since: since, Region: f.Region, Agency: f.Agency}
	out := &Page{Items: []*Decision{}, Page: f.Page, PageSize: f.PageSize, AsOf: clock.Now(ctx).UTC().Format(time.RFC3339)}
	n, _, err := cases.CountPublished(ctx, db.R, pf, 100_000_000)
	if err != nil {
		return nil, err
	}
	out.Total = n
	ids, err := cases.PublishedPage(ctx, db.R, pf, (f.Page-1)*f.PageSize, f.PageSize)
	if err != nil || len(ids) == 0 {
		return out, err
	}
	if out.Items, err = byIDs(ctx, db.R, ids); err != nil {
		return nil, err
	}
	for _, d := range out.Items {
		if d.PublishedOn > out.LastPublished {
			out.LastPublished = d.PublishedOn
		}
	}
	return out, nil
}

func byIDs(ctx context.Context, q store.Querier, ids []int64) ([]*Decision, error) {
	w := &store.Where{}
	marks := make([]string, len(ids))
	for i, id := range ids {
		marks[i] = w.Arg(id)
	}
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.agency_code, COALESCE(a.name, ''), c.region_code, c.matter_code, COALESCE(m.name, ''),
		COALESCE(m.legal_basis, ''), c.party_json, c.events_json, c.decided_on, c.published_on, COALESCE(d.doc_no, '')
		FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code LEFT JOIN matters m ON m.code = c.matter_code
		LEFT JOIN case_documents d ON d.case_id = c.id AND d.kind = 'decision' WHERE c.id IN (`+strings.Join(marks, ",")+`)`, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	at := map[int64]*Decision{}
	for rows.Next() {
		var id int64
		var party, events string
		d := &Decision{Penalties: []Penalty{}}
		if err := rows.Scan(&id, &d.AgencyCode, &d.AgencyName, &d.RegionCode, &d.MatterCode, &d.MatterName, &d.Basis, &party, &events,
			&d.DecidedOn, &d.PublishedOn, &d.DecisionNo); err != nil {
			return nil, err
		}
		if err := d.fill(party, events); err != nil {
			return nil, err
		}
		at[id] = d
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*Decision, 0, len(ids))
	for _, id := range ids {
		if d, ok := at[id]; ok {
			out = append(out, d)
		}
	}
	return out, nil
}

// fill takes the party (masked for a person) and the penalties of the
// first decision from the stored case.
func (d *Decision) fill(partyJSON, eventsJSON string) error {
	var p cases.Party
	var evs []cases.Event
	if err := json.Unmarshal([]byte(partyJSON), &p); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(eventsJSON), &evs); err != nil {
		return err
	}
	d.PartyKind = p.Kind
	if p.Kind == "org" {
		d.PartyName, d.PartyIDNumber = p.Name, p.IDNumber
	} else {
		d.PartyName = docs.MaskName(p.Name)
	}
	var dec *cases.Event
	for i := range evs {
		if evs[i].Type == "decided" && (dec == nil || evs[i].At < dec.At) {
			dec = &evs[i]
		}
	}
	if dec != nil {
		for _, pen := range dec.Penalties {
			d.Penalties = append(d.Penalties, Penalty{Kind: pen.Kind, AmountFen: pen.AmountFen})
		}
		if d.DecisionNo == "" {
			mask := docs.NewMasker(docs.PublicParty{Kind: p.Kind, Name: p.Name, IDNumber: p.IDNumber, Address: p.Address, Contact: p.Contact}).Mask
			d.DecisionNo = mask(strings.TrimSpace(dec.DocNo))
		}
	}
	if pub, err := law.ParseDate(d.PublishedOn); err == nil {
		d.PublicityUntil = time.Date(pub.Y+docs.PublicYears, pub.M, pub.D, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	return nil
}

// CSVHeader is the CSV's header row: the JSON field names.
var CSVHeader = []string{"decision_no", "agency_code", "agency_name", "region_code", "matter_code", "matter_name", "party_kind",
	"party_name", "party_id_number", "decided_on", "published_on", "penalties", "basis", "publicity_until"}

// CSVRow is d as a CSV row; penalties as kind:amount_fen joined by ";".
func (d *Decision) CSVRow() []string {
	pens := make([]string, len(d.Penalties))
	for i, p := range d.Penalties {
		pens[i] = p.Kind + ":" + itoa(p.AmountFen)
	}
	return []string{d.DecisionNo, d.AgencyCode, d.AgencyName, d.RegionCode, d.MatterCode, d.MatterName, d.PartyKind, d.PartyName,
		d.PartyIDNumber, d.DecidedOn, d.PublishedOn, strings.Join(pens, ";"), d.Basis, d.PublicityUntil}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
