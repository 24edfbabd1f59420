// Package config reads zfjd's options from flags and the environment
// variables of the same name (--db / ZFJD_DB); a flag wins over the variable.
package config

import (
	"flag"
	"os"
	"strings"
)

// Options configure a zfjd process.
type Options struct {
	DB       string // SQLite file path or postgres:// URL
	Addr     string // listen address
	BaseURL  string // public address used in QR codes; derived from requests when empty
	LogLevel string
	// LogKey is the file of the record log's signing key (kept outside the
	// database; made on first start); "" = beside the SQLite file, or
	// zfjd-log.key in the working directory for PostgreSQL.
	LogKey string
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
	fs.StringVar(&o.Addr, "addr", env("ZFJD_ADDR", "127.0.0.1:8080"), "监听地址 (ZFJD_ADDR)")
	fs.StringVar(&o.BaseURL, "base-url", env("ZFJD_BASE_URL", ""), "对外访问地址，用于亮证二维码 (ZFJD_BASE_URL)")
	fs.StringVar(&o.LogLevel, "log-level", env("ZFJD_LOG_LEVEL", "info"), "日志级别 debug/info/warn/error (ZFJD_LOG_LEVEL)")
	fs.StringVar(&o.LogKey, "log-key", env("ZFJD_LOG_KEY", ""), "记录存证日志签名密钥文件，首次启动时生成 (ZFJD_LOG_KEY)")
	return o
}

// Normalize trims the base URL.
func (o *Options) Normalize() { o.BaseURL = strings.TrimRight(o.BaseURL, "/") }

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}
