package cases

// The penalty-case workflow (C5), read in this one file: every act with its
// label, hint, the roles that may record it, when it is available, whether
// it needs a note or two certified officers, the deadlines it meets and the
// documents it reaches. The UI offers exactly Workflow.Offered, the service
// accepts exactly Workflow.Check, auth has no case acts of its own, and docs
// asks Reaches — so they cannot disagree.
//
// The order is the general procedure of 行政处罚法 Chapter V Section 3:
// 登记 → 立案审批 (Art. 54) → 调查取证 (Art. 55) → 调查终结 (Art. 57) → 法制审核
// where required (Art. 58) → 集体讨论 where required (Art. 57 ¶2) → 告知
// (Art. 44) → 陈述申辩/听证 (Art. 45, 63–65) → 决定 (Art. 57) → 送达 (Art. 61)
// → 执行 (Art. 66–73) → 结案 → 归档 (Art. 47); with the branches for 不予处罚,
// 移送 (移送规定), 强制措施 (行政强制法), 简易程序 (Art. 51–52) and 撤销.
// The blocking rules (act.go) then refuse what the law forbids inside that
// order: too few officers, review missing, notice periods not run out ...

import (
	"slices"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// State is what the workflow reads of a case: its events counted and its
// decision, in the order recorded.
type State struct {
	Case     *Case
	has      map[string]int
	decision *Event
	fine     int64
	paid     int64
	team     []string // officers of the latest two-officer act
	// heard: a timely hearing request no longer stands in the way of the
	// decision — held, the party absent (处罚法 Art. 64(六)) or the request
	// waived (Art. 62); waived: the party waived his rights after the last
	// notice.
	heard, waived bool
}

// StateOf summarises c for the workflow and its pages.
func StateOf(c *Case) *State {
	s := &State{Case: c, has: map[string]int{}}
	for i := range c.Events {
		e := &c.Events[i]
		s.has[e.Type]++
		switch e.Type {
		case "decided":
			if s.decision == nil {
				s.decision = e
				s.fine = fineOf(e)
			}
		case "paid":
			if e.AmountFen == nil {
				s.paid = s.fine
			} else {
				s.paid += *e.AmountFen
			}
		}
		if a, ok := Workflow.Act(e.Type); ok && a.TwoOfficers && len(e.Officers) >= 2 {
			s.team = e.Officers
		}
		switch e.Type {
		case "notified":
			s.waived = false
		case "hearing_requested":
			s.heard = false
		case "hearing_held", "hearing_absent":
			s.heard = true
		case "rights_waived":
			s.waived, s.heard = true, true
		}
	}
	return s
}

// Has counts the recorded events of type t.
func (s *State) Has(t string) int { return s.has[t] }

// Decision is the case's decision, or nil.
func (s *State) Decision() *Event { return s.decision }

// Fine and Paid are the decided fine and what has been paid, in 分.
func (s *State) Fine() int64 { return s.fine }
func (s *State) Paid() int64 { return s.paid }

// Team are the officers of the latest act done by two or more.
func (s *State) Team() []string { return s.team }

func (s *State) general() bool   { return s.Case.Procedure != "summary" }
func (s *State) decided() bool   { return s.decision != nil }
func (s *State) penalised() bool { return penalised(s.decision) }
func (s *State) fullyPaid() bool { return s.fine > 0 && s.paid >= s.fine }
func (s *State) annulled() bool  { return s.has["annulled"] > 0 }
func (s *State) published() bool { return s.has["published"] > s.has["publication_withdrawn"] }
func (s *State) closed() bool    { return s.has["closed"] > 0 }
func (s *State) archived() bool  { return s.has["archived"] > 0 }
func (s *State) transferred() bool {
	return s.has["transferred"] > 0
}

// Executed reports whether the decision has been carried out: a fine paid
// in full (处罚法 Art. 67), or nothing to pay once delivered (a warning, a
// no-penalty decision, a licence measure served by the decision itself).
func (s *State) Executed() bool {
	if !s.decided() || s.has["delivered"] == 0 {
		return false
	}
	return s.fine == 0 || s.fullyPaid()
}

// Lawfully ended: executed, transferred to the police, annulled, or an
// unpaid fine handed to the court (处罚法 Art. 72(四)).
func (s *State) ended() bool {
	return s.Executed() || s.transferred() || s.annulled() || s.has["enforcement_applied"] > 0
}

// Met reports whether the act a deadline is about has been done (for the
// deadline table of the case page): the acts that meet it are the
// definition's Meets; repeated clocks compare counts.
func (s *State) Met(deadline string) bool {
	switch deadline {
	case "limitation": // 处罚法 Art. 36: discovered in time (exchange v1.1)
		return s.has["discovered"] > 0 || s.has["filed"] > 0 || s.has["investigation"] > 0
	case "preservation":
		return s.has["preservation_decided"] >= s.has["evidence_preserved"]
	case "seizure": // 行政强制法 Art. 27, 28: released, transferred, or confiscated by the decision
		return s.has["seizure_released"] >= s.has["seized"] || s.transferred() || s.confiscated()
	case "payment":
		return s.fullyPaid()
	case "publicity":
		return s.published()
	case "transfer_approval":
		return s.has["transfer_approved"] > 0 || (s.decision != nil && s.decision.Outcome == "transfer")
	case "statement": // the party's period: over once he waived it or the decision came
		return s.waived || s.decided()
	case "enforcement":
		return s.has["enforcement_applied"] > 0 || s.fullyPaid()
	}
	for _, a := range Workflow.Acts {
		if slices.Contains(a.Meets, deadline) && s.has[a.Type] > 0 {
			return true
		}
	}
	return false
}

// confiscated reports whether the decision disposes of seized goods.
func (s *State) confiscated() bool {
	if s.decision == nil {
		return false
	}
	for _, p := range s.decision.Penalties {
		if p.Kind == "confiscate_property" {
			return true
		}
	}
	return false
}

// Role groups of the case workflow (办、审、定分离): officers investigate and
// serve, legal reviewers review (Art. 58), the agency head approves and
// decides (Art. 54, 57, 60; 移送规定 Art. 5). agency_admin keeps the
// registry, not cases; integration tokens push whole cases through the API.
var (
	officers  = []auth.Role{auth.RoleOfficer}
	reviewers = []auth.Role{auth.RoleReviewer}
	heads     = []auth.Role{auth.RoleHead}
	agency    = []auth.Role{auth.RoleOfficer, auth.RoleHead}
)

// all returns the first non-empty reason.
func all(reasons ...string) string {
	for _, r := range reasons {
		if r != "" {
			return r
		}
	}
	return ""
}

// need is "" when cond holds, else the reason.
func need(cond bool, reason string) string {
	if cond {
		return ""
	}
	return reason
}

// Shared conditions, each a reason in Chinese when it does not hold.
func (s *State) open() string {
	switch {
	case s.archived():
		return "案件已归档"
	case s.closed():
		return "案件已结案"
	}
	return ""
}

func (s *State) beforeDecision() string {
	return all(s.open(), need(!s.decided(), "已作出处理决定"))
}

func (s *State) filedGeneral() string {
	return all(need(s.general(), "简易程序案件当场作出决定，没有此环节（《行政处罚法》第五十一条）"),
		need(s.has["filed"] > 0, "尚未立案（《行政处罚法》第五十四条）"))
}

func (s *State) investigating() string {
	return all(s.beforeDecision(), s.filedGeneral(),
		need(s.has["investigation_concluded"] == 0, "调查已终结"))
}

func (s *State) concluded() string {
	return all(s.beforeDecision(), s.filedGeneral(),
		need(s.has["investigation_concluded"] > 0, "调查尚未终结（《行政处罚法》第五十七条）"))
}

// Workflow is the penalty-case definition.
var Workflow = &flow.Definition[*State]{Kind: "case", Acts: []*flow.Act[*State]{
	{Type: "filed", Roles: heads, NoteLabel: "立案意见", TwoOfficers: true, Meets: []string{"limitation"},
		Docs: []string{"filing"}, Hint: "负责人批准立案（《行政处罚法》第五十四条）。",
		Blocked: func(s *State) string {
			return all(s.beforeDecision(), need(s.general(), "简易程序案件当场作出决定，无需立案（《行政处罚法》第五十一条）"),
				need(s.has["filed"] == 0, "案件已立案"))
		}},
	{Type: "investigation", Roles: officers, TwoOfficers: true, NoteLabel: "调查取证情况（询问、现场检查、勘验、抽样等）",
		NoteRequired: true,
		Hint:         "询问、现场检查、勘验、抽样等，执法人员不少于两人并出示执法证件（第四十二条、第五十五条）；可同时上传证据材料。",
		Blocked:      func(s *State) string { return s.investigating() }},
	{Type: "evidence_preserved", Roles: officers, TwoOfficers: true, Meets: nil,
		Hint:    "证据可能灭失或者以后难以取得时，经负责人批准先行登记保存，7个工作日内作出处理决定（第五十六条）。",
		Blocked: func(s *State) string { return s.investigating() }},
	{Type: "preservation_decided", Roles: heads, Meets: []string{"preservation"}, NoteLabel: "处理决定",
		Hint: "对先行登记保存的证据作出处理决定（第五十六条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["evidence_preserved"] > s.has["preservation_decided"], "没有待处理的先行登记保存"))
		}},
	{Type: "seized", Roles: officers, TwoOfficers: true,
		Hint:    "查封、扣押场所、设施或者财物，期限不超过30日（《行政强制法》第二十五条）。",
		Blocked: func(s *State) string { return all(s.beforeDecision(), s.filedGeneral()) }},
	{Type: "seizure_extended", Roles: heads, TwoOfficers: true,
		Hint: "情况复杂的，经负责人批准可以延长，延长期限不超过30日（《行政强制法》第二十五条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["seized"] > s.has["seizure_released"], "没有未解除的查封扣押"),
				need(s.has["seizure_extended"] < s.has["seized"], "查封扣押已延长过一次（《行政强制法》第二十五条）"))
		}},
	{Type: "testing", Roles: officers, NoteLabel: "检测、检验、检疫或者技术鉴定的物品、项目与机构", NoteRequired: true,
		Hint: "查封、扣押的物品需要检测、检验、检疫或者技术鉴定的，其期间不计入查封扣押期限；期间应当明确，并书面告知当事人（《行政强制法》第二十五条第三款）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["seized"] > s.has["seizure_released"], "没有未解除的查封扣押"))
		}},
	{Type: "seizure_released", Roles: officers, TwoOfficers: true, Meets: []string{"seizure"},
		Hint: "解除查封、扣押（《行政强制法》第二十八条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["seized"] > s.has["seizure_released"], "没有未解除的查封扣押"))
		}},
	{Type: "investigation_concluded", Roles: officers, TwoOfficers: true, NoteLabel: "调查终结报告意见", NoteRequired: true,
		Hint: "调查终结，提出处理意见（第五十七条）。",
		Blocked: func(s *State) string {
			return all(s.investigating(), need(s.has["investigation"] > 0, "尚未调查取证（《行政处罚法》第五十五条）"))
		}},
	{Type: "legal_review", Roles: reviewers, NoteLabel: "审核意见", NoteRequired: true,
		Hint:    "涉及重大公共利益、经听证、疑难复杂等案件应当经法制审核，审核人员应当取得法制审核资格（第五十八条），且不得是本案调查人员（国办发〔2018〕118号）；经听证的，审核在听证之后（第六十五条）。",
		Blocked: func(s *State) string { return s.concluded() }},
	{Type: "collective_discussion", Roles: heads, NoteLabel: "讨论意见", NoteRequired: true,
		Hint:    "情节复杂或者重大违法行为给予处罚的，负责人集体讨论决定（第五十七条第二款）。",
		Blocked: func(s *State) string { return s.concluded() }},
	{Type: "notified", Roles: officers, TwoOfficers: true, NoteLabel: "告知的拟处罚内容、事实、理由和依据", NoteRequired: true,
		Docs:    []string{"notice"},
		Hint:    "作出处罚决定前告知拟处罚内容及事实、理由、依据和陈述、申辩、听证权利（第四十四条、第六十三条）；陈述申辩期（本机关规定，默认5个工作日）和听证申请期（5个工作日）届满前不得作出决定，当事人明确放弃的除外（第六十二条）。",
		Blocked: func(s *State) string { return s.concluded() }},
	{Type: "rights_waived", Roles: officers, NoteLabel: "当事人放弃的权利（陈述、申辩、听证）与书面声明情况", NoteRequired: true,
		Meets: []string{"statement"},
		Hint:  "当事人明确放弃陈述、申辩或者听证权利的，记录其书面声明；放弃后不必等待陈述申辩期、听证申请期届满即可作出决定（《行政处罚法》第六十二条）。",
		Blocked: func(s *State) string {
			return all(s.concluded(), need(s.has["notified"] > 0, "尚未告知当事人（《行政处罚法》第四十四条）"),
				need(!s.waived, "已记录当事人放弃权利"))
		}},
	{Type: "hearing_requested", Roles: officers, NoteLabel: "听证申请情况", Meets: []string{"hearing_request"},
		Hint: "当事人在告知后5个工作日内提出听证申请（第六十四条）。",
		Blocked: func(s *State) string {
			return all(s.concluded(), need(s.has["notified"] > 0, "尚未告知当事人（《行政处罚法》第四十四条）"),
				need(s.has["hearing_requested"] == 0, "已记录听证申请"))
		}},
	{Type: "hearing_noticed", Roles: officers, TwoOfficers: true, Docs: []string{"hearing"},
		Hint: "举行听证的7个工作日前通知当事人时间、地点（第六十四条）。",
		Blocked: func(s *State) string {
			return all(s.concluded(), need(s.has["hearing_requested"] > 0, "当事人未申请听证"),
				need(s.has["hearing_noticed"] == 0, "已发出听证通知"))
		}},
	{Type: "hearing_held", Roles: officers, NoteLabel: "听证情况", NoteRequired: true,
		Hint: "听证由非本案调查人员主持（第六十四条第（四）项），主持人应当取得听证主持人资格（《山东省行政执法监督条例》第十一条）。",
		Blocked: func(s *State) string {
			return all(s.concluded(), need(s.has["hearing_noticed"] > 0, "尚未通知听证（《行政处罚法》第六十四条）"),
				need(s.has["hearing_held"] == 0, "听证已举行"), need(s.has["hearing_absent"] == 0, "当事人未出席，听证已终止"))
		}},
	{Type: "hearing_absent", Roles: officers, NoteLabel: "当事人无正当理由拒不出席或者未经许可中途退出听证的情况", NoteRequired: true,
		Hint: "当事人及其代理人无正当理由拒不出席听证或者未经许可中途退出听证的，视为放弃听证权利，终止听证（《行政处罚法》第六十四条第（六）项）；听证通知须在七日前送达。",
		Blocked: func(s *State) string {
			return all(s.concluded(), need(s.has["hearing_noticed"] > 0, "尚未通知听证（《行政处罚法》第六十四条）"),
				need(s.has["hearing_held"] == 0, "听证已举行"), need(s.has["hearing_absent"] == 0, "已记录当事人未出席"))
		}},
	{Type: "extension_approved", Roles: heads, NoteLabel: "延长理由", NoteRequired: true, Meets: []string{"decision"},
		Hint:    "案情复杂不能在90日内作出决定的，经批准延长办案期限（第六十条）。",
		Blocked: func(s *State) string { return all(s.beforeDecision(), s.filedGeneral()) }},
	{Type: "refund_ordered", Roles: agency, NoteLabel: "责令退赔的对象与金额", NoteRequired: true,
		Hint: "当事人有违法所得，依法应当退赔的，责令退赔；退赔的部分不予没收，其余违法所得应当没收（《行政处罚法》第二十八条第二款）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.Case.Facts.IllegalIncomeFen > 0, "案件未认定违法所得"), need(s.has["refund_ordered"] == 0, "已记录责令退赔"))
		}},
	{Type: "decided", NoteLabel: "违法事实、证据、依据和理由", Meets: []string{"decision", "limitation"},
		Docs: []string{"decision", "credit"},
		Hint: "负责人作出行政处罚决定（第五十七条）；简易程序由执法人员当场作出（第五十一条、第五十二条）。",
		// The officers on the spot decide a summary case (Art. 52); a
		// general case is decided by the head (Art. 57).
		RolesIn: func(s *State) []auth.Role {
			if s.general() {
				return heads
			}
			return officers
		},
		Blocked: func(s *State) string {
			if !s.general() {
				return s.beforeDecision()
			}
			return all(s.concluded(), need(s.has["hearing_requested"] == 0 || s.heard,
				"当事人申请了听证，应当先举行听证（《行政处罚法》第六十四条、第六十五条），当事人放弃或者拒不出席的除外"))
		}},
	{Type: "delivered", Roles: officers, TwoOfficers: true, NoteLabel: "送达方式与签收情况", Meets: []string{"delivery"},
		Docs: []string{"receipt"},
		Hint: "决定书当场交付或者在7个工作日内送达（第六十一条）；直接送达、留置送达由两名以上执法人员进行，邮寄、经当事人同意的电子送达和公告送达不在此限。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.decided(), "尚未作出决定"), need(s.has["delivered"] == 0, "决定书已送达"))
		}},
	{Type: "paid", Roles: officers, NoteLabel: "缴款凭证号", Meets: []string{"payment"},
		Hint: "当事人应当自收到决定书之日起15日内缴纳罚款，逾期每日按罚款数额的3%加处罚款（第六十七条、第七十二条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.penalised() && s.fine > 0, "决定没有罚款"),
				need(s.has["delivered"] > 0, "决定书尚未送达（《行政处罚法》第六十七条）"),
				need(!s.fullyPaid(), "罚款已缴清"), need(!s.annulled(), "决定已撤销"))
		}},
	{Type: "payment_deferred", Roles: heads, NoteLabel: "批准理由", NoteRequired: true, Meets: []string{"payment"},
		Hint: "确有经济困难的，经当事人申请和批准，可以暂缓或者分期缴纳（第六十六条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.penalised() && s.fine > 0, "决定没有罚款"),
				need(s.has["delivered"] > 0, "决定书尚未送达"), need(!s.fullyPaid(), "罚款已缴清"))
		}},
	{Type: "appealed", Roles: agency, NoteLabel: "复议机关或者人民法院及收案情况", NoteRequired: true,
		Hint: "当事人申请行政复议或者提起行政诉讼的，行政处罚不停止执行，但加处罚款的数额在复议、诉讼期间不予计算（《行政处罚法》第七十三条）。",
		Blocked: func(s *State) string {
			return all(need(!s.archived(), "案件已归档"), need(s.decided(), "尚未作出决定"),
				need(s.has["delivered"] > 0, "决定书尚未送达"), need(s.has["appealed"] == s.has["appeal_concluded"], "复议或者诉讼尚未终结"))
		}},
	{Type: "appeal_concluded", Roles: agency, NoteLabel: "复议决定或者裁判结果", NoteRequired: true,
		Hint: "记录行政复议决定或者人民法院裁判的结果；决定被撤销、变更的，另行记录“撤销/变更”（《行政处罚法》第七十五条）。",
		Blocked: func(s *State) string {
			return all(need(!s.archived(), "案件已归档"), need(s.has["appealed"] > s.has["appeal_concluded"], "没有未终结的复议或者诉讼"))
		}},
	{Type: "enforcement_urged", Roles: officers, NoteLabel: "催告书送达情况", NoteRequired: true,
		Hint: "当事人逾期不缴纳罚款的，申请人民法院强制执行前应当书面催告其履行；催告书送达十日后仍未履行的，方可申请（《行政强制法》第五十四条、第六十九条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.penalised() && s.fine > 0, "决定没有罚款"),
				need(s.has["delivered"] > 0, "决定书尚未送达"), need(!s.fullyPaid(), "罚款已缴清"), need(!s.annulled(), "决定已撤销"))
		}},
	{Type: "enforcement_applied", Roles: heads, NoteLabel: "受理法院及案号", NoteRequired: true, Meets: []string{"enforcement"},
		Hint: "当事人在法定期限内不申请复议、不提起诉讼又不履行的，自期限届满之日起三个月内申请人民法院强制执行（《行政处罚法》第七十二条第（四）项，《行政强制法》第五十三条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.penalised() && s.fine > 0, "决定没有罚款"), need(!s.fullyPaid(), "罚款已缴清"),
				need(!s.annulled(), "决定已撤销"), need(s.has["enforcement_urged"] > 0, "尚未催告当事人履行（《行政强制法》第五十四条）"),
				need(s.has["enforcement_applied"] == 0, "已申请强制执行"))
		}},
	{Type: "published", Roles: agency, Meets: []string{"publicity"},
		Hint: "具有一定社会影响的行政处罚决定依法公开（第四十八条），须在送达之后。",
		Blocked: func(s *State) string {
			return all(need(s.penalised(), "只有给予处罚的决定需要公示"),
				need(s.has["delivered"] > 0, "决定书尚未送达，不能公示"),
				need(!s.published(), "决定已公示"), need(!s.annulled(), "决定已撤销"))
		}},
	{Type: "annulled", Roles: heads, NoteLabel: "变更或撤销的理由与依据", NoteRequired: true,
		Hint: "行政处罚决定被依法变更、撤销、确认违法或者确认无效（第七十五条、第四十八条）。",
		Blocked: func(s *State) string {
			return all(need(!s.archived(), "案件已归档"), need(s.decided(), "尚未作出决定"), need(!s.annulled(), "决定已撤销"))
		}},
	{Type: "publication_withdrawn", Roles: agency, NoteLabel: "撤回公示的理由", NoteRequired: true, Meets: []string{"withdrawal"},
		Hint: "已公开的决定被变更、撤销或确认无效的，3个工作日内撤回公开信息并说明理由（第四十八条）。",
		Blocked: func(s *State) string {
			return all(need(s.published(), "决定未公示"), need(s.annulled(), "决定未被撤销或变更"))
		}},
	{Type: "transfer_proposed", Roles: officers, TwoOfficers: true, NoteLabel: "涉嫌犯罪的事实与理由", NoteRequired: true,
		Hint: "涉嫌犯罪的，提出移送涉嫌犯罪案件的书面报告（《行政执法机关移送涉嫌犯罪案件的规定》第五条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["discovered"] > 0 || s.has["filed"] > 0, "案件尚未登记"),
				need(s.has["transfer_proposed"] == 0 && !s.transferred(), "已提出移送"))
		}},
	{Type: "transfer_approved", Roles: heads, Meets: []string{"transfer_approval"},
		Hint: "负责人自接到报告之日起3日内作出批准移送或者不批准移送的决定（移送规定第五条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["transfer_proposed"] > 0, "尚未提出移送报告"),
				need(s.has["transfer_approved"] == 0, "已批准移送"))
		}},
	{Type: "transferred", Roles: officers, TwoOfficers: true, Meets: []string{"transfer", "decision", "seizure"},
		Hint: "批准移送的，24小时内向公安机关移送（移送规定第八条）。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.has["transfer_approved"] > 0 || (s.decision != nil && s.decision.Outcome == "transfer"),
				"移送尚未批准（移送规定第五条）"), need(!s.transferred(), "案件已移送"))
		}},
	{Type: "transfer_receipt", Roles: officers, NoteLabel: "公安机关回执或反馈", NoteRequired: true, Meets: []string{"transfer_receipt"},
		Hint: "公安机关在移送书回执上签字（移送规定第七条），并自接受之日起3日内书面通知立案或者不予立案（第八条）；不予立案的，可以在3日内提请复议（第九条）。",
		Blocked: func(s *State) string {
			return need(s.has["transferred"] > s.has["transfer_receipt"], "没有待回执的移送")
		}},
	{Type: "closed", Roles: heads, NoteLabel: "结案情况", Ends: true,
		Hint: "决定已送达并执行完毕、已申请人民法院强制执行、依法终结、移送或撤销的，结案。",
		Blocked: func(s *State) string {
			return all(s.open(), need(s.decided() || s.transferred(), "尚未作出处理决定"),
				need(s.transferred() || s.annulled() || s.has["delivered"] > 0, "决定书尚未送达（《行政处罚法》第六十一条）"),
				need(s.ended(), "决定尚未执行完毕：罚款未缴清（《行政处罚法》第六十七条）"))
		}},
	{Type: "archived", Roles: heads, NoteLabel: "归档情况（卷宗号）",
		Hint: "案卷材料整理归档（《行政处罚法》第四十七条）。",
		Blocked: func(s *State) string {
			return all(need(s.closed(), "尚未结案"), need(!s.archived(), "案件已归档"))
		}},
}}

