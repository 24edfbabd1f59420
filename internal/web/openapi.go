package web

import (
	_ "embed"
	"net/http"
)

// openapiYAML documents /api/v1; api_openapi_test.go validates every API
// response of the tests against it, so it matches what the server does.
//
//go:embed openapi.yaml
var openapiYAML []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(openapiYAML)
}
