package docs

import (
	"context"
	"encoding/json"
	"fmt"
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

const publicCols = `c.id, c.agency_code, COALESCE(a.name, ''), c.region_code, COALESCE(r.name, ''), COALESCE(m.name, ''),
	COALESCE(m.legal_basis, ''), c.title, c.party_json, c.facts_json, c.events_json, c.decided_on, c.published_on, c.withdrawn_on,
	c.fine_fen, c.tier, COALESCE(d.doc_no, '')`

const publicFrom = ` FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code LEFT JOIN regions r ON r.code = c.region_code
	LEFT JOIN matters m ON m.code = c.matter_code LEFT JOIN case_documents d ON d.case_id = c.id AND d.kind = 'decision'`

// publicWhere are the decisions on the public list today.
func publicWhere(ctx context.Context, w *store.Where) {
	w.Add("c.outcome = 'penalty' AND c.decided_on <> '' AND c.published_on <> '' AND c.withdrawn_on = ''")
	w.Add("c.published_on >= ?", publicCutoff(ctx))
}

// ListPublic lists the decisions on public display, newest publication first.
func ListPublic(ctx context.Context, db *store.DB, f *PublicFilter) ([]*PublicDecision, error) {
	f.Page.Normalize()
	f.Q = store.SearchTerm(f.Q) // trimmed, capped at store.MaxSearch characters
	w := &store.Where{}
	publicWhere(ctx, w)
	if f.Region != "" {
		if prefix := ident.RegionPrefix(f.Region); prefix != "" && ident.ValidateRegionCode(f.Region) == nil {
			w.Add("c.region_code >= ? AND c.region_code < ?", prefix, ident.PrefixEnd(prefix))
		} else {
			w.Add("1 = 0")
		}
	}
	if f.Agency != "" {
		w.Add("c.agency_code = ?", ident.NormalizeUSCC(f.Agency))
	}
	order := ` ORDER BY c.published_on DESC, c.decided_on DESC, c.id DESC`
	if f.Q == "" {
		if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM cases c`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
			return nil, err
		}
		lim, off := w.Arg(f.Size), w.Arg(f.Offset())
		return queryPublic(ctx, db.R, `SELECT `+publicCols+publicFrom+w.SQL()+order+` LIMIT `+lim+` OFFSET `+off, w.Args...)
	}
	like := store.Like(f.Q)
	cond := `c.party_name LIKE ? ESCAPE '\' OR c.party_id_number LIKE ? ESCAPE '\' OR c.title LIKE ? ESCAPE '\'
		OR c.facts_json LIKE ? ESCAPE '\' OR c.events_json LIKE ? ESCAPE '\' OR a.name LIKE ? ESCAPE '\'
		OR m.name LIKE ? ESCAPE '\' OR d.doc_no LIKE ? ESCAPE '\'`
	args := []any{like, like, like, like, like, like, like, like}
	if strings.Contains(f.Q, "某") || strings.Contains(f.Q, "隐去") {
		cond += ` OR c.party_kind = 'person'` // masked text a raw column does not contain
	}
	w.Add("("+cond+")", args...)
	lim := w.Arg(maxSearch)
	all, err := queryPublic(ctx, db.R, `SELECT `+publicCols+publicFrom+w.SQL()+order+` LIMIT `+lim, w.Args...)
	if err != nil {
		return nil, err
	}
	var hits []*PublicDecision
	for _, d := range all {
		if d.matches(f.Q) {
			hits = append(hits, d)
		}
	}
	f.Total = len(hits)
	from := min(f.Offset(), len(hits))
	return hits[from:min(from+f.Size, len(hits))], nil
}

// matches reports whether q is in the public text of d.
func (d *PublicDecision) matches(q string) bool {
	fields := slices.Concat([]string{d.DocNo, d.PartyName, d.PartyCode, d.AgencyName, d.Matter, d.CaseName}, d.Facts)
	for _, s := range fields {
		if strings.Contains(s, q) {
			return true
		}
	}
	return false
}

// GetPublic loads the public page of decision id. A withdrawn decision
// answers with Withdrawn set and no content; one that was never published,
// or whose publication period ended, is not found.
func GetPublic(ctx context.Context, db *store.DB, id int64) (*PublicDecision, error) {
	list, err := queryPublic(ctx, db.R, `SELECT `+publicCols+publicFrom+
		` WHERE c.id = $1 AND c.outcome = 'penalty' AND c.decided_on <> '' AND c.published_on <> ''`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, apperr.New(apperr.NotFound, "该行政处罚决定信息不存在或未公示")
	}
	d := list[0]
	if !d.Withdrawn && d.PublishedOn < publicCutoff(ctx) {
		return nil, apperr.New(apperr.NotFound, "该行政处罚决定信息公示期已满，已停止公示")
	}
	return d, nil
}

// PublicChoice is an option of the public filters.
type PublicChoice struct{ Code, Name string }

// PublicChoices lists the regions and agencies that have decisions on
// display, for the filters.
func PublicChoices(ctx context.Context, db *store.DB) (regions, agencies []PublicChoice, err error) {
	w := &store.Where{}
	publicWhere(ctx, w)
	read := func(q string) ([]PublicChoice, error) {
		rows, err := db.R.QueryContext(ctx, q, w.Args...)
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
	regions, err = read(`SELECT DISTINCT c.region_code, COALESCE(r.name, c.region_code) FROM cases c
		LEFT JOIN regions r ON r.code = c.region_code` + w.SQL() + ` ORDER BY c.region_code`)
	if err != nil {
		return nil, nil, err
	}
	agencies, err = read(`SELECT DISTINCT c.agency_code, COALESCE(a.name, c.agency_code) FROM cases c
		LEFT JOIN agencies a ON a.code = c.agency_code` + w.SQL() + ` ORDER BY 2`)
	return regions, agencies, err
}

func queryPublic(ctx context.Context, q store.Querier, query string, args ...any) ([]*PublicDecision, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*PublicDecision
	for rows.Next() {
		var d PublicDecision
		var title, party, facts, events, tier, issued string
		if err := rows.Scan(&d.ID, &d.AgencyCode, &d.AgencyName, &d.RegionCode, &d.RegionName, &d.Matter, &d.Basis, &title,
			&party, &facts, &events, &d.DecidedOn, &d.PublishedOn, &d.WithdrawnOn, &d.FineFen, &tier, &issued); err != nil {
			return nil, err
		}
		if err := d.fill(title, party, facts, events, tier, issued); err != nil {
			return nil, fmt.Errorf("public decision %d: %w", d.ID, err)
		}
		out = append(out, &d)
	}
	return out, rows.Err()
}

// fill turns the stored case into its public view. Everything personal is
// masked here, in one place, by MaskPublic; templates only print what is
// left, and the search matches only it.
func (d *PublicDecision) fill(title, partyJSON, factsJSON, eventsJSON, tier, issued string) error {
	var p cases.Party
	var f cases.Facts
	var evs []cases.Event
	for _, x := range []struct {
		s string
		v any
	}{{partyJSON, &p}, {factsJSON, &f}, {eventsJSON, &evs}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return err
		}
	}
	mask := NewMasker(PublicParty{Kind: p.Kind, Name: p.Name, IDNumber: p.IDNumber, Address: p.Address, Contact: p.Contact}).Mask
	var dec, wd *cases.Event
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
