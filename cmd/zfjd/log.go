package main

import (
	"context"
	"fmt"
	"io"

	"zfjd/internal/cases"
	"zfjd/internal/ledger"
)

// logCmd runs `zfjd log verify` and `zfjd log checkpoint` on the record
// log (spec/supervision-v1.md §6).
func logCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "checkpoint") {
		return fmt.Errorf("%w：zfjd log verify|checkpoint [--db ...] [--log-key 文件]", errUsage)
	}
	_, o, err := parse("log "+args[0], args[1:], "")
	if err != nil {
		return err
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	keys, err := ledger.LoadOrCreateKeys(o.LogKeyPath(), o.LogOrigin())
	if err != nil {
		return err
	}
	if args[0] == "checkpoint" {
		cp, err := ledger.Sign(ctx, db, keys)
		if err != nil {
			return err
		}
		fmt.Fprint(out, cp.Note)
		return nil
	}
	rep, err := ledger.Verify(ctx, db, keys, map[string]ledger.Source{"case": cases.LedgerSource})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已核验：%d 个叶子，%d 条记录；最新检查点覆盖 %d 个叶子。\n", rep.Size, rep.Records, rep.Checkpoint)
	for _, p := range rep.Problems {
		fmt.Fprintln(out, "不符：", p)
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("发现 %d 处与存证不符", len(rep.Problems))
	}
	fmt.Fprintln(out, "全部一致。")
	return nil
}
