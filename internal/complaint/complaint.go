// Package complaint is the public side of supervision (C11,
// spec/supervision-v1.md §3): complaints about enforcement (码上监督) filed
// on the web — from an agency's poster or an officer's certificate QR code —
// imported from the 12345 hotline or sent as a social supervisor's clue,
// each with a tracking code and a secret; their handling by the
// supervision body of their region as a kernel workflow (Handling) with
// deadlines on the working-day calendar and findings; and the
// complainant's contact, encrypted at rest and shown only to that body.
//
// The law behind it: 山东省行政执法监督条例 Art. 6 (the right to complain to
// supervision), 行政执法监督条例 Art. 20 第二款 (clues from hotlines and
// other channels studied in time), 信访工作条例 Art. 32 (60 days to finish),
// 山东省行政执法监督条例 Art. 38(4) (no retaliation: the agency complained
// about never learns who complained).
package complaint

import (
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

// Kind is the complaint's subject kind in the kernel (findings, record log).
const Kind = "complaint"

// Categories of spec §3.
var Categories = []registry.Option{
	{Value: "arbitrary_fine", Label: "乱罚款"},
	{Value: "arbitrary_inspection", Label: "乱检查"},
	{Value: "no_certificate", Label: "不亮证"},
	{Value: "rude", Label: "态度粗暴"},
	{Value: "inaction", Label: "不作为/慢作为"},
	{Value: "other", Label: "其他"},
}

// Statuses in the order of spec §3.
var Statuses = []registry.Option{
	{Value: StatusReceived, Label: "已收到"},
	{Value: StatusAccepted, Label: "已受理"},
	{Value: StatusRejected, Label: "不予受理"},
	{Value: StatusForwarded, Label: "已转办"},
	{Value: StatusReplied, Label: "部门已回复"},
	{Value: StatusAnswered, Label: "已答复"},
	{Value: StatusClosed, Label: "已办结"},
}

// Statuses of spec §3.
const (
	StatusReceived  = "received"
	StatusAccepted  = "accepted"
	StatusRejected  = "rejected"
	StatusForwarded = "forwarded"
	StatusReplied   = "replied"
	StatusAnswered  = "answered"
	StatusClosed    = "closed"
)

// Sources of a complaint.
var Sources = []registry.Option{
	{Value: SourceWeb, Label: "网上投诉（码上监督）"},
	{Value: SourceHotline, Label: "12345热线"},
	{Value: SourceClue, Label: "社会监督员线索"},
}

// Sources.
const (
	SourceWeb     = "web"
	SourceHotline = "hotline"
	SourceClue    = "clue"
)

// CategoryLabel, StatusLabel and SourceLabel name a value in Chinese.
func CategoryLabel(v string) string { return registry.LabelOf(Categories, v) }
func StatusLabel(v string) string   { return registry.LabelOf(Statuses, v) }
func SourceLabel(v string) string   { return registry.LabelOf(Sources, v) }

// Contact is the complainant's name and phone; stored encrypted.
type Contact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

// Complaint is one complaint as staff see it (GET /api/v1/complaints/{id});
// Contact is filled only for supervision of its region (Service.Contact).
type Complaint struct {
	ID           int64     `json:"id"`
	TrackingCode string    `json:"tracking_code"`
	Source       string    `json:"source"`
	SourceRef    string    `json:"source_ref,omitempty"`
	Category     string    `json:"category"`
	RegionCode   string    `json:"region_code"`
	HandlerCode  string    `json:"handler_code"`
	AgencyCode   string    `json:"agency_code"`
	OfficerCert  string    `json:"officer_cert_no"`
	ForwardedTo  string    `json:"forwarded_to"`
	ReplyDue     string    `json:"reply_due,omitempty"`
	Place        string    `json:"place"`
	HappenedOn   string    `json:"happened_on"`
	Description  string    `json:"description"`
	Anonymous    bool      `json:"anonymous"`
	Contact      *Contact  `json:"contact,omitempty"`
	Status       string    `json:"status"`
	ReceivedOn   string    `json:"received_on"`
	Answer       string    `json:"answer"`
	Rating       int       `json:"rating"`
	RatingNote   string    `json:"rating_comment"`
	Clue         bool      `json:"clue"`
	Deadlines    Deadlines `json:"deadlines"`
	History      []Step    `json:"history"`
	Photos       []Photo   `json:"photos"`

	// Page fields.
	AgencyName    string `json:"-"`
	HandlerName   string `json:"-"`
	ForwardedName string `json:"-"`
	OfficerName   string `json:"-"`
	ReceivedAt    int64  `json:"-"`
	ClueBy        int64  `json:"-"`
	Version       int64  `json:"-"`
	hasContact    bool
}

// Step is one entry of a complaint's history.
type Step struct {
	Action     string `json:"action"`
	At         string `json:"at"` // RFC 3339
	Actor      string `json:"actor"`
	ActorName  string `json:"actor_name"`
	Note       string `json:"note"`
	AgencyCode string `json:"agency_code,omitempty"`
	Due        string `json:"due,omitempty"`
	AtMillis   int64  `json:"-"`
}

// Photo is one photo of a complaint, by content hash.
type Photo struct {
	Hash string `json:"hash"`
	Mime string `json:"mime"`
	Size int64  `json:"size"`
}

// HasContact reports whether a contact is stored (it may not be shown).
func (c *Complaint) HasContact() bool { return c.hasContact }

// Target is where the complaint lives, for access rules: its region, and
// the agency it was forwarded to.
func (c *Complaint) Target() auth.Target {
	t := auth.Target{Region: c.RegionCode}
	if c.ForwardedTo != "" {
		t.Agencies = []string{c.ForwardedTo}
	}
	return t
}

// Scope is the complaint as auth.ComplaintScope reads it.
func (c *Complaint) Scope() auth.ComplaintScope {
	return auth.ComplaintScope{Region: c.RegionCode, ForwardedTo: c.ForwardedTo, ClueBy: c.ClueBy}
}

// ReceivedAtTime is when the complaint arrived.
func (c *Complaint) ReceivedAtTime() time.Time { return time.UnixMilli(c.ReceivedAt) }
