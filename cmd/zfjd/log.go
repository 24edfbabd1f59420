package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"zfjd/internal/cases"
	"zfjd/internal/complaint"
	"zfjd/internal/config"
	"zfjd/internal/coordination"
	"zfjd/internal/evidence"
	"zfjd/internal/inspection"
	"zfjd/internal/ledger"
	"zfjd/internal/license"
	"zfjd/internal/promise"
	"zfjd/internal/report"
	"zfjd/internal/store"
	"zfjd/internal/supervision"
	"zfjd/internal/training"
	"zfjd/internal/warning"
)

// logCmd runs `zfjd log verify` and `zfjd log checkpoint` on the record
// log (spec/supervision-v1.md §6).
func logCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) > 0 && args[0] == "verify-record" {
		return verifyRecord(args[1:], out)
	}
	if len(args) > 0 && args[0] == "keygen" {
		return keygen(args[1:], out)
	}
	if len(args) == 0 || (args[0] != "verify" && args[0] != "checkpoint" && args[0] != "bundle" && args[0] != "witness") {
		return fmt.Errorf("%w：zfjd log verify|checkpoint|bundle|witness|keygen|verify-record", errUsage)
	}
	var fs *flag.FlagSet
	var o *config.Options
	var err error
	var witnessKey, witnessName, witnessAlg *string
	if args[0] == "witness" {
		fs = flag.NewFlagSet("log witness", flag.ContinueOnError)
		o = config.Flags(fs)
		witnessKey = fs.String("key", "", "见证人签名密钥文件（不存在时生成；公证机构或省级见证方保管）")
		witnessName = fs.String("name", "witness", "见证人名称（生成密钥时使用，如 notary.jinan）")
		witnessAlg = fs.String("alg", "ed25519", "生成见证人密钥时的签名算法：ed25519 或 sm2（国密）")
		if err = fs.Parse(args[1:]); err == nil {
			err = load(o)
		}
	} else {
		fs, o, err = parse("log "+args[0], args[1:], "")
	}
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
	if args[0] == "witness" {
		// zfjd log witness --key FILE: the witness counter-signs the latest
		// checkpoint, after checking it extends the last tree it signed.
		if *witnessKey == "" {
			return fmt.Errorf("%w：zfjd log witness --key 见证人密钥文件", errUsage)
		}
		if _, err := os.Stat(*witnessKey); errors.Is(err, os.ErrNotExist) {
			if _, err := ledger.CreateKeys(*witnessKey, *witnessName, *witnessAlg); err != nil {
				return err
			}
		}
		wk, err := ledger.LoadOrCreateKeys(*witnessKey, *witnessName)
		if err != nil {
			return err
		}
		cp, err := ledger.Cosign(ctx, db, keys, wk, ledger.WitnessStatePath(*witnessKey))
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "见证人 %s 已副署树大小为 %d 的检查点。见证人验证密钥：%s\n", wk.Origin, cp.Size, wk.VKey)
		fmt.Fprint(out, cp.Note)
		return nil
	}
	if args[0] == "bundle" {
		// zfjd log bundle <source_system>/<source_id>: the case's 存证包 (JSON) on stdout.
		if fs.NArg() != 1 {
			return fmt.Errorf("%w：zfjd log bundle 来源系统/来源编号", errUsage)
		}
		b, err := ledger.MakeBundle(ctx, db.R, keys, "case", fs.Arg(0))
		if err != nil {
			return err
		}
		return json.NewEncoder(out).Encode(b)
	}
	if args[0] == "checkpoint" {
		cp, err := ledger.Sign(ctx, db, keys)
		if err != nil {
			return err
		}
		fmt.Fprint(out, cp.Note)
		return nil
	}
	rep, err := ledger.VerifyWith(ctx, db, keys, ledger.Sources{One: logSources, Batch: logBatches})
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

