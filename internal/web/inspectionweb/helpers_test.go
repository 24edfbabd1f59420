package inspectionweb_test

import (
	"testing"

	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testworld"
	"zfjd/internal/web/webtest"
)

// Matter is the world's agency's inspection matter; Enterprise the inspected one.
const (
	Matter     = "J-FOOD-001"
	Enterprise = "91370102MA3C5R2K0M"
)

func start(t *testing.T, db *store.DB) *webtest.World {
	t.Helper()
	w := webtest.StartWorld(t, db)
	addMatter(t, w)
	return w
}

// addMatter adds the agency's inspection matter to w.
func addMatter(t *testing.T, w *webtest.World) {
	t.Helper()
	if _, err := registry.PutMatter(w.Ctx, w.DB, w.Admin, &registry.Matter{Code: Matter, Name: "食品经营者日常监督检查", Kind: "inspection",
		LegalBasis: "《中华人民共和国食品安全法》第一百一十条", AgencyCodes: []string{testworld.Agency}}); err != nil {
		t.Fatal(err)
	}
}

func body(day string, extra ...map[string]any) map[string]any {
	events := []map[string]any{
		{"type": "approved", "at": day, "actor": "孙立"},
		{"type": "reported", "at": day},
		{"type": "checked_in", "at": day + "T10:00:00+08:00", "officers": []string{testworld.CertA, testworld.CertB}},
	}
	events = append(events, extra...)
	return map[string]any{"agency_code": testworld.Agency, "region_code": testworld.Region, "matter_code": Matter, "kind": "routine",
		"enterprise": map[string]any{"name": "济南某某便利店有限公司", "id_number": Enterprise}, "events": events}
}