// Offered lists the acts p may record on c now.
func Offered(c *Case, p *auth.Principal) []*flow.Act[*State] {
	if p == nil || c.SourceSystem != SourceZFJD || !auth.CanSeeCase(p, c.Target()) || (p.Agency != "" && p.Agency != c.AgencyCode) {
		return nil
	}
	return Workflow.Offered(StateOf(c), p.Role)
}

// NextSteps lists what may happen next on c, whoever does it, for the
// "下一步" line of the case page.
func NextSteps(c *Case) []*flow.Act[*State] {
	if c.SourceSystem != SourceZFJD {
		return nil
	}
	return Workflow.Available(StateOf(c))
}

// DocsReached lists the documents the acts recorded on c have reached
// (a no-penalty decision reaches the decision only if it is written up:
// 不予行政处罚决定书 is a decision document too).
func DocsReached(c *Case) []string {
	s := StateOf(c)
	docs := Workflow.Reaches(func(t string) bool { return s.has[t] > 0 })
	if !s.penalised() {
		// 决定书, 信用修复告知书 and the 送达回证 of a decision are made for a
		// penalty decision; 不予处罚 and 移送 are recorded, not written up here.
		docs = slices.DeleteFunc(docs, func(d string) bool { return d == "decision" || d == "credit" || d == "receipt" })
	}
	return docs
}

