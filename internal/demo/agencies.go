package demo

import (
	"fmt"
	"math/rand/v2"

	"zfjd/internal/ident"
	"zfjd/internal/registry"
)

// agencySpec is one agency of the demo jurisdiction. key is the handle the
// other tables use; the 统一社会信用代码 is made up at load time.
type agencySpec struct {
	key       string
	name      string
	kind      string // enforcement / supervision
	subject   string // statutory / authorized / entrusted ("" for supervision)
	region    string
	domain    string
	parent    string // key of the 上级机关 or 委托机关
	basis     string
	announced string // 主体公告 date
	orgKind   byte   // GB 32100 机构类别: '1' 机关, '2' 事业单位
	newBody   bool   // set up in the 2019 institutional reform: new-style org code (MB……)
	officers  int    // certified officers to create
}

// Legal bases shown in 主体公告.
const (
	basisSupervision = "《山东省行政执法监督条例》第四条第三款"
	basisMarket      = "《中华人民共和国食品安全法》第六条；《中华人民共和国产品质量法》第八条"
	basisEco         = "《中华人民共和国环境保护法》第十条；《中华人民共和国大气污染防治法》第五条"
	basisCity        = "《中华人民共和国行政处罚法》第十八条；《城市市容和环境卫生管理条例》第四条"
	basisTransport   = "《中华人民共和国道路运输条例》第七条；《中华人民共和国公路法》第八条"
	basisRoad        = "《中华人民共和国公路法》第八条第四款；《公路安全保护条例》第三条；《中华人民共和国行政处罚法》第十九条"
	basisCulture     = "《中华人民共和国旅游法》第八十三条；《营业性演出管理条例》第五条"
	basisSafety      = "《中华人民共和国安全生产法》第十条"
	basisEntrusted   = "《中华人民共和国行政处罚法》第二十条、第二十一条；《城市市容和环境卫生管理条例》第三十六条"
)

// Publicity periods for decisions, in working days.
const (
	// 国办发〔2018〕118号: 行政处罚 decisions are published within 7 working days.
	publicityDefault = 7
	// 《市场监督管理行政处罚信息公示规定》(总局令第45号) 第九条: a market
	// regulator publishes within 20 working days of the decision when the
	// party is registered in the same province.
	publicityMarket = 20
)

