package cases_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"zfjd/internal/cases"
	"zfjd/internal/store"
)

// loadSynthetic bulk-inserts n cases straight into the tables (no judging,
// no audit), spread over every county of Shandong, one market agency per
// county and twenty matters: the shape the list queries meet at province
// scale, loaded in seconds. About 30 % of the cases are open with a next
// check in the coming months, 40 % are published penalty decisions of the
// last three years (before 2026-06-15), some with person parties. Cases
// are numbered in creation order, so ids grow with dates.
func loadSynthetic(tb testing.TB, db *store.DB, n int) {
	tb.Helper()
	ctx := context.Background()
	var counties []string
	rows, err := db.R.QueryContext(ctx, `SELECT code FROM regions WHERE code >= '37' AND code < '38' AND level = 3 ORDER BY code`)
	if err != nil {
		tb.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		counties = append(counties, c)
	}
	rows.Close()
	if len(counties) < 100 {
		tb.Fatalf("only %d Shandong counties seeded", len(counties))
	}
	agency := func(county string) string { return "11" + county + "MB" + fmt.Sprintf("%08d", 1) }
	err = db.Tx(ctx, func(tx *sql.Tx) error {
		for i, c := range counties {
			if _, err := tx.ExecContext(ctx, `INSERT INTO agencies (code, name, kind, region_code, domain, created_at, updated_at)
				VALUES ($1, $2, 'enforcement', $3, '市场监管', 0, 0)`, agency(c), fmt.Sprintf("第%d县市场监督管理局", i+1), c); err != nil {
				return err
			}
		}
		for m := 0; m < 20; m++ {
			if _, err := tx.ExecContext(ctx, `INSERT INTO matters (code, name, kind, region_code, legal_basis, created_at, updated_at)
				VALUES ($1, $2, 'penalty', '370000', '《中华人民共和国食品安全法》第一百二十四条', 0, 0)`,
				fmt.Sprintf("M-%03d", m), "对"+acts[m%len(acts)]+"的行政处罚"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	const batch = 400
	const cols = 26
	for start := 0; start < n; start += batch {
		var sb strings.Builder
		sb.WriteString(`INSERT INTO cases (source_system, source_id, case_no, title, agency_code, region_code, matter_code,
			procedure_kind, party_kind, party_name, party_id_number, party_json, facts_json, events_json, body_hash, status,
			filed_on, decided_on, outcome, tier, fine_fen, published_on, withdrawn_on, deadlines_json, next_check, created_at,
			updated_at) VALUES `)
		var args []any
		for i := start; i < min(start+batch, n); i++ {
			if i > start {
				sb.WriteString(",")
			}
			sb.WriteString("(")
			for k := 0; k < cols; k++ {
				if k > 0 {
					sb.WriteString(",")
				}
				fmt.Fprintf(&sb, "$%d", len(args)+k+1)
			}
			fmt.Fprintf(&sb, ",$%d)", len(args)+cols) // updated_at = created_at
			county := counties[r.IntN(len(counties))]
			m := r.IntN(20)
			act := acts[m%len(acts)]
			day := i * 1000 / n // 0..999 days before 2026-06-15, in id order
			filed := dayBefore(999 - day)
			party := cases.Party{Kind: "org", Name: fmt.Sprintf("%s%s%s有限公司", places[r.IntN(len(places))], words[r.IntN(len(words))], trades[r.IntN(len(trades))]),
				IDNumber: fmt.Sprintf("91370%013d", i)}
			if r.IntN(3) == 0 {
				party = cases.Party{Kind: "person", Name: surnames[r.IntN(len(surnames))] + words[r.IntN(len(words))], IDNumber: fmt.Sprintf("370102199%01d%08d", r.IntN(10), i)}
			}
			facts := cases.Facts{ActDate: filed, Description: fmt.Sprintf("当事人于%s在%s%s，违反了有关规定。经查，%s。", filed,
				places[r.IntN(len(places))], act, tails[r.IntN(len(tails))])}
			status, next, decided, outcome, published, fine := "investigating", "", "", "", "", int64(0)
			events := []cases.Event{{Type: "filed", At: filed}}
			switch x := r.IntN(10); {
			case x < 3: // open, a deadline ahead
				next = dayAfter(r.IntN(120))
			case x < 7: // decided and published
				decided, outcome, fine, status = dayBefore(max(0, 999-day-20)), "penalty", int64(1000+r.IntN(50000))*100, "closed"
				published = dayBefore(max(0, 999-day-25))
				events = append(events, cases.Event{Type: "decided", At: decided, Outcome: "penalty", Tier: "general",
					Penalties: []cases.Penalty{{Kind: "fine", AmountFen: fine}}}, cases.Event{Type: "published", At: published})
			default:
				status = "closed"
			}
			pj, _ := json.Marshal(party)
			fj, _ := json.Marshal(facts)
			ej, _ := json.Marshal(events)
			args = append(args, "bench", fmt.Sprintf("b-%07d", i), fmt.Sprintf("鲁市监罚〔2026〕%d号", i), act+"案", agency(county), county,
				fmt.Sprintf("M-%03d", m), "general", party.Kind, party.Name, party.IDNumber, string(pj), string(fj), string(ej), "h", status,
				filed, decided, outcome, "general", fine, published, "", "{}", next, int64(1_700_000_000_000+i))
		}
		if _, err := db.W.ExecContext(ctx, sb.String(), args...); err != nil {
			tb.Fatal(err)
		}
	}
	// The portal's table, as a database from before it existed gets it.
	if err := cases.ReindexPublished(ctx, db); err != nil {
		tb.Fatal(err)
	}
	// Statistics, and on PostgreSQL the visibility map, as autovacuum
	// (off on this cluster) leaves them in production: index-only scans.
	q := `ANALYZE`
	if db.Dialect == store.Postgres {
		q = `VACUUM ANALYZE`
	}
	if _, err := db.W.ExecContext(ctx, q); err != nil {
		tb.Fatal(err)
	}
}

var day0 = time.Date(2026, 6, 15, 0, 0, 0, 0, time.UTC)

func dayBefore(n int) string { return day0.AddDate(0, 0, -n).Format("2006-01-02") }
func dayAfter(n int) string  { return day0.AddDate(0, 0, n).Format("2006-01-02") }

var (
	acts     = []string{"经营超过保质期的食品", "未取得许可从事食品经营", "销售不合格产品", "虚假宣传", "未明码标价", "使用未经检定的计量器具", "生产经营掺假食品"}
	places   = []string{"济南", "青岛", "淄博", "枣庄", "东营", "烟台", "潍坊", "济宁", "泰安", "威海", "日照", "临沂", "德州", "聊城", "滨州", "菏泽"}
	words    = []string{"华强", "明德", "永兴", "泰和", "金源", "宏达", "瑞丰", "海川", "嘉禾", "鑫盛", "福临", "长青"}
	trades   = []string{"餐饮", "商贸", "食品", "超市", "医药", "建材", "电子"}
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "孙"}
	tails    = []string{"货值金额较小", "已责令改正", "涉案食品已下架", "当事人如实陈述", "有违法所得"}
)
