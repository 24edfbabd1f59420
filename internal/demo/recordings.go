package demo

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"

	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/ledger"
)

// recordActs gives the acts of a case handled in zfjd that the agency's
// 音像记录清单 names (国办发〔2018〕118号) their 录音 — a short, playable
// WAV made here, as an officer's recorder would upload it — so the demo's
// cases show 全过程记录 with playback and only the story meant to lack
// one (noAV) shows AV_RECORD_MISSING.
func (l *caseLoader) recordActs(p *auth.Principal, c *cases.Case) error {
	for i, e := range c.Events {
		if !slices.Contains(cases.DefaultAVActs, e.Type) {
			continue
		}
		data := tone(440+float64(i)*40, 1.5)
		rec := &cases.Recording{EventIndex: i, EventType: e.Type, Kind: "audio", Title: cases.EventLabel(e.Type) + "现场录音"}
		f := &cases.RecordingFile{Name: cases.EventLabel(e.Type) + "录音.wav", ContentType: "audio/wav", Size: int64(len(data)),
			SHA256: ledger.Digest(data), Body: bytes.NewReader(data)}
		if _, err := l.svc.AddRecording(l.ctx, p, c.ID, rec, f, cases.DefaultMaxRecordingBytes); err != nil {
			return err
		}
	}
	return nil
}

// tone is a mono 8 kHz 8-bit PCM WAV of a sine at hz for secs seconds,
// fading in and out.
func tone(hz, secs float64) []byte {
	const rate = 8000
	n := int(rate * secs)
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + n))
	b.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1)) // PCM
	w(uint16(1)) // mono
	w(uint32(rate))
	w(uint32(rate)) // bytes per second
	w(uint16(1))    // block align
	w(uint16(8))    // bits per sample
	b.WriteString("data")
	w(uint32(n))
	for i := range n {
		env := math.Min(1, math.Min(float64(i), float64(n-i))/800)
		b.WriteByte(byte(128 + 60*env*math.Sin(2*math.Pi*hz*float64(i)/rate)))
	}
	return b.Bytes()
}
