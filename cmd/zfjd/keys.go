package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"zfjd/internal/clock"
	"zfjd/internal/complaint"
	"zfjd/internal/web/complaintweb"
)

const keysUsage = `zfjd keys status [--db ...]        投诉人联系方式密钥：当前密钥与各密钥加密的条数
zfjd keys new [--id 编号]            生成一个新密钥（编号:64位十六进制），供放入 ZFJD_COMPLAINT_KEYS 首位
zfjd keys rotate [--db ...]          轮换：全部联系方式改用首个密钥重新加密（未设 ZFJD_COMPLAINT_KEYS 时先为数据库内密钥生成新密钥）`

// keysCmd is `zfjd keys status|new|rotate`: the key ring that encrypts
// complainants' contacts at rest (complaint.Keys). With ZFJD_COMPLAINT_KEYS
// the operator puts a new key first (zfjd keys new), restarts, runs
// rotate, and then removes the old keys; without it the database keeps
// its own key and rotate replaces it (complaint.RotateStored).
func keysCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w：\n%s", errUsage, keysUsage)
	}
	fs, o, _ := parse("keys", nil, "")
	id := fs.String("id", "", "新密钥编号（默认 k+日期）")
	sub := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("%w：多余的参数 %s\n%s", errUsage, strings.Join(fs.Args(), " "), keysUsage)
	}
	switch sub {
	case "new":
		name := *id
		if name == "" {
			name = "k" + clock.Now(ctx).In(clock.Shanghai).Format("20060102")
		}
		if strings.ContainsAny(name, ":, ") {
			return fmt.Errorf("%w：--id 不能含冒号、逗号或空格", errUsage)
		}
		fmt.Fprintln(out, complaint.NewKey(name))
		fmt.Fprintf(out, "把它放在 %s 的首位（旧密钥保留在其后，以逗号分隔），重启服务后执行 zfjd keys rotate，完成后才可删除旧密钥。\n", complaintweb.KeysEnv)
		return nil
	case "status", "rotate":
	default:
		return fmt.Errorf("%w：未知子命令 keys %s\n%s", errUsage, sub, keysUsage)
	}
	if err := load(o); err != nil {
		return err
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	env := os.Getenv(complaintweb.KeysEnv)
	if sub == "rotate" {
		if env == "" {
			kid, n, err := complaint.RotateStored(ctx, db)
			if err != nil {
				return err
			}
			fmt.Fprintf(out, "数据库内的密钥已轮换为 %s，%d 条联系方式已重新加密，旧密钥已删除。\n", kid, n)
			return nil
		}
		keys, err := complaint.ParseKeys(env)
		if err != nil {
			return err
		}
		n, err := complaint.NewService(db, nil, keys).Reencrypt(ctx)
		if err != nil {
			return fmt.Errorf("已重新加密 %d 条后出错（可再次执行）：%w", n, err)
		}
		fmt.Fprintf(out, "%d 条联系方式已改用密钥 %s 重新加密；现在可从 %s 中删除其余密钥。\n", n, keys.IDs()[0], complaintweb.KeysEnv)
		return nil
	}
	keys, err := complaint.LoadKeys(ctx, db, env)
	if err != nil {
		return err
	}
	use, err := complaint.KeyUsage(ctx, db)
	if err != nil {
		return err
	}
	where := "数据库内保存（未设 " + complaintweb.KeysEnv + "）"
	if env != "" {
		where = complaintweb.KeysEnv
	}
	ids := keys.IDs()
	fmt.Fprintf(out, "密钥来源：%s；加密用 %s\n", where, ids[0])
	for _, k := range ids {
		fmt.Fprintf(out, "  %s：%d 条\n", k, use[k])
	}
	bad, err := complaint.Unreadable(ctx, db, keys)
	if err != nil {
		return err
	}
	var lost []string
	for k, n := range bad {
		lost = append(lost, fmt.Sprintf("%s（%d 条）", k, n))
	}
	if len(lost) > 0 {
		slices.Sort(lost)
		return fmt.Errorf("以下密钥加密的联系方式无法解密（缺少该密钥或密钥不符）：%s", strings.Join(lost, "、"))
	}
	if len(ids) > 1 && use[ids[0]] < total(use) {
		fmt.Fprintln(out, "尚有联系方式未用首个密钥加密：执行 zfjd keys rotate")
	}
	return nil
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
