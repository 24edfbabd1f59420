// Package flow is the workflow kernel: the one mechanism every supervised
// process (penalty cases, warning handling, complaints, inspections,
// supervision cases, case-file reviews) is written in. A process is a
// Definition — its acts as data — over a state its client derives from the
// subject's events; judging is the client's pure function; findings,
// versioned saves, the due pass and numbering are shared here. The package
// knows no domain words: labels, hints and rules come from the client.
package flow

import (
	"slices"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
)

// Act is one step a workflow offers. S is the client's state type.
type Act[S any] struct {
	Type  string
	Label string // 中文名称
	Hint  string // one line with the law behind it, shown beside the form
	// Roles may record the act; RolesIn, when set, answers instead for a
	// state (e.g. the officers on the spot decide a summary case).
	Roles   []auth.Role
	RolesIn func(s S) []auth.Role
	// Blocked says why the act is not available in s ("" = available),
	// in Chinese and citing the article, so a refusal explains itself.
	Blocked      func(s S) string
	NoteLabel    string // label of the free-text field; "" = no note field
	NoteRequired bool
	TwoOfficers  bool     // done by at least two officers with valid certificates
	Meets        []string // deadlines the act meets
	Docs         []string // documents it reaches (numbered when the act is recorded)
	Ends         bool     // ends the process (no act after it but the ones that follow an end)
}

// Definition is one workflow: the kind of subject and its acts in the
// order a page offers them.
type Definition[S any] struct {
	Kind string
	Acts []*Act[S]
}

// Act returns the act of type t.
func (d *Definition[S]) Act(t string) (*Act[S], bool) {
	i := slices.IndexFunc(d.Acts, func(a *Act[S]) bool { return a.Type == t })
	if i < 0 {
		return nil, false
	}
	return d.Acts[i], true
}

// RolesOf are the roles that may record a in s.
func (a *Act[S]) RolesOf(s S) []auth.Role {
	if a.RolesIn != nil {
		return a.RolesIn(s)
	}
	return a.Roles
}

// Why is "" when a may be recorded in s, else the reason it may not.
func (a *Act[S]) Why(s S) string {
	if a.Blocked == nil {
		return ""
	}
	return a.Blocked(s)
}

// Offered lists the acts role r may record now, in definition order.
func (d *Definition[S]) Offered(s S, r auth.Role) []*Act[S] {
	var out []*Act[S]
	for _, a := range d.Acts {
		if slices.Contains(a.RolesOf(s), r) && a.Why(s) == "" {
			out = append(out, a)
		}
	}
	return out
}

// Available lists the acts any role may record now (for "what happens next").
func (d *Definition[S]) Available(s S) []*Act[S] {
	var out []*Act[S]
	for _, a := range d.Acts {
		if a.Why(s) == "" {
			out = append(out, a)
		}
	}
	return out
}

// Check answers whether role r may record an act of type t in s: not
// found for an unknown act, forbidden for the wrong role, conflict when
// the state does not allow it yet (or any more).
func (d *Definition[S]) Check(s S, r auth.Role, t string) error {
	a, ok := d.Act(t)
	if !ok {
		return apperr.NotFoundf("办理环节")
	}
	if !slices.Contains(a.RolesOf(s), r) {
		return apperr.New(apperr.Forbidden, "您的角色（%s）无权办理“%s”", r.Label(), a.Label)
	}
	if why := a.Why(s); why != "" {
		return &apperr.Error{Code: apperr.Conflict, Message: "现在不能办理“" + a.Label + "”：" + why,
			Fields: apperr.Fields{"event": why}}
	}
	return nil
}

// Reaches lists the documents the acts recorded so far have reached, in
// definition order, each once.
func (d *Definition[S]) Reaches(done func(actType string) bool) []string {
	var out []string
	for _, a := range d.Acts {
		if !done(a.Type) {
			continue
		}
		for _, doc := range a.Docs {
			if !slices.Contains(out, doc) {
				out = append(out, doc)
			}
		}
	}
	return out
}
