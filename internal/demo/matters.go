package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"

	"zfjd/internal/registry"
)

// matterSpec is one base entry of the 权责清单. Every enforcement level of
// the demo (city, district, county) publishes its own list, so one base
// entry becomes one matter per region whose agencies hold the domain, with
// codes like 370102-SC-CF-0003 that share the suffix across regions.
type matterSpec struct {
	dom       string // code of the domain: SC 市场监管, HB 生态环境, CG 城市管理, JT 交通运输, WL 文化旅游, YJ 应急管理
	kind      string
	name      string
	basis     string
	effective string // date the cited version took effect ("" if not stated)
	threshold int64  // criminal_threshold_fen; 0 = none
	cityOnly  bool   // reserved to the city level
	road      bool   // held by the 公路管理机构 (the authorized 公路事业发展中心 at city level)
	entrust   bool   // may be entrusted (城市市容和环境卫生管理条例第三十六条: "或者其委托的单位")

	statutory registry.StatutoryFine // 法定罚款幅度 where the cited article sets one (below)
}

var domainCodes = map[string]string{
	"SC": "市场监管", "HB": "生态环境", "CG": "城市管理", "JT": "交通运输", "WL": "文化旅游", "YJ": "应急管理",
}

var kindCodes = map[string]string{"penalty": "CF", "coercion": "QZ", "inspection": "JC", "license": "XK"}

// Law versions cited (the date the version in force took effect).
const (
	effFood      = "2021-04-29" // 食品安全法 2021年修正
	effProduct   = "2018-12-29" // 产品质量法 2018年修正
	effAd        = "2021-04-29" // 广告法 2021年修正
	effPrice     = "1998-05-01"
	effSpecial   = "2014-01-01"
	effEcommerce = "2019-01-01"
	effRegister  = "2022-03-01"
	effConsumer  = "2014-03-15"
	effDrug      = "2019-12-01"
	effAir       = "2018-10-26"
	effWater     = "2018-01-01"
	effEIA       = "2018-12-29"
	effSolid     = "2020-09-01"
	effEnv       = "2015-01-01"
	effPermit    = "2021-03-01"
	effCityLook  = "2017-03-01"
	effPlanning  = "2019-04-23"
	effDrainage  = "2014-01-01"
	effRoadCity  = "2019-03-24"
	effRoadLaw   = "2017-11-04"
	effRoadSafe  = "2011-07-01"
	effTourism   = "2018-10-26"
	effShow      = "2020-11-29"
	effSafety    = "2021-09-01"
	effChem      = "2013-12-07"
)

// Amounts at or above which a case is presumed to be a crime and must be
// transferred to the public security organ (移送规定第三条).
const (
	// 刑法第一百四十条; 《最高人民检察院 公安部关于公安机关管辖的刑事案件立案追诉标准的规定（一）》
	// 第十六条: 伪劣产品销售金额五万元以上.
	fenFakeGoods = 50_000 * 100
	// 刑法第二百二十二条; 立案追诉标准（二）虚假广告案: 违法所得数额在十万元以上.
	fenFalseAd = 100_000 * 100
)

