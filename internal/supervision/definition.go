package supervision

import (
	"slices"

	"zfjd/internal/auth"
	"zfjd/internal/flow"
)

// State is what the definition judges, folded from the recorded acts.
type State struct {
	Status string
	// Objection: an 异议 waits for its answer (Art. 30).
	Objection bool
	// Undelivered: a document issued whose delivery is not recorded yet.
	Undelivered bool
	// Requests: document or explanation requests not answered yet (Art. 22).
	Requests int
	// Issued: a 督办函, 意见书 or 决定书 has been issued (something to object to).
	Issued bool
	// Asks: requests for assistance to other units not answered yet (鲁条例 Art. 24).
	Asks int
}

// Sides of an act: the supervision body or the supervised agency.
const (
	SideSupervision = "supervision"
	SideAgency      = "agency"
	// SideAssist is the 司法所 the body asked to assist (条例 Art. 6 ¶2).
	SideAssist = "assist"
)

// AssistKinds are what a 司法所 records when it assists (条例 Art. 6 ¶2).
var AssistKinds = []struct{ Value, Label string }{
	{"investigation", "协助调查核实"}, {"visit", "走访当事人、群众"}, {"materials", "收集、转交材料"}, {"other", "其他协助事项"},
}

var (
	supervisionRoles = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
	agencyRoles      = []auth.Role{auth.RoleAgencyAdmin, auth.RoleHead, auth.RoleIntegration}
)

// in blocks an act outside the given statuses, saying which it needs.
func in(want ...string) func(s *State) string {
	return func(s *State) string {
		if s.Status == StatusClosed {
			return "监督案件已结案，不能再办理"
		}
		if s.Status == StatusRefused {
			return "监督案件已不予受理"
		}
		if slices.Contains(want, s.Status) {
			return ""
		}
		return "监督案件当前为“" + StatusLabel(s.Status) + "”"
	}
}

// open blocks an act before 立案 and after the end.
var open = in(StatusFiled, StatusLetter, StatusOpinion, StatusCorrected, StatusProposed, StatusDecided,
	StatusExecuted, StatusFollowedUp)

// issuable: a letter or an opinion may follow 立案, a report, an
// execution or a 回头看 that found the problem again (the latest one's
// limit runs).
var issuable = in(StatusFiled, StatusLetter, StatusOpinion, StatusCorrected, StatusExecuted, StatusFollowedUp)

func and(fs ...func(s *State) string) func(s *State) string {
	return func(s *State) string {
		for _, f := range fs {
			if why := f(s); why != "" {
				return why
			}
		}
		return ""
	}
}

// ActDef is one act of the supervision case definition.
type ActDef = flow.Act[*State]

