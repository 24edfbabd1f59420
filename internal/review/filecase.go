package review

import (
	"context"
	"encoding/json"
	"slices"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
)

// CaseFile is the case of a drawn file as its reviewers read it: the
// record, the acts and the documents issued (the party's identity number
// left out — scoring does not need it).
type CaseFile struct {
	ID                          int64
	CaseNo, Title, Status       string
	AgencyName, MatterName      string
	Procedure, PartyKind, Party string
	DecidedOn, Outcome, Facts   string
	FineFen                     int64
	Events                      []CaseEvent
	Documents                   []CaseDocument
}

// CaseEvent is one act of the case.
type CaseEvent struct{ Type, At, Note string }

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
	cf := &CaseFile{ID: f.CaseID}
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
		cf.Events = append(cf.Events, CaseEvent(e))
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
