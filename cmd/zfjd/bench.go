package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"time"

	"zfjd/internal/bench"
	"zfjd/internal/config"
	"zfjd/internal/scale"
)

// benchCmd is `zfjd bench [--db ...] [--cases N [--scale S] [--seed S]]
// [--json FILE] [--duration 3s] [--cpuprofile FILE]`: measure the dataset in
// --db, or first generate N cases (into a temporary SQLite file when no
// --db is given, else into the given empty database).
func benchCmd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	o := config.Flags(fs)
	sf := addScaleFlags(fs)
	jsonPath := fs.String("json", "", "把结果写成 JSON 文件")
	dur := fs.Duration("duration", 3*time.Second, "每项接口测量的时长")
	prof := fs.String("cpuprofile", "", "把 CPU 剖析写入文件（go tool pprof）")
	only := fs.String("only", "", "只测量一部分：portal（公示门户）、due（每日到期检查）、judge（增量重判一件案件）、warnings（预警列表）或 stats（统计看板、年报与评议考核）")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	if err := load(o); err != nil {
		return err
	}
	generate := flagSet(fs, "cases")
	if generate && sf.cases <= 0 {
		return fmt.Errorf("%w：--cases 应为正整数", errUsage)
	}
	if generate && !o.Given("db") {
		dir, err := os.MkdirTemp("", "zfjd-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.DB = filepath.Join(dir, "bench.db")
	}
	if *prof != "" {
		f, err := os.Create(*prof)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	var sum *scale.Summary
	if generate {
		fmt.Fprintf(out, "生成 %s 规模数据 %d 件案件到 %s ……\n", sf.scale, sf.cases, redact(o.DB))
		if sum, err = scale.Load(ctx, db, scale.Options{Scale: sf.scale, Cases: sf.cases, Seed: sf.seed, Progress: out}); err != nil {
			return err
		}
		fmt.Fprintln(out, sum.String())
	}
	res, err := bench.Run(ctx, db, bench.Options{Duration: *dur, Out: out, Only: *only}, sum)
	if err != nil {
		return err
	}
	res.Print(out)
	if *jsonPath != "" {
		if err := res.WriteJSON(*jsonPath); err != nil {
			return err
		}
		fmt.Fprintf(out, "结果已写入 %s\n", *jsonPath)
	}
	return nil
}
