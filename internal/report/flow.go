package report

import (
	"zfjd/internal/auth"
	"zfjd/internal/flow"
	"zfjd/internal/law"
)

// The 年报 of an agency as a workflow (国办发〔2018〕118号: each agency
// publishes its last year's enforcement data by 31 January and reports it
// to the government; domain-research §1.11): drafted from live data on 1
// January (Draft, the hourly job), explained and submitted by the agency,
// returned or approved by the supervision body, published on the portal.

// Statuses of a report with their Chinese names.
const (
	StDraft     = "draft"
	StSubmitted = "submitted"
	StReturned  = "returned"
	StApproved  = "approved"
	StPublished = "published"
)

// StatusLabels name the statuses.
var StatusLabels = map[string]string{StDraft: "草稿（待报送）", StSubmitted: "已报送，待审核", StReturned: "已退回修改",
	StApproved: "审核通过，待公开", StPublished: "已公开"}

// State is what the acts depend on.
type State struct{ Status string }

var (
	agencyRoles      = []auth.Role{auth.RoleAgencyAdmin, auth.RoleHead}
	supervisionRoles = []auth.Role{auth.RoleSupervisor, auth.RoleAdmin}
)

// Side says whose act it is: the agency's own, or the supervision body's.
var Side = map[string]string{"refresh": "agency", "submit": "agency", "return": "supervision", "approve": "supervision", "publish": "supervision"}

func editable(s *State) string {
	if s.Status != StDraft && s.Status != StReturned {
		return "年报已报送（" + StatusLabels[s.Status] + "），退回后才能修改"
	}
	return ""
}

// Workflow is the one definition of a 年报's handling.
var Workflow = &flow.Definition[*State]{Kind: Kind, Acts: []*flow.Act[*State]{
	{Type: "refresh", Label: "按实时数据重新生成", Roles: agencyRoles, Blocked: editable,
		Hint: "按案件、检查和执法人员库的实时数据重新生成各表，已填写的说明保留"},
	{Type: "submit", Label: "报送审核", Roles: agencyRoles, Blocked: editable, NoteLabel: "报送说明",
		Hint: "报送前按实时数据再生成一次；报送后由监督机构审核（国办发〔2018〕118号：每年1月31日前公开上年度数据）"},
	{Type: "return", Label: "退回修改", Roles: supervisionRoles, NoteLabel: "退回理由", NoteRequired: true,
		Hint: "监督机构审核发现数据或说明有误的，写明理由退回执法部门修改",
		Blocked: func(s *State) string {
			if s.Status != StSubmitted {
				return "只有已报送的年报可以退回"
			}
			return ""
		}},
	{Type: "approve", Label: "审核通过", Roles: supervisionRoles, NoteLabel: "审核意见",
		Hint: "审核通过后的数据即为公开的数据",
		Blocked: func(s *State) string {
			if s.Status != StSubmitted {
				return "只有已报送的年报可以审核"
			}
			return ""
		}},
	{Type: "publish", Label: "在门户网站公开", Roles: supervisionRoles, Ends: true,
		Hint: "向社会公开上年度行政执法统计年报，并报本级人民政府和上级主管部门（国办发〔2018〕118号）",
		Blocked: func(s *State) string {
			switch s.Status {
			case StPublished:
				return "年报已公开"
			case StApproved:
				return ""
			}
			return "年报审核通过后才能公开"
		}},
}}

// Kind is the workflow's subject kind (findings, audit, record log).
const Kind = "annual_report"

// RulePublication is the finding of a report not yet published: yellow
// from the reminder day, red after 31 January.
const RulePublication = "ANNUAL_REPORT_PUBLICATION"

// Basis of the finding.
const Basis = "《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）：每年1月31日前公开本机关上年度行政执法总体情况有关数据"

// ReminderWorkdays is how many working days before the deadline the
// reminder is raised.
const ReminderWorkdays = 5

// ReminderDay is the day the reminder of year's report is raised: the
// ReminderWorkdays-th working day before the deadline on cal.
func ReminderDay(cal *law.Calendar, year int) law.Date {
	d := law.MustParseDate(Deadline(year))
	for n := 0; n < ReminderWorkdays; {
		d = d.AddDays(-1)
		if ok, err := cal.IsWorkday(d); err != nil || ok {
			n++
		}
	}
	return d
}

// Judge is r's findings on today, given the reminder day, and the first
// day on which time alone may change them ("" for none). Pure.
func Judge(r *Report, today, remind law.Date) ([]flow.Finding, string) {
	if r.Status == StPublished {
		return nil, ""
	}
	deadline := law.MustParseDate(Deadline(r.Year))
	if today.Before(remind) {
		return nil, remind.String()
	}
	where := map[string]string{StDraft: "执法部门尚未报送", StReturned: "已退回执法部门修改", StSubmitted: "待监督机构审核",
		StApproved: "已审核通过，待公开"}[r.Status]
	if !today.After(deadline) {
		return []flow.Finding{{Rule: RulePublication, Severity: "yellow", Due: deadline.String(), Basis: Basis,
			Message: r.AgencyName + r.itoaYear() + "年度行政执法统计年报应于" + deadline.String() + "前公开，目前" + where}}, deadline.AddDays(1).String()
	}
	return []flow.Finding{{Rule: RulePublication, Severity: "red", Due: deadline.String(), Basis: Basis,
		Message: r.AgencyName + r.itoaYear() + "年度行政执法统计年报逾期未公开（期限" + deadline.String() + "），目前" + where}}, ""
}
