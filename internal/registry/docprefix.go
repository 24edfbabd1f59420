package registry

// An agency's 机关代字, the prefix of its case and document numbers
// (GB/T 9704-2012 §7.2.4): set by the agency (doc_prefixes) or derived
// from its name.

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/store"
)

// Province abbreviations (简称) used when an agency is provincial.
var provinceAbbr = map[string]string{
	"北京": "京", "天津": "津", "河北": "冀", "山西": "晋", "内蒙古": "内蒙古", "辽宁": "辽", "吉林": "吉", "黑龙江": "黑",
	"上海": "沪", "江苏": "苏", "浙江": "浙", "安徽": "皖", "福建": "闽", "江西": "赣", "山东": "鲁", "河南": "豫",
	"湖北": "鄂", "湖南": "湘", "广东": "粤", "广西": "桂", "海南": "琼", "重庆": "渝", "四川": "川", "贵州": "黔",
	"云南": "滇", "西藏": "藏", "陕西": "陕", "甘肃": "甘", "青海": "青", "宁夏": "宁", "新疆": "新",
}

// deptAbbr are the usual 机关代字 of departments, longest name first where
// one ends another.
var deptAbbr = []struct{ name, abbr string }{
	{"市场监督管理局", "市监"}, {"生态环境局", "环"}, {"城市管理局", "城管"}, {"综合行政执法局", "综执"},
	{"交通运输局", "交"}, {"文化和旅游局", "文旅"}, {"应急管理局", "应急"}, {"公路事业发展中心", "公路"},
	{"环境卫生服务中心", "环卫"}, {"司法局", "司"}, {"司法厅", "司"}, {"公安局", "公"}, {"税务局", "税"},
	{"自然资源和规划局", "自规"}, {"自然资源局", "自然"}, {"住房和城乡建设局", "建"}, {"水务局", "水"}, {"卫生健康委员会", "卫健"},
	{"农业农村局", "农"}, {"商务局", "商"}, {"教育局", "教"}, {"人力资源和社会保障局", "人社"},
}

// DefaultDocPrefix derives an agency's 机关代字 from its name when none is set:
// the province by its 简称, a city by its first character, the district or
// county by its name without 区/县 (two characters at most, so that 历下 and
// 历城 stay apart), then the department's usual abbreviation:
// 济南市市场监督管理局 → 济市监, 济南市历下区市场监督管理局 → 济历下市监.
// Agencies edit it (web/caseweb/docs.go) where local practice differs.
func DefaultDocPrefix(name string) string {
	name = strings.TrimSpace(name)
	dept, units := name, ""
	for _, d := range deptAbbr {
		if strings.HasSuffix(name, d.name) {
			dept, units = d.abbr, strings.TrimSuffix(name, d.name)
			break
		}
	}
	if units == "" && dept == name {
		// Unknown department: split after the last unit marker and keep
		// the first two characters of the rest.
		rs := []rune(name)
		cut := 0
		for i, r := range rs {
			if strings.ContainsRune("省市区县旗", r) && i >= 1 && i < len(rs)-1 {
				cut = i + 1
			}
		}
		units, dept = string(rs[:cut]), string(rs[cut:min(len(rs), cut+2)])
	}
	// Split the administrative part into units: each ends with 省/市/区/县/旗
	// once it has at least two characters (市中区 is one unit, not 市 + 中区).
	var list [][]rune
	unit := []rune{}
	for _, r := range units {
		unit = append(unit, r)
		if strings.ContainsRune("省市区县旗", r) && len(unit) >= 2 {
			list = append(list, unit)
			unit = nil
		}
	}
	if len(unit) > 0 {
		list = append(list, unit)
	}
	var b strings.Builder
	for _, u := range list {
		s := string(u)
		switch last := u[len(u)-1]; {
		case strings.HasSuffix(s, "省") || strings.HasSuffix(s, "自治区") || len(u) <= 3 && last == '市' && isMunicipality(s):
			abbr := string(u[0])
			for full, a := range provinceAbbr {
				if strings.HasPrefix(s, full) {
					abbr = a
				}
			}
			b.WriteString(abbr)
		case last == '区' || last == '县' || last == '旗':
			base := u[:len(u)-1]
			b.WriteString(string(base[:min(len(base), 2)]))
		default: // a city
			b.WriteRune(u[0])
		}
	}
	b.WriteString(dept)
	return b.String()
}

// isMunicipality reports whether s is one of the 直辖市, abbreviated like a province.
func isMunicipality(s string) bool {
	return s == "北京市" || s == "天津市" || s == "上海市" || s == "重庆市"
}

// DocPrefix returns the agency's 机关代字: the one set, or the default.
func DocPrefix(ctx context.Context, q store.Querier, agencyCode string) (prefix string, custom bool, err error) {
	err = q.QueryRowContext(ctx, `SELECT prefix FROM doc_prefixes WHERE agency_code = $1`, agencyCode).Scan(&prefix)
	if err == nil && prefix != "" {
		return prefix, true, nil
	}
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", false, err
	}
	var name string
	if err := q.QueryRowContext(ctx, `SELECT name FROM agencies WHERE code = $1`, agencyCode).Scan(&name); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return "", false, apperr.NotFoundf("执法主体")
		}
		return "", false, err
	}
	return DefaultDocPrefix(name), false, nil
}
