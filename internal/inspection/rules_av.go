package inspection

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"zfjd/internal/store"
)

// INSPECTION_AV_RECORD_MISSING: 国办发〔2018〕118号 (三、全面推行执法全过程
// 记录制度, （九）推行音像记录) requires audio-video records of 现场检查 and
// the other on-site acts the agency's 音像记录清单 lists. The 现场检查 of an
// inspection is its check-in (扫码入企): one with no audio or video
// recording raises a yellow finding; a recording uploaded later settles it.
//
// The rule reads the inspection's recordings, which only zfjd holds: an
// inspection pushed by another system carries none (its recordings are
// that system's), so — as for cases — the rule judges the inspections
// handled in zfjd (source system zfjd) and never a pushed one.

// AVActs is the inspection 音像记录清单: the acts that must have an audio
// or video recording.
var AVActs = []string{EvCheckedIn}

// AVRecords is what the rule reads: the acts (by their place in the
// inspection's events) that have an audio or video recording of their type.
type AVRecords struct {
	Recorded map[int]string // event index → event type recorded
}

// EventLabel is an event type in Chinese.
func EventLabel(t string) string {
	for _, e := range EventTypes {
		if e.Type == t {
			return e.Label
		}
	}
	return t
}

// judgeAV fires for each act on AVActs without an audio or video recording.
func judgeAV(in *Inspection, env *Env, add addFn) {
	if env.AV == nil {
		return
	}
	for i := range in.Events {
		e := &in.Events[i]
		if !slices.Contains(AVActs, e.Type) || env.AV.Recorded[i] == e.Type {
			continue
		}
		add(RuleAVMissing, strconv.Itoa(i), "yellow",
			fmt.Sprintf("“%s”（现场检查，%s）没有录音或录像：现场检查应当进行音像记录", EventLabel(e.Type), e.when.Date), "")
	}
}

// loadAV reads the audio and video recordings of in, for an inspection
// handled in zfjd (else env.AV stays nil: not judged).
func loadAV(ctx context.Context, q store.Querier, in *Inspection, env *Env) error {
	if in.SourceSystem != SourceZFJD {
		return nil
	}
	av := &AVRecords{Recorded: map[int]string{}}
	if in.ID != 0 {
		rows, err := q.QueryContext(ctx, `SELECT event_index, event_type FROM inspection_recordings
			WHERE inspection_id = $1 AND kind IN ('audio', 'video')`, in.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i int
			var t string
			if err := rows.Scan(&i, &t); err != nil {
				return err
			}
			av.Recorded[i] = t
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	env.AV = av
	return nil
}
