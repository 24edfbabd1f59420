package web

import (
	_ "embed"
	"net/http"
)

// openapiYAML documents /api/v1; every API call of the tests (webtest.Env.Call)
// is validated against it, so it matches what the server does.
//
//go:embed openapi.yaml
var openapiYAML []byte

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(openapiYAML)
}
