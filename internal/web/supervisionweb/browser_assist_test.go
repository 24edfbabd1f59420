package supervisionweb_test

// 司法所 assistance in a real browser (headless Chromium), on both engines
// (《行政执法监督条例》第六条第二款): the county supervisor asks the
// 司法所 of a township to assist on a case; the 司法所 finds it in its list,
// sees only the form of its assistance (no 立案, no document, no 处理),
// records a 走访; the county supervisor reads it in the case's history.
// Another township's 司法所 does not find the case.

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

func TestBrowserJusticeOfficeAssists(t *testing.T) {
	chromium := webtest.NeedChromium(t)
	t.Parallel()
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		t.Parallel()
		ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
		t.Cleanup(cancel)
		w := testworld.Build(t, db)
		township := testworld.Region + "001"
		webtest.AddAccount(t, db, auth.NewAccount{Username: "sfs", DisplayName: "解放路街道司法所", Role: auth.RoleSupervisor, Region: township})
		webtest.AddAccount(t, db, auth.NewAccount{Username: "sfs2", DisplayName: "姚家街道司法所", Role: auth.RoleSupervisor,
			Region: testworld.Region + "002"})
		svc := supervision.NewService(db)
		sup := testworld.As("supervisor")
		c, err := svc.Open(w.Ctx, sup, supervision.Opening{RegionCode: testworld.Region, AgencyCode: testworld.Agency, Source: "complaint",
			Summary: "群众反映执法人员现场检查未出示证件"})
		if err == nil {
			_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		}
		if err != nil {
			t.Fatal(err)
		}
		base := webtest.Serve(ctx, t, db)
		root := webtest.Launch(ctx, t, chromium)
		county, office, other := root.Anonymous(), root.Anonymous(), root.Anonymous()
		login(county, base, "supervisor")
		login(office, base, "sfs")
		login(other, base, "sfs2")
		casePage := base + "/supervision-cases/" + strconv.FormatInt(c.ID, 10)

		office.Nav("the 司法所 before it is asked", casePage)
		if !strings.Contains(office.Text("body"), "不存在") {
			t.Fatalf("the 司法所 reads the case before it is asked: %.200s", office.Text("body"))
		}
		county.Nav("the case", casePage)
		act(county, "assist_request", "请协助走访投诉人，核实现场检查时执法人员是否出示证件",
			chromedp.SetValue(chromedp.CSS(`#act-form-assist_request input[name=township_code]`), township))
		if got := county.Text("#case-township"); !strings.Contains(got, township) {
			t.Fatalf("the case's 协助司法所: %q", got)
		}

		office.Nav("the 司法所's list", base+"/supervision-cases")
		if got := office.Text("body"); !strings.Contains(got, "群众反映执法人员现场检查未出示证件") {
			t.Fatalf("the 司法所's list lacks the case: %.300s", got)
		}
		office.Nav("the case", casePage)
		forms := webtest.Run(office, "the act forms", chromedp.Evaluate[[]string](`[...document.querySelectorAll('#acts details')].map(d => d.id)`))
		if len(forms) != 1 || forms[0] != "act-assist" {
			t.Fatalf("the 司法所 is offered %v, want only act-assist (条例 Art. 6 ¶2: 协助, not in the body's name)", forms)
		}
		act(office, "assist", "走访投诉人张某，其称检查人员未出示执法证件；制作走访记录一份",
			chromedp.SetValue(chromedp.CSS(`#act-form-assist select[name=kind]`), "visit"))
		if f := office.Text(".flash"); !strings.Contains(f, "记录协助情况") {
			t.Errorf("after the assistance: %q", f)
		}

		county.Nav("the case again", casePage)
		if h := county.Text("#case-history"); !strings.Contains(h, "记录协助情况") || !strings.Contains(h, "走访投诉人张某") ||
			!strings.Contains(h, "走访当事人、群众") {
			t.Errorf("the county's history: %q", h)
		}
		other.Nav("another township's 司法所", base+"/supervision-cases")
		if strings.Contains(other.Text("body"), "群众反映执法人员现场检查未出示证件") {
			t.Error("another township's 司法所 lists the case")
		}
		root.CheckNoExceptions()
	})
}
