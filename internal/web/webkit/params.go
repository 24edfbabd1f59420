package webkit

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"zfjd/internal/registry"
)

// Atoi parses a form or query integer, 0 when empty or bad.
func Atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// PageOf reads a list page's ?page= and ?size=.
func PageOf(q url.Values) registry.Page {
	return registry.Page{Page: Atoi(q.Get("page")), Size: Atoi(q.Get("size"))}
}

// APIPage reads an API list's ?page= and ?page_size= (or ?size=).
func APIPage(r *http.Request) registry.Page {
	q := r.URL.Query()
	size := Atoi(q.Get("page_size"))
	if size == 0 {
		size = Atoi(q.Get("size"))
	}
	return registry.Page{Page: Atoi(q.Get("page")), Size: size} // Normalize caps the page
}

// RegionParam reads an API list's ?region_code= (or ?region=).
func RegionParam(r *http.Request) string {
	if v := r.URL.Query().Get("region_code"); v != "" {
		return v
	}
	return r.URL.Query().Get("region")
}
