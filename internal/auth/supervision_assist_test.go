package auth_test

import (
	"testing"

	"zfjd/internal/auth"
)

// TestJusticeOffice: a 司法所 (条例 Art. 6 ¶2) is a supervisor of a township
// bound to no agency; it assists on the cases of its township only.
func TestJusticeOffice(t *testing.T) {
	sfs := &auth.Principal{Role: auth.RoleSupervisor, Region: "370102001"}
	for _, c := range []struct {
		name     string
		p        *auth.Principal
		township string
		office   bool
		assists  bool
	}{
		{"the 司法所 on its township's case", sfs, "370102001", true, true},
		{"the 司法所 on another township's case", sfs, "370102002", true, false},
		{"the 司法所 on a case no township was named for", sfs, "", true, false},
		{"the county's supervisor", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102"}, "370102001", false, false},
		{"an officer of a township code", &auth.Principal{Role: auth.RoleOfficer, Region: "370102001"}, "370102001", false, false},
		{"an agency-bound supervisor", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102001", Agency: "x"}, "370102001", false, false},
		{"a 12-digit village code", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102001001"}, "370102001", false, false},
		{"a 12-digit township code is a township", &auth.Principal{Role: auth.RoleSupervisor, Region: "370102001000"}, "370102001", false, false},
		{"nobody", nil, "370102001", false, false},
	} {
		if got := auth.IsJusticeOffice(c.p); got != c.office {
			t.Errorf("%s: IsJusticeOffice %v, want %v", c.name, got, c.office)
		}
		if got := auth.CanAssistSupervisionCase(c.p, c.township); got != c.assists {
			t.Errorf("%s: CanAssistSupervisionCase %v, want %v", c.name, got, c.assists)
		}
		if c.assists && auth.CanOpenSupervisionCase(c.p, "370102") {
			t.Errorf("%s: a 司法所 acts in the county body's name", c.name)
		}
	}
}
