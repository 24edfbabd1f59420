package docs

// The .docx is written here with archive/zip and encoding/xml instead of a
// library. Checked on the Go module proxy and pkg.go.dev in 2026-11:
// github.com/gomutex/godocx (MIT) last released v0.1.5 on 2024-09-01 and is
// declared unmaintained by its fork github.com/ubavic/godocx, which is a few
// months old, has no importers and is not served by the proxy here;
// github.com/fumiama/go-docx is AGPL-3.0, unioffice needs a commercial
// licence and github.com/yunkeweb/go-word (LGPL-3.0) is weeks old. What the
// documents need — paragraphs, one bordered form table, page breaks, two
// fonts, A4 — is a few hundred lines of WordprocessingML (ECMA-376 Part 1)
// that we own and test (docx_test.go), with no new dependency.

import (
	"archive/zip"
	"bytes"
	"embed"
	"encoding/xml"
	"io"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/clock"
)

//go:embed templates/docx/*.xml
var docxFS embed.FS

const nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

// Page geometry in twips (1/20 pt; 1 mm = 56.69 twips): A4, margins of
// GB/T 9704-2012 §5.2.1 (天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm).
const (
	pageW, pageH = 11906, 16838
	marTop       = 2098 // 37 mm
	marBottom    = 1984 // 35 mm
	marLeft      = 1587 // 28 mm
	marRight     = 1474 // 26 mm
	textW        = pageW - marLeft - marRight
	labelColW    = 1946 // 22 % of the text width
	valueColW    = (textW - 2*labelColW) / 2
	tallRowH     = 1600 // rows written in by hand: about 28 mm
)

type xDocument struct {
	XMLName xml.Name `xml:"w:document"`
	NS      string   `xml:"xmlns:w,attr"`
	Body    xBody    `xml:"w:body"`
}

type xBody struct {
	Items []any // *xP and *xTbl in order; each names its own element
	Sect  xSect `xml:"w:sectPr"`
}

type xVal struct {
	Val string `xml:"w:val,attr"`
}

type xP struct {
	XMLName xml.Name `xml:"w:p"`
	PPr     *xPPr    `xml:"w:pPr,omitempty"`
	Runs    []xR     `xml:"w:r"`
}

// xPPr children must keep the schema's order (CT_PPrBase): pStyle,
// keepNext, pageBreakBefore, spacing, ind, jc.
type xPPr struct {
	Style     *xVal  `xml:"w:pStyle,omitempty"`
	KeepNext  *empty `xml:"w:keepNext,omitempty"`
	PageBreak *empty `xml:"w:pageBreakBefore,omitempty"`
	Jc        *xVal  `xml:"w:jc,omitempty"`
}

type empty struct{}

type xR struct {
	RPr *xRPr `xml:"w:rPr,omitempty"`
	Br  *xBr  `xml:"w:br,omitempty"`
	T   *xT   `xml:"w:t,omitempty"`
}

type xRPr struct {
	B     *empty `xml:"w:b,omitempty"`
	Color *xVal  `xml:"w:color,omitempty"`
}

type xBr struct {
	Type string `xml:"w:type,attr,omitempty"`
}

type xT struct {
	Space string `xml:"xml:space,attr,omitempty"`
	Text  string `xml:",chardata"`
}

type xTbl struct {
	XMLName xml.Name `xml:"w:tbl"`
	Pr      xTblPr   `xml:"w:tblPr"`
	Grid    []xCol   `xml:"w:tblGrid>w:gridCol"`
	Rows    []xTr    `xml:"w:tr"`
}

type xW struct {
	W    int    `xml:"w:w,attr"`
	Type string `xml:"w:type,attr"`
}

type xBorder struct {
	Val   string `xml:"w:val,attr"`
	Sz    int    `xml:"w:sz,attr"`
	Space int    `xml:"w:space,attr"`
	Color string `xml:"w:color,attr"`
}

