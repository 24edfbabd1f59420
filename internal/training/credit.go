package training

// The honest limits on counted study time. The study page sends a
// heartbeat every BeatEvery while it is in front and says how long ago the
// officer last touched it; the server, not the page, decides what counts:
//
//   - a hidden page or one untouched for IdleAfter counts nothing (an open
//     tab on a desk is not study); a course's video playing in front,
//     unmuted at normal speed, counts as touching it (training.js), so a
//     lesson watched is study but a muted loop is not;
//   - a beat sooner than MinGap after the last counted one counts nothing
//     (a second tab or a second course never doubles the clock: the clock
//     is the officer's, not the course's);
//   - a beat later than MaxGap after the last one starts a new span and
//     counts nothing for the gap (a phone asleep is not study);
//   - one beat counts at most MaxCredit, a day at most DayCap, a course at
//     most its own minutes.
const (
	BeatEvery = 30  // seconds between the page's beats
	MinGap    = 20  // seconds
	MaxGap    = 90  // seconds
	MaxCredit = 60  // seconds per beat
	IdleAfter = 120 // seconds without input
	DayCap    = 8 * 3600
)

// MsgStart is what a beat that starts a span of study says.
const MsgStart = "开始计时"

// Clock is an officer's last counted beat (unix ms) and the seconds counted
// on its civil day.
type Clock struct {
	LastBeat   int64
	Day        string
	DaySeconds int
}

// Beat is one heartbeat as the page reports it.
type Beat struct {
	Visible bool
	Idle    int // seconds since the last input on the page
}

// Credit judges one beat at now (unix ms, civil day today) for a course
// with left seconds still to count: the seconds it counts, the clock after
// it, and, when it counts nothing, why (shown on the page).
func Credit(c Clock, b Beat, now int64, today string, left int) (int, Clock, string) {
	if c.Day != today {
		c.Day, c.DaySeconds = today, 0
	}
	gap := int((now - c.LastBeat) / 1000)
	switch {
	case c.LastBeat > 0 && gap >= 0 && gap < MinGap:
		return 0, c, "计时请求过于频繁，本次不计时（同一时间只计一个页面）"
	case !b.Visible:
		c.LastBeat = now
		return 0, c, "页面不在前台，暂停计时"
	case b.Idle > IdleAfter || b.Idle < 0:
		c.LastBeat = now
		return 0, c, "超过2分钟无操作，暂停计时"
	case c.LastBeat == 0 || gap > MaxGap:
		c.LastBeat = now
		return 0, c, MsgStart
	}
	n := min(gap, MaxCredit, DayCap-c.DaySeconds, left)
	c.LastBeat = now
	switch {
	case left <= 0:
		return 0, c, "本课程学时已满"
	case n <= 0:
		return 0, c, "今日学习时间已达8小时上限，明日继续计时"
	}
	c.DaySeconds += n
	return n, c, ""
}
