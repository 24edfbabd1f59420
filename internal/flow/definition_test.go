package flow_test

import (
	"slices"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// toy is a two-step workflow: a clerk opens, a head approves once.
type toy struct{ opened, approved bool }

var toyDef = &flow.Definition[*toy]{Kind: "toy", Acts: []*flow.Act[*toy]{
	{Type: "open", Label: "开启", Roles: []auth.Role{auth.RoleOfficer}, Docs: []string{"form"},
		Blocked: func(s *toy) string {
			if s.opened {
				return "已开启"
			}
			return ""
		}},
	{Type: "approve", Label: "批准", Roles: []auth.Role{auth.RoleHead}, Docs: []string{"form", "approval"},
		Blocked: func(s *toy) string {
			switch {
			case !s.opened:
				return "尚未开启"
			case s.approved:
				return "已批准"
			}
			return ""
		}},
}}

func TestDefinitionCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state toy
		role  auth.Role
		act   string
		want  string // apperr code, "" = allowed
	}{
		{"unknown act", toy{}, auth.RoleOfficer, "nope", apperr.NotFound},
		{"open by officer", toy{}, auth.RoleOfficer, "open", ""},
		{"open by head: wrong role", toy{}, auth.RoleHead, "open", apperr.Forbidden},
		{"approve before open: out of order", toy{}, auth.RoleHead, "approve", apperr.Conflict},
		{"approve after open", toy{opened: true}, auth.RoleHead, "approve", ""},
		{"approve twice", toy{opened: true, approved: true}, auth.RoleHead, "approve", apperr.Conflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.state
			err := toyDef.Check(&s, tc.role, tc.act)
			if got := codeOf(err); got != tc.want {
				t.Fatalf("Check = %v (%q), want %q", err, got, tc.want)
			}
		})
	}
}

func TestDefinitionOfferedAndReaches(t *testing.T) {
	s := &toy{opened: true}
	if got := types(toyDef.Offered(s, auth.RoleHead)); !slices.Equal(got, []string{"approve"}) {
		t.Fatalf("Offered(head) = %v", got)
	}
	if got := types(toyDef.Offered(s, auth.RoleOfficer)); len(got) != 0 {
		t.Fatalf("Offered(officer) = %v, want none", got)
	}
	if got := types(toyDef.Available(s)); !slices.Equal(got, []string{"approve"}) {
		t.Fatalf("Available = %v", got)
	}
	done := map[string]bool{"open": true, "approve": true}
	if got := toyDef.Reaches(func(t string) bool { return done[t] }); !slices.Equal(got, []string{"form", "approval"}) {
		t.Fatalf("Reaches = %v", got)
	}
}

func types(as []*flow.Act[*toy]) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Type)
	}
	return out
}

func codeOf(err error) string {
	if err == nil {
		return ""
	}
	return apperr.As(err).Code
}