func init() {
	for _, a := range Workflow.Acts {
		a.Label = labelOf(a.Type)
	}
}

// TwoOfficers reports whether an act of type t needs two certified officers
// as the forms offer it (a delivery in person; see NeedsTwoOfficers).
func TwoOfficers(t string) bool {
	a, ok := Workflow.Act(t)
	return ok && a.TwoOfficers
}

// NeedsTwoOfficers reports whether event e needs two certified officers: an
// act the workflow marks so, except a delivery by post, electronic means or
// public notice (exchange v1.1 delivered.method; 处罚法 Art. 61 第二款), which
// no officer carries out in person. A delivery with no method stated is
// taken as one in person.
func NeedsTwoOfficers(e *Event) bool {
	if e.Type == "delivered" {
		needed, _ := twoOfficerDelivery(e.Method)
		return needed && TwoOfficers(e.Type)
	}
	return TwoOfficers(e.Type)
}

// ActHint and NoteLabel are the act's hint and note label for forms.
func ActHint(t string) string {
	if a, ok := Workflow.Act(t); ok {
		return a.Hint
	}
	return ""
}

func NoteLabel(t string) string {
	if a, ok := Workflow.Act(t); ok {
		return a.NoteLabel
	}
	return ""
}

// IsAct reports whether t is an act of the workflow.
func IsAct(t string) bool {
	_, ok := Workflow.Act(t)
	return ok && !slices.Contains([]string{"discovered"}, t)
}
