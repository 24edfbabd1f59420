package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"zfjd/internal/config"
	"zfjd/internal/scale"
)

// scaleRequested reports whether `zfjd demo` was asked for a generated
// dataset (--scale) instead of the Jinan demo.
func scaleRequested(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool {
		return a == "--scale" || a == "-scale" || strings.HasPrefix(a, "--scale=") || strings.HasPrefix(a, "-scale=")
	})
}

type scaleFlags struct {
	scale    string
	cases    int
	seed     uint64
	loadOnly bool
}

func addScaleFlags(fs *flag.FlagSet) *scaleFlags {
	f := &scaleFlags{}
	fs.StringVar(&f.scale, "scale", "province", "规模：province（山东省）、city（济南市）、county（历下区）")
	fs.IntVar(&f.cases, "cases", -1, "处罚案件数（默认 province 1000000、city 100000、county 10000）")
	fs.Uint64Var(&f.seed, "seed", 2026, "随机种子：相同种子、规模与日期生成相同数据")
	return f
}

// demoScale is `zfjd demo --scale province|city|county [--cases N] [--seed S]
// [--load-only]`: generate the dataset into an empty database, then serve
// it as the demo does (unless --load-only).
func demoScale(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	o := config.Flags(fs)
	sf := addScaleFlags(fs)
	fs.BoolVar(&sf.loadOnly, "load-only", false, "只生成并装入数据，不启动服务")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	if !slices.Contains(scale.Scales, sf.scale) {
		return fmt.Errorf("%w：--scale 应为 province、city 或 county", errUsage)
	}
	o.SetDefault("db", "zfjd-"+sf.scale+".db") // after Parse: --scale names it
	if err := load(o); err != nil {
		return err
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	sum, err := scale.Load(ctx, db, scale.Options{Scale: sf.scale, Cases: sf.cases, Seed: sf.seed, Progress: out})
	db.Close()
	if err != nil {
		return err
	}
	fmt.Fprintln(out, sum.String())
	fmt.Fprintf(out, "账号（密码均为 %s）：admin（系统管理员）、sheng（省级监督）、shi（济南市监督）、xian（历下区监督），按规模创建其中在范围内的\n", scale.Password)
	if sf.loadOnly {
		return nil
	}
	rest := []string{"--db", o.DB, "--addr", o.Addr}
	if o.Config != "" {
		rest = append(rest, "--config", o.Config)
	}
	if o.BaseURL != "" {
		rest = append(rest, "--base-url", o.BaseURL)
	}
	return serve(ctx, rest, true, out)
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
