package flow

import (
	"context"
	"testing"
	"time"

	"zfjd/internal/clock"
	"zfjd/internal/law"
)

// A stored message holds a mark where the days overdue go; a reader gets
// the days from the finding's due date to the day it reads.
func TestMessage(t *testing.T) {
	for _, r := range []struct {
		name, msg, due, on, want string
	}{
		{"deadline passed", "立案后应于2024-06-03前作出决定，至今未作出，已超期若干日（办案期限90日）",
			"2024-06-03", "2024-09-02", "立案后应于2024-06-03前作出决定，至今未作出，已超期91日（办案期限90日）"},
		{"the first day late", "至今未送达，已超期若干日", "2024-06-03", "2024-06-04", "至今未送达，已超期1日"},
		{"a fine unpaid", "至今未缴清（已缴0元），已逾期若干日，可加处罚款累计50元", "2024-06-18", "2024-07-01",
			"至今未缴清（已缴0元），已逾期13日，可加处罚款累计50元"},
		{"no mark", "决定书应于2024-06-12前送达，实际于2024-06-20送达", "2024-06-12", "2024-09-02",
			"决定书应于2024-06-12前送达，实际于2024-06-20送达"},
		{"read on the due date", "至今未送达，已超期若干日", "2024-06-03", "2024-06-03", "至今未送达，已超期若干日"},
		{"no due date", "至今未送达，已超期若干日", "", "2024-06-03", "至今未送达，已超期若干日"},
		{"若干日 without the word", "抽查若干日内完成", "2024-06-03", "2024-09-02", "抽查若干日内完成"},
	} {
		t.Run(r.name, func(t *testing.T) {
			if got := Message(r.msg, r.due, law.MustParseDate(r.on)); got != r.want {
				t.Errorf("got %q, want %q", got, r.want)
			}
		})
	}
}

// An open finding counts through the day it is read, a resolved one
// through the day it was resolved.
func TestMessageOn(t *testing.T) {
	ctx := clock.With(context.Background(), clock.Pinned("2024-09-02"))
	msg := "至今未作出，已超期若干日"
	if got := MessageOn(ctx, msg, "2024-08-31", "open", 0); got != "至今未作出，已超期2日" {
		t.Errorf("open: %q", got)
	}
	resolved := time.Date(2024, 9, 1, 23, 30, 0, 0, clock.Shanghai).UnixMilli()
	if got := MessageOn(ctx, msg, "2024-08-20", "resolved", resolved); got != "至今未作出，已超期12日" {
		t.Errorf("resolved on 2024-09-01: %q", got)
	}
	if got := MessageOn(ctx, msg, "2024-08-20", "resolved", 0); got != "至今未作出，已超期13日" {
		t.Errorf("resolved, time unknown: %q", got)
	}
}