// Statutory fine ranges of the articles cited (registry.StatutoryFine). The
// 食品安全法 articles switch from fixed amounts to multiples of 货值金额 at
// 一万元; the 产品质量法 ones are multiples of 货值金额 only.
var (
	// 食品安全法 Art. 122 第一款, Art. 124 第一款: 货值金额不足一万元的，并处五万元以上
	// 十万元以下罚款；货值金额一万元以上的，并处货值金额十倍以上二十倍以下罚款.
	rangeFood122 = foodRange(50_000, 100_000, 10, 20, "《中华人民共和国食品安全法》第一百二十二条第一款")
	rangeFood124 = foodRange(50_000, 100_000, 10, 20, "《中华人民共和国食品安全法》第一百二十四条第一款")
	// Art. 123 第一款: 不足一万元的，并处十万元以上十五万元以下罚款；一万元以上的，十五倍以上三十倍以下.
	rangeFood123 = foodRange(100_000, 150_000, 15, 30, "《中华人民共和国食品安全法》第一百二十三条第一款")
	// Art. 125 第一款: 不足一万元的，并处五千元以上五万元以下罚款；一万元以上的，五倍以上十倍以下.
	rangeFood125 = foodRange(5_000, 50_000, 5, 10, "《中华人民共和国食品安全法》第一百二十五条第一款")
	// Art. 126 第一款: 责令改正，给予警告；拒不改正的，处五千元以上五万元以下罚款.
	rangeFood126 = registry.StatutoryFine{StatutoryFineMinFen: yuanFen(5_000), StatutoryFineMaxFen: yuanFen(50_000),
		StatutoryBasis: "《中华人民共和国食品安全法》第一百二十六条第一款"}
	// 产品质量法 Art. 49: 并处违法生产、销售产品货值金额等值以上三倍以下的罚款.
	rangeProduct49 = goodsMultiples(ptrF(1), ptrF(3), "《中华人民共和国产品质量法》第四十九条")
	// Art. 50: 并处违法生产、销售产品货值金额百分之五十以上三倍以下的罚款.
	rangeProduct50 = goodsMultiples(ptrF(0.5), ptrF(3), "《中华人民共和国产品质量法》第五十条")
	// Art. 52: 并处违法销售产品货值金额二倍以下的罚款.
	rangeProduct52 = goodsMultiples(nil, ptrF(2), "《中华人民共和国产品质量法》第五十二条")
	// Art. 53: 并处违法生产、销售产品货值金额等值以下的罚款.
	rangeProduct53 = goodsMultiples(nil, ptrF(1), "《中华人民共和国产品质量法》第五十三条")
)

func yuanFen(yuan int64) *int64 { v := yuan * 100; return &v }
func ptrF(v float64) *float64   { return &v }

// foodRange is the 食品安全法 shape: fixed 元 amounts below 货值金额一万元,
// multiples of 货值金额 from it.
func foodRange(lo, hi int64, mlo, mhi float64, basis string) registry.StatutoryFine {
	return registry.StatutoryFine{StatutoryFineMinFen: yuanFen(lo), StatutoryFineMaxFen: yuanFen(hi), StatutoryMultipleMin: ptrF(mlo),
		StatutoryMultipleMax: ptrF(mhi), StatutoryMultipleOf: "goods_value", StatutoryMultipleFromFen: yuanFen(10_000), StatutoryBasis: basis}
}

func goodsMultiples(lo, hi *float64, basis string) registry.StatutoryFine {
	return registry.StatutoryFine{StatutoryMultipleMin: lo, StatutoryMultipleMax: hi, StatutoryMultipleOf: "goods_value", StatutoryBasis: basis}
}

