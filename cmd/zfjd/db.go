package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/store"
	"zfjd/internal/store/pg"
)

// dbCmd is `zfjd db partition`: the PostgreSQL schema partitioned by year
// (internal/store/pg). By default the years from five years ago to next
// year; rows outside them go to a default partition.
func dbCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "partition" {
		return fmt.Errorf("%w：zfjd db partition --db postgres://… [--from 年 --to 年]", errUsage)
	}
	fs := flag.NewFlagSet("db partition", flag.ContinueOnError)
	o := config.Flags(fs)
	year := clock.Today(ctx).Y
	from := fs.Int("from", year-5, "第一个年度分区")
	to := fs.Int("to", year+1, "最后一个年度分区")
	if err := fs.Parse(args[1:]); err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	if err := load(o); err != nil {
		return err
	}
	if !store.IsPostgres(o.DB) {
		return fmt.Errorf("%w：按年分区只适用于 PostgreSQL（--db postgres://…）", errUsage)
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := pg.Partition(ctx, db, *from, *to); err != nil {
		return err
	}
	for _, t := range pg.Tables {
		parts, err := pg.Partitions(ctx, db.R, t.Name)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "%s：%d 个分区 %v\n", t.Name, len(parts), parts)
	}
	return nil
}
