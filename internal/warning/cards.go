package warning

// 红黄牌 (DOMAIN.md C2; issue 8). The seeds' Jinan report of 2017 says the
// city "全面推行执法人员红黄牌警示制度，将执法人员日常监督管理具体化和量化"
// (seeds/000: 《济南市行政执法人员履职行为监督管理规定》). zfjd quantifies it
// from the warnings of 电子监察: every red warning (a red rule, or a yellow
// one escalated to red because nobody signed it in time) first raised in
// a calendar year counts once against the agency it was addressed to and
// once against every officer named on the events of the case it is about
// (the acts he took part in). At the region's yellow threshold the officer
// or agency holds a 黄牌, at its red threshold a 红牌; an officer's 红牌
// proposes 暂扣执法证、离岗培训 to the certificate authority
// (cards_proposal.go). A warning counts whatever its stage: one 已销号 or
// 已消除 later was still a fault when it was raised (an act done late
// stays late). Yellow warnings do not count.

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/clock"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Default 红黄牌 thresholds (red warnings in a year), where no region set its own.
const (
	CardDefaultYellow = 3
	CardDefaultRed    = 6
	// CardMaxThreshold bounds a region's setting.
	CardMaxThreshold = 100
)

// Card levels.
const (
	CardNone   = ""
	CardYellow = "yellow"
	CardRed    = "red"
)

// CardThresholds are the thresholds in force for a region and where they
// were set ("" = the default).
type CardThresholds struct {
	Yellow int    `json:"yellow_at"`
	Red    int    `json:"red_at"`
	SetIn  string `json:"set_in"`
}

// CardLevelFor is the card count red warnings earn under t.
func CardLevelFor(count int, t CardThresholds) string {
	switch {
	case count >= t.Red:
		return CardRed
	case count >= t.Yellow:
		return CardYellow
	}
	return CardNone
}

// CardLabel is a level's Chinese name.
func CardLabel(level string) string {
	switch level {
	case CardRed:
		return "红牌"
	case CardYellow:
		return "黄牌"
	}
	return "无"
}

// Card is one officer's or agency's card in a year.
type Card struct {
	Year       int            `json:"year"`
	Warnings   int            `json:"warnings"` // red (or escalated) warnings counted
	Level      string         `json:"level"`    // "" | yellow | red
	Thresholds CardThresholds `json:"thresholds"`
}

// Label is the card's Chinese name.
func (c Card) Label() string { return CardLabel(c.Level) }

// CardSettings are every region's thresholds, by region code.
type CardSettings map[string]CardThresholds

// LoadCardSettings reads all settings (one small table).
func LoadCardSettings(ctx context.Context, q store.Querier) (CardSettings, error) {
	rows, err := q.QueryContext(ctx, `SELECT region_code, yellow_at, red_at FROM card_settings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := CardSettings{}
	for rows.Next() {
		var r string
		var t CardThresholds
		if err := rows.Scan(&r, &t.Yellow, &t.Red); err != nil {
			return nil, err
		}
		t.SetIn = r
		out[r] = t
	}
	return out, rows.Err()
}

// For is the setting in force in region: the most specific of the region
// itself, its county, city, province and the whole country ("").
func (s CardSettings) For(region string) CardThresholds {
	for _, c := range cardAncestors(region) {
		if t, ok := s[c]; ok {
			return t
		}
	}
	return CardThresholds{Yellow: CardDefaultYellow, Red: CardDefaultRed}
}

// cardAncestors lists region and the codes above it, most specific first.
func cardAncestors(region string) []string {
	var out []string
	if len(region) == 12 {
		out = append(out, region, region[:6])
	} else if len(region) == 6 {
		out = append(out, region)
	}
	if len(region) >= 6 {
		out = append(out, region[:4]+"00", region[:2]+"0000")
	}
	return append(out, "")
}

// SetCardThresholds sets the thresholds of region's subtree (supervision
// of that region or an administrator), audited.
func SetCardThresholds(ctx context.Context, db *store.DB, p *auth.Principal, region string, yellow, red int) error {
	region = strings.TrimSpace(region)
	f := apperr.Fields{}
	if region != "" && ident.ValidateRegionCode(region) != nil {
		f.Set("region_code", "行政区划代码无效")
	}
	if yellow < 1 || yellow > CardMaxThreshold {
		f.Set("yellow_at", "黄牌阈值应为1至"+strconv.Itoa(CardMaxThreshold)+"之间的整数")
	}
	if red < 1 || red > CardMaxThreshold {
		f.Set("red_at", "红牌阈值应为1至"+strconv.Itoa(CardMaxThreshold)+"之间的整数")
	} else if yellow >= 1 && red <= yellow {
		f.Set("red_at", "红牌阈值应大于黄牌阈值")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if !auth.CanSetCardThresholds(p, region) {
		return apperr.New(apperr.Forbidden, "只有本级监督机构可以设置红黄牌阈值")
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		all, err := LoadCardSettings(ctx, tx)
		if err != nil {
			return err
		}
		before := all.For(region)
		if _, err := tx.ExecContext(ctx, `INSERT INTO card_settings (region_code, yellow_at, red_at, updated_at, updated_by)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (region_code) DO UPDATE SET yellow_at = excluded.yellow_at,
			red_at = excluded.red_at, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
			region, yellow, red, clock.Millis(ctx), p.Who()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, p, "set", "card_settings", region, region, before,
			CardThresholds{Yellow: yellow, Red: red, SetIn: region})
	})
}

// cardYear is the span of a calendar year in Asia/Shanghai, unix ms [from, to).
func cardYear(year int) (int64, int64) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, clock.Shanghai)
	return from.UnixMilli(), from.AddDate(1, 0, 0).UnixMilli()
}

// CardYearNow is the current calendar year on the context's clock.
func CardYearNow(ctx context.Context) int { return clock.Now(ctx).In(clock.Shanghai).Year() }

// cardRFC3339 formats unix ms as an RFC 3339 instant in UTC.
func cardRFC3339(ms int64) string { return time.UnixMilli(ms).UTC().Format(time.RFC3339) }
