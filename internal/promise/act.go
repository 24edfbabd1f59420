package promise

import (
	"context"
	"database/sql"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/law"
	"zfjd/internal/textcheck"
)

// MaxNote is the longest note, in characters.
const MaxNote = 1000

// sideAgency is the agency that records act t on pr.
func sideAgency(pr *Promise, t string, item *Item) string {
	if Side[t] == "verifier" {
		if pr.VerifyAgency != "" {
			return pr.VerifyAgency
		}
		return item.VerifyAgency
	}
	return pr.AgencyCode
}

// Offered lists the acts p may record on pr now.
func Offered(p *auth.Principal, pr *Promise) []*flow.Act[*State] {
	if p == nil {
		return nil
	}
	var out []*flow.Act[*State]
	for _, a := range Workflow.Offered(StateOf(pr), p.Role) {
		agency := pr.AgencyCode
		if Side[a.Type] == "verifier" {
			agency = pr.VerifyAgency
		}
		if auth.ActsForAgency(p, agency) {
			out = append(out, a)
		}
	}
	return out
}

// Act records act t with note on promise id for p: the definition says
// whether the state allows it and which role, Side which agency. The
// save swaps the version, judges again and syncs the findings, with the
// audit row and the record log's leaf, in one transaction.
func (s *Service) Act(ctx context.Context, p *auth.Principal, id int64, t, note string) (*Promise, error) {
	note = strings.TrimSpace(note)
	var out *Promise
	err := flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		pr, err := getPromise(ctx, tx, id)
		if err != nil || !auth.CanSeePromise(p, pr.Target(), pr.VerifyAgency) {
			return apperr.NotFoundf("承诺记录")
		}
		a, known := Workflow.Act(t)
		if p == nil || !known {
			return apperr.NotFoundf("办理环节")
		}
		item, err := getItem(ctx, tx, pr.ItemID)
		if err != nil {
			return err
		}
		// The side first: who is not the agency of the act is refused
		// whatever the state, so the state tells it nothing.
		if !auth.ActsForAgency(p, sideAgency(pr, t, item)) {
			who := map[string]string{"receiver": "受理承诺的部门", "verifier": "负责协助核查的部门"}[Side[t]]
			return apperr.New(apperr.Forbidden, "“%s”由%s办理", a.Label, who)
		}
		if err := Workflow.Check(StateOf(pr), p.Role, t); err != nil {
			return err
		}
		f := apperr.Fields{}
		if a.NoteRequired && note == "" {
			f.Set("note", "请填写"+a.NoteLabel)
		}
		textcheck.CheckLines(f, "note", note, MaxNote)
		if err := f.Err(); err != nil {
			return err
		}
		before := *pr
		today := clock.Today(ctx)
		switch t {
		case "send":
			cal, err := s.cal(ctx, tx)
			if err != nil {
				return err
			}
			due, err := cal.AddWorkdays(today, item.VerifyDays)
			if err != nil {
				return err
			}
			pr.VerifyAgency, pr.SentOn, pr.Due = item.VerifyAgency, today.String(), due.String()
		case "confirm", "refute":
			pr.AnsweredOn, pr.AnswerNote = today.String(), note
			pr.Result = map[string]string{"confirm": "true", "refute": "false"}[t]
		case "dispose":
			pr.DisposedOn, pr.Consequence = today.String(), note
		}
		if err := s.save(ctx, tx, pr, today); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, p, t, "promise", itoa(pr.ID), pr.RegionCode, before, pr); err != nil {
			return err
		}
		out = pr
		return leaf(ctx, tx, pr)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, p, out.ID)
}

// save writes pr's columns under the version it was read at, with its
// judgement (findings and next check).
func (s *Service) save(ctx context.Context, tx *sql.Tx, pr *Promise, today law.Date) error {
	if err := flow.Swap(ctx, tx, "promises", pr.ID, pr.Version); err != nil {
		return err
	}
	fs, next := Judge(pr, today)
	pr.NextCheck = next
	if _, err := tx.ExecContext(ctx, `UPDATE promises SET verify_agency=$2, sent_on=$3, due=$4, answered_on=$5, result=$6, answer_note=$7,
		consequence=$8, disposed_on=$9, next_check=$10 WHERE id=$1`, pr.ID, pr.VerifyAgency, pr.SentOn, pr.Due, pr.AnsweredOn, pr.Result,
		pr.AnswerNote, pr.Consequence, pr.DisposedOn, pr.NextCheck); err != nil {
		return err
	}
	agency := pr.AgencyCode
	if pr.Result == "" && pr.VerifyAgency != "" {
		agency = pr.VerifyAgency // an overdue check is the verifier's to answer
	}
	return flow.SyncFindings(ctx, tx, flow.Subject{Kind: "promise", ID: pr.ID, Region: pr.RegionCode, Agency: agency}, fs, clock.Millis(ctx))
}

// Rejudge judges promise id again on today (the daily pass).
func (s *Service) Rejudge(ctx context.Context, id int64) error {
	return flow.Retry(ctx, s.db, func(tx *sql.Tx) error {
		pr, err := getPromise(ctx, tx, id)
		if err != nil {
			return err
		}
		return s.save(ctx, tx, pr, clock.Today(ctx))
	})
}

// Due is the promises' part in the daily pass: a check's deadline passing
// raises its overdue finding.
func (s *Service) Due() flow.Due {
	return flow.Due{Kind: "promise", Table: "promises", Rejudge: s.Rejudge}
}

// Findings lists the open findings of promise id.
func (s *Service) Findings(ctx context.Context, id int64) ([]flow.Finding, error) {
	return flow.OpenFindings(ctx, s.db.R, "promise", id)
}
