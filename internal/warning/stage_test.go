package warning_test

import (
	"slices"
	"testing"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
	"zfjd/internal/warning"
)

// TestOfferedIsWhatActAccepts checks that the acts a page offers a viewer
// (warning.Offered, from the definition) are exactly the acts the service
// accepts from that viewer, in every stage, for viewers of every role and
// side — so the UI, the API and the access rules cannot disagree.
func TestOfferedIsWhatActAccepts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		testworld.Build(t, db)
		svc := warning.NewService(db)
		id := raise(t, db, "2026-06-15", late)[late.Rule]
		ctx := at("2026-06-16")
		viewers := []*auth.Principal{testworld.As("agency_admin"), testworld.As("head"), testworld.As("officer"), testworld.As("reviewer"),
			testworld.As("supervisor"), testworld.As("city"), testworld.Robot,
			{Name: "对接", Role: auth.RoleIntegration, Region: testworld.Region, Agency: testworld.Agency},
			{Name: "管理员", Role: auth.RoleAdmin}}
		for _, st := range warning.Stages {
			for _, p := range viewers {
				for _, a := range warning.Handling.Acts {
					status := "open"
					if st.Value == warning.StageClosed || st.Value == warning.StageCured {
						status = "resolved"
					}
					if _, err := db.W.ExecContext(ctx, `UPDATE findings SET stage = $2, status = $3 WHERE id = $1`, id, st.Value, status); err != nil {
						t.Fatal(err)
					}
					w, err := svc.Get(ctx, p, id)
					if err != nil {
						t.Fatalf("%s reads: %v", p.Name, err)
					}
					offered := slices.ContainsFunc(warning.Offered(p, w), func(x *warning.Act) bool { return x.Type == a.Type })
					_, err = svc.Act(ctx, p, id, a.Type, "说明")
					if offered != (err == nil) {
						t.Errorf("%s, %s (%s): offered %v, act: %v", st.Label, p.Name, a.Label, offered, err)
					}
					if err != nil && !apperr.Is(err, apperr.Forbidden) && !apperr.Is(err, apperr.Conflict) {
						t.Errorf("%s, %s (%s): %v, want 403 or 409", st.Label, p.Name, a.Label, err)
					}
				}
			}
		}
	})
}
