package authzmatrix_test

// The registry's rows for warning handling (spec/supervision-v1.md §1),
// the rules as data (§2) and an agency's 音像记录清单.

import (
	"net/url"
	"strconv"
)

func wpath(p *place, rest string) string {
	return "/warnings/" + strconv.FormatInt(p.warning, 10) + rest
}

// warningRoutes: a warning of each place, read and acted on from both
// sides — signed by the case's agency, verified by supervision (the
// warnings are issued: an allowed verify answers 409, an allowed sign
// moves the warning and the next signer gets 409).
func warningRoutes() []*route {
	var out []*route
	out = append(out,
		&route{pattern: "GET /warnings/{id}", kind: "warning", verb: read, placed: true, req: placed(func(p *place) string { return wpath(p, "") })},
		&route{pattern: "GET /api/v1/warnings/{id}", kind: "warning", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1" + wpath(p, "") })},
	)
	for _, a := range []string{"sign", "verify"} {
		out = append(out,
			&route{pattern: "POST /warnings/{id}/act/{type}", kind: "warning-act", verb: act, act: a, placed: true,
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: wpath(p, "/act/"+a), form: url.Values{"note": {"矩阵测试"}}}
				}},
			&route{pattern: "POST /api/v1/warnings/{id}/actions", kind: "warning-act", verb: act, act: a, placed: true,
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: "/api/v1" + wpath(p, "/actions"), body: map[string]any{"action": a, "note": "矩阵测试"}}
				}},
			&route{pattern: "POST /api/v1/warnings/actions", kind: "warning-act", verb: act, act: a, placed: true, batch: true,
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: "/api/v1/warnings/actions", body: map[string]any{"action": a, "ids": []int64{p.warning}, "note": "矩阵测试"}}
				}},
			&route{pattern: "POST /warnings/batch", kind: "warning-act", verb: act, act: a, placed: true, batch: true,
				req: func(_ *fixture, _ *who, p *place) request {
					return request{path: "/warnings/batch", form: url.Values{"action": {a}, "id": {strconv.FormatInt(p.warning, 10)}, "note": {"矩阵测试"}}}
				}},
		)
	}
	out = append(out, &route{pattern: "POST /warnings/settings", kind: "region-setting", verb: change, placed: true, strict: true,
		req: func(f *fixture, _ *who, p *place) request {
			return request{path: "/warnings/settings", form: url.Values{"region": {p.region}, "days": {strconv.Itoa(2 + f.next()%20)}}}
		}})
	return out
}

// builtin is the built-in rule the setting rows set (enabled, as by
// default: tightening never conflicts with a setting above).
const builtin = "MATTER_NOT_HELD"

func customBody(name, region string) map[string]any {
	return map[string]any{"name": name, "region_code": region, "severity": "yellow", "expression": "false", "enabled": false}
}

func customForm(code, region string, existing bool) url.Values {
	v := url.Values{"code": {code}, "name": {"矩阵规则"}, "region": {region}, "severity": {"yellow"}, "expression": {"false"},
		"kind": {"case"}}
	if existing {
		v.Set("existing", "1")
	}
	return v
}

