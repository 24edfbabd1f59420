package docs

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/law"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// 处罚决定公示 (C7): penalty decisions with a `published` event that were
// not withdrawn, for the public (行政处罚法 Art. 48; 国办发〔2018〕118号;
// 政府信息公开条例 Art. 20(六)).
//
// Publication period: every decision is shown for three years from its
// publication (市场监督管理行政处罚信息公示规定 Art. 13 第一款, the general
// period; 国家发展改革委令2023年第58号 sets the same maximum). The shorter
// three months for decisions of only 通报批评 or a 较低数额 fine is not
// applied, since the amount is set by each province (Art. 13 第二款); nor
// the longer period of a 限制从业 beyond three years (第三款), nor early
// removal after 信用修复 (Art. 14), which needs an application workflow.
// PublicYears is the period.
const PublicYears = 3

// maxSearch bounds the decisions a text search reads. The search runs on
// the masked, public text (so that nobody finds a person's case by the
// name or ID number that the page does not show): SQL narrows the
// candidates with LIKE on the raw columns, Go matches the public text.
const maxSearch = 2000

// PublicFilter selects public decisions.
type PublicFilter struct {
	Q      string // substring of party, agency, matter, document number, facts
	Region string // region code: its subtree
	Agency string // 统一社会信用代码 of the deciding agency
	registry.Page
	More bool // set by ListPublic: Total is a lower bound (more decisions than counted)

	gen registryGen // the registry's generation, when ListPublic read it (PublicChoicesFor)
}

// PublicDecision is what the public may see of one decision. For a person
// it holds the masked name and nothing else that identifies them.
type PublicDecision struct {
	ID          int64
	DocNo       string
	PartyKind   string // person | org
	PartyName   string // 张某某 for a person; the full name of an organisation
	PartyCode   string // 统一社会信用代码 of an organisation; "" for a person
	AgencyCode  string
	AgencyName  string
	RegionCode  string
	RegionName  string
	Matter      string
	CaseName    string   // 案由
	Facts       []string // 违法事实, masked
	Basis       string   // legal basis of the matter
	Penalties   []string
	FineFen     int64
	Tier        string // tier label
	DecidedOn   string
	PublishedOn string
	Until       string // last day of publication

	Withdrawn      bool // only ID, DocNo, AgencyName and the three below are set
	WithdrawnOn    string
	WithdrawReason string
}

