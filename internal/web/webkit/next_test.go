package webkit_test

import (
	"strings"
	"testing"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/report"
	"zfjd/internal/web/webkit"
)

// NextOf says what comes next, who does it, and why the viewer cannot
// (issue 16): on a two-step definition, and on the annual report's own
// (report.Workflow: the agency submits, supervision approves).
func TestNextOf(t *testing.T) {
	type st struct{ filed bool }
	d := &flow.Definition[*st]{Kind: "t", Acts: []*flow.Act[*st]{
		{Type: "file", Label: "立案", Roles: []auth.Role{auth.RoleHead}, Blocked: func(s *st) string {
			if s.filed {
				return "已立案"
			}
			return ""
		}},
		{Type: "note", Label: "记录", Roles: []auth.Role{auth.RoleOfficer, auth.RoleHead}},
	}}
	head := &auth.Principal{Role: auth.RoleHead}
	officer := &auth.Principal{Role: auth.RoleOfficer}
	for _, x := range []struct {
		name      string
		s         *st
		p         *auth.Principal
		elsewhere func(*flow.Act[*st]) string
		waiting   string
		why       []string // per step
	}{
		{"the head may file", &st{}, head, nil, "等待执法部门负责人立案", []string{"", ""}},
		{"the officer may not", &st{}, officer, nil, "等待执法部门负责人立案",
			[]string{"您的角色（执法人员）不能办理，须由执法部门负责人办理", ""}},
		{"nobody signed in", &st{}, nil, nil, "等待执法部门负责人立案",
			[]string{"您的角色（未登录）不能办理，须由执法部门负责人办理", "您的角色（未登录）不能办理，须由执法人员、执法部门负责人办理"}},
		{"another agency's head", &st{}, head, webkit.Here[*st]("须由本案执法主体办理"), "等待执法部门负责人立案",
			[]string{"须由本案执法主体办理", "须由本案执法主体办理"}},
		{"filed: only the note is left", &st{filed: true}, officer, nil, "等待执法人员、执法部门负责人记录", []string{""}},
	} {
		n := webkit.NextOf(d, x.s, x.p, x.elsewhere)
		if n.Waiting != x.waiting || len(n.Steps) != len(x.why) {
			t.Errorf("%s: waiting %q, %d steps; want %q, %d", x.name, n.Waiting, len(n.Steps), x.waiting, len(x.why))
			continue
		}
		for i, s := range n.Steps {
			if s.WhyNot != x.why[i] || s.Who == "" {
				t.Errorf("%s: step %s by %q, why not %q; want %q", x.name, s.Label, s.Who, s.WhyNot, x.why[i])
			}
		}
	}

	// The annual report: drafted, the agency's head submits it; the
	// supervisor sees that and why not; published, nothing is left.
	draft := webkit.NextOf(report.Workflow, &report.State{Status: report.StDraft}, &auth.Principal{Role: auth.RoleSupervisor}, nil)
	var labels []string
	for _, s := range draft.Steps {
		labels = append(labels, s.Label)
		if s.Label == "报送审核" && (!strings.Contains(s.Who, "执法部门负责人") || !strings.Contains(s.WhyNot, "监督机构人员")) {
			t.Errorf("a draft's 报送审核 for the supervisor: by %q, why not %q", s.Who, s.WhyNot)
		}
	}
	if !strings.Contains(strings.Join(labels, " "), "报送审核") {
		t.Errorf("a draft's next steps: %v", labels)
	}
	if n := webkit.NextOf(report.Workflow, &report.State{Status: report.StPublished}, &auth.Principal{Role: auth.RoleSupervisor}, nil); len(n.Steps) != 0 || n.Waiting != "" {
		t.Errorf("a published report still has steps: %+v", n)
	}
}
