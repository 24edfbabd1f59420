package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"

	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/version"
)

// migrateCmd is `zfjd migrate [--dry-run]`: with --dry-run it lists what
// an upgrade to this binary would apply, and changes nothing.
func migrateCmd(ctx context.Context, args []string, out io.Writer) error {
	if !slices.Contains(args, "--dry-run") && !slices.Contains(args, "-dry-run") {
		return migrate(ctx, args, out)
	}
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	o := config.Flags(fs)
	fs.Bool("dry-run", false, "只列出将要执行的迁移，不修改数据库")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	if err := load(o); err != nil {
		return err
	}
	db, err := store.Open(ctx, o.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	ms, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	applied, err := store.SchemaVersion(ctx, db.R)
	if err != nil {
		applied = 0 // a new database has no goose_db_version yet
	}
	fmt.Fprintf(out, "程序 %s，数据库 %s %s：已执行到迁移 %d，本程序最高为 %d。\n",
		version.Info(), db.Dialect, redact(o.DB), applied, store.HeadVersion())
	var pending []store.Migration
	for _, m := range ms {
		if !m.Applied {
			pending = append(pending, m)
		}
	}
	if len(pending) == 0 {
		fmt.Fprintln(out, "没有待执行的迁移。")
		return nil
	}
	fmt.Fprintf(out, "将执行 %d 个迁移（未执行，仅预览）：\n", len(pending))
	for _, m := range pending {
		name := m.File
		if name == "" {
			name = "（程序内修复步骤）"
		}
		fmt.Fprintf(out, "  %05d  %s\n", m.Version, name)
	}
	fmt.Fprintln(out, "升级前请先备份（zfjd backup --to 目录），停止全部实例后执行 zfjd migrate，再启动新版本。")
	return nil
}
