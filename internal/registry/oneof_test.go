package registry_test

import (
	"testing"

	"zfjd/internal/registry"
)

// An enum error names the field by its label and each value by its
// Chinese name (issue 16: every error names its field as the form does).
func TestOneOf(t *testing.T) {
	for _, x := range []struct {
		label string
		opts  []registry.Option
		want  string
	}{
		{"证件状态", registry.CertStatus, "证件状态应为 valid（有效）、suspended（暂扣）、revoked（吊销）或 cancelled（注销）"},
		{"资格", registry.Qualification, "资格应为 hearing_host（听证主持人）、legal_review（法制审核）或 supervision（执法监督）"},
		{"类型", registry.AgencyKinds, "类型应为 enforcement（执法主体）或 supervision（监督机构）"},
	} {
		if got := registry.OneOf(x.label, x.opts); got != x.want {
			t.Errorf("OneOf(%s) = %q, want %q", x.label, got, x.want)
		}
	}
}