func ruleRoutes() []*route {
	return []*route{
		{pattern: "GET /rules", kind: "rules", verb: read, placed: true, req: placed(func(p *place) string { return "/rules?region=" + p.region })},
		{pattern: "GET /api/v1/rules", kind: "rules", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/rules?region_code=" + p.region })},
		{pattern: "GET /rules/settings/{code}", kind: "rule-setting", verb: change, placed: true,
			req: placed(func(p *place) string { return "/rules/settings/" + builtin + "?region=" + p.region })},
		{pattern: "POST /rules/settings/{code}", kind: "rule-setting", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/rules/settings/" + builtin, form: url.Values{"region": {p.region}, "enabled": {"1"}}}
			}},
		{pattern: "PUT /api/v1/rules/{code}/settings/{region_code}", kind: "rule-setting", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/rules/" + builtin + "/settings/" + p.region, body: map[string]any{"enabled": true, "params": map[string]any{}}}
			}},
		{pattern: "GET /rules/custom/new", kind: "custom-rule", verb: create, req: get("/rules/custom/new")},
		{pattern: "GET /rules/custom/{code}", kind: "custom-rule", verb: read, placed: true, req: placed(func(p *place) string { return "/rules/custom/" + p.rule })},
		{pattern: "GET /api/v1/rules/custom/{code}", kind: "custom-rule", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/rules/custom/" + p.rule })},
		{pattern: "GET /api/v1/rules/custom/{code}/versions", kind: "custom-rule", verb: read, placed: true,
			req: placed(func(p *place) string { return "/api/v1/rules/custom/" + p.rule + "/versions" })},
		{pattern: "POST /rules/custom", kind: "custom-rule", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/rules/custom", form: customForm("MXU_"+strconv.Itoa(f.next()), p.region, false)}
			}},
		{pattern: "POST /rules/custom", kind: "custom-rule", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/rules/custom", form: customForm(p.rule, p.region, true)}
			}},
		{pattern: "PUT /api/v1/rules/custom/{code}", kind: "custom-rule", verb: create, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/rules/custom/MXA_" + strconv.Itoa(f.next()), body: customBody("矩阵新规则", p.region)}
			}},
		{pattern: "PUT /api/v1/rules/custom/{code}", kind: "custom-rule", verb: change, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/rules/custom/" + p.rule, body: customBody("矩阵规则（改）", p.region)}
			}},
		{pattern: "POST /rules/custom/dry-run", kind: "dry-run", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/rules/custom/dry-run", form: customForm("MXD_1", p.region, false)}
			}},
		{pattern: "POST /api/v1/rules/custom/dry-run", kind: "dry-run", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/rules/custom/dry-run", body: map[string]any{"region_code": p.region, "expression": "true"}}
			}},
	}
}

func avListRoutes() []*route {
	return []*route{
		{pattern: "POST /supervision/cards/settings", kind: "card-settings", verb: change, strict: true,
			req: func(f *fixture, _ *who, _ *place) request {
				y := 3 + f.next()%10
				return request{path: "/supervision/cards/settings", form: url.Values{"yellow_at": {strconv.Itoa(y)}, "red_at": {strconv.Itoa(y + 2)}}}
			}},
		{pattern: "POST /supervision/cards/proposals/{id}", kind: "card-proposal", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/supervision/cards/proposals/" + strconv.FormatInt(p.proposal, 10),
					form: url.Values{"decision": {"reject"}, "reason": {"矩阵测试：情节轻微"}}}
			}},
		{pattern: "POST /api/v1/card-proposals/{id}/decision", kind: "card-proposal", verb: act, placed: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: "/api/v1/card-proposals/" + strconv.FormatInt(p.proposal, 10) + "/decision",
					body: map[string]any{"decision": "reject", "reason": "矩阵测试：情节轻微"}}
			}},
		{pattern: "POST /supervision/inaction/explain", kind: "inaction-explanation", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				return request{path: "/supervision/inaction/explain", form: url.Values{"agency_code": {p.agency}, "matter_code": {p.matter},
					"year": {"2025"}, "explanation": {"矩阵测试说明" + strconv.Itoa(f.next())}}}
			}},
		{pattern: "GET /cases/{id}/recordings/{rid}", kind: "recording", verb: read, placed: true,
			req: placed(func(p *place) string { return cpath(p, "/recordings/"+strconv.FormatInt(p.recording, 10)) })},
		{pattern: "POST /cases/{id}/recordings", kind: "recording", verb: create, placed: true, strict: true,
			req: func(_ *fixture, _ *who, p *place) request {
				return request{path: cpath(p, "/recordings"), field: "file", files: map[string][]byte{"复核.mp3": []byte("ID3矩阵录音")},
					form: url.Values{"kind": {"audio"}, "title": {"矩阵录音"}, "act": {p.firstAct}}}
			}},
		{pattern: "GET /agencies/{code}/av-list", kind: "av-list", verb: read, placed: true,
			req: placed(func(p *place) string { return "/agencies/" + p.agency + "/av-list" })},
		{pattern: "POST /agencies/{code}/av-list", kind: "av-list", verb: change, placed: true, strict: true,
			req: func(f *fixture, _ *who, p *place) request {
				acts := []string{"seized", "hearing_held", "delivered"}
				return request{path: "/agencies/" + p.agency + "/av-list", form: url.Values{"act_types": acts[:1+f.next()%3]}}
			}},
	}
}
