package webkit

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/registry"
)

// The JSON API of spec/exchange-v1.md. Errors are
// {"error": {"code", "message", "fields"}} with a 4xx status, and change nothing.

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

// APIError answers err as the spec's JSON error body.
func (k *Kit) APIError(w http.ResponseWriter, r *http.Request, err error) {
	e := apperr.As(err)
	status := HTTPStatus(e.Code)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="zfjd"`)
	}
	if status >= 500 {
		k.Log.Error("api", "path", r.URL.Path, "err", err)
	}
	fields := e.Fields
	if fields == nil {
		fields = map[string]string{}
	}
	WriteJSON(w, status, apiErrorBody{apiErrorDetail{e.Code, e.Message, fields}})
}

// APINotFound answers every path under /api/ that no route serves.
func (k *Kit) APINotFound(w http.ResponseWriter, r *http.Request) {
	k.APIError(w, r, apperr.New(apperr.NotFound, "接口不存在：%s %s", r.Method, r.URL.Path))
}

// WriteJSON writes v as the JSON body of a status answer.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// Decode reads a JSON body into v, answering broken JSON and wrong types
// with a Chinese message naming the field.
func Decode(r *http.Request, v any) error {
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

// Required reports missing required fields (spec: bold fields): pairs are
// field name, value.
func Required(f apperr.Fields, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			f.Set(pairs[i], "必填")
		}
	}
}

// ListBody is a page of a list on the wire.
type ListBody[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// PutStatus is the status of an idempotent PUT: 201 when it created.
func PutStatus(created bool) int {
	if created {
		return http.StatusCreated
	}
	return http.StatusOK
}

// List is the page p of a list on the wire.
func List[T any](items []T, p registry.Page) ListBody[T] {
	return ListBody[T]{Items: items, Total: p.Total, Page: p.Page, PageSize: p.Size}
}