// Handling is the definition of a supervision case: its acts in the order
// a page offers them, who records them, from which status, and the
// documents they issue (numbered per supervision body and year).
var Handling = &flow.Definition[*State]{Kind: Kind, Acts: []*ActDef{
	{Type: "file", Label: "立案", Roles: supervisionRoles, Blocked: in(StatusReceived), NoteLabel: "立案意见（可不填）",
		Hint: "经研判属于监督范围的，予以立案（《行政执法监督条例》第二十条）。"},
	{Type: "refuse", Label: "不予受理", Roles: supervisionRoles, Blocked: in(StatusReceived), NoteLabel: "不予受理理由", NoteRequired: true,
		Hint: "已经进入行政复议、行政诉讼程序的行政争议不重复监督，应引导当事人依法申请复议或者提起诉讼（第三十三条第三款）。", Ends: true},
	{Type: "measure", Label: "调查取证", Roles: supervisionRoles, Blocked: open, NoteLabel: "调查情况", NoteRequired: true, TwoOfficers: true,
		Hint: "可要求自查说明、检查、访谈、暗访、调阅复制资料、约谈负责人等（第二十二条；鲁条例第二十三条、第二十六条）；监督人员须为两名以上持当日有效的省人民政府颁发的行政执法监督证的人员，并主动出示证件（鲁条例第二十二条）。",
		Docs: []string{"talk_record"}},
	{Type: "assist_ask", Label: "提请有关单位协助", Roles: supervisionRoles, Blocked: open, NoteLabel: "请求协助的事项（涉及该单位职责和权限的）", NoteRequired: true,
		Hint: "监督事项涉及有关单位职责和权限的，可以提请有关单位予以协助，有关单位应当在职责范围内及时予以协助（《山东省行政执法监督条例》第二十四条）；请写明答复期限，逾期未答复的提示预警。"},
	{Type: "assist_reply", Label: "登记协助答复", Roles: supervisionRoles, NoteLabel: "有关单位的协助答复情况", NoteRequired: true,
		Blocked: and(open, func(s *State) string {
			if s.Asks == 0 {
				return "没有待答复的协助请求（《山东省行政执法监督条例》第二十四条）"
			}
			return ""
		}), Hint: "登记有关单位对提请协助的答复（《山东省行政执法监督条例》第二十四条），按提请的先后依次对应。"},
	{Type: "special_investigation", Label: "专门调查", Roles: supervisionRoles, Blocked: open, NoteLabel: "调查查明的情况", NoteRequired: true,
		Hint: "监督事项具有重大社会影响或者涉及公民、法人和其他组织重大利益的，应当组织人员进行专门调查（《山东省行政执法监督条例》第二十五条）；写明调查组成员、调查范围和查明的情况。"},
	{Type: "assist_request", Label: "请司法所协助", Roles: supervisionRoles, Blocked: open, NoteLabel: "协助事项与要求", NoteRequired: true,
		Hint: "设在乡镇（街道）的司法所协助县级行政执法监督机构开展监督工作（第六条第二款）；指定后该乡镇（街道）司法所可查阅本案并记录协助情况，不以监督机构名义作出处理。"},
	{Type: "assist", Label: "记录协助情况", Roles: []auth.Role{auth.RoleSupervisor}, Blocked: open, NoteLabel: "协助情况（调查、走访记录，收集的材料）", NoteRequired: true,
		Hint: "司法所协助监督机构调查核实、走访、收集材料（第六条第二款）；立案、制发文书和处理由承办的监督机构作出。"},
	{Type: "reply", Label: "报送说明材料", Roles: agencyRoles, NoteLabel: "说明与材料清单", NoteRequired: true,
		Blocked: and(open, func(s *State) string {
			if s.Requests == 0 {
				return "没有待答复的材料要求"
			}
			return ""
		}), Hint: "行政执法机关应当配合监督，按要求自查、说明情况并提供材料（第二十二条、第二十五条）。"},
	{Type: "spot_correction", Label: "当场纠正", Roles: supervisionRoles, Blocked: in(StatusFiled), NoteLabel: "纠正情况", NoteRequired: true,
		Hint: "发现的问题能够当场纠正的，督促行政执法机关立即纠正（第二十六条第二款）。"},
	{Type: "letter", Label: "制发督办函", Roles: supervisionRoles, Blocked: issuable, NoteLabel: "督办事项与要求", NoteRequired: true,
		Hint: "行政执法机关应当履行而未履行职责的，制发行政执法监督督办函（第二十七条）。", Docs: []string{"letter"}},
	{Type: "opinion", Label: "制发监督意见书", Roles: supervisionRoles, Blocked: issuable, NoteLabel: "查明的问题与纠正要求", NoteRequired: true,
		Hint: "查明违法或者明显不当的，制发行政执法监督意见书，机关应自收到之日起三十日内纠正并报送（第二十八条；鲁条例第二十八条）。",
		Docs: []string{"opinion"}},
	{Type: "delivered", Label: "登记送达", Roles: supervisionRoles, NoteLabel: "送达方式与签收人（可不填）",
		Blocked: and(open, func(s *State) string {
			if !s.Undelivered {
				return "没有待送达的文书"
			}
			return ""
		}), Hint: "登记文书送达日期，期限自送达次日起算（民法典第二百零一条）。", Docs: []string{"receipt"}},
	{Type: "corrected", Label: "报送纠正情况", Roles: agencyRoles, Blocked: in(StatusLetter, StatusOpinion), NoteLabel: "纠正（履职）情况", NoteRequired: true,
		Hint: "按督办函履行职责或按意见书纠正后，在规定时限内报送纠正情况（第二十七条第二款、第二十八条第二款）。"},
	{Type: "proposal", Label: "提出处理建议", Roles: supervisionRoles, Blocked: in(StatusFiled, StatusLetter, StatusOpinion, StatusCorrected),
		NoteLabel: "处理建议", NoteRequired: true,
		Hint: "涉及重大问题或未按督办函、意见书要求履职、纠正的，提出处理建议报本级人民政府决定（第二十九条）。", Docs: []string{"proposal"}},
	{Type: "decision", Label: "登记监督决定书", Roles: supervisionRoles, NoteLabel: "决定内容", NoteRequired: true,
		Blocked: in(StatusFiled, StatusLetter, StatusOpinion, StatusCorrected, StatusProposed),
		Hint:    "本级人民政府决定纠正的，制发行政执法监督决定书（第二十九条）；机关应自收到之日起三十日内报告执行情况（鲁条例第二十九条）。",
		Docs:    []string{"decision"}},
	{Type: "execution_reported", Label: "报告执行情况", Roles: agencyRoles, Blocked: in(StatusDecided), NoteLabel: "执行情况", NoteRequired: true,
		Hint: "收到监督决定书后在规定时限内报告执行情况（鲁条例第二十九条第二款）。"},
	{Type: "objection", Label: "提出异议", Roles: agencyRoles, NoteLabel: "异议理由", NoteRequired: true,
		Blocked: and(open, func(s *State) string {
			switch {
			case !s.Issued:
				return "尚未作出处理结果"
			case s.Objection:
				return "已有异议待答复"
			}
			return ""
		}), Hint: "对处理结果有异议的，可以向监督机构提出并说明理由（第三十条）。"},
	{Type: "objection_answer", Label: "答复异议", Roles: supervisionRoles, NoteLabel: "答复意见", NoteRequired: true,
		Blocked: and(open, func(s *State) string {
			if !s.Objection {
				return "没有待答复的异议"
			}
			return ""
		}), Hint: "监督机构应当及时处理异议并答复（第三十条）。"},
	{Type: "notice", Label: "通报", Roles: supervisionRoles, Blocked: open, NoteLabel: "通报内容", NoteRequired: true,
		Hint: "拒不落实执法制度或者执法行为存在突出问题的，可以在一定范围内通报或者向社会公布（第三十一条）。", Docs: []string{"notice"}},
	{Type: "officer_proposal", Label: "对执法人员提出处理建议", Roles: supervisionRoles, Blocked: open, NoteLabel: "事实与理由", NoteRequired: true,
		Hint: "执法人员存在违法或明显不当情形的，建议批评教育、离岗教育、调离执法岗位、取消执法资格，由有权机关处理（第三十二条）。"},
	{Type: "clue_transfer", Label: "向监察机关移送线索", Roles: supervisionRoles, Blocked: open, NoteLabel: "移送的问题线索", NoteRequired: true,
		Hint: "涉嫌职务违法或职务犯罪的问题线索，按规定程序移送监察机关（第三十三条第一款）。"},
	{Type: "follow_up", Label: "回头看", Roles: supervisionRoles, Blocked: in(StatusCorrected, StatusExecuted, StatusFollowedUp),
		NoteLabel: "回头看情况", NoteRequired: true, Hint: "对纠正、执行情况开展回头看，防止问题反弹。"},
	{Type: "close", Label: "结案", Roles: supervisionRoles, NoteLabel: "结案意见（可不填）", Ends: true,
		Blocked: and(open, func(s *State) string {
			if s.Objection {
				return "异议尚未答复"
			}
			return ""
		}), Hint: "处理完毕、纠正或执行到位的，予以结案；结案后不再办理，未报送的期限随之停止，已逾期的预警保留。"},
}}

