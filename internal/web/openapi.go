package web

import (
	_ "embed"
	"net/http"

	"zfjd/internal/web/webkit"
)

// openapiYAML documents /api/v1; every API call of the tests (webtest.Env.Call)
// is validated against it, so it matches what the server does.
//
//go:embed openapi.yaml
var openapiYAML []byte

// The integration page lists the API's areas from the same document.
func init() { webkit.APISpec = openapiYAML }

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(openapiYAML)
}
