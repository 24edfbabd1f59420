// Package webkit holds what every web capability shares and nothing of
// any one of them: the Kit of dependencies handlers use, page rendering on
// the shared layout, flash messages, the mapping of errors to HTTP, the
// JSON API helpers, the login and token checks, the navigation and the
// Router capabilities register their routes on.
//
// A capability (registryweb, caseweb, ...) is one package with a Handler
// built from a Kit, its own embedded templates/ and funcs (Kit.NewPages),
// and a Routes(*Router) method; package web composes them.
package webkit

import (
	"log/slog"
	"net/http"
	"net/netip"

	"github.com/alexedwards/scs/v2"

	"zfjd/internal/config"
	"zfjd/internal/store"
)

// Kit is what the handlers of every capability share.
type Kit struct {
	DB       *store.DB
	Opts     *config.Options
	Sessions *scs.SessionManager
	Log      *slog.Logger
	// Proxies are the trusted reverse proxies (Opts.TrustedProxies).
	Proxies []netip.Prefix
	// Reads is the read replica list pages read (--read-db); nil: DB.
	Reads *store.DB
	// Shell holds what capabilities add to every page (nav.go).
	Shell Shell
}

// Session keys: the signed-in account's id, and the account's
// PasswordChangedAt when the session began (a later change ends it).
const (
	AccountKey       = "account_id"
	PasswordEpochKey = "password_changed_at"
)

// PasswordPath is the signed-in user's password page; an account whose
// password was reset may open nothing else.
const PasswordPath = "/account/password"

// Flash stores a one-time message for the next page.
func (k *Kit) Flash(r *http.Request, msg string) { k.Sessions.Put(r.Context(), "flash", msg) }