// SideOf is who records act t.
func SideOf(t string) string {
	if t == "assist" {
		return SideAssist
	}
	if a, ok := Handling.Act(t); ok && slices.Contains(a.Roles, auth.RoleAgencyAdmin) {
		return SideAgency
	}
	return SideSupervision
}

// statusAfter is the status an act leads to ("" = unchanged).
var statusAfter = map[string]string{
	"file": StatusFiled, "refuse": StatusRefused, "spot_correction": StatusCorrected, "letter": StatusLetter,
	"opinion": StatusOpinion, "corrected": StatusCorrected, "proposal": StatusProposed, "decision": StatusDecided,
	"execution_reported": StatusExecuted, "follow_up": StatusFollowedUp, "close": StatusClosed,
}

// ActLabel is the Chinese name of an act type.
func ActLabel(t string) string {
	if t == "open" {
		return "受理"
	}
	if a, ok := Handling.Act(t); ok {
		return a.Label
	}
	return t
}

// Fold derives the state from the acts in order.
func Fold(acts []Act) *State {
	s := &State{Status: StatusReceived}
	for _, a := range acts {
		if to := statusAfter[a.Type]; to != "" {
			s.Status = to
		}
		switch a.Type {
		case "letter", "opinion", "decision":
			s.Issued = true
			s.Undelivered = a.Str("delivered_on") == ""
		case "delivered":
			s.Undelivered = false
		case "objection":
			s.Objection = true
		case "objection_answer":
			s.Objection = false
		case "measure":
			if a.Str("due") != "" {
				s.Requests++
			}
		case "reply":
			if s.Requests > 0 {
				s.Requests--
			}
		case "assist_ask":
			s.Asks++
		case "assist_reply":
			if s.Asks > 0 {
				s.Asks--
			}
		}
	}
	return s
}
