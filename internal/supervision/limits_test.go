package supervision_test

import (
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// TestPutLimits: a region's supervision sets its time limits (条例 Arts.
// 27–29 "在规定时限内"; 鲁条例 Arts. 28–29 default 30 days); bad values are
// refused naming the field, another region's or an agency's account is
// refused, the district inherits the city's setting until it sets its
// own, and an open case's deadline and warning follow the change at once.
func TestPutLimits(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		w := testworld.Build(t, db)
		svc := supervision.NewService(db)
		sup, city := testworld.As("supervisor"), testworld.As("city")
		c := must(t)(svc.Open(w.Ctx, sup, opening()))
		do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "file", At: testworld.Today})
		c = do(t, svc, w.Ctx, sup, c.ID, supervision.ActInput{Action: "opinion", At: testworld.Today, Note: "重复罚款",
			DeliveredOn: testworld.Today})
		if c.Deadlines["correction"] != "2026-07-15" {
			t.Fatalf("default deadline %v", c.Deadlines)
		}

		_, err := svc.PutLimits(w.Ctx, sup, testworld.Region, supervision.Limits{Fulfilment: 0, Correction: 30, Execution: 181})
		wantCode(t, "zero and 181 days", err, apperr.Invalid, "fulfilment_days")
		if f := apperr.As(err).Fields; f["execution_days"] == "" || f["correction_days"] != "" {
			t.Errorf("fields %v: want fulfilment_days and execution_days only", f)
		}
		_, err = svc.PutLimits(w.Ctx, sup, "370000", supervision.Limits{Fulfilment: 30, Correction: 30, Execution: 30})
		wantCode(t, "the district setting the province's", err, apperr.Forbidden, "")
		_, err = svc.PutLimits(w.Ctx, testworld.As("agency_admin"), testworld.Region, supervision.Limits{Fulfilment: 30, Correction: 30, Execution: 30})
		wantCode(t, "an agency", err, apperr.Forbidden, "")

		// The city sets 15 days: the district's open case follows at once.
		n, err := svc.PutLimits(w.Ctx, city, "370100", supervision.Limits{Fulfilment: 30, Correction: 15, Execution: 30})
		if err != nil || n != 1 {
			t.Fatalf("city's limits: %d %v", n, err)
		}
		if l, in, err := supervision.LimitsSetIn(w.Ctx, db.R, testworld.Region); err != nil || in != "370100" || l.Correction != 15 {
			t.Fatalf("district's limits %+v set in %q: %v", l, in, err)
		}
		c = must(t)(svc.Get(w.Ctx, sup, c.ID))
		if c.Deadlines["correction"] != "2026-06-30" {
			t.Errorf("deadline after the city's 15 days: %v, want 2026-06-30", c.Deadlines)
		}
		// Seven days on, the district shortens it to 5: overdue at once.
		later := at("2026-06-22")
		if _, err := svc.PutLimits(later, sup, testworld.Region, supervision.Limits{Fulfilment: 30, Correction: 5, Execution: 30}); err != nil {
			t.Fatal(err)
		}
		c = must(t)(svc.Get(later, sup, c.ID))
		if c.Deadlines["correction"] != "2026-06-22" || len(c.Warnings) != 0 {
			t.Errorf("5 days from 2026-06-15 end on the 20th, a Saturday: next working day 2026-06-22; got %v %+v", c.Deadlines, c.Warnings)
		}
		if _, err := svc.PutLimits(at("2026-06-23"), sup, testworld.Region, supervision.Limits{Fulfilment: 30, Correction: 3, Execution: 30}); err != nil {
			t.Fatal(err)
		}
		c = must(t)(svc.Get(at("2026-06-23"), sup, c.ID))
		if len(c.Warnings) != 1 || c.Warnings[0].Rule != "SUPERVISION_CORRECTION_OVERDUE" {
			t.Errorf("3 days (due 2026-06-18) judged on 2026-06-23: warnings %+v", c.Warnings)
		}
	})
}