type xBorders struct {
	Top     xBorder `xml:"w:top"`
	Left    xBorder `xml:"w:left"`
	Bottom  xBorder `xml:"w:bottom"`
	Right   xBorder `xml:"w:right"`
	InsideH xBorder `xml:"w:insideH"`
	InsideV xBorder `xml:"w:insideV"`
}

type xTblPr struct {
	W       xW       `xml:"w:tblW"`
	Borders xBorders `xml:"w:tblBorders"`
	Layout  struct {
		Type string `xml:"w:type,attr"`
	} `xml:"w:tblLayout"`
}

type xCol struct {
	W int `xml:"w:w,attr"`
}

type xTr struct {
	Pr    *xTrPr `xml:"w:trPr,omitempty"`
	Cells []xTc  `xml:"w:tc"`
}

type xTrPr struct {
	Height struct {
		Val  int    `xml:"w:val,attr"`
		Rule string `xml:"w:hRule,attr"`
	} `xml:"w:trHeight"`
}

type xTc struct {
	Pr xTcPr `xml:"w:tcPr"`
	Ps []xP  `xml:"w:p"`
}

// xTcPr in schema order: tcW, gridSpan, shd, vAlign.
type xTcPr struct {
	W    xW    `xml:"w:tcW"`
	Span *xVal `xml:"w:gridSpan,omitempty"`
	Shd  *struct {
		Val   string `xml:"w:val,attr"`
		Color string `xml:"w:color,attr"`
		Fill  string `xml:"w:fill,attr"`
	} `xml:"w:shd,omitempty"`
	VAlign *xVal `xml:"w:vAlign,omitempty"`
}

type xSect struct {
	PgSz struct {
		W int `xml:"w:w,attr"`
		H int `xml:"w:h,attr"`
	} `xml:"w:pgSz"`
	PgMar struct {
		Top    int `xml:"w:top,attr"`
		Right  int `xml:"w:right,attr"`
		Bottom int `xml:"w:bottom,attr"`
		Left   int `xml:"w:left,attr"`
		Header int `xml:"w:header,attr"`
		Footer int `xml:"w:footer,attr"`
		Gutter int `xml:"w:gutter,attr"`
	} `xml:"w:pgMar"`
}

// para is a paragraph of style with text; "\n" in text becomes a line break.
func para(style, text string) *xP {
	p := &xP{PPr: &xPPr{Style: &xVal{style}}}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			p.Runs = append(p.Runs, xR{Br: &xBr{}})
		}
		if line != "" {
			p.Runs = append(p.Runs, xR{T: &xT{Space: "preserve", Text: line}})
		}
	}
	return p
}

func (d *Document) body() xBody {
	var items []any
	for i, pg := range d.Pages {
		head := para("Agency", pg.Agency)
		if i > 0 { // each page of the document starts a new sheet (两书同达: decision, then credit notice)
			head.PPr.PageBreak = &empty{}
		}
		items = append(items, head, para("Title", pg.Title))
		no := pg.DocNo
		if no == "" {
			no = "〔　　〕　号"
		}
		items = append(items, para("DocNo", no))
		for _, b := range pg.Blocks {
			switch b.Kind {
			case BTo, BLine:
				items = append(items, para("Normal", b.Text))
			case BPara:
				items = append(items, para("Body", b.Text))
			case BHead:
				items = append(items, para("Lead", b.Text))
			case BList:
				for _, it := range b.Items {
					items = append(items, para("Body", it))
				}
			case BTable:
				items = append(items, table(b.Rows), para("Normal", ""))
			case BSign:
				if b.Seal {
					items = append(items, para("Seal", "（印章）"))
				} else {
					items = append(items, para("Normal", ""))
				}
				for _, l := range b.Lines {
					items = append(items, para("Signature", l))
				}
			case BNote:
				items = append(items, para("Note", b.Text))
			case BPhotos:
				for i, ph := range b.Photos {
					items = append(items, para("Note", "照片"+strconv.Itoa(i+1)+"："+ph.Caption+"（SHA-256 "+ph.SHA256+"）"))
				}
			}
		}
	}
	var s xSect
	s.PgSz.W, s.PgSz.H = pageW, pageH
	s.PgMar.Top, s.PgMar.Right, s.PgMar.Bottom, s.PgMar.Left = marTop, marRight, marBottom, marLeft
	s.PgMar.Header, s.PgMar.Footer = 851, 992
	return xBody{Items: items, Sect: s}
}

