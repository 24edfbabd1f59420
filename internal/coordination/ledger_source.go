package coordination

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/ledger"
	"zfjd/internal/store"
)

// The leaves of a dispute (Kind), a transfer (TransferKind) and a joint
// action (JointKind) are its opening, then one per act; each is built by
// the functions below, the same when it is written and when `zfjd log
// verify` rebuilds it from the rows (the Sources).

// disputeOpenContent is a dispute's first leaf.
func disputeOpenContent(in Opening, region, due, at, actor string) map[string]any {
	return map[string]any{"open": in, "region": region, "answer_due": due, "at": at, "actor": actor}
}

// transferSendContent is a transfer's first leaf.
func transferSendContent(in TransferOpening, region, sender, due, at, actor string) map[string]any {
	return map[string]any{"send": in, "region": region, "sender": sender, "due": due, "at": at, "actor": actor}
}

// jointOpenContent is a joint action's first leaf.
func jointOpenContent(in JointOpening, region, at, actor string) map[string]any {
	return map[string]any{"open": in, "region": region, "at": at, "actor": actor}
}

// actContent is the leaf of act a by actor with the status after it; the
// leaves of disputes and joint actions name the act's agency, a
// transfer's do not.
func actContent(a Act, actor, status string, agency bool) map[string]any {
	m := map[string]any{"act": a.Type, "at": a.At, "actor": actor, "note": a.Note, "data": a.Data, "status": status}
	if agency {
		m["agency"] = a.AgencyCode
	}
	return m
}

// orderedLike is the agencies stored (in key order) in the order the leaf
// lists them when it lists the same ones: the rows keep the set, the
// order the opening gave them is the leaf's alone.
func orderedLike(stored []string, leaf []string) []string {
	if len(leaf) == len(stored) && !slices.ContainsFunc(leaf, func(s string) bool { return !slices.Contains(stored, s) }) {
		return leaf
	}
	return stored
}

func codesOf(ps []Party) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.AgencyCode
	}
	return out
}

// opening is the part of a leaf that the rows do not keep: the answer
// days and the order of the agencies given when it was opened.
type opening struct {
	AnswerDays int      `json:"answer_days"`
	Agencies   []string `json:"agencies"`
	Members    []string `json:"members"`
}

func leafOpening(fields map[string]json.RawMessage, key string) opening {
	var o opening
	ledger.Take(fields, key, &o)
	return o
}

func parseRef(ref string) (int64, bool) {
	id, err := strconv.ParseInt(ref, 10, 64)
	return id, err == nil
}

func found(content map[string]any, err error) ([]byte, bool, error) {
	if apperr.Is(err, apperr.NotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	b, err := json.Marshal(content)
	return b, err == nil, err
}

// DisputeSource reads a dispute's last logged step as stored now, for
// `zfjd log verify` (ledger.Source).
func DisputeSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, ok := parseRef(ref)
	if !ok {
		return nil, false, nil
	}
	return found(disputeContent(ctx, q, id, ref))
}

func disputeContent(ctx context.Context, q store.Querier, id int64, ref string) (map[string]any, error) {
	d, err := loadFull(ctx, q, id)
	if err != nil {
		return nil, err
	}
	leaf, err := ledger.LatestFields(ctx, q, Kind, ref)
	if err != nil {
		return nil, err
	}
	if n := len(d.Acts); n > 0 {
		a := d.Acts[n-1]
		if _, ok := a.Data["holders"]; ok && a.Data["matter_version"] == nil {
			// Acts recorded before the act row kept the matter's version.
			var data map[string]any
			ledger.Take(leaf, "data", &data)
			if v, ok := data["matter_version"]; ok {
				a.Data["matter_version"] = v
			}
		}
		return actContent(a, a.Actor, d.Status, true), nil
	}
	o := leafOpening(leaf, "open")
	in := Opening{Kind: d.Kind, Title: d.Title, Summary: d.Summary, Agencies: orderedLike(codesOf(d.Parties), o.Agencies),
		Applicant: d.Applicant, MatterCode: d.MatterCode, CaseID: d.CaseID, AnswerDays: o.AnswerDays}
	return disputeOpenContent(in, d.RegionCode, d.AnswerDue, d.OpenedOn, d.CreatedBy), nil
}

// TransferSource reads a transfer's last logged step as stored now, for
// `zfjd log verify` (ledger.Source).
func TransferSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, ok := parseRef(ref)
	if !ok {
		return nil, false, nil
	}
	return found(transferContent(ctx, q, id, ref))
}

func transferContent(ctx context.Context, q store.Querier, id int64, ref string) (map[string]any, error) {
	t, err := loadTransfer(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if n := len(t.Acts); n > 0 {
		a := t.Acts[n-1]
		return actContent(a, a.Actor, t.Status, false), nil
	}
	var by string
	if err := q.QueryRowContext(ctx, `SELECT created_by FROM transfers WHERE id = $1`, id).Scan(&by); err != nil {
		return nil, err
	}
	leaf, err := ledger.LatestFields(ctx, q, TransferKind, ref)
	if err != nil {
		return nil, err
	}
	in := TransferOpening{Kind: t.Kind, RecipientKind: t.RecipientKind, Recipient: t.Recipient, Subject: t.Subject, Summary: t.Summary,
		CaseID: t.CaseID, Urgent: t.Urgent, AnswerDays: leafOpening(leaf, "send").AnswerDays}
	return transferSendContent(in, t.RegionCode, t.Sender, t.AnswerDue, t.SentOn, by), nil
}

// JointSource reads a joint action's last logged step as stored now, for
// `zfjd log verify` (ledger.Source).
func JointSource(ctx context.Context, q store.Querier, ref string) ([]byte, bool, error) {
	id, ok := parseRef(ref)
	if !ok {
		return nil, false, nil
	}
	return found(jointContent(ctx, q, id, ref))
}

func jointContent(ctx context.Context, q store.Querier, id int64, ref string) (map[string]any, error) {
	j, err := loadJoint(ctx, q, id)
	if err != nil {
		return nil, err
	}
	if n := len(j.Acts); n > 0 {
		a := j.Acts[n-1]
		return actContent(a, a.Actor, j.Status, true), nil
	}
	var by string
	if err := q.QueryRowContext(ctx, `SELECT created_by FROM joint_actions WHERE id = $1`, id).Scan(&by); err != nil {
		return nil, err
	}
	leaf, err := ledger.LatestFields(ctx, q, JointKind, ref)
	if err != nil {
		return nil, err
	}
	in := JointOpening{Title: j.Title, Summary: j.Summary, Lead: j.Lead, Members: orderedLike(codesOf(j.Members), leafOpening(leaf, "open").Members),
		PartyID: j.PartyID, PartyName: j.PartyName, StartsOn: j.StartsOn, EndsOn: j.EndsOn}
	return jointOpenContent(in, j.RegionCode, j.OpenedOn, by), nil
}
