// Package docs produces the documents (文书) of a penalty case — 立案审批表,
// 行政处罚事先告知书, 听证通知书, 行政处罚决定书 with its 信用修复告知书, and
// 送达回证 — as printable A4 HTML and as .docx for editing in Word or WPS,
// numbers them per agency, kind and year (济市监罚〔2024〕15号), and serves
// the public side of decisions: the 处罚决定公示 list and pages with the
// party's personal data masked (public.go, mask.go).
//
// A document is built once (build.go) as pages of simple blocks; html.go
// and docx.go lay the same blocks out, so the printed page and the Word
// file never say different things.
package docs

import (
	"slices"
	"time"

	"zfjd/internal/apperr"
)

// KindInfo is one kind of document.
type KindInfo struct {
	Kind  string // URL and table key
	Title string // the document's name
	Code  string // the kind's part of the document number: 济市监{Code}〔2024〕15号
	Event string // the case event the document belongs to (its date, its number from a source system)
}

// Kinds lists the documents in procedural order.
var Kinds = []KindInfo{
	{"filing", "立案审批表", "立", "filed"},
	{"notice", "行政处罚事先告知书", "罚告", "notified"},
	{"hearing", "听证通知书", "听通", "hearing_noticed"},
	{"decision", "行政处罚决定书", "罚", "decided"},
	{"credit", "信用修复告知书", "信修", "decided"},
	{"receipt", "送达回证", "送", "delivered"},
}

// KindOf returns the kind named k, or nil.
func KindOf(k string) *KindInfo {
	i := slices.IndexFunc(Kinds, func(x KindInfo) bool { return x.Kind == k })
	if i < 0 {
		return nil
	}
	return &Kinds[i]
}

// errUnknownKind is the answer for a kind that does not exist.
func errUnknownKind(k string) error {
	return apperr.New(apperr.NotFound, "没有“%s”这种文书", k)
}

// Document is one rendered document: one or more A4 pages (the decision
// carries the 信用修复告知书 as its second page, 两书同达).
type Document struct {
	CaseID int64
	Kind   string
	Title  string // of the first page
	DocNo  string // of the first page; "" when not numbered yet
	Pages  []Page
	// BackLabel names the 返回 link of the A4 page ("" = 返回案件).
	BackLabel string

	at time.Time // when rendered (the context's clock); dates the .docx parts
}

// Page is one document as printed: header (agency, title, number) and body.
type Page struct {
	Agency string // issuing agency, printed above the title
	Title  string
	DocNo  string // "" = not numbered (shown as a blank to fill in)
	Blocks []Block
}

// Block kinds.
const (
	BTo    = "to"    // addressee line: "某某有限公司："
	BPara  = "p"     // body paragraph, first line indented two characters
	BLine  = "line"  // unindented line (e.g. 当事人：…)
	BHead  = "h"     // a bold lead-in line (经查明：)
	BList  = "list"  // numbered items, each indented like a paragraph
	BTable = "table" // form table
	BSign  = "sign"  // right-aligned signature: agency, date, seal
	BNote  = "note"  // small print at the foot
	// BPhotos are photos attached to the record (现场照片): shown in the
	// A4 page; the .docx lists each by its caption and SHA-256.
	BPhotos = "photos"
)

// Photo is one photo of a BPhotos block: its URL on the platform, its
// caption and the SHA-256 it is stored under.
type Photo struct {
	Src, Caption, SHA256 string
}

// Block is one part of a page body.
type Block struct {
	Kind   string
	Text   string
	Items  []string // BList
	Rows   []Row    // BTable
	Lines  []string // BSign: agency name, date
	Seal   bool     // BSign: leave room for the seal (处罚法 Art. 59 第二款)
	Photos []Photo  // BPhotos
}

// Row is a table row.
type Row []Cell

// Cell is a table cell: a label (bold, shaded) or a value spanning Span
// columns (0 = 1); Tall leaves room to write by hand.
type Cell struct {
	Text  string
	Label bool
	Span  int
	Tall  bool
}

// Text is every word of the document in order, for tests and search.
func (d *Document) Text() string {
	var b []byte
	add := func(s string) { b = append(b, s...); b = append(b, '\n') }
	for _, p := range d.Pages {
		add(p.Agency)
		add(p.Title)
		add(p.DocNo)
		for _, bl := range p.Blocks {
			add(bl.Text)
			for _, s := range bl.Items {
				add(s)
			}
			for _, r := range bl.Rows {
				for _, c := range r {
					add(c.Text)
				}
			}
			for _, s := range bl.Lines {
				add(s)
			}
			for _, ph := range bl.Photos {
				add(ph.Caption)
			}
		}
	}
	return string(b)
}
