package clock

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// EnvVar names the environment variable that moves the process clock.
const EnvVar = "ZFJD_TODAY"

// shifted is the real time moved by a fixed number of whole days.
type shifted struct{ by time.Duration }

func (s shifted) Now() time.Time { return time.Now().Add(s.by) }

// fromEnv is FromEnv at the first call of System: the shift is fixed at
// that moment, after which the clock runs on like the real one.
var fromEnv = sync.OnceValues(FromEnv)

var warnOnce sync.Once

// System returns the process clock: time.Now moved by ZFJD_TODAY as read at
// its first call. It never fails: an invalid ZFJD_TODAY is logged once and
// ignored (main refuses to start with it, see FromEnv).
func System() Clock {
	c, err := fromEnv()
	if err != nil {
		warnOnce.Do(func() { slog.Warn("ignoring invalid "+EnvVar, "error", err) })
	}
	return c
}

// FromEnv reads ZFJD_TODAY now and returns the real clock moved by it, or
// an error naming the problem when the value is invalid. main calls it to
// refuse to start with a bad value.
func FromEnv() (Clock, error) {
	by, err := Shift(os.Getenv(EnvVar), time.Now())
	if err != nil {
		return shifted{}, err
	}
	return shifted{by}, nil
}

// Shift returns the whole-day offset that value (the ZFJD_TODAY syntax:
// empty, YYYY-MM-DD, ±Nd or ±Ny) applies to the clock at now. The offset is
// a multiple of 24 hours, so the time of day is kept.
func Shift(value string, now time.Time) (time.Duration, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return 0, nil
	}
	today := civil(now)
	var target time.Time
	if d, err := time.ParseInLocation(time.DateOnly, v, Shanghai); err == nil {
		target = d
	} else if n, unit, ok := relative(v); ok && unit == 'd' {
		target = today.AddDate(0, 0, n)
	} else if ok {
		target = today.AddDate(n, 0, 0)
	} else {
		return 0, fmt.Errorf("%s=%q 无效：应为 YYYY-MM-DD 日期、±N 天（如 +365d、-30d）或 ±N 年（如 +1y）", EnvVar, value)
	}
	// Both are midnights in a fixed zone: the difference is whole days.
	return target.Sub(today), nil
}

// civil is the Shanghai midnight starting t's civil date.
func civil(t time.Time) time.Time {
	y, m, d := t.In(Shanghai).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Shanghai)
}

// maxShift bounds a relative shift so that it cannot overflow.
var maxShift = map[byte]int{'d': 366000, 'y': 1000}

// relative parses "+365d", "-30d", "+1y" (the sign is required).
func relative(v string) (n int, unit byte, ok bool) {
	if len(v) < 3 || (v[0] != '+' && v[0] != '-') {
		return 0, 0, false
	}
	unit = v[len(v)-1]
	if unit != 'd' && unit != 'y' {
		return 0, 0, false
	}
	n, err := strconv.Atoi(v[1 : len(v)-1])
	if err != nil || n < 0 || n > maxShift[unit] || strings.ContainsAny(v[1:len(v)-1], "+-") {
		return 0, 0, false
	}
	if v[0] == '-' {
		n = -n
	}
	return n, unit, true
}
