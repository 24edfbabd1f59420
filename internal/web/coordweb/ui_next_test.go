package coordweb_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// TestUICoordinationNext: the 下一步 of the dispute, joint action, meeting,
// transfer and assist pages (webkit.NextOf over each definition): what
// comes next, who does it, and why the viewer cannot — not the role, or
// not the side (the named agency answers, the recipient signs). A row per
// page and viewer.
func TestUICoordinationNext(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := webtest.StartWorld(t, db)
		webtest.AddAccount(t, db, otherAdmin)
		agency, city, other := w.Login(t, "agency_admin"), w.Login(t, "city"), w.Login(t, "other_admin")
		open := func(c *webtest.Browser, path string, form url.Values) string {
			t.Helper()
			p := c.Post(path, form)
			if p.Status != http.StatusSeeOther {
				t.Fatalf("%s: %d %s", path, p.Status, webtest.Text(p.Doc.Find(".error-box, .field-error")))
			}
			return p.Location
		}
		dispute := open(agency, "/disputes", url.Values{"kind": {"competence"}, "title": {"职责争议"}, "summary": {"请协调"},
			"agency": {testworld.Other}})
		joint := open(agency, "/joint-actions", url.Values{"title": {"联合检查"}, "summary": {"进一次门"}, "lead": {testworld.Agency},
			"agency": {testworld.Other}, "starts_on": {testworld.Today}, "ends_on": {testworld.Today}})
		meeting := open(city, "/meetings", url.Values{"title": {"联席会议"}, "agenda": {"夜市"}, "held_on": {testworld.Today},
			"agency": {testworld.Agency, testworld.Other}})
		transfer := open(agency, "/transfers", url.Values{"kind": {"case_transfer"}, "recipient_kind": {"police"},
			"recipient": {"历下公安分局"}, "subject": {"涉嫌犯罪"}, "summary": {"移送"}})
		_, notice := addLicences(t, w.World, 1) // the grant's notice to the market regulator
		assist := fmt.Sprintf("/assists/%d", notice)
		rows := []struct {
			name   string
			c      *webtest.Browser
			path   string
			step   string // a step the section lists
			whyNot string // what it says the viewer cannot ("" = the viewer can)
		}{
			{"the named agency answers the dispute", other, dispute, "提交书面意见", ""},
			{"the applicant has said its piece", agency, dispute, "提交书面意见", "提请机关已在提请时说明意见"},
			{"supervision does not answer for an agency", city, dispute, "提交书面意见", "不能办理，须由"},
			{"the lead sets the joint action's tasks", agency, joint, "", ""},
			{"a participant does not set them", other, joint, "", "由牵头单位或监督机构办理"},
			{"the meeting's minutes are the body's", other, meeting, "", "不能办理"},
			{"the sender records the police's receipt", agency, transfer, "登记签收", ""},
			{"the recipient signs the notice", agency, assist, "签收", ""},
			{"supervision does not sign it", city, assist, "签收", "不能办理，须由"},
		}
		for _, row := range rows {
			t.Run(row.name, func(t *testing.T) {
				p := row.c.Get(row.path)
				webtest.PageOK(t, row.path, p)
				next := p.Doc.Find("#next")
				if next.Length() != 1 || !strings.Contains(webtest.Text(next.Find("#waiting")), "等待") {
					t.Fatalf("no 下一步 on %s: %s", row.path, webtest.Text(next))
				}
				text := webtest.Text(next)
				if row.step != "" && !strings.Contains(text, row.step) {
					t.Fatalf("%q not among the steps: %s", row.step, text)
				}
				why := webtest.Text(next.Find(".why-not"))
				if row.whyNot != "" && !strings.Contains(why, row.whyNot) {
					t.Fatalf("why not %q missing: %s", row.whyNot, text)
				}
				if row.whyNot == "" && row.step != "" {
					next.Find(".next-steps li").Each(func(_ int, li *goquery.Selection) {
						if strings.Contains(webtest.Text(li.Find("b")), row.step) && li.Find(".why-not").Length() != 0 {
							t.Fatalf("the viewer may %s but is told not: %s", row.step, webtest.Text(li))
						}
					})
				}
			})
		}
	})
}
