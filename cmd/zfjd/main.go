// Command zfjd is the 行政执法与执法监督 platform: one binary that serves the
// web UI, the public pages and the API, and carries its admin commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"zfjd/internal/calendar"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/demo"
	"zfjd/internal/ledger"
	"zfjd/internal/registry"
	"zfjd/internal/store"
	"zfjd/internal/web"
)

const usage = `zfjd — 行政执法与执法监督平台

用法：
  zfjd serve   [--config 文件] [--db 路径或postgres://地址] [--addr 127.0.0.1:8080]
                                                                    启动服务（GET /livez 存活、/readyz 就绪）
  zfjd demo    [同上]                                               启动服务并加载演示数据（默认数据库 zfjd-demo.db）
  zfjd demo --scale province|city|county [--cases N] [--seed S] [--load-only]
                                                                    生成省/市/县规模数据装入空数据库（COPY/批量写入）并启动服务
  zfjd bench [--db ...] [--cases N] [--json 文件]                   在规模数据上测量判断、到期检查、接口写入与列表（--cases 时先生成）
  zfjd migrate [--db ...] [--dry-run]                               仅执行数据库迁移（--dry-run 只列出待执行的迁移）
  zfjd backup --to 目录 [--db ...] [--log-key 文件]                 在线备份数据库（含证据与音像文件）和记录日志签名密钥，并核验备份
  zfjd restore --from 目录 --db 新的空数据库 [--log-key 文件]       恢复到空数据库，与备份清单核对，再核验记录日志
  zfjd upward add --name 名称 --url 地址 --mapping records|credit_penalty [--token 令牌] [--from-start]
                                                                    配置向省级/国家/信用平台推送记录变更的目标；list、pause、resume、
                                                                    status [--days 7]（按日对账）、rejected 名称（被拒收的记录及原因）
  zfjd keys status|new|rotate [--db ...]                            投诉人联系方式加密密钥：查看、生成新密钥、轮换（全部重新加密）
  zfjd db partition --db postgres://... [--from 年 --to 年]          PostgreSQL：案件与操作审计表按年分区（停机执行；已分区时只补年份）
  zfjd token create --name 名称 --role 角色 --region 区划代码|全国 [--agency 统一社会信用代码] [--expires 365d] [--db ...]
                                                                    生成API访问令牌（打印到标准输出；默认有效期365天，最长5年）
  zfjd token list   [--db ...]                                      列出访问令牌（不显示令牌本身）及其到期与吊销状态
  zfjd token revoke 令牌ID [--db ...]                               吊销令牌，立即生效
  zfjd log verify     [--db ...] [--log-key 文件]                   核验全部记录与存证日志、最新签名检查点；有不符时列出并以非零状态退出
  zfjd log checkpoint [--db ...] [--log-key 文件]                   立即签发检查点
  zfjd log bundle 来源系统/来源编号 [--db ...]                      导出案件的存证包（记录、证明、检查点、验证密钥）
  zfjd log verify-record --bundle 文件 [--key 验证密钥] [--witness 见证人验证密钥]
                                                                    离线核验存证包（无需数据库；--witness 时要求该见证人已副署）
  zfjd log witness --key 见证人密钥文件 [--name 名称] [--alg ed25519|sm2] [--db ...]
                                                                    见证人副署最新检查点（先核对与其上次副署的树一致）
  zfjd log keygen [--alg ed25519|sm2] [--log-key 文件]              首次启动前生成记录日志签名密钥（sm2 为国密）

角色：admin supervisor agency_admin officer legal_reviewer agency_head social_supervisor integration
serve 须指定 --base-url（对外访问地址，如 https://zfjd.example.gov.cn）；demo 未指定时取监听地址。
配置文件：--config 文件（或 ZFJD_CONFIG），TOML，键名同参数而以下划线连接（base_url、trusted_proxies……），
          示例见 deploy/zfjd.toml；参数优先于环境变量，环境变量优先于配置文件。
环境变量：ZFJD_DB、ZFJD_ADDR、ZFJD_BASE_URL、ZFJD_LOG_LEVEL、ZFJD_LOG_KEY、ZFJD_TRUSTED_PROXIES、
          ZFJD_METRICS_ADDR、ZFJD_METRICS_TOKEN、ZFJD_DRAIN_SECONDS、ZFJD_SHUTDOWN_SECONDS 与同名参数等效；
          ZFJD_TODAY=YYYY-MM-DD|+Nd|+Ny 将系统时钟移到该日（用于测试与演示）。
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "错误：", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("用法错误")

// run dispatches a subcommand; out receives what the user reads. Every
// command runs on the process clock (ZFJD_TODAY), carried by ctx.
func run(ctx context.Context, args []string, out io.Writer) error {
	clk, err := clock.FromEnv()
	if err != nil {
		return err
	}
	ctx = clock.With(ctx, clk)
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, false, out)
	case "demo":
		if scaleRequested(rest) {
			return demoScale(ctx, rest, out)
		}
		return serve(ctx, rest, true, out)
	case "bench":
		return benchCmd(ctx, rest, out)
	case "migrate":
		return migrateCmd(ctx, rest, out)
	case "token":
		return token(ctx, rest, out)
	case "log":
		return logCmd(ctx, rest, out)
	case "db":
		return dbCmd(ctx, rest, out)
	case "backup":
		return backupCmd(ctx, rest, out)
	case "restore":
		return restoreCmd(ctx, rest, out)
	case "upward":
		return upwardCmd(ctx, rest, out)
	case "keys":
		return keysCmd(ctx, rest, out)
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	default:
		return fmt.Errorf("%w：未知命令 %s\n\n%s", errUsage, cmd, usage)
	}
}

// parse reads a command's options: its flags, then (Load) the
// environment and the config file; defDB is the command's own default
// database (zfjd demo's), extra registers the command's own flags.
func parse(name string, args []string, defDB string, extra ...func(*flag.FlagSet, *config.Options)) (*flag.FlagSet, *config.Options, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	o := config.Flags(fs)
	for _, f := range extra {
		f(fs, o)
	}
	if defDB != "" {
		o.SetDefault("db", defDB)
	}
	if err := fs.Parse(args); err != nil {
		return fs, o, err
	}
	return fs, o, load(o)
}

// load completes options parsed by a command's own flag set (config.Load):
// a bad value anywhere is a usage error, refused before anything starts.
func load(o *config.Options) error {
	if err := o.Load(); err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	return nil
}

func logger(level string) *slog.Logger {
	var l slog.Level
	l.UnmarshalText([]byte(level))
	return slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
}

// open connects, migrates and seeds the regions: what every command needs.
func open(ctx context.Context, o *config.Options) (*store.DB, error) {
	db, err := store.Open(ctx, o.DB)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("数据库迁移失败：%w", err)
	}
	if err := registry.SeedRegions(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	// The portal's table of decisions published before it existed, once;
	// planner statistics where autovacuum has not gathered them (issue 10).
	if err := cases.EnsurePublished(ctx, db); err != nil {
		db.Close()
		return nil, err
	}
	if err := cases.EnsureRollup(ctx, db); err != nil { // the statistics rollups (issue 15), once
		db.Close()
		return nil, err
	}
	if err := db.RefreshStats(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func serve(ctx context.Context, args []string, withDemo bool, out io.Writer) error {
	defDB := ""
	if withDemo {
		defDB = "zfjd-demo.db"
	}
	var reset *bool
	_, o, err := parse("serve", args, defDB, func(fs *flag.FlagSet, o *config.Options) {
		if withDemo {
			reset = fs.Bool("reset", false, "删除演示数据库（嵌入式数据库文件）并重新生成演示数据")
			o.SetDefault("drain_seconds", "0") // no load balancer to drain from
		}
	})
	if err != nil {
		return err
	}
	if reset != nil && *reset {
		if err := resetDemo(o, out); err != nil {
			return err
		}
	}
	// The public address goes into QR codes and verify links; taken from
	// the request's Host it would be whatever a client sends.
	if o.BaseURL == "" && !withDemo {
		return fmt.Errorf("%w：zfjd serve 须用 --base-url（或 ZFJD_BASE_URL、配置文件的 base_url）指定对外访问地址，如 https://zfjd.example.gov.cn；"+
			"亮证二维码与核验链接使用该地址，https 时会话 Cookie 加 Secure 并发送 HSTS", errUsage)
	}
	start := time.Now()
	log := logger(o.LogLevel)
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := useLogHash(ctx, db, o); err != nil {
		return err
	}
	var sum *demo.Summary
	if withDemo {
		if sum, err = demo.Load(ctx, db); err != nil {
			return fmt.Errorf("加载演示数据失败：%w", err)
		}
	}
	// The case service counts with the stored working-day calendar and
	// judges fines against the stored benchmarks (C4).
	svc := cases.NewService(db, calendar.RulesCalendar, cases.BenchmarkRanges)
	// The record log's signing key lives in a file beside (not in) the database.
	keys, err := ledger.LoadOrCreateKeys(o.LogKeyPath(), o.LogOrigin())
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if o.BaseURL == "" { // the demo: this machine's address
		o.BaseURL = demoBaseURL(ln.Addr())
	}
	srv, err := web.New(ctx, db, o, log, web.WithClock(clock.From(ctx)), web.WithCases(svc), web.WithLogKeys(keys))
	if err != nil {
		return err
	}
	// Timeouts: see web.NewHTTPServer (uploads get longer per request).
	hs := web.NewHTTPServer(srv)
	servers := []*http.Server{hs}
	errc := make(chan error, 2)
	if o.MetricsAddr != "" {
		mln, err := net.Listen("tcp", o.MetricsAddr)
		if err != nil {
			return fmt.Errorf("--metrics-addr：%w", err)
		}
		ms := web.NewHTTPServer(srv.MetricsHandler())
		servers = append(servers, ms)
		go func() { errc <- ms.Serve(mln) }()
		fmt.Fprintf(out, "监控指标：http://%s/metrics\n", mln.Addr())
	}
	jobsDone := make(chan struct{})
	go func() { srv.RunJobs(ctx); close(jobsDone) }()
	defer func() { <-jobsDone }()
	addr := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "zfjd 已启动：%s （数据库：%s，%s，启动用时 %s）\n", addr, db.Dialect, redact(o.DB), time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(out, "对外地址：%s（二维码与核验链接）\n", o.BaseURL)
	if o.Config != "" {
		fmt.Fprintf(out, "配置文件：%s\n", o.Config)
	}
	fmt.Fprintf(out, "公众公示页面：%s/public\n", addr)
	if v := os.Getenv(clock.EnvVar); v != "" {
		fmt.Fprintf(out, "系统日期：%s（%s=%s）\n", clock.TodayString(ctx), clock.EnvVar, v)
	}
	if sum != nil && sum.Skipped {
		logins, err := demo.Existing(ctx, db)
		if err != nil {
			return err
		}
		fmt.Fprint(out, demo.AgainText(logins, redact(o.DB)))
	} else if sum != nil {
		fmt.Fprintln(out, sum.String())
	}
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Stopping: /readyz answers 503 at once so the load balancer takes
	// this instance out; it keeps serving for --drain-seconds (a second
	// signal cuts that short), then refuses new connections and lets the
	// requests in flight finish their writes for up to --shutdown-seconds.
	again, stopAgain := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopAgain()
	if o.DrainSeconds > 0 {
		fmt.Fprintf(out, "正在停止：就绪检查 /readyz 已返回 503，%d 秒后停止接受新连接。\n", o.DrainSeconds)
	}
	return srv.Stop(again, time.Duration(o.DrainSeconds)*time.Second, time.Duration(o.ShutdownSeconds)*time.Second, servers...)
}

// demoBaseURL is the demo's public address when none is given: the
// listening address, with an unspecified host (0.0.0.0, ::) as 127.0.0.1.
func demoBaseURL(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok {
		return "http://" + a.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port))
}

func migrate(ctx context.Context, args []string, out io.Writer) error {
	_, o, err := parse("migrate", args, "")
	if err != nil {
		return err
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(out, "数据库迁移完成（%s）\n", db.Dialect)
	return nil
}

// redact hides a password in a postgres:// address before printing it.
func redact(dsn string) string { return config.Redact(dsn) }

// resetDemo removes the demo's embedded database (and its WAL files) so
// that this start loads fresh demo data; a PostgreSQL database is never
// dropped from here.
func resetDemo(o *config.Options, out io.Writer) error {
	if store.IsPostgres(o.DB) {
		return fmt.Errorf("%w：--reset 只用于嵌入式数据库；PostgreSQL 数据库请由数据库管理员删除重建", errUsage)
	}
	for _, f := range []string{o.DB, o.DB + "-wal", o.DB + "-shm"} {
		if err := os.Remove(f); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("删除演示数据库 %s 失败：%w", f, err)
		}
	}
	fmt.Fprintf(out, "已删除演示数据库 %s，重新生成演示数据。\n", o.DB)
	return nil
}
