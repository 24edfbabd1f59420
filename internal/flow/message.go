package flow

import (
	"context"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/law"
)

// The days a deadline has been passed are not stored in a finding: a
// stored message says 已超期若干日 (or 已逾期若干日) where the count goes,
// and Message puts the count in when the finding is read, from its due
// date and the day it is read on. So the daily due pass finds an open
// overdue finding unchanged from one day to the next and writes nothing.
const (
	OverdueMark = "已超期若干日"
	LateMark    = "已逾期若干日"
)

// Message is a stored finding's message as a reader sees it on asOf:
// each OverdueMark or LateMark with the number of days from due to asOf
// (已超期N日). A message without a mark, an invalid due, or asOf not
// after due is returned as stored.
func Message(message, due string, asOf law.Date) string {
	if !strings.Contains(message, "若干日") {
		return message
	}
	d, err := law.ParseDate(due)
	if err != nil || !asOf.After(d) {
		return message
	}
	n := strconv.Itoa(daysFrom(d, asOf)) + "日"
	return strings.NewReplacer(OverdueMark, "已超期"+n, LateMark, "已逾期"+n).Replace(message)
}

// MessageOn is Message for a finding read in ctx (its clock's day): an
// open finding counts through today, a resolved one through the day it
// was resolved (resolvedAt, unix ms; 0 = unknown, today).
func MessageOn(ctx context.Context, message, due, status string, resolvedAt int64) string {
	asOf := clock.Today(ctx)
	if status != "open" && resolvedAt > 0 {
		if r := law.DateOf(time.UnixMilli(resolvedAt).In(clock.Shanghai)); r.Before(asOf) {
			asOf = r
		}
	}
	return Message(message, due, asOf)
}

// Text is f's message as a reader sees it on asOf (Message).
func (f Finding) Text(asOf law.Date) string { return Message(f.Message, f.Due, asOf) }

func daysFrom(a, b law.Date) int {
	ta := time.Date(a.Y, a.M, a.D, 0, 0, 0, 0, time.UTC)
	tb := time.Date(b.Y, b.M, b.D, 0, 0, 0, 0, time.UTC)
	return int(tb.Sub(ta).Hours() / 24)
}