// verifyRecord checks a 存证包 offline: no database, no network; --key is
// the verifier key the checker trusts (from GET /api/v1/log/key, obtained
// independently); without it the bundle's own key is used.
func verifyRecord(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("log verify-record", flag.ContinueOnError)
	file := fs.String("bundle", "", "存证包文件（zfjd log bundle 的输出）")
	key := fs.String("key", "", "信任的验证密钥（name+hash+base64）")
	var witnesses []string
	fs.Func("witness", "须已副署检查点的见证人验证密钥（可重复）", func(s string) error {
		witnesses = append(witnesses, s)
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(*file)
	if err != nil {
		return fmt.Errorf("读取存证包失败：%w", err)
	}
	b, err := ledger.CheckBundle(raw, *key)
	if err != nil {
		return err
	}
	if err := ledger.CheckWitnesses([]byte(b.Checkpoint), cmp.Or(*key, b.Key), witnesses); err != nil {
		return err
	}
	fmt.Fprintf(out, "存证包有效：%s %s 的 %d 条记录均在签名检查点的记录树中，内容未被改动。\n", b.Kind, b.Ref, len(b.Records))
	if len(witnesses) > 0 {
		fmt.Fprintf(out, "检查点已由 %d 个见证人副署。\n", len(witnesses))
	}
	if *key == "" {
		fmt.Fprintln(out, "注意：未指定 --key，只证明存证包自身一致，未证明其来自本平台。")
	}
	return nil
}

// logSources read each kind of record as stored now, for `zfjd log
// verify`: every kind appended to the record log has one
// (TestLogSourcesCoverEveryKind).
var logSources = map[string]ledger.Source{
	"case":                    cases.LedgerSource,
	cases.RecordingKind:       cases.RecordingSource,
	evidence.LedgerKind:       evidence.LedgerSource,
	warning.StepKind:          warning.LedgerSource,
	complaint.LedgerKind:      complaint.LedgerSource,
	inspection.Kind:           inspection.LedgerSource,
	inspection.RatingKind:     inspection.RatingSource,
	inspection.DrawKind:       inspection.DrawSource,
	inspection.RecordingKind:  inspection.RecordingSource,
	inspection.PhotoKind:      inspection.PhotoSource,
	promise.LedgerKind:        promise.LedgerSource,
	training.LedgerKind:       training.LedgerSource,
	supervision.LedgerKind:    supervision.LedgerSource,
	coordination.Kind:         coordination.DisputeSource,
	coordination.TransferKind: coordination.TransferSource,
	coordination.JointKind:    coordination.JointSource,
	coordination.MeetingKind:  coordination.MeetingSource,
	coordination.AssistKind:   coordination.AssistSource,
	report.LedgerKind:         report.LedgerSource,
	license.Kind:              license.LedgerSource,
}

// logBatches read many records of a kind in one query, where a kind has
// so many that one query each is slow (a province's million cases).
var logBatches = map[string]ledger.BatchSource{"case": cases.LedgerBatch}

// keygen writes the record log's signing key file before the first start:
// `zfjd log keygen --alg sm2` for 国密 (SM2) checkpoint signatures; without
// it the first start makes an Ed25519 key. An existing key is never replaced.
func keygen(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("log keygen", flag.ContinueOnError)
	o := config.Flags(fs)
	alg := fs.String("alg", "ed25519", "签名算法：ed25519 或 sm2（国密）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := load(o); err != nil {
		return err
	}
	k, err := ledger.CreateKeys(o.LogKeyPath(), o.LogOrigin(), *alg)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已生成记录日志签名密钥 %s。验证密钥（请对外公布）：\n%s\n", o.LogKeyPath(), k.VKey)
	return nil
}

// useLogHash fixes the record log's hash algorithm when one is configured
// (--log-hash): before the first leaf it is taken; a begun log keeps its
// own, and asking for another is refused.
func useLogHash(ctx context.Context, db *store.DB, o *config.Options) error {
	if o.LogHash == "" {
		return nil
	}
	a, err := ledger.ParseAlg(o.LogHash)
	if err != nil {
		return fmt.Errorf("%w：%v", errUsage, err)
	}
	return ledger.UseAlg(ctx, db, a)
}