// table lays out a form on a grid of four columns: label, value, label, value.
func table(rows []Row) *xTbl {
	line := xBorder{Val: "single", Sz: 6, Color: "000000"}
	t := &xTbl{Grid: []xCol{{labelColW}, {valueColW}, {labelColW}, {valueColW}}}
	t.Pr.W = xW{W: textW, Type: "dxa"}
	t.Pr.Borders = xBorders{line, line, line, line, line, line}
	t.Pr.Layout.Type = "fixed"
	widths := []int{labelColW, valueColW, labelColW, valueColW}
	for _, r := range rows {
		var tr xTr
		col := 0
		for _, c := range r {
			span := max(c.Span, 1)
			w := 0
			for k := col; k < min(col+span, 4); k++ {
				w += widths[k]
			}
			col += span
			tc := xTc{Pr: xTcPr{W: xW{W: w, Type: "dxa"}, VAlign: &xVal{"top"}}}
			if span > 1 {
				tc.Pr.Span = &xVal{strconv.Itoa(span)}
			}
			style := "Cell"
			if c.Label {
				style = "CellLabel"
				tc.Pr.VAlign = &xVal{"center"}
				tc.Pr.Shd = &struct {
					Val   string `xml:"w:val,attr"`
					Color string `xml:"w:color,attr"`
					Fill  string `xml:"w:fill,attr"`
				}{"clear", "auto", "F2F2F2"}
			}
			if c.Tall && tr.Pr == nil {
				tr.Pr = &xTrPr{}
				tr.Pr.Height.Val, tr.Pr.Height.Rule = tallRowH, "atLeast"
			}
			tc.Ps = []xP{*para(style, c.Text)}
			tr.Cells = append(tr.Cells, tc)
		}
		t.Rows = append(t.Rows, tr)
	}
	return t
}

// DocumentXML is word/document.xml of the document.
func (d *Document) DocumentXML() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	if err := enc.Encode(xDocument{NS: nsW, Body: d.body()}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// renderedAt is when d was rendered, or now on the process clock for a
// Document built by hand.
func (d *Document) renderedAt() time.Time {
	if d.at.IsZero() {
		return clock.System().Now()
	}
	return d.at
}

// coreXML is docProps/core.xml: the title, so Word shows it.
func (d *Document) coreXML() []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
		`xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ` +
		`xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	title := d.Title
	if d.DocNo != "" {
		title += " " + d.DocNo
	}
	xml.EscapeText(&b, []byte(title))
	b.WriteString(`</dc:title><dc:creator>行政执法与执法监督平台</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">`)
	b.WriteString(d.renderedAt().UTC().Format("2006-01-02T15:04:05Z"))
	b.WriteString(`</dcterms:created></cp:coreProperties>`)
	return b.Bytes()
}

// WriteDocx writes the document as a .docx package (ECMA-376 Part 2 OPC):
// content types, relationships, document, styles, settings and core
// properties.
func (d *Document) WriteDocx(w io.Writer) error {
	doc, err := d.DocumentXML()
	if err != nil {
		return err
	}
	static := func(name string) []byte {
		b, err := docxFS.ReadFile("templates/docx/" + name)
		if err != nil {
			panic(err) // embedded at build time
		}
		return b
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", static("content_types.xml")},
		{"_rels/.rels", static("rels.xml")},
		{"word/document.xml", doc},
		{"word/_rels/document.xml.rels", static("document_rels.xml")},
		{"word/styles.xml", static("styles.xml")},
		{"word/settings.xml", static("settings.xml")},
		{"docProps/core.xml", d.coreXML()},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: d.renderedAt()})
		if err != nil {
			return err
		}
		if _, err := f.Write(p.data); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}
