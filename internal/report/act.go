package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/calendar"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// MaxNote is the longest explanation or note, in characters.
const MaxNote = 2000

// Service handles the agencies' 年报.
type Service struct{ db *store.DB }

// NewService builds the service.
func NewService(db *store.DB) *Service { return &Service{db: db} }

// remindOf is the reminder day of year on the stored calendar (lenient:
// a year without a schedule counts Monday to Friday).
func (s *Service) remindOf(ctx context.Context, year int) (law.Date, error) {
	cal, err := calendar.RulesCalendar(ctx, s.db.R)
	if err != nil {
		return law.Date{}, err
	}
	return ReminderDay(cal, year), nil
}

// system reads the registry's certificates for a report with no viewer.
func system(region string) *auth.Principal {
	return &auth.Principal{Role: auth.RoleAdmin, Region: region}
}

// draftTables drafts agency's tables of year from live data.
func draftTables(ctx context.Context, db *store.DB, year int, agency string) (*AgencyTables, error) {
	ags, err := agencies(ctx, db, "", agency)
	if err != nil {
		return nil, err
	}
	if len(ags) == 0 {
		return nil, apperr.NotFoundf("执法主体")
	}
	ag := ags[0]
	c, err := penalties(ctx, db, year, "", agency)
	if err != nil {
		return nil, err
	}
	src, err := readSources(ctx, db, system(ag.Region), year, ag.Region, agency)
	if err != nil {
		return nil, err
	}
	fill(ag, c[agency], src)
	return ag, nil
}

// CanSee reports whether p may read r: its agency's administrator or head,
// or supervision of its region.
func CanSee(p *auth.Principal, r *Report) bool {
	return auth.CanEditAgencyReport(p, r.Agency, r.Region) || auth.CanReviewReport(p, r.Region)
}

// Get reads report id for p (out of reach reads as not found).
func (s *Service) Get(ctx context.Context, p *auth.Principal, id int64) (*Report, error) {
	r, err := getReport(ctx, s.db.R, id)
	if err != nil || !CanSee(p, r) {
		return nil, apperr.NotFoundf("年报")
	}
	return r, nil
}

// List lists the agency reports of year p may read: its own agency's, or
// those of the agencies in its supervision region.
func (s *Service) List(ctx context.Context, p *auth.Principal, year int) ([]*Report, error) {
	w := &store.Where{}
	w.Add("r.year = ?", year)
	switch {
	case p != nil && p.Agency != "" && auth.CanEditAgencyReport(p, p.Agency, p.Region):
		w.Add("r.agency_code = ?", p.Agency)
	case auth.CanReviewReport(p, p.Region):
		auth.FilterRegion(p, w, "r.region_code")
	default:
		return nil, apperr.New(apperr.Forbidden, "只有执法部门管理员、负责人和监督机构可以查看年报报送")
	}
	return listReports(ctx, s.db.R, w, 2000)
}

// Offered lists the acts p may record on r now.
func Offered(p *auth.Principal, r *Report) []*flow.Act[*State] {
	if p == nil {
		return nil
	}
	var out []*flow.Act[*State]
	for _, a := range Workflow.Offered(&State{Status: r.Status}, p.Role) {
		if sideOK(p, r, a.Type) {
			out = append(out, a)
		}
	}
	return out
}

func sideOK(p *auth.Principal, r *Report, t string) bool {
	if Side[t] == "agency" {
		return auth.CanEditAgencyReport(p, r.Agency, r.Region)
	}
	return auth.CanReviewReport(p, r.Region)
}

