package demo

import (
	"zfjd/internal/cases"
	"zfjd/internal/registry"
)

// The demo stories: each a case at some stage, clean or breaking one rule on
// purpose, with the event helpers they are written with.

// story is one demo case before it is written.
type story struct {
	key     string // agency key
	matter  string // keyword of the matter name
	title   string
	party   func(l *caseLoader, a *registry.Agency) cases.Party
	facts   func(f *cases.Facts)
	desc    string
	events  func(l *caseLoader, a *registry.Agency, team []string) []cases.Event
	zfjd    bool // handled in zfjd's own UI (Create + Append)
	anyExp  bool // needs an officer whose certificate has expired: agency chosen at load
	decided bool // a penalty decision to number
	noAV    bool // handled in zfjd without the recordings its agency's 音像记录清单 asks for
}

var stories = []story{
	{key: "jn-sj", matter: "超过保质期", title: "销售超过保质期的食品", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370102", "济南泉城某某餐饮管理有限公司", "济南市历下区泉城路180号", "法定代表人：刘某")
		},
		desc:  "执法人员对当事人经营场所进行检查，发现其后厨冷藏柜内存放超过保质期的酸奶18盒、火腿肠6包，用于加工食品。当事人上述食品货值金额共计326元，违法所得无法计算。",
		facts: func(f *cases.Facts) { f.CaseAmountFen = 32600 },
		// 食品安全法 Art. 124 第一款: 货值金额不足一万元的，并处五万元以上十万元以下罚款.
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 150, 95, true, "ordinary",
				cases.Penalty{Kind: "confiscate_property", Note: "超过保质期的酸奶18盒、火腿肠6包"}, fine(50000)),
				l.served(t, 93), l.published(90), l.paid(85, 50000))
		}},
	{key: "sz-sj", matter: "未取得食品生产经营许可", title: "未取得食品经营许可从事食品经营", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.person("370103", "张建华", 1982, "济南市市中区七贤街道某某小区5号楼2单元301室", "13905311234")
		},
		desc:  "当事人张建华（联系电话13905311234）在济南市市中区七贤街道某某小区5号楼2单元301室南侧临街门头房经营熟食，未取得食品经营许可证。经查，当事人违法经营的食品货值金额3800元，违法所得1200元。",
		facts: func(f *cases.Facts) { f.IllegalIncomeFen = 120000; f.CaseAmountFen = 380000 },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 110, 70, true, "ordinary",
				cases.Penalty{Kind: "confiscate_income", AmountFen: 120000}, fine(50000)),
				l.served(t, 68), l.published(66), l.paid(60, 51200))
		}},
	{key: "sz-sj", matter: "发布虚假广告", title: "发布虚假广告", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370103", "济南某某健康科技有限公司", "济南市市中区经四路268号", "法定代表人：孙某")
		},
		desc: "当事人在其微信公众号发布“三天根治失眠”“治愈率99%”等内容的保健食品广告，无法提供证明材料，广告内容与实际情况不符。广告费用1.2万元。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 120, 80, true, "ordinary", fine(36000)), l.served(t, 78), l.published(74), l.paid(70, 36000))
		}},
	{key: "hy-sj", matter: "未经设立登记", title: "未经设立登记从事经营活动", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.person("370104", "赵海涛", 1988, "济南市槐荫区青年东路某某小区3号楼", "18653110000")
		},
		desc:  "当事人赵海涛未经设立登记，在槐荫区青年东路租用门头房从事手机维修和配件销售，经责令改正后逾期仍未办理登记，违法所得2600元。",
		facts: func(f *cases.Facts) { f.IllegalIncomeFen = 260000 },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 60, 30, true, "lighter", cases.Penalty{Kind: "confiscate_income", AmountFen: 260000}, fine(10000)),
				l.served(t, 28), l.published(25), l.paid(20, 12600))
		}},
	{key: "lc-sj", matter: "未按照规定办理使用登记", title: "特种设备未办理使用登记", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370112", "济南历城某某物流有限公司", "济南市历城区工业北路88号", "法定代表人：马某")
		},
		desc: "当事人使用的2台叉车（场（厂）内专用机动车辆）未办理特种设备使用登记即投入使用。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			ev := l.decision(t, 80, 40, true, "ordinary", fine(30000))
			return append(ev, l.review(a, t, 43), l.served(t, 38), l.published(35), l.paid(30, 30000))
		}},
	// A major case with a hearing, legal review and collective discussion.
	{key: "zq-sj", matter: "不符合保障人体健康", title: "销售不符合国家标准的电线电缆", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370114", "济南章丘某某建材有限公司", "济南市章丘区明水街道汇泉路1号", "法定代表人：高某")
		},
		desc: "经抽样检验，当事人销售的BV2.5mm²电线导体电阻项目不合格，不符合GB/T 5023.3-2008标准。当事人共购进该批次电线300卷，已销售220卷，货值金额4.2万元，违法所得9800元。",
		facts: func(f *cases.Facts) {
			f.Major, f.LifeHealthOrFinancial, f.IllegalIncomeFen, f.CaseAmountFen = true, true, 980000, 4200000
		},
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			host := l.other(a, "hearing_host", t)
			ev := l.decision(t, 120, 50, true, "ordinary", cases.Penalty{Kind: "confiscate_income", AmountFen: 980000}, fine(84000),
				cases.Penalty{Kind: "confiscate_property", Note: "没收不合格电线80卷"})
			// Time for the hearing: notice at 95 days, hearing 34 days later
			// (at least 7 working days after its notice even across a long holiday).
			ev[2].At, ev[3].At = l.at(97), l.at(95)
			return append(ev,
				cases.Event{Type: "hearing_requested", At: l.at(93)},
				cases.Event{Type: "hearing_noticed", At: l.at(90), Officers: t, HearingAt: l.at(56) + "T09:30:00+08:00", Note: "本局三楼听证室"},
				cases.Event{Type: "hearing_held", At: l.at(56), Host: host},
				l.review(a, t, 54),
				cases.Event{Type: "collective_discussion", At: l.at(52), Note: "局长办公会集体讨论"},
				l.served(t, 48), l.published(45), l.paid(40, 93800))
		}},
	{key: "py-sj", matter: "进货查验记录", title: "未按规定建立并遵守进货查验记录制度", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370124", "平阴县某某副食品商店", "平阴县榆山街道府前街12号", "经营者：吕某")
		},
		desc:  "当事人购进预包装食品未查验供货者的许可证和食品出厂检验合格证，未如实记录食品名称、规格、数量、生产日期等内容。",
		facts: func(f *cases.Facts) { f.Corrected = &yes; f.Mitigating = []string{"eliminated_harm"} },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 70, 35, true, "lighter", fine(5000)), l.served(t, 33), l.published(30), l.paid(25, 5000))
		}},
	// 罚款逾期未缴 (PAYMENT_OVERDUE).
	{key: "jn-sj", matter: "健康证明", title: "安排未取得健康证明的人员从事接触直接入口食品工作", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370105", "济南某某餐饮连锁有限公司", "济南市天桥区北园大街500号", "法定代表人：韩某")
		},
		desc: "当事人中央厨房安排3名未取得健康证明的人员从事凉菜加工，经责令改正后复查仍未改正。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 100, 60, true, "ordinary", fine(15000)), l.served(t, 58), l.published(55))
		}},
	// 送达超期 (DELIVERY_OVERDUE).
	{key: "lx-sj", matter: "标签、说明书不符合规定", title: "经营标签不符合规定的预包装食品", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370102", "济南历下某某进口食品商行", "济南市历下区山大路158号", "经营者：侯某")
		},
		desc: "当事人经营的进口葡萄酒18瓶无中文标签，货值金额6800元。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 55, 25, true, "ordinary", fine(5000)), l.published(20))
		}},
	// 办案超期 (DECISION_OVERDUE).
	{key: "jn-sj", matter: "掺杂、掺假", title: "在产品中掺杂掺假",
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370112", "济南某某粮油有限公司", "济南市历城区华山街道100号", "法定代表人：曹某")
		},
		desc: "举报反映当事人销售的花生油中掺入大豆油，已抽样送检。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return []cases.Event{
				{Type: "discovered", At: l.at(125), Officers: t, Note: "12345热线转办举报"},
				{Type: "filed", At: l.at(120), Officers: t, Actor: "分管负责人"},
				{Type: "investigation", At: l.at(115), Officers: t, Note: "现场检查并抽样"},
			}
		}},
	// 调查取证仅一名执法人员 (OFFICERS_INSUFFICIENT), then published.
	{key: "sz-sj", matter: "伪造产品产地", title: "销售伪造产地的产品", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370103", "济南市中某某茶叶店", "济南市市中区英雄山路129号", "经营者：崔某")
		},
		desc: "当事人销售的标注产地为“福建安溪”的铁观音茶叶实为外省购进，伪造产品产地，货值金额3200元。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			ev := l.decision(t, 70, 40, true, "ordinary", fine(3000))
			ev[1].Officers = t[:1]
			return append(ev, l.served(t, 38), l.published(35), l.paid(30, 3000))
		}},
	// 重大案件未经法制审核 (LEGAL_REVIEW_MISSING).
	{key: "hy-sj", matter: "未取得药品经营许可证", title: "未取得药品经营许可证销售药品", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370104", "济南槐荫某某诊所", "济南市槐荫区张庄路71号", "负责人：魏某")
		},
		desc:  "当事人未取得药品经营许可证，向就诊人员以外的人员销售药品，货值金额2.1万元，违法所得6000元。",
		facts: func(f *cases.Facts) { f.Major, f.IllegalIncomeFen, f.CaseAmountFen = true, 600000, 2100000 },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 90, 50, true, "ordinary", cases.Penalty{Kind: "confiscate_income", AmountFen: 600000}, fine(315000)),
				l.served(t, 48), l.published(45), l.paid(40, 321000))
		}},
	// Published, then annulled on 行政复议 and withdrawn in time (处罚法 Art. 48).
	{key: "lc-sj", matter: "冒用他人厂名", title: "销售冒用他人厂名、厂址的产品", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370112", "济南历城某某日用品经营部", "济南市历城区洪家楼南路9号", "经营者：任某")
		},
		desc: "当事人销售的洗衣液20桶标注的生产厂名、厂址系冒用他人厂名、厂址。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 150, 100, true, "ordinary", fine(8000)), l.served(t, 98), l.published(95), l.paid(90, 8000),
				cases.Event{Type: "annulled", At: l.at(30), Note: "济南市历城区人民政府行政复议决定撤销原处罚决定"},
				cases.Event{Type: "publication_withdrawn", At: l.at(29), Note: "原行政处罚决定已被行政复议决定撤销（认定事实的检验报告送达程序违法），依法撤回公示"})
		}},
	// Just filed, under investigation.
	{key: "jn-sj", matter: "首页显著位置", title: "电子商务经营者未公示营业执照信息",
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370102", "济南某某电子商务有限公司", "济南市历下区经十路9777号", "法定代表人：姜某")
		},
		desc: "网络监测发现当事人网店首页未公示营业执照信息。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return []cases.Event{
				{Type: "discovered", At: l.at(12), Officers: t, Note: "网络交易监测"},
				{Type: "filed", At: l.at(10), Officers: t, Actor: "分管负责人"},
				{Type: "investigation", At: l.at(5), Officers: t},
			}
		}},
	// 生态环境: a large fine with hearing right (waived), review and discussion.
	{key: "jn-hb", matter: "超过大气污染物排放标准", title: "超标排放大气污染物", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370112", "济南某某热电有限公司", "济南市历城区港沟街道工业园8号", "法定代表人：宋某")
		},
		desc:  "在线监测数据显示，当事人2号锅炉氮氧化物排放浓度小时均值连续超过《锅炉大气污染物排放标准》（DB37/2374-2018）限值，最高超标1.8倍。",
		facts: func(f *cases.Facts) { f.Complex = true },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			ev := l.decision(t, 95, 45, true, "ordinary", fine(150000))
			return append(ev, l.review(a, t, 50), cases.Event{Type: "collective_discussion", At: l.at(48)},
				l.served(t, 43), l.published(40), l.paid(30, 150000))
		}},
	// 查封扣押超期 (SEIZURE_OVERDUE).
	{key: "jn-hb", matter: "逃避监管的方式排放水污染物", title: "私设暗管排放水污染物",
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370113", "济南某某印染有限公司", "济南市长清区崮云湖街道工业路6号", "法定代表人：田某")
		},
		desc:  "当事人通过私设暗管将未经处理的印染废水排入雨水管网。",
		facts: func(f *cases.Facts) { f.Major = true },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return []cases.Event{
				{Type: "filed", At: l.at(52), Officers: t, Actor: "分管负责人"},
				{Type: "investigation", At: l.at(51), Officers: t, Note: "现场检查、采样监测"},
				{Type: "seized", At: l.at(50), Officers: t, Note: "查封排污泵2台及暗管阀门"},
			}
		}},
	// 公示超期 (PUBLICITY_OVERDUE, 7 working days outside market supervision).
	{key: "jn-hb", matter: "危险废物识别标志", title: "未按规定设置危险废物识别标志", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370105", "济南某某汽车维修有限公司", "济南市天桥区济泺路150号", "法定代表人：邢某")
		},
		desc:  "当事人危险废物贮存间未设置危险废物识别标志。",
		facts: func(f *cases.Facts) { f.Corrected = &yes },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 60, 30, true, "lighter", fine(20000)), l.served(t, 28), l.paid(20, 20000))
		}},
	// 城市管理: a person with a compound surname (masked as 欧阳某某).
	{key: "lx-zf", matter: "公共场地堆放物料", title: "未经批准在街道两侧搭建构筑物", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.person("370102", "欧阳丽娜", 1979, "济南市历下区和平路34号", "15866661234")
		},
		desc: "当事人欧阳丽娜未经批准，在济南市历下区和平路34号门前人行道上搭建彩钢棚约12平方米用于经营烧烤，经责令限期拆除后逾期未拆除，周边居民多次投诉（联系电话15866661234）。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 50, 22, true, "ordinary", fine(2000)), l.served(t, 20), l.published(17), l.paid(12, 2000))
		}},
	{key: "tq-cg", matter: "倾倒垃圾", title: "不按规定倾倒垃圾", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.person("370105", "李明", 1990, "济南市天桥区堤口路66号", "")
		},
		desc:  "当事人于夜间将装修垃圾倾倒在天桥区堤口路绿化带内。",
		facts: func(f *cases.Facts) { f.Corrected = &yes },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 55, 20, false, "ordinary", fine(200)), l.served(t, 19), l.published(15), l.paid(16, 200))
		}},
	// 执法证件过期 (CERTIFICATE_INVALID): the agency is the first with an
	// officer whose certificate has expired.
	{anyExp: true, matter: "",
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org(a.RegionCode, "济南某某建筑工程有限公司", "济南市"+"某某路1号", "法定代表人：程某")
		},
		desc: "当事人涉嫌违法，执法人员现场检查。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return []cases.Event{
				{Type: "filed", At: l.at(20), Officers: t, Actor: "分管负责人"},
				{Type: "investigation", At: l.at(18), Officers: t},
			}
		}},
	{key: "jn-jt", matter: "未取得道路运输经营许可", title: "未取得道路运输经营许可擅自从事道路运输经营", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.person("370124", "王志强", 1986, "平阴县孔村镇某某村", "13705310000")
		},
		desc:  "当事人驾驶鲁A·XXXXX小型普通客车，未取得道路运输经营许可，在济南西站从事客运经营，向乘客收取车费150元。",
		facts: func(f *cases.Facts) { f.IllegalIncomeFen = 15000 },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 60, 20, true, "ordinary", cases.Penalty{Kind: "confiscate_income", AmountFen: 15000}, fine(10000)),
				l.served(t, 18), l.published(16), l.paid(10, 10150))
		}},
	// Decided and delivered days ago: clocks running, nothing late.
	{key: "jn-yj", matter: "安全生产教育和培训", title: "未按照规定对从业人员进行安全生产教育和培训", decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370126", "济南某某化工有限公司", "商河县经济开发区化工园3号", "法定代表人：薛某")
		},
		desc: "当事人未对新入职的12名从业人员进行岗前安全生产教育和培训，未如实记录安全生产教育和培训情况。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			return append(l.decision(t, 40, 3, true, "ordinary", fine(30000)), l.served(t, 1))
		}},

	// Handled in zfjd by 历下区市场监督管理局 (the demo officer's agency).
	{key: "lx-sj", matter: "超过保质期", title: "销售超过保质期的食品", zfjd: true, decided: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370102", "济南历下某某便利店", "济南市历下区解放路112号", "经营者：董某，0531-86661234")
		},
		desc: "执法人员检查发现当事人货架上摆放超过保质期的饼干5袋、饮料8瓶，标价待售，货值金额96元，尚未售出。当事人对违法事实无异议，" +
			"检查当日即将上述食品全部下架封存并配合执法人员登记销毁，主动消除了违法行为的危害后果。",
		// Art. 124 sets 5万–10万元 below a goods value of 1万元; a fine below the
		// minimum is lawful only as 减轻处罚 on a statutory ground (处罚法
		// Art. 32(一): 主动消除或者减轻违法行为危害后果), recorded on the case
		// and stated in the decision, after a passed legal review.
		facts: func(f *cases.Facts) { f.CaseAmountFen = 9600; f.Mitigating = []string{"eliminated_harm"} },
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			ev := l.decision(t, 48, 12, true, "mitigated",
				cases.Penalty{Kind: "confiscate_property", Note: "超过保质期的饼干5袋、饮料8瓶"}, fine(5000))
			ev[4].Note = "当事人经营超过保质期的食品，违反《中华人民共和国食品安全法》第三十四条第（十）项；当事人主动消除违法行为危害后果，" +
				"依照《中华人民共和国行政处罚法》第三十二条第（一）项减轻处罚"
			return append(ev, l.review(a, t, 34), l.served(t, 10), l.published(8), l.paid(5, 5000))
		}},
	{key: "lx-sj", matter: "餐具、饮具", title: "餐具饮具未经洗净消毒", zfjd: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.org("370102", "济南历下某某快餐店", "济南市历下区燕子山路9号", "经营者：袁某")
		},
		desc: "当事人使用的餐具未经洗净、消毒即供顾客使用。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			hr := false
			return []cases.Event{
				{Type: "filed", At: l.at(30), Officers: t},
				{Type: "investigation", At: l.at(28), Officers: t, Note: "现场检查消毒间和餐具保洁柜，询问经营者和后厨人员"},
				{Type: "investigation_concluded", At: l.at(8), Officers: t, Note: "违法事实清楚，证据确凿，建议给予行政处罚"},
				{Type: "notified", At: l.at(3), Officers: t, HearingRight: &hr, Note: "警告，罚款人民币壹万伍仟元整"},
			}
		}},
	{key: "lx-sj", matter: "未经设立登记", title: "涉嫌未经设立登记从事经营活动", zfjd: true, noAV: true,
		party: func(l *caseLoader, a *registry.Agency) cases.Party {
			return l.person("370102", "孙丽", 1995, "济南市历下区历山路80号", "")
		},
		desc: "群众举报当事人在历山路租用商铺开设美甲店，未办理营业执照。",
		events: func(l *caseLoader, a *registry.Agency, t []string) []cases.Event {
			// 调查取证 without its 录音 yet: the officer's next step (AV_RECORD_MISSING).
			return []cases.Event{{Type: "filed", At: l.at(2), Officers: t},
				{Type: "investigation", At: l.at(1), Officers: t, Note: "现场检查经营场所，询问当事人"}}
		}},
}
