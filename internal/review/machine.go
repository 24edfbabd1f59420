package review

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"zfjd/internal/docs"
	"zfjd/internal/flow"
	"zfjd/internal/store"
)

// Machine pre-scoring: the items of a standard that name platform rules
// are the ones the platform judges from the case's data — two officers
// (OFFICERS_INSUFFICIENT), valid certificates (CERTIFICATE_INVALID),
// deadlines met (DECISION_OVERDUE, DELIVERY_OVERDUE …), legal review done
// (LEGAL_REVIEW_MISSING), limitation (LIMITATION_EXPIRED) — from the
// findings on the case, and documents present (DOCUMENT_MISSING,
// RECEIPT_MISSING) from its events and documents. Each such item is marked
// on the file as the platform found it (the findings' messages) or as
// checked without a finding, so reviewers spend their time on the items
// that need a person.

// Rules the review itself judges from the case's documents.
const (
	RuleDocumentMissing = "DOCUMENT_MISSING" // a step's document neither issued on the platform nor numbered by the case system
	RuleReceiptMissing  = "RECEIPT_MISSING"  // a delivery without its 送达回证
)

// machineRules are the rules that hold on a case for the review, each with
// its messages: its findings not cured (a closed-out finding still counts:
// the file shows the defect) and the documents missing.
func machineRules(ctx context.Context, q store.Querier, caseID int64) (map[string][]string, error) {
	out := map[string][]string{}
	rows, err := q.QueryContext(ctx, `SELECT rule, message, due, status, resolved_at FROM findings WHERE subject_kind = 'case'
		AND subject_id = $1 AND stage <> 'cured' ORDER BY id`, caseID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r, m, due, st string
		var resolved int64
		if err := rows.Scan(&r, &m, &due, &st, &resolved); err != nil {
			rows.Close()
			return nil, err
		}
		out[r] = append(out[r], flow.MessageOn(ctx, m, due, st, resolved)) // the days overdue put in
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	var events string
	if err := q.QueryRowContext(ctx, `SELECT events_json FROM cases WHERE id = $1`, caseID).Scan(&events); err != nil {
		return nil, err
	}
	var evs []struct {
		Type  string `json:"type"`
		DocNo string `json:"doc_no"`
	}
	_ = json.Unmarshal([]byte(events), &evs)
	drows, err := q.QueryContext(ctx, `SELECT kind FROM case_documents WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, err
	}
	var issued []string
	for drows.Next() {
		var k string
		if err := drows.Scan(&k); err != nil {
			drows.Close()
			return nil, err
		}
		issued = append(issued, k)
	}
	if err := drows.Close(); err != nil {
		return nil, err
	}
	for _, m := range DocumentsMissing(evs, issued) {
		rule := RuleDocumentMissing
		if m.Kind == "receipt" {
			rule = RuleReceiptMissing
		}
		out[rule] = append(out[rule], "缺少"+m.Title)
	}
	return out, nil
}

// DocumentsMissing are the documents the case's steps call for that are
// neither issued on the platform (issued kinds) nor numbered on the step
// by the case system (the step's doc_no). The 信用修复告知书 goes with the
// decision and is not asked for on its own.
func DocumentsMissing(events []struct {
	Type  string `json:"type"`
	DocNo string `json:"doc_no"`
}, issued []string) []docs.KindInfo {
	var out []docs.KindInfo
	for _, k := range docs.Kinds {
		if k.Kind == "credit" || slices.Contains(issued, k.Kind) {
			continue
		}
		// As the document pages do (docs.caseData.sourceNo): the first
		// step of the kind carries the source system's number.
		i := slices.IndexFunc(events, func(e struct {
			Type  string `json:"type"`
			DocNo string `json:"doc_no"`
		}) bool {
			return e.Type == k.Event
		})
		if i >= 0 && strings.TrimSpace(events[i].DocNo) == "" {
			out = append(out, k)
		}
	}
	return out
}

// Machine is, for each item of std the platform judges, what it found on
// the case: the messages of the rules that fired (the item pre-filled), or
// none (checked, nothing found).
func Machine(std *Standard, found map[string][]string) map[string][]string {
	out := map[string][]string{}
	for _, it := range std.Items {
		if len(it.Rules) == 0 || std.Heading(it.Code) {
			continue
		}
		msgs := []string{}
		for _, r := range it.Rules {
			msgs = append(msgs, found[r]...)
		}
		out[it.Code] = msgs
	}
	return out
}

// prefillOf is the machine's sheet for a file: Prefill of the rules found,
// with what it found per item.
func prefillOf(std *Standard, found map[string][]string) Sheet {
	var rules []string
	for r := range found {
		rules = append(rules, r)
	}
	slices.Sort(rules)
	sh := Prefill(std, rules)
	sh.Machine = Machine(std, found)
	return sh
}