var matterSpecs = []matterSpec{
	// 市场监管
	{dom: "SC", kind: "penalty", name: "对未取得食品生产经营许可从事食品生产经营活动的行政处罚", basis: "《中华人民共和国食品安全法》第三十五条第一款、第一百二十二条第一款", effective: effFood, statutory: rangeFood122},
	{dom: "SC", kind: "penalty", name: "对用非食品原料生产食品或者在食品中添加食品添加剂以外的化学物质的行政处罚", basis: "《中华人民共和国食品安全法》第三十四条第（一）项、第一百二十三条第一款第（一）项", effective: effFood, statutory: rangeFood123},
	{dom: "SC", kind: "penalty", name: "对生产经营超过保质期的食品、食品添加剂的行政处罚", basis: "《中华人民共和国食品安全法》第三十四条第（十）项、第一百二十四条第一款第（五）项", effective: effFood, statutory: rangeFood124},
	{dom: "SC", kind: "penalty", name: "对生产经营无标签的预包装食品或者标签、说明书不符合规定的食品的行政处罚", basis: "《中华人民共和国食品安全法》第一百二十五条第一款第（二）项", effective: effFood, statutory: rangeFood125},
	{dom: "SC", kind: "penalty", name: "对食品经营者未按规定建立并遵守进货查验记录制度的行政处罚", basis: "《中华人民共和国食品安全法》第五十三条、第一百二十六条第一款第（三）项", effective: effFood, statutory: rangeFood126},
	{dom: "SC", kind: "penalty", name: "对安排未取得健康证明的人员从事接触直接入口食品工作的行政处罚", basis: "《中华人民共和国食品安全法》第四十五条、第一百二十六条第一款第（六）项", effective: effFood, statutory: rangeFood126},
	{dom: "SC", kind: "penalty", name: "对餐具、饮具和盛放直接入口食品的容器使用前未经洗净、消毒的行政处罚", basis: "《中华人民共和国食品安全法》第三十三条第一款第（五）项、第一百二十六条第一款第（五）项", effective: effFood, statutory: rangeFood126},
	{dom: "SC", kind: "penalty", name: "对生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的行政处罚", basis: "《中华人民共和国产品质量法》第十三条、第四十九条", effective: effProduct, threshold: fenFakeGoods, statutory: rangeProduct49},
	{dom: "SC", kind: "penalty", name: "对在产品中掺杂、掺假，以假充真，以次充好，或者以不合格产品冒充合格产品的行政处罚", basis: "《中华人民共和国产品质量法》第三十二条、第五十条", effective: effProduct, threshold: fenFakeGoods, statutory: rangeProduct50},
	{dom: "SC", kind: "penalty", name: "对销售失效、变质的产品的行政处罚", basis: "《中华人民共和国产品质量法》第三十五条、第五十二条", effective: effProduct, statutory: rangeProduct52},
	{dom: "SC", kind: "penalty", name: "对伪造产品产地，伪造或者冒用他人厂名、厂址，伪造或者冒用认证标志等质量标志的行政处罚", basis: "《中华人民共和国产品质量法》第三十七条、第三十八条、第五十三条", effective: effProduct, statutory: rangeProduct53},
	{dom: "SC", kind: "penalty", name: "对发布虚假广告的行政处罚", basis: "《中华人民共和国广告法》第二十八条、第五十五条第一款", effective: effAd, threshold: fenFalseAd},
	{dom: "SC", kind: "penalty", name: "对发布使用“国家级”“最高级”“最佳”等用语的广告的行政处罚", basis: "《中华人民共和国广告法》第九条第（三）项、第五十七条第（一）项", effective: effAd},
	{dom: "SC", kind: "penalty", name: "对经营者不按照规定明码标价的行政处罚", basis: "《中华人民共和国价格法》第十三条、第四十二条", effective: effPrice},
	{dom: "SC", kind: "penalty", name: "对经营者利用虚假的或者使人误解的价格手段诱骗消费者进行交易的行政处罚", basis: "《中华人民共和国价格法》第十四条第（四）项、第四十条第一款", effective: effPrice},
	{dom: "SC", kind: "penalty", name: "对使用未取得许可生产、未经检验或者检验不合格的特种设备的行政处罚", basis: "《中华人民共和国特种设备安全法》第八十四条第（一）项", effective: effSpecial},
	{dom: "SC", kind: "penalty", name: "对特种设备使用单位未按照规定办理使用登记的行政处罚", basis: "《中华人民共和国特种设备安全法》第三十三条、第八十三条第（一）项", effective: effSpecial},
	{dom: "SC", kind: "penalty", name: "对电子商务经营者未在首页显著位置公示营业执照信息的行政处罚", basis: "《中华人民共和国电子商务法》第十五条、第七十六条第一款第（一）项", effective: effEcommerce},
	{dom: "SC", kind: "penalty", name: "对未经设立登记从事经营活动的行政处罚", basis: "《中华人民共和国市场主体登记管理条例》第三条、第四十三条", effective: effRegister},
	{dom: "SC", kind: "penalty", name: "对经营者在商品中掺杂、掺假，以假充真，以次充好侵害消费者权益的行政处罚", basis: "《中华人民共和国消费者权益保护法》第五十六条第一款第（二）项", effective: effConsumer},
	{dom: "SC", kind: "penalty", name: "对销售假药的行政处罚", basis: "《中华人民共和国药品管理法》第九十八条第一款、第一百一十六条", effective: effDrug},
	{dom: "SC", kind: "penalty", name: "对未取得药品经营许可证销售药品的行政处罚", basis: "《中华人民共和国药品管理法》第五十一条第一款、第一百一十五条", effective: effDrug},
	{dom: "SC", kind: "coercion", name: "查封、扣押有证据证明不符合食品安全标准或者存在安全隐患的食品", basis: "《中华人民共和国食品安全法》第一百一十条第（四）项", effective: effFood},
	{dom: "SC", kind: "coercion", name: "查封违法从事食品生产经营活动的场所", basis: "《中华人民共和国食品安全法》第一百一十条第（五）项", effective: effFood},
	{dom: "SC", kind: "coercion", name: "查封、扣押有根据认为不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品", basis: "《中华人民共和国产品质量法》第十八条第一款第（四）项", effective: effProduct},
	{dom: "SC", kind: "coercion", name: "查封、扣押不符合安全技术规范要求或者存在严重事故隐患的特种设备", basis: "《中华人民共和国特种设备安全法》第六十一条第一款第（三）项", effective: effSpecial},
	{dom: "SC", kind: "inspection", name: "对食品生产经营活动的行政检查", basis: "《中华人民共和国食品安全法》第一百一十条", effective: effFood},
	{dom: "SC", kind: "inspection", name: "对产品质量的监督抽查", basis: "《中华人民共和国产品质量法》第十五条第一款", effective: effProduct},
	{dom: "SC", kind: "inspection", name: "对特种设备使用单位的行政检查", basis: "《中华人民共和国特种设备安全法》第五十七条", effective: effSpecial},
	{dom: "SC", kind: "inspection", name: "对广告发布活动的行政检查", basis: "《中华人民共和国广告法》第四十九条", effective: effAd, cityOnly: true},
	{dom: "SC", kind: "license", name: "食品经营许可", basis: "《中华人民共和国食品安全法》第三十五条第一款", effective: effFood},
	{dom: "SC", kind: "license", name: "食品生产许可", basis: "《中华人民共和国食品安全法》第三十五条第一款", effective: effFood, cityOnly: true},
	{dom: "SC", kind: "license", name: "药品零售企业经营许可", basis: "《中华人民共和国药品管理法》第五十一条第一款", effective: effDrug},

	// 生态环境
	{dom: "HB", kind: "penalty", name: "对未依法取得排污许可证排放大气污染物的行政处罚", basis: "《中华人民共和国大气污染防治法》第十九条、第九十九条第（一）项", effective: effAir},
	{dom: "HB", kind: "penalty", name: "对超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物的行政处罚", basis: "《中华人民共和国大气污染防治法》第十八条、第九十九条第（二）项", effective: effAir},
	{dom: "HB", kind: "penalty", name: "对通过逃避监管的方式排放大气污染物的行政处罚", basis: "《中华人民共和国大气污染防治法》第二十条第二款、第九十九条第（三）项", effective: effAir},
	{dom: "HB", kind: "penalty", name: "对未依法取得排污许可证排放水污染物的行政处罚", basis: "《中华人民共和国水污染防治法》第二十一条第一款、第八十三条第（一）项", effective: effWater},
	{dom: "HB", kind: "penalty", name: "对超过水污染物排放标准或者超过重点水污染物排放总量控制指标排放水污染物的行政处罚", basis: "《中华人民共和国水污染防治法》第十条、第八十三条第（二）项", effective: effWater},
	{dom: "HB", kind: "penalty", name: "对利用渗井、渗坑、裂隙、溶洞，私设暗管等逃避监管的方式排放水污染物的行政处罚", basis: "《中华人民共和国水污染防治法》第三十九条、第八十三条第（三）项", effective: effWater},
	{dom: "HB", kind: "penalty", name: "对建设项目未依法报批环境影响评价文件擅自开工建设的行政处罚", basis: "《中华人民共和国环境影响评价法》第二十五条、第三十一条第一款", effective: effEIA},
	{dom: "HB", kind: "penalty", name: "对未按照规定设置危险废物识别标志的行政处罚", basis: "《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条第一款第（一）项", effective: effSolid},
	{dom: "HB", kind: "penalty", name: "对擅自倾倒、堆放危险废物的行政处罚", basis: "《中华人民共和国固体废物污染环境防治法》第一百一十二条第一款第（三）项", effective: effSolid},
	{dom: "HB", kind: "penalty", name: "对将危险废物提供或者委托给无许可证的单位从事经营活动的行政处罚", basis: "《中华人民共和国固体废物污染环境防治法》第八十条第三款、第一百一十二条第一款第（四）项", effective: effSolid},
	{dom: "HB", kind: "penalty", name: "对违法排放污染物受到罚款处罚、被责令改正拒不改正的按日连续处罚", basis: "《中华人民共和国环境保护法》第五十九条第一款", effective: effEnv},
	{dom: "HB", kind: "penalty", name: "对未取得排污许可证排放污染物的行政处罚", basis: "《排污许可管理条例》第二条、第三十三条第（一）项", effective: effPermit},
	{dom: "HB", kind: "coercion", name: "查封、扣押造成污染物排放的设施、设备", basis: "《中华人民共和国环境保护法》第二十五条", effective: effEnv},
	{dom: "HB", kind: "inspection", name: "对排放污染物的企业事业单位和其他生产经营者的现场检查", basis: "《中华人民共和国环境保护法》第二十四条", effective: effEnv},
	{dom: "HB", kind: "inspection", name: "对产生、收集、贮存、运输、利用、处置固体废物的单位的现场检查", basis: "《中华人民共和国固体废物污染环境防治法》第二十六条", effective: effSolid},
	{dom: "HB", kind: "license", name: "排污许可证核发", basis: "《排污许可管理条例》第二条", effective: effPermit},
	{dom: "HB", kind: "license", name: "建设项目环境影响报告书、报告表审批", basis: "《中华人民共和国环境影响评价法》第二十二条第一款", effective: effEIA},

	// 城市管理 (综合行政执法)
	{dom: "CG", kind: "penalty", name: "对随地吐痰、便溺，乱扔果皮、纸屑和烟头等废弃物的行政处罚", basis: "《城市市容和环境卫生管理条例》第三十四条第（一）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对在城市建筑物、设施以及树木上涂写、刻画或者未经批准张挂、张贴宣传品的行政处罚", basis: "《城市市容和环境卫生管理条例》第三十四条第（二）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对不按规定的时间、地点、方式倾倒垃圾、粪便的行政处罚", basis: "《城市市容和环境卫生管理条例》第三十四条第（四）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对运输液体、散装货物不作密封、包扎、覆盖，造成泄漏、遗撒的行政处罚", basis: "《城市市容和环境卫生管理条例》第三十四条第（六）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对临街工地不设置护栏或者不作遮挡，停工场地不及时整理并作必要覆盖的行政处罚", basis: "《城市市容和环境卫生管理条例》第三十四条第（七）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对未经同意擅自设置大型户外广告影响市容的行政处罚", basis: "《城市市容和环境卫生管理条例》第十一条、第三十六条第（一）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对未经批准擅自在街道两侧和公共场地堆放物料，搭建建筑物、构筑物或者其他设施的行政处罚", basis: "《城市市容和环境卫生管理条例》第十四条、第三十六条第（二）项", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "penalty", name: "对未取得建设工程规划许可证进行建设的行政处罚", basis: "《中华人民共和国城乡规划法》第四十条第一款、第六十四条", effective: effPlanning},
	{dom: "CG", kind: "penalty", name: "对排水户未取得污水排入排水管网许可证向城镇排水设施排放污水的行政处罚", basis: "《城镇排水与污水处理条例》第二十一条、第五十条第一款", effective: effDrainage},
	{dom: "CG", kind: "penalty", name: "对擅自占用或者挖掘城市道路的行政处罚", basis: "《城市道路管理条例》第二十七条第（一）项、第四十二条", effective: effRoadCity},
	{dom: "CG", kind: "penalty", name: "对排放油烟的餐饮服务业经营者未安装油烟净化设施或者未正常使用的行政处罚", basis: "《中华人民共和国大气污染防治法》第八十一条第一款、第一百一十八条第一款", effective: effAir},
	{dom: "CG", kind: "penalty", name: "对在当地人民政府禁止的区域内露天烧烤食品的行政处罚", basis: "《中华人民共和国大气污染防治法》第八十一条第三款、第一百一十八条第三款", effective: effAir},
	{dom: "CG", kind: "penalty", name: "对施工工地未设置硬质围挡或者未采取有效防尘降尘措施的行政处罚", basis: "《中华人民共和国大气污染防治法》第六十九条、第一百一十五条第一款第（一）项", effective: effAir},
	{dom: "CG", kind: "penalty", name: "对运输渣土、砂石、土方等散装物料的车辆未采取密闭措施防止物料遗撒的行政处罚", basis: "《中华人民共和国大气污染防治法》第七十条第一款、第一百一十六条", effective: effAir},
	{dom: "CG", kind: "penalty", name: "对随意倾倒、抛撒、堆放或者焚烧生活垃圾的行政处罚", basis: "《中华人民共和国固体废物污染环境防治法》第四十九条第二款、第一百一十一条第一款第（一）项", effective: effSolid, entrust: true},
	{dom: "CG", kind: "penalty", name: "对工程施工单位擅自倾倒、抛撒或者堆放工程施工过程中产生的建筑垃圾的行政处罚", basis: "《中华人民共和国固体废物污染环境防治法》第六十三条第三款、第一百一十一条第一款第（四）项", effective: effSolid},
	{dom: "CG", kind: "coercion", name: "查封违法建设施工现场", basis: "《中华人民共和国城乡规划法》第六十八条", effective: effPlanning},
	{dom: "CG", kind: "inspection", name: "对城市市容和环境卫生的行政检查", basis: "《城市市容和环境卫生管理条例》第四条", effective: effCityLook, entrust: true},
	{dom: "CG", kind: "inspection", name: "对违法建设的行政检查", basis: "《中华人民共和国城乡规划法》第五十三条", effective: effPlanning},
	{dom: "CG", kind: "inspection", name: "对建筑工地扬尘污染防治的行政检查", basis: "《中华人民共和国大气污染防治法》第二十九条", effective: effAir},

	// 交通运输
	{dom: "JT", kind: "penalty", name: "对未取得道路运输经营许可擅自从事道路运输经营的行政处罚", basis: "《中华人民共和国道路运输条例》第六十三条"},
	{dom: "JT", kind: "penalty", name: "对不符合规定条件的人员驾驶道路运输经营车辆的行政处罚", basis: "《中华人民共和国道路运输条例》第六十四条"},
	{dom: "JT", kind: "penalty", name: "对客运经营者、货运经营者非法转让、出租道路运输许可证件的行政处罚", basis: "《中华人民共和国道路运输条例》第六十六条"},
	{dom: "JT", kind: "penalty", name: "对擅自从事网络预约出租汽车经营活动的行政处罚", basis: "《网络预约出租汽车经营服务管理暂行办法》第三十四条"},
	{dom: "JT", kind: "penalty", name: "对擅自占用、挖掘公路的行政处罚", basis: "《中华人民共和国公路法》第四十四条第一款、第七十六条第（一）项", effective: effRoadLaw, road: true},
	{dom: "JT", kind: "penalty", name: "对在公路用地范围内设置公路标志以外的其他标志的行政处罚", basis: "《中华人民共和国公路法》第五十四条、第七十九条", effective: effRoadLaw, road: true},
	{dom: "JT", kind: "penalty", name: "对在公路建筑控制区内修建建筑物、地面构筑物的行政处罚", basis: "《中华人民共和国公路法》第五十六条第一款、第八十一条", effective: effRoadLaw, road: true},
	{dom: "JT", kind: "penalty", name: "对车货总体的外廓尺寸、轴荷或者总质量超过公路限定标准行驶的行政处罚", basis: "《公路安全保护条例》第六十四条", effective: effRoadSafe, road: true},
	{dom: "JT", kind: "penalty", name: "对租借、转让超限运输车辆通行证的行政处罚", basis: "《公路安全保护条例》第六十五条第三款", effective: effRoadSafe, road: true},
	{dom: "JT", kind: "coercion", name: "暂扣没有车辆营运证又无法当场提供其他有效证明的车辆", basis: "《中华人民共和国道路运输条例》第六十二条"},
	{dom: "JT", kind: "coercion", name: "扣留未随车携带超限运输车辆通行证的车辆", basis: "《公路安全保护条例》第六十五条第二款", effective: effRoadSafe, road: true},
	{dom: "JT", kind: "inspection", name: "对道路运输经营活动的监督检查", basis: "《中华人民共和国道路运输条例》第七条"},
	{dom: "JT", kind: "inspection", name: "对公路及公路用地、建筑控制区的路政巡查", basis: "《中华人民共和国公路法》第六十九条", effective: effRoadLaw, road: true},

	// 文化旅游
	{dom: "WL", kind: "penalty", name: "对未经许可经营旅行社业务的行政处罚", basis: "《中华人民共和国旅游法》第二十八条、第九十五条第一款", effective: effTourism},
	{dom: "WL", kind: "penalty", name: "对旅行社未按照规定为出境或者入境团队旅游安排领队或者导游全程陪同的行政处罚", basis: "《中华人民共和国旅游法》第九十六条第一款第（一）项", effective: effTourism},
	{dom: "WL", kind: "penalty", name: "对旅行社安排未取得导游证的人员提供导游服务的行政处罚", basis: "《中华人民共和国旅游法》第九十六条第一款第（二）项", effective: effTourism},
	{dom: "WL", kind: "penalty", name: "对旅行社以不合理的低价组织旅游活动诱骗旅游者的行政处罚", basis: "《中华人民共和国旅游法》第三十五条第一款、第九十八条", effective: effTourism},
	{dom: "WL", kind: "penalty", name: "对未取得导游证或者不具备领队条件从事导游、领队活动的行政处罚", basis: "《中华人民共和国旅游法》第一百零二条第一款", effective: effTourism},
	{dom: "WL", kind: "penalty", name: "对擅自从事营业性演出经营活动的行政处罚", basis: "《营业性演出管理条例》第六条、第四十三条", effective: effShow},
	{dom: "WL", kind: "inspection", name: "对旅行社经营活动的监督检查", basis: "《中华人民共和国旅游法》第八十五条", effective: effTourism},
	{dom: "WL", kind: "license", name: "旅行社业务经营许可", basis: "《中华人民共和国旅游法》第二十八条", effective: effTourism},
	{dom: "WL", kind: "license", name: "营业性演出许可", basis: "《营业性演出管理条例》第六条", effective: effShow},

	// 应急管理
	{dom: "YJ", kind: "penalty", name: "对生产经营单位主要负责人未履行安全生产管理职责的行政处罚", basis: "《中华人民共和国安全生产法》第二十一条、第九十四条", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对未按照规定设置安全生产管理机构或者配备安全生产管理人员的行政处罚", basis: "《中华人民共和国安全生产法》第二十四条、第九十七条第（一）项", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对未按照规定对从业人员进行安全生产教育和培训的行政处罚", basis: "《中华人民共和国安全生产法》第二十八条第一款、第九十七条第（三）项", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对未按照规定制定生产安全事故应急救援预案或者未定期组织演练的行政处罚", basis: "《中华人民共和国安全生产法》第八十一条、第九十七条第（六）项", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对特种作业人员未经专门的安全作业培训并取得相应资格上岗作业的行政处罚", basis: "《中华人民共和国安全生产法》第三十条第一款、第九十七条第（七）项", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志的行政处罚", basis: "《中华人民共和国安全生产法》第三十五条、第九十九条第（一）项", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对关闭、破坏直接关系生产安全的监控、报警、防护、救生设备、设施的行政处罚", basis: "《中华人民共和国安全生产法》第三十六条、第九十九条第（四）项", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对生产经营单位未采取措施消除事故隐患的行政处罚", basis: "《中华人民共和国安全生产法》第一百零二条", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对发生生产安全事故负有责任的生产经营单位的行政处罚", basis: "《中华人民共和国安全生产法》第一百一十四条", effective: effSafety},
	{dom: "YJ", kind: "penalty", name: "对未取得危险化学品经营许可证从事危险化学品经营的行政处罚", basis: "《危险化学品安全管理条例》第三十三条第一款、第七十七条第三款", effective: effChem},
	{dom: "YJ", kind: "coercion", name: "查封、扣押不符合保障安全生产的国家标准或者行业标准的设施、设备、器材", basis: "《中华人民共和国安全生产法》第六十五条第一款第（四）项", effective: effSafety},
	{dom: "YJ", kind: "coercion", name: "对拒不执行停产停业决定的生产经营单位通知有关单位停止供电、停止供应民用爆炸物品", basis: "《中华人民共和国安全生产法》第七十条第一款", effective: effSafety},
	{dom: "YJ", kind: "inspection", name: "对生产经营单位执行安全生产法律、法规和国家标准或者行业标准情况的监督检查", basis: "《中华人民共和国安全生产法》第六十五条第一款", effective: effSafety},
	{dom: "YJ", kind: "inspection", name: "对危险化学品生产、经营、储存单位的监督检查", basis: "《危险化学品安全管理条例》第七条", effective: effChem},
	{dom: "YJ", kind: "license", name: "危险化学品经营许可", basis: "《危险化学品安全管理条例》第三十三条第一款", effective: effChem, cityOnly: true},
}

