package cases

import (
	"fmt"
	"testing"

	"zfjd/internal/law"
	"zfjd/internal/testdb"
)

// BenchmarkJudge measures the pure rule engine on the base case.
func BenchmarkJudge(b *testing.B) {
	c := baseCase()
	if err := c.normalize(law.MustParseDate("2024-12-01")); err != nil {
		b.Fatal(err)
	}
	env := rowEnv(newKnobs())
	for b.Loop() {
		Judge(c, env)
	}
}

// BenchmarkPut measures one exchange-API write (new case: normalize, load
// the environment, judge, insert, sync warnings, audit) on each engine.
func BenchmarkPut(b *testing.B) {
	for _, e := range testdb.Engines {
		b.Run(string(e), func(b *testing.B) {
			db := testdb.Open(b, e)
			seedTB(b, db)
			i := 0
			for b.Loop() {
				c := baseCase()
				c.SourceID = fmt.Sprint("bench-", i)
				i++
				if _, _, err := Put(bg, db, robot, c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
