package registry_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/testdb"
)

// xlsxParts are the smallest parts excelize opens a workbook with.
var xlsxParts = map[string]string{
	"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
	"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
	"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
	"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// bombXLSX builds a workbook in memory whose sheet is head, then body
// repeated n times, then tail — written through the deflater chunk by
// chunk, so that a sheet of hundreds of MB never exists in the test's
// memory either. extra adds that many tiny parts.
func bombXLSX(t testing.TB, head, body string, n int, tail string, extra int) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, text := range xlsxParts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, text)
	}
	for i := range extra {
		w, _ := zw.Create(fmt.Sprintf("xl/extra/p%d.xml", i))
		io.WriteString(w, "<x/>")
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(w, sheetHead+head)
	chunk := strings.Repeat(body, max(1, 64<<10/max(1, len(body))))
	per := strings.Count(chunk, body)
	for left := n; left > 0; {
		k := min(per, left)
		if k == per {
			io.WriteString(w, chunk)
		} else {
			io.WriteString(w, strings.Repeat(body, k))
		}
		left -= k
	}
	io.WriteString(w, tail+sheetTail)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readAll(ctx context.Context, data []byte) (rows int, err error) {
	err = registry.ReadXLSXRows(ctx, data, "", registry.XLSXMaxUnzipped, func(int, []string, bool) error {
		rows++
		return nil
	})
	return rows, err
}

// TestReadXLSXBombs: the probe's files (M7) and their cousins are refused
// with a Chinese message, quickly and without inflating them. The memory
// bound is what the fix is about (1.15 GB before); the time bound is loose
// on purpose (the probe measured 22.6 s) and only catches a parse of the
// whole bomb.
func TestReadXLSXBombs(t *testing.T) {
	row := func(r int) string {
		return fmt.Sprintf(`<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>`, r, r)
	}
	cells := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, `<c r="%s1" t="inlineStr"><is><t>v</t></is></c>`, col(i))
		}
		return b.String()
	}
	for _, c := range []struct {
		name, want string
		data       func(t *testing.T) []byte
	}{
		{"one 200 MB cell (196 KB in the probe)", "解压后超过", func(t *testing.T) []byte {
			return bombXLSX(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>`, strings.Repeat("A", 1024), 200<<10, `</t></is></c></row>`, 0)
		}},
		{"240 MB of empty rows (584 KB in the probe)", "解压后超过", func(t *testing.T) []byte {
			return bombXLSX(t, "", `<row/>`, 40<<20, "", 0)
		}},
		{"parts that add up", "解压后超过", func(t *testing.T) []byte {
			// Each part under the part cap, the sum over the total cap.
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for name, text := range xlsxParts {
				w, _ := zw.Create(name)
				io.WriteString(w, text)
			}
			w, _ := zw.Create("xl/worksheets/sheet1.xml")
			io.WriteString(w, sheetHead+sheetTail)
			for i := range 3 {
				w, _ := zw.Create(fmt.Sprintf("xl/media/image%d.png", i))
				io.WriteString(w, strings.Repeat("\x00", registry.XLSXMaxPart-1))
			}
			zw.Close()
			return buf.Bytes()
		}},
		{"too many parts", "部件过多", func(t *testing.T) []byte {
			return bombXLSX(t, "", row(1), 1, "", registry.XLSXMaxParts+1)
		}},
		{"rows over the cap, empty ones counted", "空行也计算在内", func(t *testing.T) []byte {
			return bombXLSX(t, "", `<row/>`, registry.XLSXMaxRows+1, "", 0)
		}},
		{"a row number far down", "空行也计算在内", func(t *testing.T) []byte {
			return bombXLSX(t, row(1), "", 0, row(1048576), 0)
		}},
		{"too many columns", "列", func(t *testing.T) []byte {
			return bombXLSX(t, `<row r="1">`+cells(registry.XLSXMaxCols+1)+`</row>`, "", 0, "", 0)
		}},
		{"a cell over 32767 characters", "个字", func(t *testing.T) []byte {
			return bombXLSX(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>`, "字", registry.XLSXMaxCell+1, `</t></is></c></row>`, 0)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data(t)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := readAll(context.Background(), data)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			e := apperr.As(err)
			if e.Code != apperr.Invalid || !strings.Contains(e.Message, c.want) || !utf8.ValidString(e.Message) {
				t.Fatalf("%d KB file: err %v, want invalid containing %q", len(data)>>10, err, c.want)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 96<<20 {
				t.Errorf("%d KB file: %d MB allocated before the refusal", len(data)>>10, alloc>>20)
			}
			if took > 10*time.Second {
				t.Errorf("%d KB file refused after %v", len(data)>>10, took)
			}
		})
	}
}

