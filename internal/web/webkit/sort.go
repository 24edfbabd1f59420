package webkit

import (
	"net/url"
	"slices"
)

// Sortable column headers (issue 16: "sorting by the columns people ask
// for"). A header is a link that sorts the list by its column and, when
// the list is sorted by it already, the other way round. The link keeps
// every filter (and so does the "导出 Excel" link, which passes ?sort= on,
// and the pager, whose links keep the query) and goes back to the first
// page: a sort changes what page 2 holds.

// SortHead is one sortable <th>, for the "sort_th" partial.
type SortHead struct {
	Label, Href string
	// Aria is the th's aria-sort: ascending, descending or none.
	Aria string
}

// SortTh is the header of a column with the label: asc and desc are the
// list's ?sort= values of the two orders ("" is the list's default
// order; asc == desc for a column with one order). A first click sorts
// ascending, or descending when first is "desc" (dates, newest first).
func SortTh(q url.Values, label, asc, desc string, first ...string) SortHead {
	cur := q.Get("sort")
	h := SortHead{Label: label, Aria: "none"}
	next := asc
	if slices.Contains(first, "desc") {
		next = desc
	}
	switch cur {
	case asc:
		h.Aria, next = "ascending", desc
	case desc:
		h.Aria, next = "descending", asc
	}
	c := url.Values{}
	for k, v := range q {
		if k != "page" && k != "after" && k != "sort" {
			c[k] = v
		}
	}
	if next != "" {
		c.Set("sort", next)
	}
	h.Href = "?" + c.Encode()
	return h
}
