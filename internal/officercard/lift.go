package officercard

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/flow"
	"zfjd/internal/ident"
	"zfjd/internal/store"
	"zfjd/internal/textcheck"
)

// Lift lifts (撤销) card id with a reason — the officer's 申诉 found right,
// or the cause itself set aside — by supervision of the officer's region.
// A lifted card no longer counts (nor for the repeat rule); its red card's
// finding is resolved. A card lifted before answers 409.
func Lift(ctx context.Context, db *store.DB, p *auth.Principal, id int64, reason string) (*Card, error) {
	reason = strings.TrimSpace(reason)
	f := apperr.Fields{}
	if reason == "" {
		f.Set("reason", "请填写撤销理由")
	} else {
		textcheck.CheckText(f, "reason", reason, textcheck.Short)
	}
	var out *Card
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := Get(ctx, tx, p, id)
		if err != nil {
			return err
		}
		if !auth.CanLiftOfficerCard(p, c.Target()) {
			return apperr.New(apperr.Forbidden, "只有执法人员所在地的监督机构可以撤销红黄牌")
		}
		if c.Status != InForce {
			return apperr.New(apperr.Conflict, "该红黄牌已撤销")
		}
		if err := f.Err(); err != nil {
			return err
		}
		today := clock.TodayString(ctx)
		res, err := tx.ExecContext(ctx, `UPDATE officer_cards SET status = 'lifted', lifted_on = $2, lifted_by = $3, lift_reason = $4
			WHERE id = $1 AND status = 'in_force'`, id, today, p.Who(), reason)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.Conflict, "该红黄牌已撤销")
		}
		if err := audit.Record(ctx, tx, p, "lift", "officer_card", strconv.FormatInt(id, 10), c.RegionCode,
			map[string]any{"status": InForce}, map[string]any{"status": Lifted, "reason": reason}); err != nil {
			return err
		}
		if c.Colour == Red {
			if err := flow.SyncFindings(ctx, tx, c.subject(), nil, clock.Millis(ctx)); err != nil {
				return err
			}
		}
		c.Status, c.LiftedOn, c.LiftedBy, c.LiftReason = Lifted, today, p.Who(), reason
		out = c
		return nil
	})
	return out, err
}

// SetRule sets rule key for region's subtree (supervision of that region
// or an administrator), audited. colour "" turns the rule off there.
func SetRule(ctx context.Context, db *store.DB, p *auth.Principal, region, key string, st Setting) error {
	region = strings.TrimSpace(region)
	f := apperr.Fields{}
	r, known := RuleOf(key)
	if !known {
		f.Set("rule", "规则不存在")
	}
	if region == "" || ident.ValidateRegionCode(region) != nil {
		f.Set("region", "行政区划代码无效")
	}
	if st.Colour != "" && st.Colour != Yellow && st.Colour != Red {
		f.Set("colour", "应为 yellow（黄牌）、red（红牌）或空（不出牌）")
	}
	if key == RuleRepeat && st.Colour == Yellow {
		f.Set("colour", "再次黄牌只能升为红牌或不升级")
	}
	if st.Points < 0 || st.Points > 100 {
		f.Set("points", "计分应为0至100之间的整数")
	}
	if key == RuleRepeat && st.Colour != "" && (st.Months < 1 || st.Months > 36) {
		f.Set("months", "期间应为1至36个月")
	}
	if key != RuleRepeat {
		st.Months = 0
	}
	if err := f.Err(); err != nil {
		return err
	}
	if !auth.CanSetOfficerCardRules(p, region) {
		return apperr.New(apperr.Forbidden, "只有本级监督机构可以设置红黄牌规则")
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		all, err := LoadSettings(ctx, tx)
		if err != nil {
			return err
		}
		before := all.For(r.Key, region)
		if _, err := tx.ExecContext(ctx, `INSERT INTO officer_card_rules (region_code, rule, colour, points, months, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (region_code, rule) DO UPDATE SET colour = excluded.colour,
			points = excluded.points, months = excluded.months, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			region, key, st.Colour, st.Points, st.Months, clock.Millis(ctx), p.Who()); err != nil {
			return err
		}
		st.SetIn = region
		return audit.Record(ctx, tx, p, "set", "officer_card_rule", region+"/"+key, region, before, st)
	})
}
