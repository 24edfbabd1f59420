package adminweb

// The audit log as an official reads it (issue 16): the 操作 in Chinese
// (case acts by the workflow's own labels), the object as a link with its
// name, before/after as a labelled list of what changed, personal data
// masked as on the public pages, filters, and the same list as xlsx.

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"zfjd/internal/apperr"
	"zfjd/internal/audit"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/clock"
	"zfjd/internal/law"
	"zfjd/internal/web/webkit"
)

var entityLabels = map[string]string{"agency": "机关", "officer": "执法人员", "officer_year": "年审培训", "matter": "事项", "account": "账号",
	"calendar": "工作日历", "benchmark": "裁量基准", "discretion_item": "四张清单事项", "api_token": "访问令牌", "warning": "预警",
	"warning_setting": "预警升级期限", "case": "案件", "evidence": "证据", "document": "执法文书", "doc_prefix": "文书字号",
	"agency_case_rules": "办案规则设置", "recording": "音像记录", "av_list": "音像记录清单", "rule_setting": "预警规则设置",
	"custom_rule": "自定义预警规则", "card_settings": "红黄牌设置", "card_proposal": "红黄牌建议", "inaction": "不作为说明",
	"complaint": "投诉举报", "supervision_case": "监督案件", "inspection": "行政检查", "inspection_item": "检查事项",
	"inspection_objects": "检查对象库", "inspection_draw": "双随机抽取", "inspection_plan": "检查计划", "inspection_rating": "检查评价",
	"dataset": "数据集"}

func entityLabel(s string) string { return orSelf(entityLabels[s], s) }

var actionLabels = map[string]string{"create": "新增", "update": "修改", "status": "变更证件状态", "delete": "删除",
	"password": "修改密码", "reset_password": "重置密码", "revoke": "吊销", "disable": "停用账号", "enable": "启用账号",
	"end_session": "结束登录", "sign": "签收预警", "rectify": "报送整改情况", "explain": "说明理由", "verify": "核查销号",
	"return": "退回预警", "escalated": "预警升级为红色", "import": "批量导入", "put": "保存", "set": "设置", "issue": "制发文书",
	"open": "立案（监督）", "draw": "抽取", "rate": "评价", "propose": "提出建议", "read_contact": "查看联系方式"}

// actionLabel is an audit action in Chinese; a case act ("act:filed")
// by the case workflow's label.
func actionLabel(s string) string {
	if t, ok := strings.CutPrefix(s, "act:"); ok {
		return "办理：" + cases.EventLabel(t)
	}
	return orSelf(actionLabels[s], s)
}

func orSelf(label, s string) string {
	if label == "" {
		return s
	}
	return label
}

type auditRow struct {
	audit.Entry
	Name, Href string
	Changes    []change
}

type auditData struct {
	Rows        []auditRow
	Total       int
	Page, Pages int
	Entities    []string
	Errors      map[string]string
}

// auditFilterOf reads the page's filters; dates are civil days in China time.
func auditFilterOf(q url.Values) (audit.Filter, map[string]string) {
	f := audit.Filter{Entity: q.Get("entity"), Key: strings.TrimSpace(q.Get("key")), Actor: strings.TrimSpace(q.Get("actor")),
		Action: q.Get("action"), Old: q.Get("sort") == "old", Page: webkit.Atoi(q.Get("page")), Size: 50}
	errs := map[string]string{}
	day := func(field, label string) int64 {
		s := strings.TrimSpace(q.Get(field))
		if s == "" {
			return 0
		}
		d, err := law.ParseDate(s)
		if err != nil {
			errs[field] = label + "应为YYYY-MM-DD格式的日期"
			return 0
		}
		return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, clock.Shanghai).UnixMilli()
	}
	f.From = day("from", "起始日期")
	if f.To = day("to", "截止日期"); f.To > 0 {
		f.To += 24 * 3600 * 1000
	}
	return f, errs
}

func (h *Handler) auditList(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	if !auth.CanViewAudit(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅系统管理员和监督机构人员可查看操作审计"))
		return
	}
	f, errs := auditFilterOf(r.URL.Query())
	list, total, err := audit.List(r.Context(), h.DB, p, f)
	if err != nil {
		h.UIError(w, r, err)
		return
	}
	d := auditData{Total: total, Page: max(f.Page, 1), Pages: max((total+49)/50, 1), Errors: errs}
	for e := range entityLabels {
		d.Entities = append(d.Entities, e)
	}
	sortByLabel(d.Entities)
	for _, e := range list {
		d.Rows = append(d.Rows, viewOf(e, p))
	}
	h.Render(w, r, http.StatusOK, "audit", &webkit.View{Title: "操作审计", Active: "audit", Data: d})
}

func (h *Handler) auditExport(w http.ResponseWriter, r *http.Request) {
	ctx, p := r.Context(), auth.From(r.Context())
	if !auth.CanViewAudit(p) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "仅系统管理员和监督机构人员可查看操作审计"))
		return
	}
	f, _ := auditFilterOf(r.URL.Query())
	f.Size = 200
	h.SendXLSX(w, r, webkit.Sheet{Name: "操作审计", File: "audit.xlsx",
		Head: []string{"时间", "操作人", "账号", "执法证号", "操作", "对象", "编码", "名称", "变更内容"},
		Rows: func(add func(...any) bool) error {
			for f.Page = 1; ; f.Page++ {
				list, total, err := audit.List(ctx, h.DB, p, f)
				if err != nil {
					return err
				}
				for _, e := range list {
					v := viewOf(e, p)
					var ch []string
					for _, c := range v.Changes {
						ch = append(ch, c.Label+"："+c.Before+" → "+c.After)
					}
					if !add(webkit.Datetime(e.At.UnixMilli()), e.Actor, e.Account, e.Cert, actionLabel(e.Action), entityLabel(e.Entity),
						e.Key, v.Name, strings.Join(ch, "\n")) {
						return nil
					}
				}
				if len(list) == 0 || f.Page*f.Size >= total {
					return nil
				}
			}
		}})
}

// viewOf is an entry as the page shows it.
func viewOf(e audit.Entry, p *auth.Principal) auditRow {
	v := auditRow{Entry: e, Href: objectHref(e.Entity, e.Key)}
	if e.Entity == "account" && (p == nil || p.Role != auth.RoleAdmin) {
		v.Href = "" // the account pages are the system admin's; a supervision body creating an expert reads the row only
	}
	v.Name, v.Changes = diff(e.Before, e.After)
	return v
}

// objectHref is the page of an audited object, "" when it has none.
func objectHref(entity, key string) string {
	esc := url.PathEscape(key)
	switch entity {
	case "agency", "agency_case_rules":
		return "/agencies/" + esc
	case "officer", "officer_year":
		return "/officers/" + esc
	case "matter":
		return "/matters/" + esc
	case "benchmark":
		return "/discretion/" + esc
	case "account":
		return "/accounts"
	case "warning":
		return "/warnings/" + esc
	case "complaint":
		return "/complaints/" + esc
	case "case":
		if _, src, ok := strings.Cut(key, "/"); ok {
			return "/cases?q=" + url.QueryEscape(src)
		}
	case "evidence", "document":
		if id, _, ok := strings.Cut(key, "/"); ok && entity == "document" {
			return "/cases/" + id
		}
	}
	return ""
}
