package adminweb

// The integration page (issue 16): the real base URL in the examples,
// every area of the API as the OpenAPI document lists it, and only for
// the roles that connect systems (administrators, supervision bodies and
// agency administrators).

import (
	"bufio"
	"bytes"
	"net/http"
	"slices"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/web/webkit"
)

// apiAreaLabels name the first path segment after /api/v1/.
var apiAreaLabels = map[string]string{
	"agencies": "执法主体", "officers": "执法人员与证件", "matters": "权责清单事项", "benchmarks": "裁量基准", "calendar": "工作日历",
	"cases": "行政处罚案件", "warnings": "电子监察预警", "rules": "预警规则", "log": "全过程记录（可验证日志）",
	"complaints": "投诉举报", "inspections": "涉企行政检查", "supervision-cases": "监督案件", "statistics": "执法统计",
	"reports": "统计报表", "inaction": "未履职线索", "card-proposals": "红黄牌建议", "public": "公开数据", "version": "版本信息",
}

type apiArea struct{ Path, Label string }

// apiAreas reads the areas of the OpenAPI document, in its order.
func apiAreas(spec []byte) []apiArea {
	var out []apiArea
	seen := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(spec))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "  /api/v1/")
		if !ok {
			continue
		}
		seg, _, _ := strings.Cut(strings.TrimSuffix(rest, ":"), "/")
		if seg == "" || seen[seg] {
			continue
		}
		seen[seg] = true
		label := apiAreaLabels[seg]
		if label == "" {
			label = seg
		}
		out = append(out, apiArea{"/api/v1/" + seg, label})
	}
	return out
}

// apiRoles are the roles that connect systems to the API.
var apiRoles = []auth.Role{auth.RoleAdmin, auth.RoleSupervisor, auth.RoleAgencyAdmin}

// UsesAPI reports whether p's role connects systems (the page and its nav entry).
func UsesAPI(p *auth.Principal) bool { return p != nil && slices.Contains(apiRoles, p.Role) }

type integrationData struct {
	Base  string
	Areas []apiArea
}

func (h *Handler) integrationPage(w http.ResponseWriter, r *http.Request) {
	if !UsesAPI(auth.From(r.Context())) {
		h.UIError(w, r, apperr.New(apperr.Forbidden, "数据对接接口供系统管理员、监督机构和执法部门管理员对接业务系统使用"))
		return
	}
	base := h.Opts.BaseURL // never the request's Host, which the client chooses
	h.Render(w, r, http.StatusOK, "integration", &webkit.View{Title: "数据对接接口", Active: "api",
		Data: integrationData{Base: strings.TrimRight(base, "/"), Areas: apiAreas(webkit.APISpec)}})
}
