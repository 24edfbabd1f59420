// Package inspection is 涉企行政检查 (DOMAIN.md C9, spec/supervision-v1.md
// §4): the 检查事项清单 beside the registry's inspection matters, yearly
// plans, the inspection workflow (审批 → 事前报备 → 扫码入企 → 一张表单 →
// 结果 → 离企) as a flow.Definition, its rules judged alike for inspections
// pushed by source systems and those handled in zfjd, the enterprise's
// anonymous rating, 综合查一次 proposals and replayable 双随机 draws.
package inspection

import (
	"strings"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/law"
)

// Kind is the flow subject kind of an inspection (findings, record log).
const Kind = "inspection"

// SourceZFJD is the source system of inspections handled in zfjd itself;
// a source system may not push under it.
const SourceZFJD = "zfjd"

// Inspection is one 涉企行政检查 as the API carries it (§4).
type Inspection struct {
	ID           int64             `json:"id"`
	SourceSystem string            `json:"source_system"`
	SourceID     string            `json:"source_id"`
	AgencyCode   string            `json:"agency_code"`
	RegionCode   string            `json:"region_code"`
	MatterCode   string            `json:"matter_code"`
	Kind         string            `json:"kind"` // routine | case | special
	Directed     bool              `json:"directed"`
	Enterprise   Enterprise        `json:"enterprise"`
	Emergency    bool              `json:"emergency"`
	JointAgency  []string          `json:"joint_agency_codes"`
	Events       []Event           `json:"events"`
	Code         string            `json:"code"`
	Status       string            `json:"status"`
	Deadlines    map[string]string `json:"deadlines"`
	Warnings     []Warning         `json:"warnings"`
	// Checklist is the 一张表单 as filled on site (zfjd's own inspections).
	Checklist []CheckItem `json:"checklist,omitempty"`

	AgencyName string `json:"agency_name,omitempty"`
	MatterName string `json:"matter_name,omitempty"`
	CreatedAt  int64  `json:"-"`
	UpdatedAt  int64  `json:"-"`
	VisitDay   string `json:"-"`
	version    int64
}

// Enterprise is the inspected enterprise, keyed by its 统一社会信用代码.
type Enterprise struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
}

// Event is one step of an inspection (§4 events).
type Event struct {
	Type         string   `json:"type"`
	At           string   `json:"at"` // YYYY-MM-DD or RFC 3339
	Actor        string   `json:"actor,omitempty"`
	Officers     []string `json:"officers,omitempty"`
	ProblemFound *bool    `json:"problem_found,omitempty"`
	Summary      string   `json:"summary,omitempty"`
	Note         string   `json:"note,omitempty"`

	when when
}

// CheckItem is one line of the on-site checklist and what was found.
type CheckItem struct {
	Item    string `json:"item"`
	Problem bool   `json:"problem"`
	Note    string `json:"note,omitempty"`
}

// Warning is one finding on the wire.
type Warning struct {
	Rule     string `json:"rule"`
	Key      string `json:"-"` // tells apart two firings of one rule (day, week, month)
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Basis    string `json:"basis"`
	Due      string `json:"due,omitempty"`
}

// Event types of §4, in their order.
const (
	EvApproved   = "approved"
	EvReported   = "reported"
	EvCheckedIn  = "checked_in"
	EvResult     = "result"
	EvCheckedOut = "checked_out"
)

// EventTypes are the accepted event types with their Chinese labels.
var EventTypes = []struct{ Type, Label string }{
	{EvApproved, "审批"}, {EvReported, "事前报备"}, {EvCheckedIn, "扫码入企"}, {EvResult, "检查结果"}, {EvCheckedOut, "离企"},
}

// Kinds of inspection (司法部《有关问题解答》: 日常检查、个案检查、专项检查).
var Kinds = []struct{ Code, Label string }{{"routine", "日常检查"}, {"case", "个案检查"}, {"special", "专项检查"}}

// KindLabel is the kind in Chinese.
func KindLabel(k string) string {
	for _, x := range Kinds {
		if x.Code == k {
			return x.Label
		}
	}
	return k
}

// Statuses of an inspection, derived from its events.
const (
	StFiled     = "filed"     // 待审批
	StApproved  = "approved"  // 已审批，待报备
	StReported  = "reported"  // 已报备，待入企
	StOnSite    = "on_site"   // 检查中
	StConcluded = "concluded" // 已出结果，待离企
	StClosed    = "closed"    // 已结束
)

// StatusLabels are the statuses in Chinese.
var StatusLabels = map[string]string{StFiled: "待审批", StApproved: "待报备", StReported: "待入企", StOnSite: "检查中",
	StConcluded: "待离企", StClosed: "已结束"}

// StatusLabel is the status in Chinese.
func StatusLabel(s string) string {
	if l, ok := StatusLabels[s]; ok {
		return l
	}
	return s
}

// Target is where the inspection lives: its region, its agency and the
// agencies of a joint visit.
func (in *Inspection) Target() auth.Target {
	return auth.Target{Region: in.RegionCode, Agencies: append([]string{in.AgencyCode}, in.JointAgency...)}
}

func (in *Inspection) first(t string) *Event {
	for i := range in.Events {
		if in.Events[i].Type == t {
			return &in.Events[i]
		}
	}
	return nil
}

func (in *Inspection) last(t string) *Event {
	for i := len(in.Events) - 1; i >= 0; i-- {
		if in.Events[i].Type == t {
			return &in.Events[i]
		}
	}
	return nil
}

// Has reports whether an event of type t was recorded.
func (in *Inspection) Has(t string) bool { return in.first(t) != nil }

// Officers are the officers of the first check-in.
func (in *Inspection) Officers() []string {
	if e := in.first(EvCheckedIn); e != nil {
		return e.Officers
	}
	return nil
}

// Problem is -1 before a result, else whether the last result found a problem.
func (in *Inspection) Problem() int {
	e := in.last(EvResult)
	switch {
	case e == nil || e.ProblemFound == nil:
		return -1
	case *e.ProblemFound:
		return 1
	}
	return 0
}

// when is a parsed event time: a civil date, and the instant when given.
type when struct {
	Date    law.Date
	Instant *time.Time
}

// before reports whether a is strictly earlier than b: by instant when both
// have one, else by date (a bare date is the whole day, so the same day is
// not earlier).
func (a when) before(b when) bool {
	if a.Instant != nil && b.Instant != nil {
		return a.Instant.Before(*b.Instant)
	}
	return a.Date.Before(b.Date)
}

// millis is the instant in unix ms (a bare date: its start in Shanghai).
func (a when) millis() int64 {
	if a.Instant != nil {
		return a.Instant.UnixMilli()
	}
	return time.Date(a.Date.Y, a.Date.M, a.Date.D, 0, 0, 0, 0, shanghai).UnixMilli()
}

var shanghai = time.FixedZone("CST", 8*3600)

func parseWhen(s string) (when, error) {
	s = strings.TrimSpace(s)
	if len(s) == 10 {
		d, err := law.ParseDate(s)
		return when{Date: d}, err
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return when{}, err
	}
	return when{Date: law.DateOf(t.In(shanghai)), Instant: &t}, nil
}
