package cases

import (
	"encoding/json"

	"zfjd/internal/flow"
)

// Bulk is one case as Put would write it — the columns of its cases row,
// its findings and its record-log content — computed without a database,
// for the bulk loader of generated datasets (internal/scale). The status,
// deadlines and findings come from the same normalisation and Judge.
type Bulk struct {
	Case                                                *Case
	PartyJSON, FactsJSON, EventsJSON, DeadlinesJSON     string
	BodyHash                                            string
	Filed, Decided, Outcome, Tier, Published, Withdrawn string
	FineFen                                             int64
	NextCheck                                           string
	Findings                                            []flow.Finding
	LedgerKind, LedgerRef                               string
	LedgerContent                                       []byte
}

// PrepareBulk normalizes c as Put does (an invalid case is refused with
// the same Chinese field errors), judges it with env and returns what a
// write would store. c.CaseNo is kept: the loader numbers cases itself.
func PrepareBulk(c *Case, env *Env) (*Bulk, error) {
	no := c.CaseNo
	if err := c.normalize(env.Today); err != nil {
		return nil, err
	}
	c.CaseNo = no
	jd := Judge(c, env)
	c.Status, c.Deadlines, c.Warnings = jd.Status, jd.Deadlines, jd.Warnings
	if c.Warnings == nil {
		c.Warnings = []Warning{}
	}
	if c.Events == nil {
		c.Events = []Event{}
	}
	party, _ := json.Marshal(c.Party)
	facts, _ := json.Marshal(c.Facts)
	events, _ := json.Marshal(c.Events)
	deadlines, _ := json.Marshal(c.Deadlines)
	d := c.derived()
	b := &Bulk{Case: c, PartyJSON: string(party), FactsJSON: string(facts), EventsJSON: string(events),
		DeadlinesJSON: string(deadlines), BodyHash: c.bodyHash(), Filed: d.filed, Decided: d.decided, Outcome: d.outcome,
		Tier: d.tier, Published: d.published, Withdrawn: d.withdrawn, FineFen: d.fine, NextCheck: jd.NextCheck,
		LedgerKind: Workflow.Kind, LedgerRef: c.ledgerRef(), LedgerContent: c.ledgerContent()}
	for _, w := range c.Warnings {
		b.Findings = append(b.Findings, flow.Finding{Rule: w.Rule, Key: w.key, Severity: w.Severity, Message: w.Message,
			Basis: w.Basis, Due: w.Due})
	}
	return b, nil
}

// ParseStored prepares a case read back from its stored events JSON for
// Judge (the event instants are parsed as scanCase does), for benchmarks
// that judge every stored case in memory.
func ParseStored(c *Case) error {
	for i := range c.Events {
		w, err := parseWhen(c.Events[i].At)
		if err != nil {
			return err
		}
		c.Events[i].when = w
	}
	return nil
}
