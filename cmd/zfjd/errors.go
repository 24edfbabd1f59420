package main

import (
	"errors"
	"sort"
	"strings"

	"zfjd/internal/apperr"
)

// describe turns a validation error into one readable line for the console.
func describe(err error) error {
	e := apperr.As(err)
	if e.Code == apperr.Internal {
		return err
	}
	var parts []string
	for k, v := range e.Fields {
		parts = append(parts, k+"："+v)
	}
	sort.Strings(parts)
	msg := e.Message
	if len(parts) > 0 {
		msg += "（" + strings.Join(parts, "；") + "）"
	}
	return errors.New(msg)
}
