package review

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
)

// A campaign scores each kind of case file it covers on the standard
// (name and version) it chose for that kind when it was set up
// (review_campaigns.standards); a later version of a standard does not
// change a campaign already set up. The platform draws penalty files (its
// closed penalty cases) and inspection files (its closed inspections); the
// penalty standard, else the first kind's, is also the campaign's
// standard_id.

// DrawableKinds are the case kinds whose files the platform draws.
var DrawableKinds = []string{KindPenalty, KindInspection}

// chooseStandards checks the kinds a campaign of region covers and the
// standards chosen for them: a drawable kind, a standard of that kind kept
// by the body, a body below it or a body above it (a province's standard
// used by a county). A kind chosen a standard for is covered too. A kind
// covered with no choice gets the body's current standard of the kind
// (the default made on first use).
func chooseStandards(ctx context.Context, tx *sql.Tx, p *auth.Principal, region string, kinds []string, choice map[string]int64) (map[string]int64, error) {
	out := map[string]int64{}
	for _, kind := range kinds {
		if !slices.Contains(DrawableKinds, kind) {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "案卷类型无效", Fields: apperr.Fields{"case_kinds": "平台暂不能抽取" + kindName(kind) + "案卷"}}
		}
	}
	for kind, id := range choice {
		if id == 0 {
			continue
		}
		if !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
		}
		field := "standard." + kind
		if !slices.Contains(DrawableKinds, kind) {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "案卷类型无效", Fields: apperr.Fields{field: "平台暂不能抽取" + kindName(kind) + "案卷"}}
		}
		var body, got string
		err := tx.QueryRowContext(ctx, `SELECT body_region, case_kind FROM review_standards WHERE id = $1`, id).Scan(&body, &got)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && !ident.Contains(region, body) && !ident.Contains(body, region)) {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "评查标准无效", Fields: apperr.Fields{field: "没有这个评查标准（" + strconv.FormatInt(id, 10) + "）"}}
		}
		if err != nil {
			return nil, err
		}
		if got != kind {
			return nil, &apperr.Error{Code: apperr.Invalid, Message: "评查标准与案卷类型不符",
				Fields: apperr.Fields{field: "所选标准是" + kindName(got) + "案卷的标准"}}
		}
		out[kind] = id
	}
	for _, kind := range kinds {
		if out[kind] != 0 {
			continue
		}
		id, err := currentStandard(ctx, tx, p, region, kind)
		if err != nil {
			return nil, err
		}
		out[kind] = id
	}
	return out, nil
}

func kindName(k string) string {
	if l := CaseKindLabel(k); l != "" {
		return l
	}
	return "“" + k + "”"
}

// StandardChoice is one standard a campaign form offers for a case kind.
type StandardChoice struct {
	ID      int64
	Label   string // name and version
	Current bool   // the latest version of the latest standard of the kind
}

// StandardChoices are, per drawable case kind, the standards p's body may
// choose for a new campaign, newest first; empty when the body has none
// yet (the default standard is made on first use).
func (s *Service) StandardChoices(ctx context.Context, p *auth.Principal) (map[string][]StandardChoice, error) {
	rows, err := s.Standards(ctx, p)
	if err != nil {
		return nil, err
	}
	out := map[string][]StandardChoice{}
	for _, kind := range DrawableKinds {
		list := []StandardChoice{}
		for _, r := range rows {
			if r.CaseKind == kind {
				list = append(list, StandardChoice{ID: r.ID, Label: r.Name + "（第" + strconv.Itoa(r.Version) + "版，" + r.BodyRegion + "）"})
			}
		}
		slices.SortStableFunc(list, func(a, b StandardChoice) int { return int(b.ID - a.ID) })
		if len(list) > 0 {
			list[0].Current = true
		}
		out[kind] = list
	}
	return out, nil
}

// CampaignStandards are the standards c scores on, in the order of CaseKinds.
func (s *Service) CampaignStandards(ctx context.Context, c *Campaign) ([]*Standard, error) {
	var out []*Standard
	for _, k := range CaseKinds {
		if id := c.Standards[k.Value]; id != 0 {
			st, err := LoadStandard(ctx, s.db.R, id)
			if err != nil {
				return nil, err
			}
			out = append(out, st)
		}
	}
	return out, nil
}
