package scale

// Agency templates per level: name suffix after the region's name, domain
// and how many certified officers such a body has on average. The lists
// follow a Shandong county's 行政执法主体公告 (about 39 bodies per county,
// 30 per city, 35 at the province), so that with one 乡镇人民政府 per
// township (赋权乡镇) the province has about 7,600 enforcement subjects.
type agencyTemplate struct {
	suffix, domain string
	subject        string // statutory | authorized
	officers       int
}

var countyAgencies = []agencyTemplate{
	{"市场监督管理局", "市场监管", "statutory", 60}, {"生态环境分局", "生态环境", "statutory", 30},
	{"综合行政执法局", "城市管理", "statutory", 70}, {"交通运输局", "交通运输", "statutory", 40},
	{"文化和旅游局", "文化旅游", "statutory", 20}, {"应急管理局", "应急管理", "statutory", 30},
	{"自然资源局", "自然资源", "statutory", 35}, {"住房和城乡建设局", "住房城乡建设", "statutory", 30},
	{"农业农村局", "农业农村", "statutory", 40}, {"水利局", "水利", "statutory", 20},
	{"卫生健康局", "卫生健康", "statutory", 30}, {"教育和体育局", "教育", "statutory", 15},
	{"人力资源和社会保障局", "人力资源社会保障", "statutory", 20}, {"商务局", "商务", "statutory", 12},
	{"医疗保障局", "医疗保障", "statutory", 15}, {"民政局", "民政", "statutory", 10},
	{"统计局", "统计", "statutory", 8}, {"发展和改革局", "发展改革", "statutory", 12},
	{"工业和信息化局", "工业信息化", "statutory", 10}, {"财政局", "财政", "statutory", 10},
	{"审计局", "审计", "statutory", 10}, {"退役军人事务局", "退役军人", "statutory", 6},
	{"司法局", "司法行政", "statutory", 12}, {"公安局", "公安", "statutory", 150},
	{"消防救援大队", "消防", "authorized", 25}, {"气象局", "气象", "statutory", 6},
	{"档案馆", "档案", "authorized", 5}, {"人民防空办公室", "人防", "statutory", 6},
	{"地震局", "地震", "statutory", 4}, {"粮食和物资储备局", "粮食", "statutory", 6},
	{"林业保护发展中心", "林业", "authorized", 12}, {"公路事业发展中心", "交通运输", "authorized", 20},
	{"畜牧兽医事业发展中心", "农业农村", "authorized", 12}, {"烟草专卖局", "烟草专卖", "statutory", 15},
	{"国家保密局", "保密", "statutory", 3}, {"民族宗教事务局", "民族宗教", "statutory", 4},
	{"新闻出版局", "新闻出版", "statutory", 5}, {"水务集团供水服务中心", "水利", "authorized", 6},
	{"城市管理服务中心", "城市管理", "authorized", 20},
}

// cityAgencies are the first 30 of the county list under their city names.
var cityAgencies = countyAgencies[:30]

var provinceAgencies = countyAgencies[:35]

// townshipTemplate is the 乡镇人民政府 / 街道办事处 that received
// enforcement powers (赋权乡镇综合执法).
var townshipTemplate = agencyTemplate{"", "乡镇综合执法", "authorized", 10}

// officerScale multiplies the template counts by level.
var officerScale = map[int]float64{1: 2.2, 2: 1.6, 3: 1.42, 4: 1.6}

// Township names are made of two characters and a suffix (镇, 街道, 乡).
var townshipChars = []rune("东西南北新兴安平和丰泰华阳明山河湖桥林泉柳杨王张李高马官庄店集屯营寨堡口关城岭湾")

var townshipSuffixes = []string{"镇", "镇", "街道", "乡", "镇", "街道"}

// Penalty matters per domain: the violation as a 权责清单 names it.
var matterNames = map[string][]string{
	"市场监管":   {"生产经营不符合食品安全标准的食品", "未取得食品经营许可从事食品经营", "销售不合格产品", "虚假广告", "未按规定明码标价", "计量器具未经检定", "无照经营", "侵犯注册商标专用权"},
	"生态环境":   {"超标排放大气污染物", "未批先建", "未按规定贮存危险废物", "噪声污染", "不正常运行防治污染设施"},
	"城市管理":   {"违法建设", "占道经营", "乱堆乱放建筑垃圾", "擅自设置户外广告", "未按规定分类投放生活垃圾"},
	"交通运输":   {"未取得道路运输经营许可从事运输", "超限运输", "出租汽车违规经营", "擅自占用挖掘公路"},
	"文化旅游":   {"擅自从事营业性演出", "旅行社未签订旅游合同", "网吧接纳未成年人"},
	"应急管理":   {"未建立安全生产责任制", "特种作业人员未持证上岗", "未按规定进行安全生产教育培训"},
	"自然资源":   {"非法占用土地", "未取得采矿许可证擅自采矿", "破坏耕地"},
	"住房城乡建设": {"未取得施工许可证擅自施工", "物业服务企业违规", "违规销售商品房"},
	"农业农村":   {"生产经营假劣农药", "违法使用兽药", "非法捕捞"},
	"卫生健康":   {"非法行医", "公共场所卫生不合格", "医疗废物处置违规"},
	"公安":     {"扰乱公共秩序", "违反治安管理", "违反道路交通安全法"},
	"消防":     {"消防设施未保持完好有效", "占用堵塞消防通道"},
}

// genericMatters serve the domains without their own list.
var genericMatters = []string{"拒不配合监督检查", "违反行政许可条件从事活动"}

var companyWords = []string{"鑫源", "恒泰", "华兴", "宏达", "永盛", "金鼎", "瑞丰", "德润", "盛世", "汇通", "海川", "齐鲁", "泰和", "康宁", "众诚", "佳美"}

var companyTrades = []string{"餐饮有限公司", "商贸有限公司", "建筑工程有限公司", "物流有限公司", "食品有限公司", "科技有限公司", "化工有限公司", "超市", "农业专业合作社", "运输有限公司"}

var surnames = []string{"王", "张", "李", "刘", "陈", "孙", "杨", "赵", "徐", "马", "高", "朱", "于", "周", "吴", "孔", "田", "郭", "韩", "宋", "董", "吕", "崔", "曹", "魏", "任", "姜"}

var givenChars = []rune("建国伟强军明磊涛勇鹏超峰杰斌波辉刚健亮宁志海东文庆振新华永晓俊丽静敏燕芳娜霞玲婷雪颖琳倩洁慧")
