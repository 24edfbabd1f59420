// Package version tells which build of zfjd is running: the module version
// and the commit the Go toolchain stamped into the binary (debug.BuildInfo).
package version

import (
	"runtime/debug"
	"sync"
)

// Build describes this binary.
type Build struct {
	Version  string `json:"version"`            // module version, "(devel)" for a build from a checkout
	Commit   string `json:"commit,omitempty"`   // vcs.revision
	Time     string `json:"built_at,omitempty"` // vcs.time: the commit's time, UTC
	Modified bool   `json:"modified,omitempty"` // built from a checkout with uncommitted changes
}

// Set at link time where the toolchain does not stamp the build (a build
// with -buildvcs=false, or from a source archive):
//
//	go build -ldflags "-X zfjd/internal/version.release=v1.2.0 -X zfjd/internal/version.commit=$(git rev-parse HEAD)" ./cmd/zfjd
var release, commit string

// Info is this binary's build, read once.
var Info = sync.OnceValue(func() Build {
	b := Build{Version: "(devel)"}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return b.override()
	}
	if bi.Main.Version != "" {
		b.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.time":
			b.Time = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b.override()
})

func (b Build) override() Build {
	if release != "" {
		b.Version = release
	}
	if commit != "" {
		b.Commit = commit
	}
	return b
}

// String is the build in one line, e.g. "(devel) 65031dc 2026-12-02T03:30:00Z".
func (b Build) String() string {
	s := b.Version
	if b.Commit != "" {
		c := b.Commit
		if len(c) > 12 {
			c = c[:12]
		}
		s += " " + c
		if b.Modified {
			s += "+修改"
		}
	}
	if b.Time != "" {
		s += " " + b.Time
	}
	return s
}