// Act records act t with note on report id for p: the side first (who is
// not the act's agency or supervision is refused whatever the state), then
// the definition's role and state; the save swaps the version, judges
// again and syncs the finding, with the audit row (and, at publication,
// the record log's leaf) in one transaction.
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, t, note string) (*Report, error) {
	note = strings.TrimSpace(note)
	cur, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	a, known := Workflow.Act(t)
	if !known {
		return nil, apperr.NotFoundf("办理环节")
	}
	if !sideOK(p, cur, t) {
		who := map[string]string{"agency": "报送年报的执法部门", "supervision": "监督机构"}[Side[t]]
		return nil, apperr.New(apperr.Forbidden, "“%s”由%s办理", a.Label, who)
	}
	f := apperr.Fields{}
	if a.NoteRequired && note == "" {
		f.Set("note", "请填写"+a.NoteLabel)
	}
	textcheck.CheckLines(f, "note", note, MaxNote)
	if err := f.Err(); err != nil {
		return nil, err
	}
	var fresh *AgencyTables
	if t == "refresh" || t == "submit" {
		if fresh, err = draftTables(ctx, s.db, cur.Year, cur.Agency); err != nil {
			return nil, err
		}
	}
	remind, err := s.remindOf(ctx, cur.Year)
	if err != nil {
		return nil, err
	}
	today := clock.Today(ctx)
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		r, err := getReport(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := Workflow.Check(&State{Status: r.Status}, p.Role, t); err != nil {
			return err
		}
		before := *r
		switch t {
		case "refresh":
			r.Data = fresh
		case "submit":
			r.Data, r.Status = fresh, StSubmitted
		case "return":
			r.Status, r.ReviewNote = StReturned, note
		case "approve":
			r.Status, r.ReviewNote = StApproved, note
		case "publish":
			r.Status, r.PublishedOn = StPublished, today.String()
		}
		r.Acts = append(r.Acts, ActRecord{Type: t, Label: a.Label, Actor: p.Name, On: today.String(), Note: note})
		if err := save(ctx, tx, r, today, remind); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, t, Kind, strconv.FormatInt(r.ID, 10), r.Region, before, r); err != nil {
			return err
		}
		if t == "publish" {
			return flow.Record(ctx, tx, LedgerKind, strconv.FormatInt(r.ID, 10), leafContent(r))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// Explain sets the agency's explanations of its report's tables (keys of
// NoteKeys; an empty one is removed) while it may still be changed.
func (s *Service) Explain(ctx context.Context, p *auth.Principal, id int64, notes map[string]string) (*Report, error) {
	cur, err := s.Get(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanEditAgencyReport(p, cur.Agency, cur.Region) {
		return nil, apperr.New(apperr.Forbidden, "年报的说明由报送年报的执法部门填写")
	}
	f := apperr.Fields{}
	clean := map[string]string{}
	for _, k := range NoteKeys {
		v := strings.TrimSpace(notes[k.Key])
		if textcheck.CheckLines(f, "note_"+k.Key, v, MaxNote) && v != "" {
			clean[k.Key] = v
		}
	}
	if err := f.Err(); err != nil {
		return nil, err
	}
	remind, err := s.remindOf(ctx, cur.Year)
	if err != nil {
		return nil, err
	}
	err = flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		r, err := getReport(ctx, tx, id)
		if err != nil {
			return err
		}
		if why := editable(&State{Status: r.Status}); why != "" {
			return &apperr.Error{Code: apperr.Conflict, Message: "现在不能修改说明：" + why, Fields: apperr.Fields{"note_general": why}}
		}
		before := *r
		r.Notes = clean
		if err := save(ctx, tx, r, clock.Today(ctx), remind); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "explain", Kind, strconv.FormatInt(r.ID, 10), r.Region, before, r)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, id)
}

// leafContent is a published report's canonical content in the record
// log: what the portal shows.
func leafContent(r *Report) []byte {
	b, _ := json.Marshal(struct {
		Year        int               `json:"year"`
		Agency      string            `json:"agency_code"`
		Data        *AgencyTables     `json:"data"`
		Notes       map[string]string `json:"notes"`
		PublishedOn string            `json:"published_on"`
	}{r.Year, r.Agency, r.Data, r.Notes, r.PublishedOn})
	return b
}

// LedgerKind is the record-log kind of a published 年报; its ref is the id.
const LedgerKind = "annual_report"

// LedgerSource reads a published report as stored now, for `zfjd log
// verify` (ledger.Source).
func LedgerSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil {
		return nil, false, nil
	}
	r, err := getReport(ctx, q, id)
	if apperr.Is(err, apperr.NotFound) || (err == nil && r.Status != StPublished) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return leafContent(r), true, nil
}
