package registry

import (
	"context"

	"zfjd/internal/auth"
	"zfjd/internal/store"
)

// TemplateSample is the agency an import template's example row names.
type TemplateSample struct {
	Code, Name string
	Own        bool // p's own agency; otherwise the first one in p's scope
}

// TemplateSampleFor is the agency the example rows of p's import templates
// name, so that the untouched template imports as it is (issue 16): p's
// own agency, or, for a user bound to no agency (a system or region
// administrator), the first active enforcement subject in p's scope by
// region and name. None when p's scope has none: the placeholder stays.
func TemplateSampleFor(ctx context.Context, db *store.DB, p *auth.Principal) (TemplateSample, error) {
	if p == nil {
		return TemplateSample{}, nil
	}
	if p.Agency != "" {
		return TemplateSample{Code: p.Agency, Own: true}, nil
	}
	f := &AgencyFilter{Kind: "enforcement", Status: "active", Sort: "region", Page: Page{Page: 1, Size: 1}}
	list, err := ListAgencies(ctx, db, p, f)
	if err != nil || len(list) == 0 {
		return TemplateSample{}, err
	}
	return TemplateSample{Code: list[0].Code, Name: list[0].Name}, nil
}