// agencySpecs lists the supervision bodies and enforcement subjects of the
// demo: 山东省 → 济南市 → its districts and counties (GB/T 2260).
var agencySpecs = []agencySpec{
	// 监督机构: the 司法行政 departments (the former 政府法制机构).
	{key: "sft", name: "山东省司法厅", kind: "supervision", region: "370000", domain: "司法行政", basis: basisSupervision, orgKind: '1'},
	{key: "jn-sfj", name: "济南市司法局", kind: "supervision", region: "370100", domain: "司法行政", parent: "sft", basis: basisSupervision, orgKind: '1'},
	{key: "lx-sfj", name: "济南市历下区司法局", kind: "supervision", region: "370102", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "sz-sfj", name: "济南市市中区司法局", kind: "supervision", region: "370103", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "hy-sfj", name: "济南市槐荫区司法局", kind: "supervision", region: "370104", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "tq-sfj", name: "济南市天桥区司法局", kind: "supervision", region: "370105", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "lc-sfj", name: "济南市历城区司法局", kind: "supervision", region: "370112", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "cq-sfj", name: "济南市长清区司法局", kind: "supervision", region: "370113", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "zq-sfj", name: "济南市章丘区司法局", kind: "supervision", region: "370114", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "jy-sfj", name: "济南市济阳区司法局", kind: "supervision", region: "370115", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "lw-sfj", name: "济南市莱芜区司法局", kind: "supervision", region: "370116", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "gc-sfj", name: "济南市钢城区司法局", kind: "supervision", region: "370117", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "py-sfj", name: "平阴县司法局", kind: "supervision", region: "370124", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},
	{key: "sh-sfj", name: "商河县司法局", kind: "supervision", region: "370126", domain: "司法行政", parent: "jn-sfj", basis: basisSupervision, orgKind: '1'},

	// 执法主体, city level.
	{key: "jn-sj", name: "济南市市场监督管理局", kind: "enforcement", subject: "statutory", region: "370100", domain: "市场监管", basis: basisMarket, announced: "2019-12-20", orgKind: '1', newBody: true, officers: 32},
	{key: "jn-hb", name: "济南市生态环境局", kind: "enforcement", subject: "statutory", region: "370100", domain: "生态环境", basis: basisEco, announced: "2019-12-20", orgKind: '1', newBody: true, officers: 22},
	{key: "jn-cg", name: "济南市城市管理局", kind: "enforcement", subject: "statutory", region: "370100", domain: "城市管理", basis: basisCity, announced: "2019-12-20", orgKind: '1', officers: 28},
	{key: "jn-jt", name: "济南市交通运输局", kind: "enforcement", subject: "statutory", region: "370100", domain: "交通运输", basis: basisTransport, announced: "2019-12-20", orgKind: '1', officers: 20},
	{key: "jn-gl", name: "济南市公路事业发展中心", kind: "enforcement", subject: "authorized", region: "370100", domain: "交通运输", parent: "jn-jt", basis: basisRoad, announced: "2021-03-15", orgKind: '2', newBody: true, officers: 12},
	{key: "jn-wl", name: "济南市文化和旅游局", kind: "enforcement", subject: "statutory", region: "370100", domain: "文化旅游", basis: basisCulture, announced: "2019-12-20", orgKind: '1', newBody: true, officers: 12},
	{key: "jn-yj", name: "济南市应急管理局", kind: "enforcement", subject: "statutory", region: "370100", domain: "应急管理", basis: basisSafety, announced: "2019-12-20", orgKind: '1', newBody: true, officers: 16},

	// 执法主体, district and county level.
	{key: "lx-sj", name: "济南市历下区市场监督管理局", kind: "enforcement", subject: "statutory", region: "370102", domain: "市场监管", parent: "jn-sj", basis: basisMarket, announced: "2020-04-28", orgKind: '1', newBody: true, officers: 20},
	{key: "lx-zf", name: "济南市历下区综合行政执法局", kind: "enforcement", subject: "statutory", region: "370102", domain: "城市管理", parent: "jn-cg", basis: basisCity, announced: "2020-04-28", orgKind: '1', newBody: true, officers: 18},
	{key: "sz-sj", name: "济南市市中区市场监督管理局", kind: "enforcement", subject: "statutory", region: "370103", domain: "市场监管", parent: "jn-sj", basis: basisMarket, announced: "2020-05-12", orgKind: '1', newBody: true, officers: 16},
	{key: "hy-sj", name: "济南市槐荫区市场监督管理局", kind: "enforcement", subject: "statutory", region: "370104", domain: "市场监管", parent: "jn-sj", basis: basisMarket, announced: "2020-05-09", orgKind: '1', newBody: true, officers: 14},
	{key: "tq-cg", name: "济南市天桥区城市管理局", kind: "enforcement", subject: "statutory", region: "370105", domain: "城市管理", parent: "jn-cg", basis: basisCity, announced: "2020-05-15", orgKind: '1', officers: 14},
	{key: "tq-hw", name: "济南市天桥区环境卫生服务中心", kind: "enforcement", subject: "entrusted", region: "370105", domain: "城市管理", parent: "tq-cg", basis: basisEntrusted, announced: "2022-06-30", orgKind: '2', officers: 6},
	{key: "lc-sj", name: "济南市历城区市场监督管理局", kind: "enforcement", subject: "statutory", region: "370112", domain: "市场监管", parent: "jn-sj", basis: basisMarket, announced: "2020-04-30", orgKind: '1', newBody: true, officers: 16},
	{key: "lc-yj", name: "济南市历城区应急管理局", kind: "enforcement", subject: "statutory", region: "370112", domain: "应急管理", parent: "jn-yj", basis: basisSafety, announced: "2020-04-30", orgKind: '1', newBody: true, officers: 8},
	{key: "zq-sj", name: "济南市章丘区市场监督管理局", kind: "enforcement", subject: "statutory", region: "370114", domain: "市场监管", parent: "jn-sj", basis: basisMarket, announced: "2020-06-05", orgKind: '1', newBody: true, officers: 14},
	{key: "zq-jt", name: "济南市章丘区交通运输局", kind: "enforcement", subject: "statutory", region: "370114", domain: "交通运输", parent: "jn-jt", basis: basisTransport, announced: "2020-06-05", orgKind: '1', officers: 10},
	{key: "py-sj", name: "平阴县市场监督管理局", kind: "enforcement", subject: "statutory", region: "370124", domain: "市场监管", parent: "jn-sj", basis: basisMarket, announced: "2020-05-20", orgKind: '1', newBody: true, officers: 10},
	{key: "sh-zf", name: "商河县综合行政执法局", kind: "enforcement", subject: "statutory", region: "370126", domain: "城市管理", parent: "jn-cg", basis: basisCity, announced: "2020-05-26", orgKind: '1', newBody: true, officers: 12},
}

// makeAgencies turns the specs whose region exists into registry agencies,
// with deterministic, valid and distinct credit codes. The returned map is
// key → agency.
func makeAgencies(rng *rand.Rand, regionOK func(string) bool) ([]*registry.Agency, map[string]*registry.Agency, error) {
	var list []*registry.Agency
	byKey := map[string]*registry.Agency{}
	seen := map[string]bool{}
	for _, s := range agencySpecs {
		// Draw the code body even for skipped specs so that the codes of
		// the others do not depend on which regions the database knows.
		var code string
		for {
			body := fmt.Sprintf("00%06d", 400000+rng.IntN(100000)) // pre-2015 organisation codes of Jinan bodies
			if s.newBody {
				body = fmt.Sprintf("MB%06d", 280000+rng.IntN(20000)) // codes given to bodies set up after 2015
			}
			c, err := ident.MakeUSCC('1', s.orgKind, s.region, body)
			if err != nil {
				return nil, nil, fmt.Errorf("demo: %s: %w", s.name, err)
			}
			if !seen[c] {
				seen[c], code = true, c
				break
			}
		}
		if !regionOK(s.region) {
			continue
		}
		a := &registry.Agency{
			Code: code, Name: s.name, Kind: s.kind, SubjectType: s.subject, RegionCode: s.region, Domain: s.domain,
			LegalBasis: s.basis, Status: "active", AnnouncedOn: s.announced, PublicityDays: publicityDefault,
		}
		if s.domain == "市场监管" {
			a.PublicityDays = publicityMarket
		}
		if s.parent != "" {
			p, ok := byKey[s.parent]
			if !ok {
				if s.subject == "entrusted" {
					continue // no entrusting agency, no entrusted organisation
				}
			} else {
				a.ParentCode = p.Code
			}
		}
		list = append(list, a)
		byKey[s.key] = a
	}
	return list, byKey, nil
}

// specOf returns the spec with key k.
func specOf(k string) *agencySpec {
	for i := range agencySpecs {
		if agencySpecs[i].key == k {
			return &agencySpecs[i]
		}
	}
	return nil
}
