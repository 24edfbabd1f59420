// Package config reads zfjd's options from flags, the environment variables
// of the same name (--db / ZFJD_DB) and a TOML config file (--config /
// ZFJD_CONFIG, keys named like the flags: base_url). A flag wins over the
// variable, the variable over the file, the file over the default; every
// value is checked the same way whichever of them gave it (Load).
package config

import (
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"strings"
)

// Options configure a zfjd process.
type Options struct {
	DB string // SQLite file path or postgres:// URL
	// ReadDB, when set, is a read-only copy of DB (a PostgreSQL standby, a
	// replicated SQLite file) that list pages and the public portal read
	// (store.OpenReadReplica).
	ReadDB string
	Addr   string // listen address
	// BaseURL is the public address (QR codes, verify links, the record
	// log's origin; https also makes the session cookie Secure and turns on
	// HSTS). zfjd serve requires it; zfjd demo derives it from the address.
	BaseURL  string
	LogLevel string
	// LogKey is the file of the record log's signing key (kept outside the
	// database; made on first start); "" = beside the SQLite file, or
	// zfjd-log.key in the working directory for PostgreSQL.
	LogKey string
	// LogHash is the record log's hash algorithm (ledger.ParseAlg):
	// "sha256" (RFC 6962, spec §6) or "sm3" (国密). It can only be chosen
	// before the log's first leaf; "" keeps the log's own.
	LogHash string
	// TrustedProxies are the addresses of reverse proxies (comma-separated
	// IPs or CIDRs) whose X-Forwarded-For names the client, for the login
	// throttle and the log; requests from anywhere else are taken by their
	// own address.
	TrustedProxies string
	// MetricsAddr, when set, serves /metrics on this separate address only
	// (and the main address answers 404 there).
	MetricsAddr string
	// MetricsToken, when set, is a bearer token that may read /metrics on
	// the main address (besides API tokens of role admin).
	MetricsToken string
	// RecordingMaxMB limits one audio or video file of 全过程记录 (MB; 0 =
	// the default of cases.DefaultMaxRecordingBytes, 500 MB).
	RecordingMaxMB int
	// DrainSeconds is how long zfjd serve keeps answering after SIGTERM
	// with /readyz at 503, so a load balancer stops sending it requests
	// before it stops accepting connections (demo: 0).
	DrainSeconds int
	// ShutdownSeconds bounds the wait for requests in flight (their writes
	// finish in their transactions) once new connections are refused.
	ShutdownSeconds int
	// Config is the TOML file the options were read from ("" = none).
	Config string

	fs    *flag.FlagSet
	given map[string]source // key → where its value came from
}

// CheckBaseURL reports what is wrong with the base URL: it must be an
// absolute http(s) address of the site's root.
func (o *Options) CheckBaseURL() error {
	if !validBaseURL(o.BaseURL) {
		return fmt.Errorf("--base-url %q 无效：须为 http:// 或 https:// 开头的站点根地址，如 https://zfjd.example.gov.cn", o.BaseURL)
	}
	return nil
}

func validBaseURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil &&
		(u.Path == "" || u.Path == "/") && u.RawQuery == "" && u.Fragment == ""
}

// HTTPS reports whether the site is served over TLS (at a proxy or here).
func (o *Options) HTTPS() bool { return strings.HasPrefix(o.BaseURL, "https://") }

// Proxies parses TrustedProxies.
func (o *Options) Proxies() ([]netip.Prefix, error) {
	out, bad := parseProxies(o.TrustedProxies)
	if bad != "" {
		return nil, fmt.Errorf("--trusted-proxies：无法识别的地址 %s", bad)
	}
	return out, nil
}

// parseProxies parses a comma-separated list of IPs and CIDRs; bad is the
// first entry that is neither.
func parseProxies(s string) (out []netip.Prefix, bad string) {
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, f
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, ""
}

// LogKeyPath is where the record log's signing key lives.
func (o *Options) LogKeyPath() string {
	if o.LogKey != "" {
		return o.LogKey
	}
	if strings.HasPrefix(o.DB, "postgres://") || strings.HasPrefix(o.DB, "postgresql://") {
		return "zfjd-log.key"
	}
	return o.DB + ".logkey"
}

// LogOrigin names the record log in its checkpoints: the public host when
// a base URL is set.
func (o *Options) LogOrigin() string {
	host := strings.TrimPrefix(strings.TrimPrefix(o.BaseURL, "https://"), "http://")
	if host == "" {
		host = "zfjd.local"
	}
	return host + "/log"
}

// Normalize trims the base URL.
func (o *Options) Normalize() { o.BaseURL = strings.TrimRight(o.BaseURL, "/") }

// Redact hides a password in a postgres:// address before it is printed.
func Redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}
