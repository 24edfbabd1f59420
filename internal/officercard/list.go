package officercard

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"zfjd/internal/apperr"
	"zfjd/internal/auth"
	"zfjd/internal/ident"
	"zfjd/internal/registry"
	"zfjd/internal/store"
)

// Filter selects cards for the list, the export and the officer's record.
// Zero fields do not filter.
type Filter struct {
	Region, Agency, Colour, Status, CertNo string
	Year                                   int
	registry.Page
}

// Check validates f, naming the field as the filter form calls it.
func (f *Filter) Check() error {
	f.Region, f.Agency, f.CertNo = strings.TrimSpace(f.Region), ident.NormalizeUSCC(strings.TrimSpace(f.Agency)), strings.TrimSpace(f.CertNo)
	bad := apperr.Fields{}
	if f.Region != "" && ident.ValidateRegionCode(f.Region) != nil {
		bad.Set("region", "行政区划代码无效")
	}
	if f.Colour != "" && ColourLabel(f.Colour) == f.Colour {
		bad.Set("colour", "应为 yellow（黄牌）或 red（红牌）")
	}
	if f.Status != "" && StatusLabel(f.Status) == f.Status {
		bad.Set("status", "应为 in_force（有效）或 lifted（已撤销）")
	}
	if f.Year != 0 && (f.Year < 2000 || f.Year > 2100) {
		bad.Set("year", "年度应在2000至2100之间")
	}
	return bad.Err()
}

func (f *Filter) where(p *auth.Principal) *store.Where {
	w := &store.Where{}
	auth.FilterOfficerCards(p, w, "k.region_code", "k.agency_code", "k.cert_no")
	if prefix := ident.RegionPrefix(f.Region); f.Region != "" && prefix != "" {
		w.Add("k.region_code >= ? AND k.region_code < ?", prefix, ident.PrefixEnd(prefix))
	}
	if f.Agency != "" {
		w.Add("k.agency_code = ?", f.Agency)
	}
	if f.Colour != "" {
		w.Add("k.colour = ?", f.Colour)
	}
	if f.Status != "" {
		w.Add("k.status = ?", f.Status)
	}
	if f.CertNo != "" {
		w.Add("k.cert_no = ?", f.CertNo)
	}
	if f.Year != 0 {
		y := strconv.Itoa(f.Year)
		w.Add("k.issued_on >= ? AND k.issued_on < ?", y+"-01-01", strconv.Itoa(f.Year+1)+"-01-01")
	}
	return w
}

const cardCols = `SELECT k.id, k.cert_no, COALESCE(o.name, ''), k.region_code, k.agency_code, COALESCE(a.name, ''), k.colour, k.points,
	k.rule, k.reason, k.source_kind, k.source_id, k.issued_on, k.issued_by, k.status, k.lifted_on, k.lifted_by, k.lift_reason
	FROM officer_cards k LEFT JOIN officers o ON o.cert_no = k.cert_no LEFT JOIN agencies a ON a.code = k.agency_code`

func scanCard(row interface{ Scan(...any) error }) (*Card, error) {
	c := &Card{}
	err := row.Scan(&c.ID, &c.CertNo, &c.OfficerName, &c.RegionCode, &c.AgencyCode, &c.AgencyName, &c.Colour, &c.Points,
		&c.Rule, &c.Reason, &c.SourceKind, &c.SourceID, &c.IssuedOn, &c.IssuedBy, &c.Status, &c.LiftedOn, &c.LiftedBy, &c.LiftReason)
	return c, err
}

// List returns a page of the cards p may see, newest first, setting f.Total.
// A principal with no cards to see at all is refused (403).
func List(ctx context.Context, q store.Querier, p *auth.Principal, f *Filter) ([]*Card, error) {
	if !auth.CanListOfficerCards(p) {
		return nil, apperr.New(apperr.Forbidden, "无权查看执法人员红黄牌")
	}
	if err := f.Check(); err != nil {
		return nil, err
	}
	f.Normalize()
	w := f.where(p)
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM officer_cards k`+w.SQL(), w.Args...).Scan(&f.Total); err != nil {
		return nil, err
	}
	lim, off := w.Arg(f.Size), w.Arg((f.Page.Page-1)*f.Size)
	rows, err := q.QueryContext(ctx, cardCols+w.SQL()+` ORDER BY k.issued_on DESC, k.id DESC LIMIT `+lim+` OFFSET `+off, w.Args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*Card{}
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Of lists the cards of officer cert that p may see (nil when p may see
// none of them), newest first, at most 100: the officer's record.
func Of(ctx context.Context, q store.Querier, p *auth.Principal, cert string) ([]*Card, error) {
	if !auth.CanListOfficerCards(p) {
		return nil, nil
	}
	f := &Filter{CertNo: cert, Page: registry.Page{Page: 1, Size: 100}}
	return List(ctx, q, p, f)
}

// Get returns card id; outside p's reach it does not exist.
func Get(ctx context.Context, q store.Querier, p *auth.Principal, id int64) (*Card, error) {
	c, err := scanCard(q.QueryRowContext(ctx, cardCols+` WHERE k.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !auth.CanSeeOfficerCard(p, c.Target(), c.CertNo)) {
		return nil, apperr.NotFoundf("红黄牌")
	}
	return c, err
}

// Target is where the card lives: the officer's region and agency at issue.
func (c *Card) Target() auth.Target {
	return auth.Target{Region: c.RegionCode, Agencies: []string{c.AgencyCode}}
}

// Standing sums an officer's cards in force: yellow and red ones, and points.
type Standing struct {
	Yellow, Red, Points int
}

// StandingOf is the standing of cards (those in force).
func StandingOf(cards []*Card) Standing {
	var s Standing
	for _, c := range cards {
		if c.Status != InForce {
			continue
		}
		if c.Colour == Red {
			s.Red++
		} else {
			s.Yellow++
		}
		s.Points += c.Points
	}
	return s
}
