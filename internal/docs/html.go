package docs

import (
	"bytes"
	"embed"
	"html/template"
	"io"
	"strings"
)

//go:embed templates/*.html
var templateFS embed.FS

var pageTmpl = template.Must(template.New("document.html").Funcs(template.FuncMap{
	"lines": func(s string) []string { return strings.Split(s, "\n") },
	"span": func(c Cell) int {
		if c.Span < 1 {
			return 1
		}
		return c.Span
	},
}).ParseFS(templateFS, "templates/document.html"))

// WriteHTML writes the document as one standalone A4 page per Page, laid
// out as on paper (print CSS; no external fonts or scripts: the platform
// runs offline). back is the link of the 返回 button; docx that of the
// Word download ("" hides either).
func (d *Document) WriteHTML(w io.Writer, back, docx string) error {
	var buf bytes.Buffer
	err := pageTmpl.Execute(&buf, struct {
		*Document
		Back, Docx string
	}{d, back, docx})
	if err != nil {
		return err
	}
	_, err = buf.WriteTo(w)
	return err
}
