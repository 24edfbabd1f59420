package cases

import (
	"fmt"

	"zfjd/internal/apperr"
	"zfjd/internal/textcheck"
)

// Limits of the case's free text, in characters. The spec sets none; these
// are far above what a 案由, a party or a 违法事实 needs, and keep one case
// from carrying megabytes (probe L6: a 20,000-character title and 900 KB of
// facts were accepted).
const (
	maxTitle       = 200
	maxPartyName   = 100
	maxAddress     = 200
	maxContact     = 100
	maxDescription = textcheck.Long
	maxNote        = textcheck.Long
	maxRef         = textcheck.Code
)

// checkText refuses NUL, bidi overrides and other control characters in
// the case's own text fields and caps their length (textcheck); normalize
// calls it, so the exchange API and the UI refuse the same.
func (c *Case) checkText(f apperr.Fields) {
	textcheck.CheckText(f, "title", c.Title, maxTitle)
	textcheck.CheckText(f, "party.name", c.Party.Name, maxPartyName)
	textcheck.CheckText(f, "party.address", c.Party.Address, maxAddress)
	textcheck.CheckText(f, "party.contact", c.Party.Contact, maxContact)
	textcheck.CheckLines(f, "facts.description", c.Facts.Description, maxDescription)
}

// checkText is the same for the free text of one event (path is its JSON
// path, e.g. "events[3]").
func (e *Event) checkText(f apperr.Fields, path string) {
	textcheck.CheckLines(f, path+".note", e.Note, maxNote)
	if e.DeviationReason != nil {
		textcheck.CheckLines(f, path+".deviation_reason", *e.DeviationReason, maxNote)
	}
	for _, x := range []struct{ name, v string }{{"actor", e.Actor}, {"host", e.Host}, {"reviewer", e.Reviewer},
		{"doc_no", e.DocNo}, {"ref", e.Ref}} {
		textcheck.CheckText(f, path+"."+x.name, x.v, maxRef)
	}
	for i, o := range e.Officers {
		textcheck.CheckText(f, fmt.Sprintf("%s.officers[%d]", path, i), o, maxRef)
	}
	for i, p := range e.Penalties {
		textcheck.CheckText(f, fmt.Sprintf("%s.penalties[%d].note", path, i), p.Note, textcheck.Short)
	}
}
