package docs

import (
	"context"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
)

// Evidence is one item of evidence as documents list it (处罚法 Art. 46, 59(二)).
type Evidence struct {
	Kind        string // documentary, physical, … (Art. 46), or a label
	Title       string
	CollectedOn string
	Note        string
}

// Options tune Render.
type Options struct {
	// Evidence to list on the decision and notice; nil reads the case's
	// items from the evidence table when the database has one.
	Evidence []Evidence
}

// Render builds the document kind of case id as p sees it. The case must
// be visible to p; a document the case has not reached yet (per the case
// workflow, cases.DocsReached) is not found. Render only reads: a document
// shows the numbers issued so far (or a blank); Issue gives them.
func Render(ctx context.Context, svc *cases.Service, p *auth.Principal, caseID int64, kind string, opt *Options) (*Document, error) {
	k, c, d, err := load(ctx, svc, p, caseID, kind, opt)
	if err != nil {
		return nil, err
	}
	issued, err := IssuedFor(ctx, svc.DB().R, c.ID)
	if err != nil {
		return nil, err
	}
	for _, kk := range companions(k.Kind) {
		if no := d.sourceNo(kk); no != "" {
			d.nos[kk] = no
		} else {
			d.nos[kk] = issued[kk].DocNo
		}
	}
	return d.build(ctx, k), nil
}

// Issue numbers the document kind of case id (and the documents issued
// with it: 决定书 and 信用修复告知书 together, 两书同达) the first time, by
// an explicit act of the case agency's officer or head (POST), and returns
// the document. A number once given is never given again.
func Issue(ctx context.Context, svc *cases.Service, p *auth.Principal, caseID int64, kind string, opt *Options) (*Document, error) {
	k, c, d, err := load(ctx, svc, p, caseID, kind, opt)
	if err != nil {
		return nil, err
	}
	if !CanIssue(p, c) {
		return nil, apperr.New(apperr.Forbidden, "只有本执法主体的执法人员和负责人可以为文书编号")
	}
	for _, kk := range companions(k.Kind) {
		if no := d.sourceNo(kk); no != "" {
			d.nos[kk] = no // numbered by the source system
			continue
		}
		no, err := issue(ctx, svc.DB(), p, c.ID, c.RegionCode, d.issuer.code, kk, yearOf(ctx, d.date(kk)))
		if err != nil {
			return nil, err
		}
		d.nos[kk] = no
	}
	return d.build(ctx, k), nil
}

// CanIssue reports whether p may number the documents of c: the case
// agency's officers and head, or the agency's own case system (an
// integration token bound to that agency) — never another agency's or a
// region-wide token.
func CanIssue(p *auth.Principal, c *cases.Case) bool {
	if p == nil || p.Agency != c.AgencyCode || !auth.CanChange(p, auth.KindCase, c.Target()) {
		return false
	}
	return p.Role == auth.RoleOfficer || p.Role == auth.RoleHead || p.Role == auth.RoleIntegration
}

func load(ctx context.Context, svc *cases.Service, p *auth.Principal, caseID int64, kind string, opt *Options) (*KindInfo, *cases.Case, *caseData, error) {
	k := KindOf(kind)
	if k == nil {
		return nil, nil, nil, errUnknownKind(kind)
	}
	c, err := svc.Get(ctx, p, caseID)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := gather(ctx, svc.DB(), c, opt)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := d.available(k); err != nil {
		return nil, nil, nil, err
	}
	return k, c, d, nil
}

// companions are the documents numbered with kind.
func companions(kind string) []string {
	if kind == "decision" || kind == "credit" || kind == "receipt" {
		return []string{"decision", "credit", kind}
	}
	return []string{kind}
}

// sourceNo is the number a source system gave the document on its event.
func (d *caseData) sourceNo(kind string) string {
	if kind == "credit" {
		return ""
	}
	if ev := d.first(KindOf(kind).Event); ev != nil {
		return strings.TrimSpace(ev.DocNo)
	}
	return ""
}

func (d *caseData) build(ctx context.Context, k *KindInfo) *Document {
	c := d.c
	doc := &Document{CaseID: c.ID, Kind: k.Kind, Title: k.Title, at: clock.Now(ctx)}
	switch k.Kind {
	case "filing":
		doc.Pages = []Page{d.filing()}
	case "notice":
		doc.Pages = []Page{d.notice()}
	case "hearing":
		doc.Pages = []Page{d.hearing()}
	case "decision":
		doc.Pages = []Page{d.decision(), d.credit()}
	case "credit":
		doc.Pages = []Page{d.credit()}
	case "receipt":
		doc.Pages = []Page{d.receipt()}
	}
	doc.DocNo = doc.Pages[0].DocNo
	return doc
}

// Availability lists, for a case, the kinds it has reached (for links on
// the case page).
func Availability(c *cases.Case) []KindInfo {
	d := &caseData{c: c}
	var out []KindInfo
	for _, k := range Kinds {
		if d.available(&k) == nil {
			out = append(out, k)
		}
	}
	return out
}
