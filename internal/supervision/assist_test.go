package supervision_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// justiceOffice is the 司法所 of a township of the world's county: a
// supervisor account whose region is the 9-digit township code.
func justiceOffice(township string) *auth.Principal {
	return &auth.Principal{ID: 900, Name: "街道司法所", Username: "sfs_" + township, Role: auth.RoleSupervisor, Region: township}
}

// TestJusticeOfficeAssists: the county body asks the 司法所 of a township to
// assist (《行政执法监督条例》第六条第二款); the 司法所 then reads the case and
// records its assistance, but takes no act in the body's name — no 立案,
// no measure, no document — and opens no case; another township's 司法所
// and the 司法所 before it is asked do not see the case.
func TestJusticeOfficeAssists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup, agency := testworld.As("supervisor"), testworld.As("agency_admin")
		sfs, other := justiceOffice(testworld.Region+"001"), justiceOffice(testworld.Region+"002")
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})

		_, err := svc.Get(w.Ctx, sfs, c.ID)
		wantCode(t, "司法所 before the body asks", err, apperr.NotFound, "")
		_, err = svc.Act(w.Ctx, sup, c.ID, supervision.ActInput{Action: "assist_request", At: testworld.Today, Note: "请协助走访",
			Township: "370103001"})
		wantCode(t, "a township of another county", err, apperr.Invalid, "township_code")
		_, err = svc.Act(w.Ctx, sfs, c.ID, supervision.ActInput{Action: "assist_request", At: testworld.Today, Note: "自行指定",
			Township: sfs.Region})
		wantCode(t, "司法所 names itself", err, apperr.NotFound, "")
		c = do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "assist_request", At: testworld.Today,
			Note: "请协助走访投诉人并收集现场照片", Township: sfs.Region})
		if c.TownshipCode != sfs.Region || c.Status != supervision.StatusFiled {
			t.Fatalf("township %q status %s", c.TownshipCode, c.Status)
		}

		got := must(t)(svc.Get(w.Ctx, sfs, c.ID))
		if got.ID != c.ID {
			t.Fatal("司法所 reads another case")
		}
		list, err := svc.List(w.Ctx, sfs, supervision.Filter{}, &registry.Page{Page: 1, Size: 20})
		if err != nil || len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("司法所 list %v %v, want the one case", list, err)
		}
		if list, _ := svc.List(w.Ctx, other, supervision.Filter{}, &registry.Page{Page: 1, Size: 20}); len(list) != 0 {
			t.Fatalf("another township's 司法所 lists %d cases", len(list))
		}
		_, err = svc.Get(w.Ctx, other, c.ID)
		wantCode(t, "another township's 司法所", err, apperr.NotFound, "")

		_, err = svc.Act(w.Ctx, sfs, c.ID, supervision.ActInput{Action: "assist", At: testworld.Today, Note: "走访投诉人"})
		wantCode(t, "assistance without its kind", err, apperr.Invalid, "kind")
		c = do(t, svc, w.Ctx, sfs, c.ID, supervision.ActInput{Action: "assist", At: testworld.Today, Kind: "visit",
			Note: "走访投诉人张某，制作走访记录一份，收集现场照片3张"})
		last := c.Acts[len(c.Acts)-1]
		if last.Type != "assist" || last.Actor != sfs.Username || last.DocNo != "" || c.Status != supervision.StatusFiled {
			t.Fatalf("assist act %+v status %s", last, c.Status)
		}
		// Not in the body's name (Art. 6 ¶2 协助, not 代为): no 处理, no document, no measure.
		for _, in := range []supervision.ActInput{
			{Action: "opinion", At: testworld.Today, Note: "意见", DeliveredOn: testworld.Today},
			{Action: "letter", At: testworld.Today, Note: "督办"},
			{Action: "measure", At: testworld.Today, Note: "检查", Measure: "inspection", Supervisors: []string{"甲", "乙"}},
			{Action: "notice", At: testworld.Today, Note: "通报", Scope: "internal"},
			{Action: "close", At: testworld.Today},
		} {
			_, err := svc.Act(w.Ctx, sfs, c.ID, in)
			wantCode(t, "司法所 records "+in.Action, err, apperr.Forbidden, "")
		}
		_, err = svc.Open(w.Ctx, sfs, opening())
		wantCode(t, "司法所 opens a case", err, apperr.Forbidden, "")
		// Assistance is the 司法所's: neither the body nor the agency records it.
		for _, p := range []*auth.Principal{sup, agency} {
			_, err := svc.Act(w.Ctx, p, c.ID, supervision.ActInput{Action: "assist", At: testworld.Today, Kind: "visit", Note: "走访"})
			wantCode(t, p.Username+" records assistance", err, apperr.Forbidden, "")
		}
	})
}
