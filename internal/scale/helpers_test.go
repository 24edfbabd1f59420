package scale

import (
	"math/rand/v2"
	"time"
	"zfjd/internal/law"
)

type timeT = time.Time

func timeDate(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func randFor(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x5ca1e)) }

type nopHash struct{}

func (nopHash) Write(p []byte) (int, error) { return len(p), nil }
func (nopHash) Sum(b []byte) []byte         { return b }
func (nopHash) Reset()                      {}
func (nopHash) Size() int                   { return 0 }
func (nopHash) BlockSize() int              { return 1 }

func mustDate(s string) law.Date {
	d, err := law.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
