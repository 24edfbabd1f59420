package registry

import (
	"context"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/store"
)

// Agency codes, certificate numbers and matter codes are unique across the
// platform, and a PUT creates what does not exist yet. Two rules keep a
// caller from probing or taking the identifiers of another jurisdiction
// (probe L5):
//
//  1. No oracle. Every check that depends only on the caller and the body
//     (the new home inside the caller's scope, the identifier's own region,
//     below) comes before the object is looked up, and an object outside
//     the caller's scope reaches the same refusal as one that does not
//     exist. A referenced agency that the caller cannot see answers as one
//     that does not exist (refAgency).
//  2. No squatting. Many identifiers carry the region that issued them: a
//     统一社会信用代码 its 登记管理机关行政区划码 (characters 3–8, GB 32100),
//     a 行政执法证号 or a matter code its leading six digits (37011288888,
//     370112-SC-CF-0001). Such an identifier may be created only for an
//     object whose home lies on the issuing region's line — inside it, or
//     containing it — so a county cannot register a number issued in the
//     next county. Identifiers without a region (T-FOOD-001) are first
//     come, first served; a collision with one outside the caller's scope
//     is then reported as such, since creating it is the alternative.

// keyRegion is the region an identifier was issued in, when it names one
// the region table knows, else "". uscc reads a 统一社会信用代码.
func keyRegion(ctx context.Context, q store.Querier, key string, uscc bool) string {
	var code string
	switch {
	case uscc && len(key) == 18:
		code = key[2:8]
	case !uscc && len(key) >= 6:
		code = key[:6]
	default:
		return ""
	}
	if ident.ValidateRegionCode(code) != nil || checkRegion(ctx, q, code) != "" {
		return ""
	}
	return code
}

// onLine reports whether a and b are one inside the other (or equal).
func onLine(a, b string) bool { return ident.Contains(a, b) || ident.Contains(b, a) }

// checkKey refuses to create the identifier key for an object whose home
// is region when key was issued in a region off home's line. field and
// what name it in the message (what: 统一社会信用代码, 执法证号, 事项编码).
func checkKey(ctx context.Context, q store.Querier, key, home, field, what string, uscc bool) error {
	kr := keyRegion(ctx, q, key, uscc)
	if kr == "" || onLine(kr, home) {
		return nil
	}
	msg := what + key + "属于行政区划" + kr + "，不能在行政区划" + home + "登记；请由该区划的机关录入，或核对" + what
	return &apperr.Error{Code: apperr.Forbidden, Message: msg, Fields: apperr.Fields{field: msg}}
}

// seesAll reports whether p's scope is the whole registry, so that "not
// found" tells p nothing it could not list.
func seesAll(p *auth.Principal) bool { return p != nil && p.Region == "" && p.Agency == "" }

// refAgency loads the agency code that a body names in field (an officer's
// agency, a matter's holder, a case's agency) for p. One that does not
// exist and one outside p's scope answer alike, 403 with the field named,
// so a reference cannot probe other jurisdictions; only a caller who sees
// the whole registry is told plainly (400) that it does not exist.
func refAgency(ctx context.Context, q store.Querier, p *auth.Principal, code, field, what string) (*Agency, error) {
	ag, err := getAgency(ctx, q, code)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return nil, err
	}
	if ag != nil && auth.CanSee(p, ag.Target()) {
		return ag, nil
	}
	if ag == nil && seesAll(p) {
		msg := what + code + "不存在"
		return nil, &apperr.Error{Code: apperr.Invalid, Message: msg, Fields: apperr.Fields{field: msg}}
	}
	msg := what + code + "不存在或不在您的管辖范围内"
	return nil, &apperr.Error{Code: apperr.Forbidden, Message: msg, Fields: apperr.Fields{field: msg}}
}

// RefAgency is refAgency for other packages: the agency a case names
// (cases.Put), with field the JSON path of the code.
func RefAgency(ctx context.Context, q store.Querier, p *auth.Principal, code, field string) (*Agency, error) {
	return refAgency(ctx, q, p, code, field, "执法主体")
}
