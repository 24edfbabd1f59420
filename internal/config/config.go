// Package config reads zfjd's options from flags and the environment
// variables of the same name (--db / ZFJD_DB); a flag wins over the variable.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"strconv"
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
}

// CheckBaseURL reports what is wrong with the base URL: it must be an
// absolute http(s) address of the site's root.
func (o *Options) CheckBaseURL() error {
	u, err := url.Parse(o.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("--base-url %q 无效：须为 http:// 或 https:// 开头的站点根地址，如 https://zfjd.example.gov.cn", o.BaseURL)
	}
	return nil
}

// HTTPS reports whether the site is served over TLS (at a proxy or here).
func (o *Options) HTTPS() bool { return strings.HasPrefix(o.BaseURL, "https://") }

// Proxies parses TrustedProxies.
func (o *Options) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(o.TrustedProxies, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, errors.New("--trusted-proxies：无法识别的地址 " + f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
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

// Flags registers the options on fs with defaults from the environment.
func Flags(fs *flag.FlagSet) *Options {
	o := &Options{}
	fs.StringVar(&o.DB, "db", env("ZFJD_DB", "zfjd.db"), "数据库：SQLite 文件路径或 postgres:// 地址 (ZFJD_DB)")
	fs.StringVar(&o.ReadDB, "read-db", env("ZFJD_READ_DB", ""), "只读副本（与 --db 同一种数据库）：列表页与公示页从它读取，可能比主库晚几秒 (ZFJD_READ_DB)")
	fs.StringVar(&o.Addr, "addr", env("ZFJD_ADDR", "127.0.0.1:8080"), "监听地址 (ZFJD_ADDR)")
	fs.StringVar(&o.BaseURL, "base-url", env("ZFJD_BASE_URL", ""), "对外访问地址（亮证二维码、核验链接；https 时 Cookie 加 Secure 并发送 HSTS），serve 必填 (ZFJD_BASE_URL)")
	fs.StringVar(&o.LogLevel, "log-level", env("ZFJD_LOG_LEVEL", "info"), "日志级别 debug/info/warn/error (ZFJD_LOG_LEVEL)")
	fs.StringVar(&o.LogHash, "log-hash", env("ZFJD_LOG_HASH", ""), "记录存证日志的哈希算法：sha256（默认，RFC 6962）或 sm3（国密），须在写入第一条记录之前选定 (ZFJD_LOG_HASH)")
	fs.StringVar(&o.LogKey, "log-key", env("ZFJD_LOG_KEY", ""), "记录存证日志签名密钥文件，首次启动时生成 (ZFJD_LOG_KEY)")
	fs.StringVar(&o.TrustedProxies, "trusted-proxies", env("ZFJD_TRUSTED_PROXIES", ""), "可信反向代理地址（逗号分隔的 IP 或 CIDR），据其 X-Forwarded-For 识别客户端地址 (ZFJD_TRUSTED_PROXIES)")
	fs.StringVar(&o.MetricsAddr, "metrics-addr", env("ZFJD_METRICS_ADDR", ""), "单独的 /metrics 监听地址，如 127.0.0.1:9090；设置后主地址不提供 /metrics (ZFJD_METRICS_ADDR)")
	fs.StringVar(&o.MetricsToken, "metrics-token", env("ZFJD_METRICS_TOKEN", ""), "读取主地址 /metrics 的 Bearer 令牌（系统管理员的 API 令牌也可） (ZFJD_METRICS_TOKEN)")
	fs.IntVar(&o.RecordingMaxMB, "recording-max-mb", envInt("ZFJD_RECORDING_MAX_MB"), "单个执法音像记录文件的大小上限（MB，默认 500） (ZFJD_RECORDING_MAX_MB)")
	return o
}

func envInt(name string) int {
	n, _ := strconv.Atoi(env(name, "0"))
	return n
}

// Normalize trims the base URL.
func (o *Options) Normalize() { o.BaseURL = strings.TrimRight(o.BaseURL, "/") }

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}
