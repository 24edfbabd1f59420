package cases_test

import (
	"testing"

	"zfjd/internal/cases"
	"zfjd/internal/testdb"
	"zfjd/internal/testworld"
)

// BenchmarkRegisterAndFile measures two acts through the kernel on each
// engine: a registration (counter, insert, findings, audit) and a filing
// (load, workflow check, person check, blocking rules, version swap, save,
// findings, audit).
func BenchmarkRegisterAndFile(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			w := testworld.Build(b, testdb.Open(b, e))
			head := testworld.As("head")
			for b.Loop() {
				c := w.Register(b, "2026-05-25")
				if _, err := w.Cases.Append(w.Ctx, head, c.ID, cases.Event{Type: "filed", At: "2026-05-26", Officers: ab}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
