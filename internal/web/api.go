package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/registry"
)

// The JSON API of spec/exchange-v1.md. Errors are
// {"error": {"code", "message", "fields"}} with a 4xx status, and change nothing.

// requireToken admits bearer tokens only (spec: Access). A signed-in
// browser session is not enough: the API has no CSRF defence of its own.
func (s *Server) requireToken(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := bearer(r); !ok || auth.From(r.Context()) == nil {
			s.apiError(w, r, apperr.New(apperr.Unauthorized, "缺少访问令牌：请在 Authorization 头中提供 Bearer 令牌"))
			return
		}
		next(w, r)
	}
}

type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

// apiErrorDetail always carries fields (an empty object when no single
// field is at fault), so that clients may index it as the spec shows.
type apiErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields"`
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := httpStatus(e.Code)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="zfjd"`)
	}
	if status >= 500 {
		s.log.Error("api", "path", r.URL.Path, "err", err)
	}
	fields := e.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	writeJSON(w, status, apiErrorBody{apiErrorDetail{e.Code, e.Message, fields}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.apiError(w, r, apperr.New(apperr.NotFound, "接口不存在：%s %s", r.Method, r.URL.Path))
}

// decode reads a JSON body into v, answering broken JSON and wrong types
// with a Chinese message naming the field.
func decode(r *http.Request, v any) error {
	body := http.MaxBytesReader(nil, r.Body, 1<<20)
	dec := json.NewDecoder(body)
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te):
			path := te.Field
			if path == "" {
				path = "$"
			}
			return &apperr.Error{Code: apperr.Invalid, Message: "字段类型错误：" + path,
				Fields: apperr.Fields{path: fmt.Sprintf("应为%s", jsonType(te.Type.Kind().String()))}}
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
			return apperr.New(apperr.Invalid, "请求体不是有效的JSON")
		case errors.Is(err, io.EOF):
			return apperr.New(apperr.Invalid, "请求体为空")
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return apperr.New(apperr.Invalid, "请求体超过1MB")
		}
		return apperr.New(apperr.Invalid, "请求体不是有效的JSON")
	}
	if dec.More() {
		return apperr.New(apperr.Invalid, "请求体只能包含一个JSON对象")
	}
	return nil
}

func jsonType(kind string) string {
	switch {
	case strings.HasPrefix(kind, "int"), strings.HasPrefix(kind, "uint"), strings.HasPrefix(kind, "float"):
		return "数字"
	case kind == "string":
		return "字符串"
	case kind == "bool":
		return "布尔值"
	case kind == "slice":
		return "数组"
	}
	return "对象"
}

// required reports missing required fields (spec: bold fields).
func required(f apperr.Fields, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			f.Set(pairs[i], "必填")
		}
	}
}

type listBody[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

func apiPage(r *http.Request) registry.Page {
	q := r.URL.Query()
	size := atoi(q.Get("page_size"))
	if size == 0 {
		size = atoi(q.Get("size"))
	}
	return registry.Page{Page: atoi(q.Get("page")), Size: size} // Normalize caps the page
}

func regionParam(r *http.Request) string {
	if v := r.URL.Query().Get("region_code"); v != "" {
		return v
	}
	return r.URL.Query().Get("region")
}

func putStatus(created bool) int {
	if created {
		return http.StatusCreated
	}
	return http.StatusOK
}
