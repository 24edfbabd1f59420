// Package apperr is the one error model of zfjd: a code the program acts on
// and a Chinese message the user may read. It is mapped to HTTP once, in web.
package apperr

import (
	"errors"
	"fmt"
)

// Codes; the JSON error body uses them as they are (spec/exchange-v1.md).
const (
	Invalid      = "invalid"
	NotFound     = "not_found"
	Forbidden    = "forbidden"
	Conflict     = "conflict"
	Unauthorized = "unauthorized"
	Internal     = "internal"
)

// Error is an error a user may see. Fields maps an input path to its problem.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// New returns an Error with a formatted Chinese message.
func New(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf is the answer for anything missing or outside the caller's reach:
// the two are not told apart, so existence never leaks.
func NotFoundf(what string) *Error { return New(NotFound, "%s不存在或无权访问", what) }

// Fields collects per-field validation problems.
type Fields map[string]string

// Set records a problem with field path, keeping the first one.
func (f Fields) Set(path, msg string) {
	if _, ok := f[path]; !ok {
		f[path] = msg
	}
}

// Err returns an Invalid error listing the problems, or nil if there are none.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "提交的数据有误，请按提示修改", Fields: f}
}

// As extracts an *Error; any other error becomes Internal with a neutral message.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "系统内部错误，请稍后重试"}
}

// Is reports whether err carries the given code.
func Is(err error, code string) bool {
	var e *Error
	return errors.As(err, &e) && e.Code == code
}
