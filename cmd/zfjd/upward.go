package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"zfjd/internal/apperr"
	"zfjd/internal/clock"
	"zfjd/internal/config"
	"zfjd/internal/upward"
)

const upwardUsage = "zfjd upward add --name 名称 --url 地址 --mapping records|credit_penalty [--token 令牌] [--from-start] | list | pause 名称 | resume 名称 | status [--days 7] | rejected 名称"

// upwardCmd configures and watches the upward push (C16): the targets,
// and the reconciliation of sent, acknowledged and rejected changes.
func upwardCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w：%s", errUsage, upwardUsage)
	}
	fs := flag.NewFlagSet("upward "+args[0], flag.ContinueOnError)
	o := config.Flags(fs)
	t := &upward.Target{}
	fs.StringVar(&t.Name, "name", "", "推送目标名称（小写字母、数字、- 或 _）")
	fs.StringVar(&t.URL, "url", "", "接收地址：http:// 或 https://（每条记录 POST 一次），或 nats://主机:端口/主题（JetStream 发布，流的确认即回执）")
	fs.StringVar(&t.Mapping, "mapping", "records", "字段映射：records（全部记录原样）或 credit_penalty（信用双公示·行政处罚）")
	fs.StringVar(&t.Token, "token", "", "对方要求的 Bearer 令牌")
	fromStart := fs.Bool("from-start", false, "从记录日志开头推送全部历史（默认只推送今后的变更）")
	days := fs.Int("days", 7, "对账天数")
	rest, name := args[1:], ""
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		name, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	if err := load(o); err != nil {
		return err
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	switch args[0] {
	case "add":
		if err := upward.AddTarget(ctx, db, t, *fromStart); err != nil {
			if e := apperr.As(err); e.Fields != nil {
				var msgs []string
				for _, k := range slices.Sorted(maps.Keys(e.Fields)) {
					msgs = append(msgs, "--"+k+" "+e.Fields[k])
				}
				return fmt.Errorf("%s：%s", e.Message, strings.Join(msgs, "；"))
			}
			return err
		}
		fmt.Fprintf(out, "已添加推送目标 %s（%s），从记录日志第 %d 个叶子起推送。\n", t.Name, t.Mapping, t.Cursor)
	case "pause", "resume":
		if name == "" {
			return fmt.Errorf("%w：zfjd upward %s 名称", errUsage, args[0])
		}
		if err := upward.SetEnabled(ctx, db, name, args[0] == "resume"); err != nil {
			return err
		}
		fmt.Fprintf(out, "推送目标 %s 已%s。\n", name, map[string]string{"pause": "暂停", "resume": "恢复"}[args[0]])
	case "list":
		ts, err := upward.Targets(ctx, db.R)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "名称\t映射\t地址\t状态\t下一个叶子")
		for _, t := range ts {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", t.Name, t.Mapping, t.URL, map[bool]string{true: "推送中", false: "已暂停"}[t.Enabled], t.Cursor)
		}
		return tw.Flush()
	case "status":
		to := clock.Today(ctx)
		rows, err := upward.Daily(ctx, db.R, to.AddDays(-(*days - 1)), to)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "日期\t目标\t排队\t已回执\t被拒收\t待发送\t其中重试中")
		for _, d := range rows {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\n", d.Day, d.Target, d.Queued, d.Acked, d.Rejected, d.Pending, d.Retrying)
		}
		return tw.Flush()
	case "rejected":
		if name == "" {
			return fmt.Errorf("%w：zfjd upward rejected 名称", errUsage)
		}
		rs, err := upward.Rejected(ctx, db.R, name, 100)
		if err != nil {
			return err
		}
		for _, r := range rs {
			fmt.Fprintf(out, "%s  #%d %s %s：%s\n", r.At.In(clock.Shanghai).Format("2006-01-02 15:04"), r.Seq, r.Kind, r.Ref, r.Reason)
		}
	default:
		return fmt.Errorf("%w：%s", errUsage, upwardUsage)
	}
	return nil
}
