package scale

import (
	"math/rand/v2"
	"time"
)

type timeT = time.Time

func timeDate(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func randFor(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5ca1e)) }
