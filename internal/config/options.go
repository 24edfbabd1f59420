package config

import (
	"flag"
	"strconv"
	"strings"
)

// option is one setting: its config-file key, flag, environment variable
// and default, and the field it fills (str or num).
type option struct {
	key, flag, env string
	def            string
	help           string
	secret         bool // never printed (a token, a password in a URL)
	str            func(*Options) *string
	num            func(*Options) *int
	list           bool // the file may give a TOML array of strings (joined with commas)
}

// options are every setting, in the order of the example file
// (deploy/zfjd.toml).
var options = []option{
	{key: "db", flag: "db", env: "ZFJD_DB", def: "zfjd.db", secret: true,
		help: "数据库：SQLite 文件路径或 postgres:// 地址", str: func(o *Options) *string { return &o.DB }},
	{key: "read_db", flag: "read-db", env: "ZFJD_READ_DB", secret: true,
		help: "只读副本（与 --db 同一种数据库）：列表页与公示页从它读取，可能比主库晚几秒", str: func(o *Options) *string { return &o.ReadDB }},
	{key: "addr", flag: "addr", env: "ZFJD_ADDR", def: "127.0.0.1:8080",
		help: "监听地址", str: func(o *Options) *string { return &o.Addr }},
	{key: "base_url", flag: "base-url", env: "ZFJD_BASE_URL",
		help: "对外访问地址（亮证二维码、核验链接；https 时 Cookie 加 Secure 并发送 HSTS），serve 必填", str: func(o *Options) *string { return &o.BaseURL }},
	{key: "log_level", flag: "log-level", env: "ZFJD_LOG_LEVEL", def: "info",
		help: "日志级别 debug/info/warn/error", str: func(o *Options) *string { return &o.LogLevel }},
	{key: "log_hash", flag: "log-hash", env: "ZFJD_LOG_HASH",
		help: "记录存证日志的哈希算法：sha256（默认，RFC 6962）或 sm3（国密），须在写入第一条记录之前选定", str: func(o *Options) *string { return &o.LogHash }},
	{key: "log_key", flag: "log-key", env: "ZFJD_LOG_KEY",
		help: "记录存证日志签名密钥文件，首次启动时生成", str: func(o *Options) *string { return &o.LogKey }},
	{key: "trusted_proxies", flag: "trusted-proxies", env: "ZFJD_TRUSTED_PROXIES", list: true,
		help: "可信反向代理地址（逗号分隔的 IP 或 CIDR），据其 X-Forwarded-For 识别客户端地址", str: func(o *Options) *string { return &o.TrustedProxies }},
	{key: "metrics_addr", flag: "metrics-addr", env: "ZFJD_METRICS_ADDR",
		help: "单独的 /metrics 监听地址，如 127.0.0.1:9090；设置后主地址不提供 /metrics", str: func(o *Options) *string { return &o.MetricsAddr }},
	{key: "metrics_token", flag: "metrics-token", env: "ZFJD_METRICS_TOKEN", secret: true,
		help: "读取主地址 /metrics 的 Bearer 令牌（系统管理员的 API 令牌也可）", str: func(o *Options) *string { return &o.MetricsToken }},
	{key: "recording_max_mb", flag: "recording-max-mb", env: "ZFJD_RECORDING_MAX_MB", def: "0",
		help: "单个执法音像记录文件的大小上限（MB，0 为默认 500）", num: func(o *Options) *int { return &o.RecordingMaxMB }},
	{key: "drain_seconds", flag: "drain-seconds", env: "ZFJD_DRAIN_SECONDS", def: "5",
		help: "收到停止信号后 /readyz 先返回 503、仍继续服务的秒数，供负载均衡摘除本实例（demo 为 0）", num: func(o *Options) *int { return &o.DrainSeconds }},
	{key: "shutdown_seconds", flag: "shutdown-seconds", env: "ZFJD_SHUTDOWN_SECONDS", def: "30",
		help: "停止接受新连接后等待处理中请求（含写入）完成的最长秒数", num: func(o *Options) *int { return &o.ShutdownSeconds }},
}

// Keys are the config file's keys, in order.
func Keys() []string {
	out := make([]string, len(options))
	for i, op := range options {
		out[i] = op.key
	}
	return out
}

func lookup(key string) *option {
	for i := range options {
		if options[i].key == key {
			return &options[i]
		}
	}
	return nil
}

// Flags registers the options on fs, and --config. The environment and
// the config file are read by Load, after fs.Parse.
func Flags(fs *flag.FlagSet) *Options {
	o := &Options{fs: fs}
	for _, op := range options {
		help := op.help + " (" + op.env + ")"
		if op.num != nil {
			n, _ := strconv.Atoi(op.def)
			fs.IntVar(op.num(o), op.flag, n, help)
		} else {
			fs.StringVar(op.str(o), op.flag, op.def, help)
		}
	}
	fs.StringVar(&o.Config, "config", "", "配置文件（TOML，键名同参数而以下划线连接，如 base_url；参数与环境变量优先）(ZFJD_CONFIG)")
	return o
}

// SetDefault changes the default of option key (the flag's name with
// underscores), before Load: zfjd demo's own database and drain. A value
// given as a flag stays; the environment and the file still override it.
func (o *Options) SetDefault(key, value string) {
	op := lookup(key)
	if op == nil {
		panic("config: no option " + key)
	}
	f := o.fs.Lookup(op.flag)
	set := false
	o.fs.Visit(func(g *flag.Flag) { set = set || g == f })
	if !set {
		f.Value.Set(value)
	}
	f.DefValue = value
}

// flagName is how a message names key given as a flag.
func flagName(key string) string { return "--" + strings.ReplaceAll(key, "_", "-") }