// districtShare is the share of base entries a district or county list
// carries; the rest are reserved to the city or not yet claimed locally.
const districtShare = 0.7

// makeMatters expands the base table over the regions where agencies of
// each domain exist. agencies must be in the order of agencySpecs.
func makeMatters(rng *rand.Rand, agencies []*registry.Agency) []*registry.Matter {
	type regionDomain struct{ region, domain string }
	var order []regionDomain
	holders := map[regionDomain][]*registry.Agency{}
	for _, a := range agencies {
		if a.Kind != "enforcement" {
			continue
		}
		k := regionDomain{a.RegionCode, a.Domain}
		if holders[k] == nil {
			order = append(order, k)
		}
		holders[k] = append(holders[k], a)
	}
	var out []*registry.Matter
	for _, rd := range order {
		seq := map[string]int{} // per domain and kind, counted over the whole base table
		for _, s := range matterSpecs {
			if domainCodes[s.dom] != rd.domain {
				continue
			}
			kc := kindCodes[s.kind]
			seq[kc]++
			city := rd.region == "370100"
			if !city && (s.cityOnly || rng.Float64() >= districtShare) {
				continue
			}
			var codes []string
			for _, a := range holders[rd] {
				switch {
				case a.SubjectType == "entrusted" && !s.entrust:
				case a.SubjectType == "authorized" && !s.road:
				case city && s.road && a.SubjectType != "authorized" && hasAuthorized(holders[rd]):
					// the city's roads are the 公路事业发展中心's
				default:
					codes = append(codes, a.Code)
				}
			}
			if len(codes) == 0 {
				continue
			}
			slices.Sort(codes)
			m := &registry.Matter{
				Code:       fmt.Sprintf("%s-%s-%s-%04d", rd.region, s.dom, kc, seq[kc]),
				Name:       s.name,
				Kind:       s.kind,
				RegionCode: rd.region,
				Domain:     rd.domain,
				LegalBasis: s.basis, BasisEffective: s.effective,
				AgencyCodes: codes,
			}
			if s.threshold > 0 {
				v := s.threshold
				m.CriminalThresholdFen = &v
			}
			m.StatutoryFine = s.statutory
			out = append(out, m)
		}
	}
	return out
}

func hasAuthorized(as []*registry.Agency) bool {
	return slices.ContainsFunc(as, func(a *registry.Agency) bool { return a.SubjectType == "authorized" })
}
