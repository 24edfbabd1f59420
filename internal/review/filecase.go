package review

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/inspection"
)

// inspectionFile is the inspection of file f as its reviewers read it:
// the visit, its steps, the checklist and the result (the enterprise's
// credit code left out, as the party's identity number is on a case).
func (s *Service) inspectionFile(ctx context.Context, f *File) (*CaseFile, error) {
	cf := &CaseFile{ID: f.InspectionID, Kind: KindInspection, Procedure: "inspection"}
	var kind, events, checklist string
	err := s.db.R.QueryRowContext(ctx, `SELECT i.code, COALESCE(m.name, i.matter_code), i.status, COALESCE(a.name, i.agency_code),
		i.kind, i.enterprise_name, i.visit_day, i.events, i.checklist FROM inspections i LEFT JOIN agencies a ON a.code = i.agency_code
		LEFT JOIN matters m ON m.code = i.matter_code WHERE i.id = $1`, f.InspectionID).
		Scan(&cf.CaseNo, &cf.MatterName, &cf.Status, &cf.AgencyName, &kind, &cf.Party, &cf.DecidedOn, &events, &checklist)
	if err != nil {
		return nil, err
	}
	cf.Title = cf.Party + "（" + inspection.KindLabel(kind) + "）"
	var evs []inspection.Event
	_ = json.Unmarshal([]byte(events), &evs)
	for _, e := range evs {
		note := e.Note
		if e.Summary != "" {
			note = strings.TrimSpace(e.Summary + " " + note)
		}
		if len(e.Officers) > 0 {
			note = strings.TrimSpace(note + " 执法人员：" + strings.Join(e.Officers, "、"))
		}
		if e.Type == inspection.EvResult {
			cf.Facts = e.Summary
			cf.Outcome = "未发现问题"
			if e.ProblemFound != nil && *e.ProblemFound {
				cf.Outcome = "发现问题"
			}
		}
		cf.Events = append(cf.Events, CaseEvent{Type: e.Type, Label: inspection.EventLabel(e.Type), At: e.At, Note: note})
	}
	var items []inspection.CheckItem
	_ = json.Unmarshal([]byte(checklist), &items)
	for _, it := range items {
		cf.Checklist = append(cf.Checklist, CheckLine{Item: it.Item, Note: it.Note, Problem: it.Problem})
	}
	return cf, nil
}

// CaseFile is the case of a drawn file as its reviewers read it: the
// record, the acts and the documents issued (the party's identity number
// left out — scoring does not need it).
type CaseFile struct {
	ID                          int64
	Kind                        string // KindPenalty or KindInspection
	CaseNo, Title, Status       string
	AgencyName, MatterName      string
	Procedure, PartyKind, Party string
	DecidedOn, Outcome, Facts   string
	FineFen                     int64
	Events                      []CaseEvent
	Documents                   []CaseDocument
	Checklist                   []CheckLine // an inspection's 一张表单 as filled on site
}

// CaseEvent is one act of the case (Label: its name in Chinese).
type CaseEvent struct{ Type, Label, At, Note string }

// CheckLine is one line of an inspection's checklist and what was found.
type CheckLine struct {
	Item, Note string
	Problem    bool
}

// CaseDocument is one document issued on the case.
type CaseDocument struct{ Kind, DocNo string }

// FileCase is the case of file id for its assigned reviewers and its
// body (auth.CanReadReviewedCase); to anyone else it does not exist.
func (s *Service) FileCase(ctx context.Context, p *auth.Principal, id int64) (*File, *CaseFile, error) {
	f, err := loadFile(ctx, s.db.R, id)
	if err != nil {
		return nil, nil, err
	}
	c, err := loadCampaign(ctx, s.db.R, f.CampaignID)
	if err != nil {
		return nil, nil, err
	}
	assigned := slices.ContainsFunc(f.Scores, func(m Mark) bool { return m.Reviewer == p.Username })
	if !auth.CanReadReviewedCase(p, assigned) && !IsBody(p, c) {
		return nil, nil, apperr.NotFoundf("评查案卷")
	}
	if f.Kind == KindInspection {
		cf, err := s.inspectionFile(ctx, f)
		return f, cf, err
	}
	cf := &CaseFile{ID: f.CaseID, Kind: KindPenalty}
	var facts, events string
	err = s.db.R.QueryRowContext(ctx, `SELECT c.case_no, c.title, c.status, COALESCE(a.name, c.agency_code), COALESCE(m.name, c.matter_code),
		c.procedure_kind, c.party_kind, c.party_name, c.decided_on, c.outcome, c.fine_fen, c.facts_json, c.events_json
		FROM cases c LEFT JOIN agencies a ON a.code = c.agency_code LEFT JOIN matters m ON m.code = c.matter_code WHERE c.id = $1`, f.CaseID).
		Scan(&cf.CaseNo, &cf.Title, &cf.Status, &cf.AgencyName, &cf.MatterName, &cf.Procedure, &cf.PartyKind, &cf.Party, &cf.DecidedOn,
			&cf.Outcome, &cf.FineFen, &facts, &events)
	if err != nil {
		return nil, nil, err
	}
	var fx struct {
		Description string `json:"description"`
	}
	_ = json.Unmarshal([]byte(facts), &fx)
	cf.Facts = fx.Description
	var evs []struct{ Type, At, Note string }
	_ = json.Unmarshal([]byte(events), &evs)
	for _, e := range evs {
		cf.Events = append(cf.Events, CaseEvent{Type: e.Type, Label: cases.EventLabel(e.Type), At: e.At, Note: e.Note})
	}
	rows, err := s.db.R.QueryContext(ctx, `SELECT kind, doc_no FROM case_documents WHERE case_id = $1 ORDER BY issued_at, id`, f.CaseID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var d CaseDocument
		if err := rows.Scan(&d.Kind, &d.DocNo); err != nil {
			return nil, nil, err
		}
		cf.Documents = append(cf.Documents, d)
	}
	return f, cf, rows.Err()
}