// publicCutoff is the earliest publication date still shown today.
func publicCutoff(ctx context.Context) string {
	t := clock.Today(ctx)
	return time.Date(t.Y-PublicYears, t.M, t.D, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

// publicUntil is the last day a decision published on day is shown
// (民法典 Art. 201: counted from the next day, ending on the same date).
func publicUntil(day string) string {
	d, err := law.ParseDate(day)
	if err != nil {
		return ""
	}
	return time.Date(d.Y+PublicYears, d.M, d.D, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
}

const publicFrom = ` FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code LEFT JOIN regions r ON r.code = c.region_code
	LEFT JOIN matters m ON m.code = c.matter_code LEFT JOIN case_documents d ON d.case_id = c.id AND d.kind = 'decision'`

// maxPublicCount caps the count the list shows: beyond it the page says
// "10000 条以上" rather than counting a province on every view.
const maxPublicCount = 10000

// searchBatch is how many candidates a search reads at a time.
const searchBatch = 100

// ListPublic lists the decisions on public display, newest publication
// first, from the compact published_decisions table (cases/published.go):
// the page's ids come from an index in that order, then only those cases
// are read. A search streams candidates by their terms in the same order
// and keeps those whose masked public text contains the term, until the
// page and one more are found (f.More: there is at least one more page)
// or maxSearch candidates were read.
func ListPublic(ctx context.Context, db *store.DB, f *PublicFilter) ([]*PublicDecision, error) {
	f.Page.Normalize()
	f.gen = registryGen{}       // only ever what this call reads
	f.Q = store.SearchTerm(f.Q) // trimmed, capped at store.MaxSearch characters
	pf := cases.PublishedFilter{Since: publicCutoff(ctx), Region: f.Region, Agency: f.Agency}
	if f.Q == "" {
		n, more, err := cases.CountPublished(ctx, db.R, pf, maxPublicCount)
		if err != nil {
			return nil, err
		}
		f.Total, f.More = n, more
		ids, err := cases.PublishedPage(ctx, db.R, pf, f.Offset(), f.Size)
		if err != nil {
			return nil, err
		}
		return publicViews(ctx, db, ids, &f.gen)
	}
	need := f.Offset() + f.Size + 1
	var hits []*PublicDecision
	var after *cases.PublishedKey
	for read := 0; len(hits) < need && read < maxSearch; {
		batch := searchBatch
		if after == nil {
			batch = min(searchBatch, need+10) // most candidates of a term match: page 1 in one small read
		}
		keys, err := cases.PublishedCandidates(ctx, db.R, pf, f.Q, after, batch)
		if err != nil {
			return nil, err
		}
		ids := make([]int64, len(keys))
		for i, k := range keys {
			ids[i] = k.ID
		}
		list, err := publicViews(ctx, db, ids, &f.gen)
		if err != nil {
			return nil, err
		}
		for _, d := range list {
			if d.matches(f.Q) {
				hits = append(hits, d)
			}
		}
		read += len(keys)
		if len(keys) < batch {
			break
		}
		after = &keys[len(keys)-1]
	}
	f.More = len(hits) >= need
	f.Total = min(len(hits), need-1)
	if f.More {
		f.Total = need // the pager offers the next page
	}
	from := min(f.Offset(), len(hits))
	return hits[from:min(from+f.Size, len(hits))], nil
}

// matches reports whether q is in the public text of d.
func (d *PublicDecision) matches(q string) bool {
	for _, s := range [...]string{d.DocNo, d.PartyName, d.PartyCode, d.AgencyName, d.Matter, d.CaseName} {
		if strings.Contains(s, q) {
			return true
		}
	}
	return slices.ContainsFunc(d.Facts, func(s string) bool { return strings.Contains(s, q) })
}

// GetPublic loads the public page of decision id. A withdrawn decision
// answers with Withdrawn set and no content; one that was never published,
// or whose publication period ended, is not found.
func GetPublic(ctx context.Context, db *store.DB, id int64) (*PublicDecision, error) {
	d, err := publicView(ctx, db, id, `c.outcome = 'penalty' AND c.decided_on <> '' AND c.published_on <> ''`)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, apperr.New(apperr.NotFound, "该行政处罚决定信息不存在或未公示")
	}
	if !d.Withdrawn && d.PublishedOn < publicCutoff(ctx) {
		return nil, apperr.New(apperr.NotFound, "该行政处罚决定信息公示期已满，已停止公示")
	}
	return d, nil
}

// PublicChoice is an option of the public filters.
type PublicChoice struct{ Code, Name string }

// maxAgencyChoices is the longest agency drop-down; a province has some
// 7,600 enforcement subjects, so the portal asks for a region first.
const maxAgencyChoices = 500

// PublicChoices lists the filter options for the whole portal
// (PublicChoicesIn with no region).
func PublicChoices(ctx context.Context, db *store.DB) (regions, agencies []PublicChoice, err error) {
	return PublicChoicesIn(ctx, db, "")
}

// PublicChoicesIn lists the options of the public filters from the
// registry, never from the cases: the cities and counties that have an
// active enforcement subject, and the active enforcement subjects inside
// region (all of them when region is ""), none when they are more than
// maxAgencyChoices (the page then asks for a region first).
func PublicChoicesIn(ctx context.Context, db *store.DB, region string) (regions, agencies []PublicChoice, err error) {
	return cachedChoicesIn(ctx, db, region, registryGen{})
}

// PublicChoicesFor is PublicChoicesIn for the region of f after
// ListPublic(f), checked against the registry generation that ListPublic
// read with the decisions (when it read any) rather than a read of its own.
func PublicChoicesFor(ctx context.Context, db *store.DB, f *PublicFilter) (regions, agencies []PublicChoice, err error) {
	return cachedChoicesIn(ctx, db, f.Region, f.gen)
}

// buildChoicesIn reads the options of PublicChoicesIn.
func buildChoicesIn(ctx context.Context, db *store.DB, region string) (regions, agencies []PublicChoice, err error) {
	read := func(q string, args ...any) ([]PublicChoice, error) {
		rows, err := db.R.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []PublicChoice
		for rows.Next() {
			var c PublicChoice
			if err := rows.Scan(&c.Code, &c.Name); err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, rows.Err()
	}
	// Cities and counties of the subjects' regions (6-digit GB/T 2260 codes).
	regions, err = read(`SELECT r.code, r.name FROM regions r WHERE r.code IN (
		SELECT DISTINCT substr(a.region_code, 1, 4) || '00' FROM agencies a WHERE a.kind = 'enforcement' AND a.status = 'active'
		UNION SELECT DISTINCT substr(a.region_code, 1, 6) FROM agencies a WHERE a.kind = 'enforcement' AND a.status = 'active')
		ORDER BY r.code`)
	if err != nil {
		return nil, nil, err
	}
	w := &store.Where{}
	w.Add("a.kind = 'enforcement' AND a.status = 'active'")
	if region != "" {
		prefix := ident.RegionPrefix(region)
		if prefix == "" || ident.ValidateRegionCode(region) != nil {
			return regions, nil, nil
		}
		w.Add("a.region_code >= ? AND a.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	lim := w.Arg(maxAgencyChoices + 1)
	agencies, err = read(`SELECT a.code, a.name FROM agencies a`+w.SQL()+` ORDER BY a.region_code, a.name LIMIT `+lim, w.Args...)
	if len(agencies) > maxAgencyChoices {
		agencies = nil
	}
	return regions, agencies, err
}

// publicFacts and publicEvent are the parts of cases.Facts and cases.Event
// (the same JSON names) that a public view is built from; decoding only
// them skips the rest of a case's bodies.
type (
	publicFacts struct {
		Description string `json:"description"`
	}
	publicEvent struct {
		Type      string          `json:"type"`
		At        string          `json:"at"`
		Penalties []cases.Penalty `json:"penalties"`
		Note      string          `json:"note"`
		DocNo     string          `json:"doc_no"`
	}
)

// fill turns the stored case into its public view. Everything personal is
// masked here, in one place, by MaskPublic; templates only print what is
// left, and the search matches only it.
func (d *PublicDecision) fill(title, partyJSON, factsJSON, eventsJSON, tier, issued string) error {
	var p cases.Party
	var f publicFacts
	var evs []publicEvent
	for _, x := range []struct {
		s string
		v any
	}{{partyJSON, &p}, {factsJSON, &f}, {eventsJSON, &evs}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return err
		}
	}
	mask := NewMasker(PublicParty{Kind: p.Kind, Name: p.Name, IDNumber: p.IDNumber, Address: p.Address, Contact: p.Contact}).Mask
	var dec, wd *publicEvent
	for i := range evs {
		e := &evs[i]
		switch e.Type {
		case "decided":
			if dec == nil || e.At < dec.At {
				dec = e
			}
		case "publication_withdrawn":
			if wd == nil || e.At < wd.At {
				wd = e
			}
		}
	}
	d.DocNo = issued
	if dec != nil && strings.TrimSpace(dec.DocNo) != "" {
		d.DocNo = mask(strings.TrimSpace(dec.DocNo)) // free text of the pushing system
	}
	if d.WithdrawnOn != "" {
		// Art. 48 第二款: withdrawn, with the reason made public; the
		// decision's content is no longer shown.
		d.Withdrawn = true
		if wd != nil {
			d.WithdrawReason = mask(strings.TrimSpace(wd.Note))
		}
		d.RegionCode, d.RegionName, d.Matter, d.Basis, d.DecidedOn, d.PublishedOn, d.FineFen = "", "", "", "", "", "", 0
		return nil
	}
	d.PartyKind = p.Kind
	if p.Kind == "org" {
		d.PartyName, d.PartyCode = p.Name, p.IDNumber
	} else {
		d.PartyName = MaskName(p.Name)
	}
	d.CaseName = mask(strings.TrimSuffix(strings.TrimSpace(title), "案"))
	if d.CaseName == "" {
		d.CaseName = matterAct(d.Matter)
	}
	for _, l := range strings.Split(f.Description, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			d.Facts = append(d.Facts, mask(l))
		}
	}
	if dec != nil {
		for _, pen := range dec.Penalties {
			d.Penalties = append(d.Penalties, mask(penaltyText(pen)))
		}
	}
	d.Tier = cases.TierLabels[tier]
	d.Until = publicUntil(d.PublishedOn)
	return nil
}
