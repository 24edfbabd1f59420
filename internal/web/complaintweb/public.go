package complaintweb

import (
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"net/http"
	"strconv"

	qrcode "github.com/skip2/go-qrcode"

	"zfjd/internal/apperr"
	"zfjd/internal/complaint"
	"zfjd/internal/registry"
	"zfjd/internal/web/webkit"
)

// formData is the phone form: whom it is about (from the QR code), what
// was typed, and the problems found.
type formData struct {
	About   *complaint.About
	Regions []registry.Option
	F       formValues
	Errors  apperr.Fields
	Message string
}

type formValues struct {
	Category, Region, Description, Place, HappenedOn, Name, Phone, Agency, Officer string
	Anonymous                                                                      bool
}

func (h *Handler) form(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	h.renderForm(w, r, http.StatusOK, formValues{Agency: q.Get("agency"), Officer: q.Get("officer"), Region: q.Get("region"), Anonymous: true}, nil)
}

func (h *Handler) renderForm(w http.ResponseWriter, r *http.Request, status int, v formValues, err error) {
	ctx := r.Context()
	about, lerr := complaint.Lookup(ctx, h.DB.R, v.Agency, v.Officer)
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	regions, lerr := complaint.Regions(ctx, h.DB.R)
	if lerr != nil {
		h.UIError(w, r, lerr)
		return
	}
	if v.Region == "" {
		v.Region = about.RegionCode
	}
	d := &formData{About: about, Regions: regions, F: v}
	if err != nil {
		e := apperr.As(err)
		d.Errors, d.Message = e.Fields, e.Message
		var rl *complaint.RateLimited
		if errors.As(err, &rl) {
			d.Message = rl.Error()
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	h.Render(w, r, status, "complaint_new", &webkit.View{Title: "我要投诉", Public: true, Data: d})
}

func (h *Handler) submit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	if err := r.ParseMultipartForm(8 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		h.renderForm(w, r, http.StatusBadRequest, formValues{Anonymous: true}, apperr.New(apperr.Invalid, "提交的内容过大（照片每张不超过5MB，最多%d张）", complaint.MaxPhotos))
		return
	}
	v := formValues{Category: r.FormValue("category"), Region: r.FormValue("region_code"), Description: r.FormValue("description"),
		Place: r.FormValue("place"), HappenedOn: r.FormValue("happened_on"), Name: r.FormValue("name"), Phone: r.FormValue("phone"),
		Agency: r.FormValue("agency_code"), Officer: r.FormValue("officer_cert_no"), Anonymous: r.FormValue("anonymous") == "1"}
	anon := v.Anonymous
	f := &complaint.Filing{Challenge: r.FormValue("challenge"), Nonce: r.FormValue("nonce"), Category: v.Category, RegionCode: v.Region,
		Description: v.Description, AgencyCode: v.Agency, OfficerCertNo: v.Officer, Place: v.Place, HappenedOn: v.HappenedOn, Anonymous: &anon}
	if !anon {
		f.Contact = &complaint.Contact{Name: v.Name, Phone: v.Phone}
	}
	uploads, err := readPhotos(r)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	rc, err := h.svc.File(r.Context(), nil, f, h.ClientAddr(r), uploads)
	if err != nil {
		status := webkit.HTTPStatus(apperr.As(err).Code)
		var rl *complaint.RateLimited
		if errors.As(err, &rl) {
			status = http.StatusTooManyRequests
		} else if status >= 500 {
			h.UIError(w, r, err)
			return
		}
		h.renderForm(w, r, status, v, err)
		return
	}
	// The secret is shown once, on this answer: no redirect, no cache.
	w.Header().Set("Cache-Control", "no-store")
	h.Render(w, r, http.StatusCreated, "complaint_receipt", &webkit.View{Title: "投诉回执", Public: true, Data: rc})
}

type trackData struct {
	Code, Secret string
	T            *complaint.Tracking
	Message      string
	Errors       apperr.Fields
}

func (h *Handler) trackForm(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	h.Render(w, r, http.StatusOK, "complaint_track", &webkit.View{Title: "投诉进度查询", Public: true,
		Data: &trackData{Code: r.URL.Query().Get("code")}})
}

func (h *Handler) track(w http.ResponseWriter, r *http.Request) {
	d := &trackData{Code: complaint.NormalizeCode(r.PostFormValue("code")), Secret: complaint.NormalizeCode(r.PostFormValue("secret"))}
	h.showTrack(w, r, d, nil)
}

func (h *Handler) showTrack(w http.ResponseWriter, r *http.Request, d *trackData, ferr error) {
	status := http.StatusOK
	t, err := h.svc.Track(r.Context(), d.Code, d.Secret)
	switch {
	case apperr.Is(err, apperr.NotFound):
		status, d.Message = http.StatusNotFound, "跟踪码或查询密码不正确，请核对回执后重试。"
	case err != nil:
		h.UIError(w, r, err)
		return
	default:
		d.T = t
	}
	if ferr != nil {
		e := apperr.As(ferr)
		status, d.Message, d.Errors = webkit.HTTPStatus(e.Code), e.Message, e.Fields
	}
	w.Header().Set("Cache-Control", "no-store")
	h.Render(w, r, status, "complaint_track", &webkit.View{Title: "投诉进度查询", Public: true, Data: d})
}

func (h *Handler) rate(w http.ResponseWriter, r *http.Request) {
	d := &trackData{Code: complaint.NormalizeCode(r.PostFormValue("code")), Secret: complaint.NormalizeCode(r.PostFormValue("secret"))}
	score, _ := strconv.Atoi(r.PostFormValue("score"))
	if _, err := h.svc.Rate(r.Context(), d.Code, d.Secret, score, r.PostFormValue("comment")); err != nil && !apperr.Is(err, apperr.NotFound) {
		h.showTrack(w, r, d, err)
		return
	}
	h.showTrack(w, r, d, nil)
}

type posterData struct {
	About *complaint.About
	URL   string
	QR    template.URL
}

// poster is an agency's printable A4 poster with the QR code of its form.
func (h *Handler) poster(w http.ResponseWriter, r *http.Request) {
	about, err := complaint.Lookup(r.Context(), h.DB.R, r.PathValue("code"), "")
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	if about.AgencyCode == "" {
		h.UIError(w, r, apperr.NotFoundf("执法主体"))
		return
	}
	u := h.Opts.BaseURL + "/complaint/new?agency=" + about.AgencyCode
	png, err := qrcode.Encode(u, qrcode.Medium, 512)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	h.Render(w, r, http.StatusOK, "complaint_poster", &webkit.View{Title: "码上监督 · " + about.AgencyName, Public: true,
		Data: &posterData{About: about, URL: u, QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}})
}

// maxForm bounds a form with photos: the photos and some text.
const maxForm = complaint.MaxPhotos*complaint.MaxPhotoBytes + 1<<20

// readPhotos reads the "photos" files of a parsed multipart form, each cut
// one byte past the cap (complaint.CleanPhoto refuses it by its size).
func readPhotos(r *http.Request) ([]complaint.Upload, error) {
	var uploads []complaint.Upload
	if r.MultipartForm == nil {
		return nil, nil
	}
	for _, fh := range r.MultipartForm.File["photos"] {
		if fh.Size == 0 {
			continue
		}
		file, err := fh.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(file, complaint.MaxPhotoBytes+1))
		file.Close()
		if err != nil {
			return nil, err
		}
		uploads = append(uploads, complaint.Upload{Name: fh.Filename, Data: data})
	}
	return uploads, nil
}
