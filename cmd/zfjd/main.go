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
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"zfjd/internal/auth"
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
  zfjd serve   [--db 路径或postgres://地址] [--addr 127.0.0.1:8080]   启动服务
  zfjd demo    [同上]                                               启动服务并加载演示数据（默认数据库 zfjd-demo.db）
  zfjd migrate [--db ...]                                           仅执行数据库迁移
  zfjd token create --name 名称 --role 角色 --region 区划代码 [--agency 统一社会信用代码] [--db ...]
                                                                    生成API访问令牌（打印到标准输出）
  zfjd log verify     [--db ...] [--log-key 文件]                   核验全部记录与存证日志、最新签名检查点；有不符时列出并以非零状态退出
  zfjd log checkpoint [--db ...] [--log-key 文件]                   立即签发检查点
  zfjd log bundle 来源系统/来源编号 [--db ...]                      导出案件的存证包（记录、证明、检查点、验证密钥）
  zfjd log verify-record --bundle 文件 [--key 验证密钥]              离线核验存证包（无需数据库）

角色：admin supervisor agency_admin officer legal_reviewer agency_head social_supervisor integration
环境变量：ZFJD_DB、ZFJD_ADDR、ZFJD_BASE_URL、ZFJD_LOG_LEVEL 与同名参数等效；
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
		return serve(ctx, rest, true, out)
	case "migrate":
		return migrate(ctx, rest, out)
	case "token":
		return token(ctx, rest, out)
	case "log":
		return logCmd(ctx, rest, out)
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	default:
		return fmt.Errorf("%w：未知命令 %s\n\n%s", errUsage, cmd, usage)
	}
}

func parse(name string, args []string, defDB string) (*flag.FlagSet, *config.Options, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	o := config.Flags(fs)
	if defDB != "" && os.Getenv("ZFJD_DB") == "" {
		o.DB = defDB
		fs.Lookup("db").DefValue = defDB
	}
	err := fs.Parse(args)
	o.Normalize()
	return fs, o, err
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
	return db, nil
}

func serve(ctx context.Context, args []string, withDemo bool, out io.Writer) error {
	defDB := ""
	if withDemo {
		defDB = "zfjd-demo.db"
	}
	_, o, err := parse("serve", args, defDB)
	if err != nil {
		return err
	}
	start := time.Now()
	log := logger(o.LogLevel)
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
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
	srv, err := web.New(ctx, db, o, log, web.WithClock(clock.From(ctx)), web.WithCases(svc), web.WithLogKeys(keys))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go srv.RunJobs(ctx)
	addr := "http://" + ln.Addr().String()
	fmt.Fprintf(out, "zfjd 已启动：%s （数据库：%s，%s，启动用时 %s）\n", addr, db.Dialect, redact(o.DB), time.Since(start).Round(time.Millisecond))

	fmt.Fprintf(out, "公众公示页面：%s/public\n", addr)
	if v := os.Getenv(clock.EnvVar); v != "" {
		fmt.Fprintf(out, "系统日期：%s（%s=%s）\n", clock.TodayString(ctx), clock.EnvVar, v)
	}
	if sum != nil {
		fmt.Fprintln(out, sum.String())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
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

func token(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w：zfjd token create --name 名称 --role 角色 --region 区划代码 [--agency 统一社会信用代码]", errUsage)
	}
	fs, o, _ := parse("token", nil, "")
	name := fs.String("name", "", "令牌名称")
	role := fs.String("role", "integration", "角色")
	region := fs.String("region", "", "管辖区划代码")
	agency := fs.String("agency", "", "限定部门统一社会信用代码")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	o.Normalize()
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	tok, err := auth.CreateToken(ctx, db, *name, auth.Role(*role), strings.TrimSpace(*region), strings.TrimSpace(*agency))
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(out, tok)
	return nil
}

// redact hides a password in a postgres:// address before printing it.
func redact(dsn string) string {
	if u, err := url.Parse(dsn); err == nil && u.User != nil {
		return u.Redacted()
	}
	return dsn
}
