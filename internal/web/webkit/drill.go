package webkit

import (
	"context"
	"time"

	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Drill is a list's region drill-down: the path from the viewer's own
// level to the region chosen, and that region's divisions one level down.
type Drill struct {
	Path     []registry.Region
	Children []registry.Region
}

// RegionDrill is the drill-down at region (the viewer's own region when
// region is "" or outside the viewer's scope).
func RegionDrill(ctx context.Context, db *store.DB, p *auth.Principal, region string) Drill {
	var d Drill
	if p == nil {
		return d
	}
	here := p.Region
	if region != "" && ident.Contains(p.Region, region) {
		here = region
	}
	for _, x := range registry.RegionPath(ctx, db, here) {
		if ident.Contains(p.Region, x.Code) {
			d.Path = append(d.Path, x)
		}
	}
	if len(here) <= 6 { // counties drill into townships only where the registry has them
		rf := &registry.RegionFilter{Parent: here, Page: registry.Page{Size: 200}}
		if kids, err := registry.ListRegions(ctx, db, p.Region, rf); err == nil {
			for _, k := range kids {
				if k.Code != here {
					d.Children = append(d.Children, k)
				}
			}
		}
	}
	return d
}

// Datetime is an instant (Unix ms) as China time, for exports.
func Datetime(ms int64) string {
	if ms == 0 {
		return ""
	}
	return time.UnixMilli(ms).In(clock.Shanghai).Format("2006-01-02 15:04")
}
