package publicweb

import (
	"bytes"
	"embed"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"

	"zfjd/internal/docs"
)

// The decisions list is the portal's busiest page. Executing its rows and
// its drop-downs through html/template (a reflective call per field and per
// escaper) cost more than reading them, so those parts are rendered once by
// the templates of fragments/ and kept as HTML, keyed by everything they
// show: a row by the fields it prints, an option list by its options and
// the selected one. A changed decision or option therefore has a new key;
// nothing is served stale. The output is the same as the inline templates'
// (the same template text, escaped in the same context: HTML text).

//go:embed fragments/*.html
var fragmentFS embed.FS

var fragments = template.Must(template.New("fragments").Funcs(template.FuncMap{"join": strings.Join}).
	ParseFS(fragmentFS, "fragments/*.html"))

// maxFragments bounds each cache; when full it starts afresh rather than
// tracking use.
const maxFragments = 20000

type fragmentCache[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

func (c *fragmentCache[V]) get(k string) (V, bool) {
	c.mu.RLock()
	v, ok := c.m[k]
	c.mu.RUnlock()
	return v, ok
}

func (c *fragmentCache[V]) put(k string, v V) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxFragments {
		c.m = map[string]V{}
	}
	c.m[k] = v
	c.mu.Unlock()
}

var rowCache fragmentCache[template.HTML]

// rowKey is every field the "decision_row" template prints.
func rowKey(d *docs.PublicDecision) string {
	var b strings.Builder
	b.Grow(256)
	b.WriteString(strconv.FormatInt(d.ID, 10))
	for _, s := range [...]string{d.DocNo, d.PartyName, d.CaseName, d.AgencyName, d.DecidedOn, d.PublishedOn} {
		b.WriteByte(0)
		b.WriteString(s)
	}
	for _, s := range d.Penalties {
		b.WriteByte(1)
		b.WriteString(s)
	}
	return b.String()
}

// decisionRows is the list's table rows, as the "decision_row" template
// renders each.
func decisionRows(list []*docs.PublicDecision) (template.HTML, error) {
	rows := make([]template.HTML, len(list))
	n := 0
	var buf bytes.Buffer
	for i, d := range list {
		k := rowKey(d)
		h, ok := rowCache.get(k)
		if !ok {
			buf.Reset()
			if err := fragments.ExecuteTemplate(&buf, "decision_row", d); err != nil {
				return "", err
			}
			h = template.HTML(buf.String())
			rowCache.put(k, h)
		}
		rows[i] = h
		n += len(h)
	}
	var out strings.Builder
	out.Grow(n)
	for _, h := range rows {
		out.WriteString(string(h))
	}
	return template.HTML(out.String()), nil
}

// cachedOptions is an option list rendered for one selected value, with
// the options it was rendered from (compared in full on every use).
type cachedOptions struct {
	list []docs.PublicChoice
	html template.HTML
}

var optionCache fragmentCache[cachedOptions]

// choiceOptions is the <option> elements of list with selected marked, as
// the "choice_options" template renders them. which names the drop-down.
func choiceOptions(which string, list []docs.PublicChoice, selected string) (template.HTML, error) {
	if !slices.ContainsFunc(list, func(c docs.PublicChoice) bool { return c.Code == selected }) {
		selected = "" // no option is selected: the same HTML for any such value
	}
	k := which + "\x00" + selected
	if c, ok := optionCache.get(k); ok && slices.Equal(c.list, list) {
		return c.html, nil
	}
	var buf bytes.Buffer
	if err := fragments.ExecuteTemplate(&buf, "choice_options", struct {
		List     []docs.PublicChoice
		Selected string
	}{list, selected}); err != nil {
		return "", err
	}
	h := template.HTML(buf.String())
	optionCache.put(k, cachedOptions{list: slices.Clone(list), html: h})
	return h, nil
}