// col names the 0-based column i (A, B, … Z, AA, …).
func col(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}

// Within the limits a workbook reads as before; rows up to the cap are fine.
func TestReadXLSXWithinLimits(t *testing.T) {
	var b strings.Builder
	for r := 1; r <= 3; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>第%d行</t></is></c><c r="B%d"><v>%d</v></c><c r="C%d" t="inlineStr"><is><t></t></is></c></row>`, r, r, r, r, r, r)
	}
	data := bombXLSX(t, b.String(), `<row/>`, 100, "", 0)
	var got [][]string
	err := registry.ReadXLSXRows(context.Background(), data, "", 1<<20, func(num int, cells []string, _ bool) error {
		if len(cells) > 0 {
			got = append(got, cells)
		}
		return nil
	})
	if err != nil || len(got) != 3 || got[2][0] != "第3行" || got[2][1] != "3" || len(got[0]) != 2 {
		t.Fatalf("rows %q, err %v", got, err)
	}
	// The caller's smaller limit holds.
	if err := registry.ReadXLSXRows(context.Background(), data, "", 1<<10, func(int, []string, bool) error { return nil }); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("1 KB limit: %v", err)
	}
}

// The reading stops when the context ends (the request's, or XLSXTimeout).
func TestReadXLSXDeadline(t *testing.T) {
	data := bombXLSX(t, "", `<row r="1"><c r="A1"><v>1</v></c></row>`, 10, "", 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := readAll(ctx, data)
	if e := apperr.As(err); e.Code != apperr.Invalid || !strings.Contains(e.Message, "超时") {
		t.Fatalf("cancelled context: %v", err)
	}
}

// The officer import goes through the same reader: the probe's bomb is
// refused before anything is parsed, and nothing is written.
func TestImportRefusesXLSXBomb(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *store.DB) {
		bomb := bombXLSX(t, `<row r="1"><c r="A1" t="inlineStr"><is><t>`, strings.Repeat("A", 1024), 100<<10, `</t></is></c></row>`, 0)
		before := snapshot(t, db)
		p := &auth.Principal{Name: "管理员", Role: auth.RoleAdmin}
		_, err := registry.ImportOfficers(ctx, db, p, bytes.NewReader(bomb), "人员.xlsx")
		if e := apperr.As(err); e.Code != apperr.Invalid || !strings.Contains(e.Message, "解压后超过") {
			t.Fatalf("officer import of a %d KB bomb: %v", len(bomb)>>10, err)
		}
		_, err = registry.ImportMatters(ctx, db, p, bytes.NewReader(bomb), "事项.xlsx")
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("matter import: %v", err)
		}
		if after := snapshot(t, db); after != before {
			t.Error("a refused import wrote")
		}
	})
}

// FuzzReadXLSXRows feeds uploaded bytes (outside input) to the reader: it
// never panics, answers only Invalid errors, and hands the visitor no more
// rows, columns or characters than the limits allow.
func FuzzReadXLSXRows(f *testing.F) {
	tpl, _, err := registry.OfficerTemplate("xlsx")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tpl)
	f.Add(bombXLSX(f, `<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>`, `<row/>`, 10, "", 0))
	f.Add(bombXLSX(f, `<row r="3"><c r="XFD3"><v>1</v></c></row>`, "", 0, "", 0))
	f.Add(bombXLSX(f, `<row r="1"><c r="A1" t="s"><v>99</v></c></row>`, "", 0, "", 0))
	f.Add([]byte("PK\x03\x04garbage"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0})
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := registry.ReadXLSXRows(context.Background(), data, "", 8<<20, func(num int, cells []string, _ bool) error {
			n++
			if num > registry.XLSXMaxRows || len(cells) > registry.XLSXMaxCols {
				t.Fatalf("row %d with %d cells passed the limits", num, len(cells))
			}
			for _, c := range cells {
				if utf8.RuneCountInString(c) > registry.XLSXMaxCell {
					t.Fatalf("cell of %d characters passed", utf8.RuneCountInString(c))
				}
			}
			return nil
		})
		if err != nil && !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("non-Invalid error: %v", err)
		}
		if n > registry.XLSXMaxRows {
			t.Fatalf("%d rows visited", n)
		}
	})
}
