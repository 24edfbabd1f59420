package rules

// Example is a custom rule the editor offers as a template.
type Example struct {
	Code, Name, Severity, Basis, Expression string
	// Note says what the example watches and its limits.
	Note string
}

// Examples are the editor's templates: the four of issue 8, and those of
// 行政执法监督条例 Art. 11(四) that the platform's data allows. Each
// compiles (TestExamplesCompile).
var Examples = []Example{
	{"BIG_FINE_NO_DISCUSSION", "大额罚款未集体讨论", "red", "《行政处罚法》第五十七条第二款",
		`case.events.exists(e, e.type == "decided" && has(e.penalties) && e.penalties.exists(p, p.kind == "fine" && p.amount_fen >= 5000000)) && !case.events.exists(e, e.type == "collective_discussion")`,
		"罚款5万元以上（可按本地“较大数额”调整）而未经负责人集体讨论。"},
	{"THREE_PENALTIES_A_YEAR", "同一当事人一年内三次处罚", "yellow", "《行政执法监督条例》第十一条",
		`history.decisions_365d >= 2 && case.events.exists(e, e.type == "decided" && e.outcome == "penalty")`,
		"本省近365日内同一当事人已有两次以上处罚决定，本案为第三次及以上。"},
	{"SUMMARY_NEAR_LIMIT", "简易程序罚款接近上限", "yellow", "《行政处罚法》第五十一条",
		`case.procedure == "summary" && case.events.exists(e, e.type == "decided" && has(e.penalties) && e.penalties.exists(p, p.kind == "fine" && ((case.party.kind == "person" && p.amount_fen >= 18000) || (case.party.kind == "org" && p.amount_fen >= 270000))))`,
		"当场处罚的罚款达到限额（公民200元、法人3000元）的九成以上，防止拆分或规避普通程序。"},
	{"NO_INVESTIGATION_10_WORKDAYS", "立案后十个工作日未调查取证", "yellow", "《行政处罚法》第五十四条第二款",
		`case.events.exists(f, f.type == "filed" && workdays(f.at, today) > 10) && !case.events.exists(e, e.type == "investigation")`,
		"按工作日历计算，立案超过十个工作日仍无调查取证记录。"},
	{"FINE_INSTEAD_OF_MANAGEMENT", "以罚代管：同一事项反复罚款而未改正", "yellow", "《行政执法监督条例》第十一条第（四）项",
		`history.decisions_same_matter_365d >= 1 && case.facts.corrected == false && case.events.exists(e, e.type == "decided" && has(e.penalties) && e.penalties.exists(p, p.kind == "fine"))`,
		"同一当事人一年内因同一事项再次被罚款，违法行为仍未改正：只罚不管的线索。"},
	{"PROFIT_DRIVEN_FINE", "趋利性执法线索：罚款远超违法所得与货值", "yellow", "《行政执法监督条例》第十一条第（四）项",
		`case.events.exists(e, e.type == "decided" && has(e.penalties) && e.penalties.exists(p, p.kind == "fine" && p.amount_fen >= 1000000 && p.amount_fen > 20 * (case.facts.illegal_income_fen + case.facts.case_amount_fen)))`,
		"罚款1万元以上且超过违法所得与涉案金额之和的二十倍；是否违法仍须结合法定幅度核实。"},
	{"SEIZED_NOT_FILED", "乱查封线索：查封扣押后未立案", "yellow", "《行政强制法》第十八条、《行政执法监督条例》第十一条第（四）项",
		`case.events.exists(s, s.type == "seized" && workdays(s.at, today) > 7) && !case.events.exists(e, e.type == "filed")`,
		"采取查封、扣押超过七个工作日仍未立案。"},
}

// NeedsData lists what 行政执法监督条例 Art. 11(四) names that the
// platform cannot watch yet, and why.
var NeedsData = []struct{ Name, Missing string }{
	{"有案不立", "需要线索、投诉举报与12345工单数据（规范第3节投诉举报尚未接入），才能发现登记后未立案的线索"},
	{"推诿扯皮", "需要执法争议协调、案件移交与管辖异议记录（C14 协调指挥尚未建设）"},
	{"违规异地执法", "案件报送时已校验案件区划在执法主体区划内；需要检查、调查的实际地点数据才能发现越界执法"},
	{"乱收费", "平台没有收费数据"},
	{"乱检查", "需要涉企检查数据（规范第4节尚未接入），届时可按频次与低效检查规则监督"},
}
