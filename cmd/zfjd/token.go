package main

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
)

const tokenUsage = `zfjd token create --name 名称 --role 角色 --region 区划代码|全国 [--agency 统一社会信用代码] [--expires 365d]
zfjd token list
zfjd token revoke 令牌ID`

// cli is who the token commands act as in the audit trail: the operator
// at the server's console.
var cli = &auth.Principal{Name: "服务器命令行", Username: "zfjd-cli"}

func token(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w：\n%s", errUsage, tokenUsage)
	}
	fs, o, _ := parse("token", nil, "")
	name := fs.String("name", "", "令牌名称")
	role := fs.String("role", "integration", "角色")
	region := fs.String("region", "", "管辖区划代码；全国范围写 全国")
	agency := fs.String("agency", "", "限定部门统一社会信用代码")
	expires := fs.String("expires", "365d", "有效期：天数 Nd 或年数 Ny，最长 5y")
	sub := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := load(o); err != nil {
		return err
	}
	switch sub {
	case "create", "list":
		if fs.NArg() != 0 {
			return fmt.Errorf("%w：多余的参数 %s\n%s", errUsage, strings.Join(fs.Args(), " "), tokenUsage)
		}
	case "revoke":
		if fs.NArg() != 1 {
			return fmt.Errorf("%w：zfjd token revoke 令牌ID（ID 见 zfjd token list）", errUsage)
		}
	default:
		return fmt.Errorf("%w：未知子命令 token %s\n%s", errUsage, sub, tokenUsage)
	}
	db, err := open(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()

	switch sub {
	case "list":
		list, err := auth.ListTokens(ctx, db)
		if err != nil {
			return err
		}
		now := clock.Now(ctx)
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\t名称\t角色\t区划\t限定部门\t创建\t到期\t状态")
		for _, t := range list {
			state := "有效"
			switch {
			case t.Revoked:
				state = "已吊销"
			case t.Expired(now):
				state = "已过期"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, cmp.Or(t.Region, "全国"), cmp.Or(t.Agency, "—"),
				t.Created.In(clock.Shanghai).Format(time.DateOnly), t.Expires.In(clock.Shanghai).Format(time.DateOnly), state)
		}
		return tw.Flush()

	case "revoke":
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return fmt.Errorf("%w：令牌ID须为数字（见 zfjd token list）", errUsage)
		}
		var t *auth.TokenInfo
		err = db.Tx(ctx, func(tx *sql.Tx) error {
			if t, err = auth.RevokeToken(ctx, tx, id); err != nil {
				return err
			}
			return audit.Record(ctx, tx, cli, "revoke", "api_token", strconv.FormatInt(id, 10), t.Region, nil, map[string]any{"name": t.Name, "revoked": true})
		})
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(out, "已吊销令牌 %d（%s），立即生效\n", t.ID, t.Name)
		return nil
	}

	// create
	ttl, err := parseTTL(*expires)
	if err != nil {
		return err
	}
	reg, ag := strings.TrimSpace(*region), strings.ToUpper(strings.TrimSpace(*agency))
	switch reg {
	case "":
		return fmt.Errorf("%w：请用 --region 指定令牌的管辖区划代码（全国范围的令牌写 --region 全国）", errUsage)
	case "全国":
		reg = ""
	}
	if ag != "" && ident.ValidateUSCC(ag) == nil {
		a, err := registry.GetAgency(ctx, db, &auth.Principal{Role: auth.RoleAdmin}, ag)
		if err != nil || !ident.Contains(reg, a.RegionCode) {
			return describe(&apperr.Error{Code: apperr.Invalid, Message: "令牌的限定部门须为已登记的、在其管辖区划内的部门",
				Fields: apperr.Fields{"agency": "部门不存在或不在 --region 之内"}})
		}
	}
	var tok string
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var err error
		if tok, id, err = auth.IssueToken(ctx, tx, auth.NewToken{Name: *name, Role: auth.Role(*role), Region: reg, Agency: ag, TTL: ttl}); err != nil {
			return err
		}
		return audit.Record(ctx, tx, cli, "create", "api_token", strconv.FormatInt(id, 10), reg, nil,
			map[string]any{"name": *name, "role": *role, "region_code": reg, "agency_code": ag,
				"expires_at": clock.Now(ctx).Add(ttl).In(clock.Shanghai).Format(time.DateOnly)})
	})
	if err != nil {
		return describe(err)
	}
	fmt.Fprintln(out, tok)
	return nil
}

// parseTTL reads a token lifetime: Nd (days) or Ny (years of 365 days).
func parseTTL(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	bad := fmt.Errorf("%w：--expires %q 无效：写天数如 90d 或年数如 1y，最长 5y", errUsage, s)
	if len(s) < 2 {
		return 0, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 {
		return 0, bad
	}
	var d time.Duration
	switch s[len(s)-1] {
	case 'd':
		d = time.Duration(n) * 24 * time.Hour
	case 'y':
		d = time.Duration(n) * 365 * 24 * time.Hour
	default:
		return 0, bad
	}
	if d > auth.MaxTokenTTL {
		return 0, bad
	}
	return d, nil
}
