package caseweb

import (
	"net/http"
	"regexp"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/cases"
	"zfjd/internal/web/webkit"
)

// caseBody is the spec's case body (spec/exchange-v1.md, "Cases"); title is
// zfjd's own optional 案由.
type caseBody struct {
	AgencyCode string        `json:"agency_code"`
	RegionCode string        `json:"region_code"`
	MatterCode string        `json:"matter_code"`
	Procedure  string        `json:"procedure"`
	Title      string        `json:"title"`
	Party      cases.Party   `json:"party"`
	Facts      cases.Facts   `json:"facts"`
	Events     []cases.Event `json:"events"`
}

var sourceRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}$`)

func sourcePath(r *http.Request) (string, string, error) {
	sys, id := r.PathValue("source_system"), r.PathValue("source_id")
	f := apperr.Fields{}
	if !sourceRe.MatchString(sys) {
		f.Set("source_system", "来源系统标识应为1至64位字母、数字、点、下划线、冒号或连字符")
	}
	if !sourceRe.MatchString(id) {
		f.Set("source_id", "来源案件标识应为1至64位字母、数字、点、下划线、冒号或连字符")
	}
	return sys, id, f.Err()
}

func (h *Handler) apiCasePut(w http.ResponseWriter, r *http.Request) {
	sys, id, err := sourcePath(r)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	if !auth.CanExchangeCases(auth.From(r.Context())) {
		h.APIError(w, r, apperr.New(apperr.Forbidden, "只有系统对接令牌可以报送案件；执法人员、法制审核人员和负责人在本系统中逐项办理"))
		return
	}
	var b caseBody
	if err := webkit.Decode(r, &b); err != nil {
		h.APIError(w, r, err)
		return
	}
	c := &cases.Case{SourceSystem: sys, SourceID: id, AgencyCode: b.AgencyCode, RegionCode: b.RegionCode, MatterCode: b.MatterCode,
		Procedure: b.Procedure, Title: b.Title, Party: b.Party, Facts: b.Facts, Events: b.Events}
	created, out, err := h.cases.Put(r.Context(), auth.From(r.Context()), c) // answers as written, no second read
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, webkit.PutStatus(created), out)
}

func (h *Handler) apiCaseGet(w http.ResponseWriter, r *http.Request) {
	c, err := h.cases.GetBySource(r.Context(), auth.From(r.Context()), r.PathValue("source_system"), r.PathValue("source_id"))
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, c)
}

func (h *Handler) apiCaseList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &cases.Filter{Q: q.Get("q"), Agency: q.Get("agency_code"), Region: webkit.RegionParam(r), Matter: q.Get("matter_code"),
		Status: q.Get("status"), Procedure: q.Get("procedure"), HasWarning: q.Get("has_warning") == "true", Cursor: q.Get("cursor"),
		Page: webkit.APIPage(r)}
	list, err := h.cases.List(r.Context(), auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	if list == nil {
		list = []*cases.Case{}
	}
	webkit.WriteJSON(w, http.StatusOK, keysetList[*cases.Case]{webkit.List(list, f.Page), f.Next, f.More})
}

// keysetList is a page of a list that continues with a cursor
// (next_cursor) and counts up to cases.MaxCount (total_more).
type keysetList[T any] struct {
	webkit.ListBody[T]
	NextCursor string `json:"next_cursor,omitempty"`
	TotalMore  bool   `json:"total_more,omitempty"`
}

func (h *Handler) apiWarningList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := &cases.WarningFilter{SourceSystem: q.Get("source_system"), SourceID: q.Get("source_id"), Rule: q.Get("rule"),
		Agency: q.Get("agency_code"), Region: webkit.RegionParam(r), Status: q.Get("status"), Severity: q.Get("severity"), Stage: q.Get("stage"), Kind: q.Get("subject_kind"), Cursor: q.Get("cursor"),
		Page: webkit.APIPage(r)}
	bad := apperr.Fields{}
	switch f.Stage {
	case "", "issued", "signed", "answered", "closed", "cured":
	default:
		bad.Set("stage", "处理阶段应为 issued（待签收）、signed（整改中）、answered（待核查）、closed（已销号）或 cured（已消除）")
	}
	switch f.Status {
	case "", "open", "resolved", "all":
	default:
		bad.Set("status", "预警状态应为 open（未消除）、resolved（已消除）或 all（全部）")
	}
	switch f.Severity {
	case "", "yellow", "red":
	default:
		bad.Set("severity", "预警等级应为 yellow（黄色预警）或 red（红色预警）")
	}
	if err := bad.Err(); err != nil {
		h.APIError(w, r, err)
		return
	}
	list, err := h.cases.ListWarnings(r.Context(), auth.From(r.Context()), f)
	if err != nil {
		h.APIError(w, r, err)
		return
	}
	webkit.WriteJSON(w, http.StatusOK, keysetList[*cases.Warning]{webkit.List(list, f.Page), f.Next, f.More})
}
