package registry

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	_ "embed"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// gb2260 is the MCA list of administrative divisions, revision 2019-04.
//
//go:embed gb2260_201904.tsv
var gb2260 []byte

const regionRevision = "201904"

// regionChanges are the divisions created after the 2019-04 list that zfjd
// knows of: 国函〔2019〕4号 abolished 莱芜市 (371200) and placed 莱芜区 and
// 钢城区 under 济南市. The old codes stay, as old records may cite them.
var regionChanges = []Region{
	{Code: "370116", Name: "莱芜区", ParentCode: "370100", Level: 3, Revision: "201901-国函〔2019〕4号"},
	{Code: "370117", Name: "钢城区", ParentCode: "370100", Level: 3, Revision: "201901-国函〔2019〕4号"},
}

// Region is one administrative division.
type Region struct {
	Code, Name, ParentCode, Revision string
	Level                            int // 1 province, 2 city, 3 county, 4 township
}

// LevelLabel names the level in Chinese.
func (r Region) LevelLabel() string {
	return [...]string{"", "省级", "市级", "县级", "乡镇级"}[min(max(r.Level, 0), 4)]
}

// regionParent derives the parent code of a 6-digit GB/T 2260 code; cities
// directly under a province without a prefecture (e.g. 省直辖县) hang on the
// province when the city code does not exist.
func regionParent(code string, exists map[string]bool) (string, int) {
	switch {
	case strings.HasSuffix(code, "0000"):
		return "", 1
	case strings.HasSuffix(code, "00"):
		return code[:2] + "0000", 2
	default:
		if p := code[:4] + "00"; exists[p] {
			return p, 3
		}
		return code[:2] + "0000", 3
	}
}

// SeedRegions loads the embedded GB/T 2260 list if the table is empty.
func SeedRegions(ctx context.Context, db *store.DB) error {
	var n int
	if err := db.W.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil || n > 0 {
		return err
	}
	var codes []string
	names := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(gb2260))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 4 || f[2] == "Code" {
			continue
		}
		codes = append(codes, f[2])
		names[f[2]] = f[3]
	}
	exists := map[string]bool{}
	for _, c := range codes {
		exists[c] = true
	}
	return db.Tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO regions (code, name, parent_code, level, revision) VALUES ($1, $2, $3, $4, $5)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		for _, c := range codes {
			parent, level := regionParent(c, exists)
			if _, err := stmt.ExecContext(ctx, c, names[c], parent, level, regionRevision); err != nil {
				return err
			}
		}
		for _, r := range regionChanges {
			if exists[r.Code] {
				continue
			}
			if _, err := stmt.ExecContext(ctx, r.Code, r.Name, r.ParentCode, r.Level, r.Revision); err != nil {
				return err
			}
		}
		return BumpGeneration(ctx, tx)
	})
}

// GetRegion loads one region.
func GetRegion(ctx context.Context, q store.Querier, code string) (*Region, error) {
	var r Region
	err := q.QueryRowContext(ctx, `SELECT code, name, parent_code, level, revision FROM regions WHERE code = $1`, code).
		Scan(&r.Code, &r.Name, &r.ParentCode, &r.Level, &r.Revision)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.NotFoundf("行政区划")
	}
	return &r, err
}

// checkRegion validates a region code an object is placed in: the syntax,
// and that its county-level part is a known division.
func checkRegion(ctx context.Context, q store.Querier, code string) string {
	if err := ident.ValidateRegionCode(code); err != nil {
		return err.Error()
	}
	if _, err := GetRegion(ctx, q, code[:6]); err != nil {
		return "行政区划代码" + code[:6] + "不在GB/T 2260区划表中"
	}
	return ""
}

// RegionFilter narrows ListRegions.
type RegionFilter struct {
	Parent string // list the children of this code; "" with Q empty lists provinces
	Q      string // name or code contains
	Page
}

// ListRegions lists divisions inside scope (a region code; "" = all).
func ListRegions(ctx context.Context, db *store.DB, scope string, f *RegionFilter) ([]Region, error) {
	f.Normalize()
	var w store.Where
	if prefix := ident.RegionPrefix(scope); prefix != "" {
		w.Add("code >= ? AND code < ?", prefix, ident.PrefixEnd(prefix))
	}
	switch {
	case f.Q != "":
		w.Add("(name LIKE ? ESCAPE '\\' OR code LIKE ? ESCAPE '\\')", store.Like(f.Q), store.Like(f.Q))
	case f.Parent != "":
		w.Add("parent_code = ?", f.Parent)
	case scope != "":
		w.Add("code = ?", scope)
	default:
		w.Add("level = 1")
	}
	if err := db.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	rows, err := db.R.QueryContext(ctx, `SELECT code, name, parent_code, level, revision FROM regions`+w.SQL()+
		` ORDER BY code LIMIT `+w.Arg(f.Size)+` OFFSET `+w.Arg(f.Offset()), w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.Name, &r.ParentCode, &r.Level, &r.Revision); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RegionPath returns the region and its ancestors, root first.
func RegionPath(ctx context.Context, db *store.DB, code string) []Region {
	var path []Region
	for code != "" && len(path) < 6 {
		r, err := GetRegion(ctx, db.R, code)
		if err != nil {
			break
		}
		path = append([]Region{*r}, path...)
		code = r.ParentCode
	}
	return path
}

// CheckRegion is checkRegion for other packages: "" when code is a valid
// division code whose county-level part is known, else a Chinese message.
func CheckRegion(ctx context.Context, q store.Querier, code string) string {
	return checkRegion(ctx, q, code)
}
