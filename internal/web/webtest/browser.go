package webtest

// A browser over plain HTTP: a cookie jar, forms, and goquery documents.

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// Fetch GETs an absolute URL without credentials.
func Fetch(t *testing.T, u string) (int, *goquery.Document, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, doc, string(b)
}

// Browser is a signed-in (or anonymous) browser with a cookie jar that
// does not follow redirects, so tests see the 303s.
type Browser struct {
	T      *testing.T
	Env    *Env
	Client *http.Client
	Site   string // Sec-Fetch-Site sent with every request
}

// Browser is a new anonymous browser of e for test t.
func (e *Env) Browser(t *testing.T) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{T: t, Env: e, Site: "same-origin", Client: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// Page is a page answer.
type Page struct {
	Status   int
	Location string
	Header   http.Header
	Body     string
	Doc      *goquery.Document
}

// Do sends method to path with form (nil: no body) and extra headers.
func (b *Browser) Do(method, path string, form url.Values, header map[string]string) *Page {
	b.T.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.Env.TS.URL+path, body)
	if err != nil {
		b.T.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return b.Send(req)
}

// Send sends req from the browser (its cookies and Sec-Fetch-Site, unless
// req sets one) and reads the answer as a page.
func (b *Browser) Send(req *http.Request) *Page {
	b.T.Helper()
	if req.Header.Get("Sec-Fetch-Site") == "" {
		req.Header.Set("Sec-Fetch-Site", b.Site)
	}
	resp, err := b.Client.Do(req)
	if err != nil {
		b.T.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(raw))
	if err != nil {
		b.T.Fatal(err)
	}
	return &Page{Status: resp.StatusCode, Location: resp.Header.Get("Location"), Header: resp.Header, Body: string(raw), Doc: doc}
}

// Get opens path.
func (b *Browser) Get(path string) *Page {
	b.T.Helper()
	return b.Do(http.MethodGet, path, nil, nil)
}

// Post submits form to path.
func (b *Browser) Post(path string, form url.Values) *Page {
	b.T.Helper()
	return b.Do(http.MethodPost, path, form, nil)
}

// Login signs in through the form and fails unless it succeeds.
func (b *Browser) Login(user, password string) {
	b.T.Helper()
	p := b.Post("/login", url.Values{"username": {user}, "password": {password}, "next": {"/"}})
	if p.Status != http.StatusSeeOther || p.Location != "/" {
		b.T.Fatalf("login %s: %d %s, want 303 to /\n%s", user, p.Status, p.Location, Text(p.Doc.Find(".error-box")))
	}
}

// Text is the whitespace-normalised text of a selection.
func Text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// Upload posts a file as multipart/form-data field "file".
func (b *Browser) Upload(path, name string, data []byte) *Page {
	b.T.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.Env.TS.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.Send(req)
}
