package demo

import (
	"bytes"
	"fmt"
	"unicode/utf16"
)

// lecturePDF is a one-page A4 PDF 1.4 of a course's handout: a title and
// lines of text, set in STSong-Light (a CJK font every PDF reader
// substitutes, so nothing is embedded) with UniGB-UCS2-H encoding. The
// cross-reference table is computed from the written bytes, so the file
// opens in any reader, Chromium's included.
func lecturePDF(title string, lines []string) []byte {
	var content bytes.Buffer
	content.WriteString("BT\n/F1 18 Tf\n56 780 Td\n")
	fmt.Fprintf(&content, "%s Tj\n", ucs2(title))
	content.WriteString("/F1 11 Tf\n0 -36 Td\n16 TL\n")
	for _, l := range lines {
		for _, part := range wrapRunes(l, 44) {
			fmt.Fprintf(&content, "%s Tj T*\n", ucs2(part))
		}
		content.WriteString("T*\n")
	}
	content.WriteString("ET\n")

	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
		"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>" +
			" /FontDescriptor 7 0 R /DW 1000 >>",
		"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880" +
			" /Descent -120 /CapHeight 880 /StemV 93 >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// ucs2 is s as a PDF hex string of big-endian UTF-16 code units.
func ucs2(s string) string {
	var b bytes.Buffer
	b.WriteByte('<')
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// wrapRunes cuts s into lines of at most n runes (CJK text has no spaces to break at).
func wrapRunes(s string, n int) []string {
	r := []rune(s)
	var out []string
	for len(r) > n {
		out = append(out, string(r[:n]))
		r = r[n:]
	}
	return append(out, string(r))
}
