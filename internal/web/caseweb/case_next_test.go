package caseweb_test

// "下一步" says what happens next, who does it, and why the viewer cannot
// (issue 16), all from the case workflow's definition. Both engines.

import (
	"strings"
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestUICaseWaitingAndWhyNot(t *testing.T) {
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		w := webtest.StartWorld(t, db)
		off := w.Login(t, "officer")
		id := ucCreated(t, off, ucCaseForm(testworld.Today))
		filed, _ := cases.Workflow.Act("filed")
		want := "等待执法部门负责人" + filed.Label
		p := off.Get(webtest.CasePath(id))
		if got := webtest.Text(p.Doc.Find("#waiting")); got != want {
			t.Errorf("officer: waiting %q, want %q", got, want)
		}
		if got := webtest.Text(p.Doc.Find("#next")); !strings.Contains(got, "您的角色（执法人员）不能办理，须由执法部门负责人办理") {
			t.Errorf("officer: no reason why it cannot 立案: %q", got)
		}
		// The officer's own later acts say why they are not available yet.
		if got := webtest.Text(p.Doc.Find("#blocked")); p.Doc.Find("#blocked li").Length() == 0 || !strings.Contains(got, "：") {
			t.Errorf("officer: blocked acts %q", got)
		}
		// The head may 立案: no reason against it, and no blocked list.
		p = w.Login(t, "head").Get(webtest.CasePath(id))
		if got := webtest.Text(p.Doc.Find("#next li").First()); strings.Contains(got, "不能办理") {
			t.Errorf("head: %q", got)
		}
		// A supervisor reads the same next step and why it is not theirs.
		p = w.Login(t, "supervisor").Get(webtest.CasePath(id))
		if got := webtest.Text(p.Doc.Find("#next")); !strings.Contains(got, want) || !strings.Contains(got, "您的角色（监督机构人员）不能办理") {
			t.Errorf("supervisor: %q", got)
		}
	})
}
